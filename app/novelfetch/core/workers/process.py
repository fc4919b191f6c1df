"""One worker process of the pool, and the thread here that feeds it one task at a time.

The thread sends a task, waits for the answer within the wall-clock budget, and turns every
way a worker can fail into an error for that task alone: a budget overrun or the memory
ceiling (``EvaluationStoppedError``, the worker replaced), a crash (``WorkerCrashedError``,
worth a retry). The answer goes back to the asking event loop with ``call_soon_threadsafe``.
Meanwhile the thread answers the task's host calls (``answer_host_call``), only those its
caller allowed, and stops the wall clock while it does.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import pickle
import signal
import sys
import threading
import time
import types
from collections.abc import Iterator
from typing import Any

from novelfetch.core.workers import child
from novelfetch.core.workers.child import HostCallError
from novelfetch.core.workers.tasks import (
    ACTIVITY_BYTES,
    STOP_TIMEOUT,
    WALL_BUDGET_FACTOR,
    EvaluationStoppedError,
    PoolState,
    Task,
    WorkerCrashedError,
)

log = logging.getLogger(__name__)
SHOWN_ACTIVITY = 100  # characters of the rule under way a message shows


class WorkerProcess:
    """One worker process and the thread here that feeds it."""

    def __init__(self, pool: PoolState, number: int) -> None:
        self.pool = pool
        self.activity = pool.context.RawArray(ctypes.c_char, ACTIVITY_BYTES)
        self.process: Any = None
        self.connection: Any = None
        self.keys: set[str] = set()  # what the process keeps (``Preloaded`` keys)
        self.started_at = 0.0
        self.thread = threading.Thread(
            target=self._serve, name=f"novelfetch-worker-{number}", daemon=True
        )

    # --- the process ----------------------------------------------------------------------

    def _start(self) -> None:
        pool = self.pool
        ours, theirs = pool.context.Pipe(duplex=True)
        process = pool.context.Process(
            target=child.serve,
            args=(theirs, self.activity, pool.memory_ceiling, pool.budget, pool.nice),
            name="novelfetch-worker",
            daemon=True,
        )
        with _main_module_hidden():
            process.start()
        theirs.close()
        self.process, self.connection, self.keys = process, ours, set()
        self.started_at = time.perf_counter()
        pool.stats.started += 1

    def _discard(self) -> None:
        """Kill the process (if it lives) and forget it; the next task starts another."""
        process, connection = self.process, self.connection
        self.process = self.connection = None
        self.keys = set()
        if connection is not None:
            connection.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(STOP_TIMEOUT)

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        if process.is_alive():
            process.terminate()
            process.join(STOP_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join(STOP_TIMEOUT)

    # --- tasks ----------------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            self._start()  # at once: start-up overlaps whatever the caller does meanwhile
        except Exception:  # the first task tries again, and reports the failure
            log.warning("could not start a worker process", exc_info=True)
        while True:
            task = self.pool.tasks.get()
            if task is None:
                return
            if self.pool.closed:
                cancel_task(task)
                return
            if task.future.done():  # its caller stopped waiting before it began
                continue
            try:
                outcome: tuple[bool, Any] = (True, self._run(task))
            except BaseException as error:
                outcome = (False, error)
            # A closed loop (RuntimeError) has nobody waiting.
            with contextlib.suppress(RuntimeError):
                task.loop.call_soon_threadsafe(_settle, task.future, outcome)

    def _run(self, task: Task) -> Any:
        pool = self.pool
        if self.process is not None and not self.process.is_alive():
            self._discard()  # it died between tasks (killed from outside): not this task's fault
        if self.process is None:
            try:
                self._start()
            except OSError as error:  # out of processes or memory: worth another try later
                raise WorkerCrashedError(
                    f"{task.label or 'rules'}: could not start a worker process ({error})"
                ) from None
        preloaded = task.preloaded
        key = preloaded.key if preloaded else None
        payload = preloaded.payload if preloaded and key not in self.keys else None
        pool.stats.tasks += 1
        for _ in range(2):
            try:
                self.connection.send((task.function, key, payload, task.args))
                kind, value = self._answer(task)
            except (EOFError, OSError):
                raise self._crashed(task) from None
            if kind != "missing":
                break
            payload = preloaded.payload if preloaded else None  # evicted there: once more
        if self.started_at:
            pool.stats.start_seconds += time.perf_counter() - self.started_at
            self.started_at = 0.0
        if key is not None:
            self.keys.add(key)
        if kind == "ok":
            return value
        if kind == "memory":
            self._discard()
            pool.stats.stopped += 1
            raise EvaluationStoppedError(
                f"{self._who(task)} needed more than {_mb(pool.memory_ceiling)} of memory "
                "(the ceiling for one page); stopped"
            )
        raise value

    def _answer(self, task: Task) -> tuple[str, Any]:
        """The task's reply, answering its host calls meanwhile (``child.ask_parent``).

        The wall clock runs only while the worker works: time spent here answering a host
        call (a script's request, bounded by its own timeout) is added back.
        """
        pool = self.pool
        wall = pool.budget * WALL_BUDGET_FACTOR
        if self.started_at:  # the first task also waits for the process to start
            wall += 30.0
        deadline = time.monotonic() + wall
        while True:
            if not self.connection.poll(max(0.0, deadline - time.monotonic())):
                raise self._stopped(task, f"was still running after {wall:.0f} s, past ")
            reply: tuple[str, Any] = self.connection.recv()
            if reply[0] != "host":
                return reply
            asked = time.monotonic()
            answer = answer_host_call(task, *reply[1:])
            try:
                self.connection.send(answer)
            except (EOFError, OSError):
                raise
            except Exception as error:  # the answer would not pickle: nothing was sent
                self.connection.send((False, HostCallError(f"{reply[1]}: {error}")))
            deadline += time.monotonic() - asked

    def _who(self, task: Task) -> str:
        """'source X: rule Y' (or "evaluating a page's rules" when the worker had not said)."""
        doing = " ".join(self.activity.value.decode("utf-8", "replace").split())
        if len(doing) > SHOWN_ACTIVITY:
            doing = doing[: SHOWN_ACTIVITY - 1] + "…"
        what = f"rule {doing!r}" if doing else "evaluating a page's rules"
        return f"{task.label}: {what}" if task.label else what

    def _stopped(self, task: Task, how: str) -> EvaluationStoppedError:
        who = self._who(task)
        self._discard()
        self.pool.stats.stopped += 1
        log.warning("%s %s; worker stopped", who, how)
        budget = f"the budget of one page's rules ({self.pool.budget:g} s of CPU)"
        return EvaluationStoppedError(f"{who} {how}{budget}; stopped")

    def _crashed(self, task: Task) -> Exception:
        process = self.process
        if process is not None:
            process.join(STOP_TIMEOUT)
        code = process.exitcode if process is not None else None
        if self.pool.closed:
            self._discard()
            return asyncio.CancelledError()
        if hasattr(signal, "SIGXCPU") and code == -signal.SIGXCPU:
            return self._stopped(task, "ran past ")
        who = self._who(task)
        self._discard()
        self.pool.stats.crashed += 1
        how = _how_it_ended(code)
        log.warning("%s: worker %s", who, how)
        return WorkerCrashedError(f"{who}: the worker process {how}; trying again")


_start_lock = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without it importing this program's main module.

    "spawn" runs the parent's ``__main__`` again in the child (as ``__mp_main__``), so that
    functions defined there can be sent; a worker's tasks live in the package, and the main
    module may be the window's (Qt), pytest's, or a user's script that starts a download at
    import. With a bare stand-in as ``__main__`` while the process starts, the child skips it.
    """
    with _start_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def answer_host_call(task: Task, name: str, args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``(True, answer)`` or ``(False, error)`` for one host call of ``task``'s worker: only
    the calls its caller allowed (``Task.host``), each run in this thread."""
    call = (task.host or {}).get(name)
    if call is None:
        return False, HostCallError(f"{name}: not available to this task")
    try:
        value = call(*args)
    except Exception as error:
        return False, _portable(error)
    return True, value


def _portable(error: Exception) -> Exception:
    """``error`` if it survives pickling as itself, else its words in a ``HostCallError``."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return HostCallError(str(error) or type(error).__name__)
    return error


def _how_it_ended(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _mb(size: int | None) -> str:
    return "its limit" if size is None else f"{size / (1024 * 1024):.0f} MB"


def cancel_task(task: Task) -> None:
    """Tell ``task``'s caller it will not run (the pool is closing)."""
    with contextlib.suppress(RuntimeError):  # its loop is closed: nobody is waiting
        task.loop.call_soon_threadsafe(_settle, task.future, (False, asyncio.CancelledError()))


def _settle(future: asyncio.Future[Any], outcome: tuple[bool, Any]) -> None:
    if future.done():
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    elif isinstance(value, asyncio.CancelledError):
        future.cancel()
    else:
        future.set_exception(value)
