"""Worker processes for CPU work on hostile data: parsing pages and evaluating rules.

The event loop does I/O only: a page's bytes and the rules to apply go to a worker process,
plain results come back. Processes give what threads cannot:

- speed: every core, and no GIL shared with the event loop (two parsing threads made the
  loop's thread wait for the GIL after every socket write and commit);
- budgets that stop: a task that overruns ``EVALUATION_BUDGET`` is stopped by the kernel (its
  CPU limit) or killed by the pool (its wall-clock limit), and its worker replaced; a thread
  can only be abandoned, running on for minutes;
- containment: a crash or a memory blow-up (``MEMORY_CEILING``) in lxml or a regex ends one
  worker; the pages it held fail or are retried, and the application carries on.

Workers are started with "spawn" (the only method on Windows, the default on macOS, and the
one safe in a process with threads), once, and reused. An object every task of a kind needs
(a compiled rule source) travels to each worker once, by key (``Preloaded``), not with every
page. The event loop itself sends each task and reads its answer over the worker's socket
(``process.py``): no thread here, so nothing contends with the loop for the GIL, and a slow
task holds up only its own worker.

A frozen application must call ``multiprocessing.freeze_support()`` first thing in its entry
script (``packaging/novelfetch_entry.py`` and ``novelfetch.__main__`` do).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from novelfetch.core.workers.child import HostCallError, host_calls_here
from novelfetch.core.workers.process import DEPTH, QUEUED_BYTES, WorkerProcess
from novelfetch.core.workers.tasks import (
    EVALUATION_BUDGET,
    MAX_WORKERS,
    MEMORY_CEILING,
    EvaluationStoppedError,
    PoolState,
    PoolStats,
    Preloaded,
    RefusedAnswerError,
    Task,
    WorkerCrashedError,
)

__all__ = [
    "EVALUATION_BUDGET",
    "MEMORY_CEILING",
    "EvaluationStoppedError",
    "Evaluator",
    "HostCallError",
    "HostCalls",
    "InProcess",
    "PoolStats",
    "Preloaded",
    "RefusedAnswerError",
    "WorkerCrashedError",
    "WorkerPool",
    "close_shared_pool",
    "lower_shared_workers_priority",
    "shared_pool",
    "use_shared_pool",
]

T = TypeVar("T")
#: What a task may ask of this process while it runs, by name (its allow-list): each is called
#: in a thread of this process, never on the event loop, with the arguments the task sent.
HostCalls = Mapping[str, Callable[..., Any]]
log = logging.getLogger(__name__)


class Evaluator(Protocol):
    """What runs tasks: the worker pool, or ``InProcess`` (tests comparing the two)."""

    def start(self) -> None: ...

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        preloaded: Preloaded | None = None,
        label: str = "",
        host: HostCalls | None = None,
    ) -> T: ...

    def close(self) -> None: ...


class InProcess:
    """The pool's interface, run in a thread of this process: no budgets, no containment.

    For tests and measurements that compare results or costs with the workers'.
    """

    def __init__(self) -> None:
        self._kept: dict[str, Any] = {}

    def start(self) -> None:
        pass

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        preloaded: Preloaded | None = None,
        label: str = "",
        host: HostCalls | None = None,
    ) -> T:
        if preloaded is not None:
            if preloaded.key not in self._kept:
                self._kept[preloaded.key] = pickle.loads(preloaded.payload)
            args = (self._kept[preloaded.key], *args)

        def call() -> T:
            with host_calls_here(host):
                return function(*args)

        return await asyncio.to_thread(call)

    def close(self) -> None:
        self._kept.clear()


def default_size() -> int:
    """One worker per CPU this process may use (at most ``MAX_WORKERS``), and one more: a
    source's tasks take all workers but one, so another source's pages always find one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cpus)) + 1


class WorkerPool:
    """``await pool.run(function, *args, preloaded=..., label=...)`` in a worker process.

    ``function`` must be a module-level function (sent by name); with ``preloaded`` it is
    called as ``function(preloaded_object, *args)``. Its result, or the exception it raised,
    comes back. While it runs, it may call back what ``host`` names (``child.ask_parent``:
    a script's request through the job's session), answered in this process. Use from any
    event loop (one at a time); ``close()`` from anywhere.
    """

    def __init__(
        self,
        size: int | None = None,
        *,
        budget: float = EVALUATION_BUDGET,
        memory_ceiling: int | None = MEMORY_CEILING,
        nice: int = 0,
    ) -> None:
        self.size = size or default_size()
        # Tasks of one label (one source) in the workers at once: all workers but one, so a
        # source whose every page runs away for its whole budget cannot stall the others.
        self.per_label = max(1, self.size - 1)
        context = multiprocessing.get_context("spawn")
        self._state = PoolState(context, budget, memory_ceiling, nice)
        self._workers: list[WorkerProcess] = []
        # Tasks waiting for a place in a worker, oldest first, each with its caller's future.
        self._queue: list[tuple[Task, asyncio.Future[Any]]] = []
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop the pool serves now
        self._dispatching = self._again = False
        self._lock = threading.Lock()

    @property
    def budget(self) -> float:
        return self._state.budget

    @property
    def stats(self) -> PoolStats:
        return self._state.stats

    def start(self) -> None:
        """Start every worker now, in a thread (they also start on first use): a job about
        to parse pages calls this before its first request, so their start-up overlaps the
        network. Starting a process takes a fork of this one (tens of milliseconds for a
        large process): not on the event loop, where the window would stall."""
        with self._lock:
            if self._state.closed:
                raise RuntimeError("the worker pool is closed")
            new = []
            while len(self._workers) < self.size:
                worker = WorkerProcess(self._state)
                worker.on_free, worker.on_requeue = self._dispatch, self._requeue
                worker.starting = True
                self._workers.append(worker)
                new.append(worker)
        if new:
            threading.Thread(
                target=self._start_all, args=(new,), name="novelfetch-workers-start", daemon=True
            ).start()

    def _start_all(self, workers: list[WorkerProcess]) -> None:
        for worker in workers:
            try:
                if not self._state.closed:
                    worker.start()
            except OSError:  # its first task tries again, and reports the failure
                log.warning("could not start a worker process", exc_info=True)
            finally:
                worker.starting = False
            loop = self._loop
            if loop is not None:  # tasks may be queued for it
                with contextlib.suppress(RuntimeError):  # that loop is closed
                    loop.call_soon_threadsafe(self._dispatch)

    async def run(
        self,
        function: Callable[..., T],
        *args: Any,
        preloaded: Preloaded | None = None,
        label: str = "",
        host: HostCalls | None = None,
    ) -> T:
        loop = self._loop = asyncio.get_running_loop()
        self.start()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append((Task(function, args, preloaded, label, host), future))
        self._dispatch()
        return await future

    def _dispatch(self) -> None:
        """Hand queued tasks, oldest first, to the workers with a place for them. Runs when a
        task is queued and when a worker frees a place (in the loop's reader callback), so a
        worker's next task is sent at once, not when its caller's coroutine next runs."""
        if self._dispatching:  # a worker's callback during a hand-out: one more pass after
            self._again = True
            return
        self._dispatching = True
        try:
            self._again = True
            while self._again:
                self._again = False
                self._hand_out()
        finally:
            self._dispatching = False

    def _hand_out(self) -> None:
        queue, i = self._queue, 0
        full: set[tuple[str, bool]] = set()  # kinds of task with no place left in this pass
        while i < len(queue):
            task, future = queue[i]
            if future.done():  # its caller stopped waiting
                del queue[i]
                continue
            if self._state.closed:
                del queue[i]
                future.cancel()
                continue
            kind = (task.label, task.host is None)
            worker = None if kind in full else self._place_for(task.label, queued=kind[1])
            if worker is None:
                full.add(kind)
                i += 1  # another source's task may still fit
                continue
            del queue[i]
            worker.submit(task, future)

    def _requeue(self, task: Task, future: asyncio.Future[Any]) -> None:
        """A task that waited behind one that ended its worker: first in line again."""
        self._queue.insert(0, (task, future))

    def _place_for(self, label: str, *, queued: bool = True) -> WorkerProcess | None:
        """A worker for a task of ``label``: an idle one while this label runs in fewer than
        ``per_label`` workers (so another source's pages always find one), else (``queued``)
        a place behind this label's own task in a worker's short queue: never behind another
        source's task, which may run away for its whole budget, nor beside a task that makes
        host calls (their answers share the worker's socket, so nothing may wait in it)."""
        running = sum(1 for w in self._workers if w.sent and w.sent[0].task.label == label)
        if running < self.per_label:
            for worker in self._workers:
                if not worker.sent and not worker.starting:
                    return worker
        for worker in self._workers if queued else ():
            sent = worker.sent
            if (
                sent
                and len(sent) < DEPTH
                and sum(s.size for s in sent) < QUEUED_BYTES
                and all(s.task.label == label and s.task.host is None for s in sent)
            ):
                return worker
        return None

    def pids(self) -> list[int]:
        """The worker processes running now (for tests and diagnostics)."""
        return [w.process.pid for w in self._workers if w.process and w.process.pid]

    def close(self) -> None:
        """Stop every worker, from any thread: busy ones are killed, and their callers get
        ``CancelledError``, as do those still waiting for a worker."""
        with self._lock:
            if self._state.closed:
                return
            self._state.closed = True
            workers = list(self._workers)
        loop = self._loop
        if loop is not None:  # callers still queued are told, on their loop
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(self._dispatch)
        for worker in workers:
            worker.stop()


_shared: list[Evaluator] = []
_shared_lock = threading.Lock()
_shared_nice = [0]


def lower_shared_workers_priority(nice: int) -> None:
    """Start the application's workers at this niceness: the window calls it, so that on a
    machine with few cores its own loop runs before background parsing (the command line has
    no window to keep smooth, and wants its workers at full speed)."""
    _shared_nice[0] = nice


def shared_pool() -> Evaluator:
    """The application's pool, started on first use and stopped at exit."""
    with _shared_lock:
        if not _shared:
            pool = WorkerPool(nice=_shared_nice[0])
            _shared.append(pool)
            atexit.register(pool.close)
        return _shared[0]


def use_shared_pool(evaluator: Evaluator | None) -> Evaluator | None:
    """Make ``evaluator`` the application's pool (None: a new one on next use); returns the
    one it replaces, not closed (tests put it back)."""
    with _shared_lock:
        before = _shared[0] if _shared else None
        _shared.clear()
        if evaluator is not None:
            _shared.append(evaluator)
        return before


def close_shared_pool() -> None:
    """Stop the application's workers now (a later ``shared_pool()`` starts new ones)."""
    with _shared_lock:
        pools = list(_shared)
        _shared.clear()
    for pool in pools:
        pool.close()
