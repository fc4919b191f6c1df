"""One worker process of the pool, spoken to from the event loop over a socket pair.

No thread of its own: a thread per worker (as before) made the loop wait for the GIL after
every hand-off. A worker holds up to ``DEPTH`` tasks, the next one waiting in its socket, so
it never idles until the loop, busy with the network, reads its answer (in a reader callback).

A failure is its running task's alone: a budget or the memory ceiling
(``EvaluationStoppedError``), a crash (``WorkerCrashedError``, worth a retry); tasks queued
behind it go back to the pool. Messages are ``multiprocessing.connection``'s, so the worker's
side is a plain blocking ``Connection``; socket pairs and loop readers work everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import signal
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from novelfetch.core.workers import child
from novelfetch.core.workers.answers import UnacceptableAnswer, next_reply
from novelfetch.core.workers.child import HostCallError
from novelfetch.core.workers.host_calls import answer_in_thread
from novelfetch.core.workers.start import how_it_ended, main_module_hidden, megabytes, who_ran
from novelfetch.core.workers.tasks import (
    ACTIVITY_BYTES,
    STOP_TIMEOUT,
    WALL_BUDGET_FACTOR,
    EvaluationStoppedError,
    NotStartedError,
    PoolState,
    RefusedAnswerError,
    Sent,
    Task,
    WorkerCrashedError,
    settle,
)

log = logging.getLogger(__name__)
START_WAIT = 30.0  # seconds the first task also waits for its worker to start
DEPTH = 8  # tasks a worker holds: the one it runs and those next (the loop may be busy)
QUEUED_BYTES = 1024 * 1024  # but no more pages than this waits in one (a hostile site's)
RECEIVE_BYTES = 256 * 1024  # read at once (a chapter's answer is some tens of kilobytes)
_HEADER = struct.Struct("!i")


class WorkerProcess:
    """One worker process; ``worker.submit(task, future)`` on the loop sends it a task."""

    def __init__(self, pool: PoolState) -> None:
        self.pool = pool
        self.activity = pool.context.RawArray(ctypes.c_char, ACTIVITY_BYTES)
        self.process: Any = None
        self.socket: socket.socket | None = None
        self.keys: set[str] = set()  # what the process keeps (``Preloaded`` keys)
        self.started_at = 0.0
        self.sent: deque[Sent] = deque()  # in the order the worker answers them
        self._loop: asyncio.AbstractEventLoop | None = None  # whose reader reads the socket
        self._received = bytearray()
        self._outgoing = bytearray()
        self._writing = False  # whether the loop's writer callback is waiting to write more
        self._deadline: asyncio.TimerHandle | None = None
        # The pool's callbacks: a place freed up; a task to run elsewhere.
        self.on_free: Callable[[], None] | None = None
        self.on_requeue: Callable[[Task, asyncio.Future[Any]], None] | None = None
        self.starting = False  # being started in the pool's thread: not to be used yet
        self._buffer = memoryview(bytearray(RECEIVE_BYTES))

    # --- the process ----------------------------------------------------------------------

    def start(self) -> None:
        """Start the process (it imports on its own; the first task waits for it)."""
        if self.process is not None:
            return
        pool = self.pool
        ours, theirs = socket.socketpair()
        connection = Connection(theirs.detach())
        process = pool.context.Process(
            target=child.serve,
            args=(connection, self.activity, pool.memory_ceiling, pool.budget, pool.nice),
            name="novelfetch-worker",
            daemon=True,
        )
        try:
            with main_module_hidden():
                process.start()
        except BaseException:
            ours.close()
            raise
        finally:
            connection.close()
        ours.setblocking(False)
        self.process, self.socket, self.keys = process, ours, set()
        self.started_at = time.perf_counter()
        pool.stats.started += 1

    def stop(self) -> None:
        """End the process from any thread: its socket then reads as closed on the loop."""
        process = self.process
        if process is None:
            return
        for end in (process.terminate, process.kill):  # asked, then made to
            if process.is_alive():
                end()
                process.join(STOP_TIMEOUT)

    def _discard(self) -> None:
        """Kill the process (if it lives) and forget it; the next task starts another."""
        process, sock = self.process, self.socket
        self.process = self.socket = None
        self.keys = set()
        self._received.clear()
        self._outgoing.clear()
        self._cancel_deadline()
        if sock is not None:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(sock.fileno())
                self._loop.remove_writer(sock.fileno())
            sock.close()
        self._writing = False
        self._loop = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(STOP_TIMEOUT)

    # --- tasks ----------------------------------------------------------------------------

    def submit(self, task: Task, future: asyncio.Future[Any]) -> None:
        """Send ``task`` (the worker runs it after those already sent); its answer, or its
        error, goes to ``future``."""
        loop = future.get_loop()
        if self._loop is not loop and self.sent:  # left behind by a loop that ended
            self._fail_all(asyncio.CancelledError())
            self._discard()
        if self.process is not None and not self.process.is_alive() and not self.sent:
            self._discard()  # it died between tasks (killed from outside): nobody's fault
        try:
            self.start()
        except OSError as error:  # out of processes or memory: worth another try later
            future.set_exception(
                WorkerCrashedError(
                    f"{task.label or 'rules'}: could not start a worker process ({error})"
                )
            )
            return
        sock = self.socket
        assert sock is not None
        if self._loop is not loop:  # one loop at a time reads a worker
            before = self._loop
            if before is not None and not before.is_closed():
                before.remove_reader(sock.fileno())
            self._loop = loop
            loop.add_reader(sock.fileno(), self._readable)
        preloaded = task.preloaded
        key = preloaded.key if preloaded else None
        payload = preloaded.payload if preloaded and key not in self.keys else None
        sent = Sent(task, future)
        if preloaded is not None and payload is None:  # if the worker let it go: again, with it
            sent.resend = _message(task, key, preloaded.payload)
        if key is not None:
            self.keys.add(key)  # the worker has it once it reads this, before anything later
        self.pool.stats.tasks += 1
        self._send(_message(task, key, payload), sent)

    def _send(self, message: bytes, sent: Sent) -> None:
        sent.size = len(message)
        self.sent.append(sent)
        if len(self.sent) == 1:
            self._arm_deadline()
        self._outgoing += message
        self._flush()

    def _flush(self) -> None:
        """Write what the socket takes now; the loop's writer callback writes the rest (a
        page of megabytes does not fit in the socket's buffer at once)."""
        sock, loop = self.socket, self._loop
        if sock is None or loop is None:
            return
        try:
            written = sock.send(self._outgoing)
        except (BlockingIOError, InterruptedError):
            written = 0
        except OSError:
            self._ended()
            return
        del self._outgoing[:written]
        if self._outgoing and not self._writing:
            loop.add_writer(sock.fileno(), self._flush)
            self._writing = True
        elif not self._outgoing and self._writing:
            loop.remove_writer(sock.fileno())
            self._writing = False

    def _arm_deadline(self, remaining: float | None = None) -> None:
        """The wall-clock budget of the task the worker runs now (the first one sent), or
        what is ``remaining`` of it after a host call."""
        self._cancel_deadline()
        assert self._loop is not None
        wall = self.pool.budget * WALL_BUDGET_FACTOR
        if self.started_at:  # the first task also waits for the process to start
            wall += START_WAIT
        delay = wall if remaining is None else remaining
        self._deadline = self._loop.call_later(delay, self._overran, wall)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _readable(self) -> None:
        sock = self.socket
        if sock is None:
            return
        try:
            count = sock.recv_into(self._buffer)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            count = 0
        if not count:
            self._ended()
            return
        received = self._received
        received += self._buffer[:count]
        try:  # only what an honest worker sends, built from allowed classes (answers.py)
            while (reply := next_reply(received)) is not None:
                self._answered(reply)
                if self.socket is None:
                    return
        except UnacceptableAnswer as refused:
            self._refuse(refused)

    def _answered(self, reply: tuple[Any, ...]) -> None:
        if not self.sent:
            raise UnacceptableAnswer("a worker answered when it was asked nothing")
        if reply[0] == "host":  # the running task asks this process something, and waits
            self._host_call(self.sent[0], reply[1], reply[2])
            return
        sent = self.sent.popleft()
        if self.started_at:
            self.pool.stats.start_seconds += time.perf_counter() - self.started_at
            self.started_at = 0.0
        kind, value = reply
        if kind == "missing" and sent.resend is not None:  # it let the object go: send it
            message, sent.resend = sent.resend, None
            self._send(message, sent)
            if len(self.sent) > 1:
                self._arm_deadline()
            return
        if self.sent:
            self._arm_deadline()
        else:
            self._cancel_deadline()
        if kind == "memory":
            ceiling = megabytes(self.pool.memory_ceiling)
            how = f"needed more than {ceiling} of memory (the ceiling for one page); stopped"
            error = EvaluationStoppedError(f"{self._who(sent.task)} {how}")
            self._end_with(sent, error, stopped=True)
            return
        if not sent.future.done():
            if kind == "ok":
                sent.future.set_result(value)
            elif isinstance(value, BaseException):
                sent.future.set_exception(value)
            else:  # "missing" for an object that was sent with it: cannot happen
                sent.future.set_exception(RuntimeError(f"the worker answered {kind!r}"))
        self._free()

    def _host_call(self, sent: Sent, name: str, args: tuple[Any, ...]) -> None:
        """Answer a host call (``child.ask_parent``) in a thread: it may wait on this loop
        (a script's request goes through the job's session). The task's wall clock stops
        meanwhile; the call has its own time limit."""
        remaining = self._pause_deadline()
        assert self._loop is not None
        asking = answer_in_thread(self._loop, sent.task, name, args)
        sock = self.socket

        def answered(done: asyncio.Future[tuple[bool, Any]]) -> None:
            if self.socket is not sock or not self.sent or self.sent[0] is not sent:
                return  # the worker ended meanwhile
            answer = done.result()
            try:
                data = ForkingPickler.dumps(answer)
            except Exception as error:  # the answer would not pickle: say so instead
                data = ForkingPickler.dumps((False, HostCallError(f"{name}: {error}")))
            self._outgoing += _HEADER.pack(len(data)) + bytes(data)
            self._arm_deadline(remaining)
            self._flush()

        asking.add_done_callback(answered)

    def _pause_deadline(self) -> float:
        """Stop the running task's wall clock; returns the seconds it had left."""
        handle, self._deadline = self._deadline, None
        if handle is None:
            return self.pool.budget * WALL_BUDGET_FACTOR
        handle.cancel()
        assert self._loop is not None
        return max(0.0, handle.when() - self._loop.time())

    def _overran(self, wall: float) -> None:
        self._deadline = None
        if not self.sent:
            return
        sent = self.sent[0]
        how = f"was still running after {wall:.0f} s, past "
        self._end_with(sent, self._stopped_error(sent.task, how), stopped=True)

    def _ended(self) -> None:
        """The socket closed: the process ended (crash, kill, CPU limit, or the pool closed)."""
        if not self.sent:
            self._discard()
            self._free()
            return
        sent = self.sent[0]
        process = self.process
        if process is not None:
            process.join(STOP_TIMEOUT)  # its socket closed: it has ended or is ending
        code = process.exitcode if process is not None else None
        if self.pool.closed:
            error: BaseException = asyncio.CancelledError()
        elif hasattr(signal, "SIGXCPU") and code == -signal.SIGXCPU:
            error = self._stopped_error(sent.task, "ran past ")
            self.pool.stats.stopped += 1
        else:
            who = self._who(sent.task)
            how = how_it_ended(code)
            log.warning("%s: worker %s", who, how)
            self.pool.stats.crashed += 1
            error = WorkerCrashedError(f"{who}: the worker process {how}; trying again")
        self._end_with(sent, error)

    def _refuse(self, refused: UnacceptableAnswer) -> None:
        """The worker sent what no honest worker sends (or more than a page's answer may
        hold): kill it, which may have been taken over by a page; its task fails with why."""
        self.pool.stats.refused += not refused.too_large
        if not self.sent:
            log.warning("a worker: %s; stopped", refused)
            self._discard()
            self._free()
            return
        sent = self.sent[0]
        who = self._who(sent.task)
        log.warning("%s: %s; worker stopped", who, refused)
        if refused.too_large:  # the rules would make as much again: not retried
            self._end_with(sent, EvaluationStoppedError(f"{who}: {refused}; stopped"), stopped=True)
        else:
            self._end_with(sent, RefusedAnswerError(f"{who}: {refused}; worker stopped, retrying"))

    def _end_with(self, sent: Sent, error: BaseException, *, stopped: bool = False) -> None:
        """Fail ``sent`` with ``error``, the tasks behind it with NotStartedError; replace."""
        if stopped:
            self.pool.stats.stopped += 1
        with contextlib.suppress(ValueError):
            self.sent.remove(sent)
        settle(sent.future, error)
        closed = self.pool.closed
        self._fail_all(asyncio.CancelledError() if closed else NotStartedError())
        self._discard()
        self._free()

    def _fail_all(self, error: BaseException) -> None:
        """End the tasks still sent: with ``error``, or (NotStartedError) back to the pool."""
        while self.sent:
            sent = self.sent.popleft()
            if isinstance(error, NotStartedError) and self.on_requeue is not None:
                self.on_requeue(sent.task, sent.future)
            else:
                settle(sent.future, error)
        self._cancel_deadline()

    def _free(self) -> None:
        if self.on_free is not None:
            self.on_free()

    def _who(self, task: Task) -> str:
        return who_ran(self.activity.value, task.label)

    def _stopped_error(self, task: Task, how: str) -> EvaluationStoppedError:
        who = self._who(task)
        log.warning("%s %s; worker stopped", who, how)
        budget = f"the budget of one page's rules ({self.pool.budget:g} s of CPU)"
        return EvaluationStoppedError(f"{who} {how}{budget}; stopped")


def _message(task: Task, key: str | None, payload: bytes | None) -> bytes:
    data = ForkingPickler.dumps((task.function, key, payload, task.args))
    return _HEADER.pack(len(data)) + bytes(data)
