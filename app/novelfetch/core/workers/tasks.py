"""What the worker pool's parts share: its limits, its errors, and the records of a task.

The limits are NovelFetch's budget for evaluating one page's rules (issue 18: a runaway rule
costs its page, not the job); ``pool.py`` explains the pool, ``process.py`` one worker.
"""

from __future__ import annotations

import asyncio
import hashlib
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from novelfetch.core.errors import SourceError, TransientFetchError

#: CPU seconds one task (reading one page and evaluating its rules) may take. Real pages take
#: about a millisecond; ten seconds is far beyond any honest rule, and short enough that a
#: runaway XPath or regex costs one page, not the job (issue 18: a budget per evaluation).
EVALUATION_BUDGET = 10.0
#: The wall-clock limit is this many times the CPU budget: a worker on a busy machine gets
#: less than a core, and a stuck one (waiting on nothing) must still be stopped.
WALL_BUDGET_FACTOR = 3.0
#: Bytes of address space a worker may take beyond what it had when it started (RLIMIT_AS,
#: where the OS enforces it). A page is at most 8 MB; parsing it takes a few times that. A rule
#: that multiplies text (a replacement repeated on its own output) fails its page instead of
#: exhausting the machine.
MEMORY_CEILING = 1024 * 1024 * 1024
#: More workers than this buy nothing: the event loop, fetching and storing, is the next bound.
MAX_WORKERS = 4
#: Seconds a worker gets to stop when asked, before it is killed.
STOP_TIMEOUT = 2.0
ACTIVITY_BYTES = 512  # what the worker says it is doing: enough to name a rule


class EvaluationStoppedError(SourceError):
    """A task overran its CPU or wall-clock budget or its memory ceiling and was stopped.

    Not retried: the same page and rules would overrun again.
    """


class WorkerCrashedError(TransientFetchError):
    """The worker running a task died (a crash in native code, killed from outside).

    Transient: the task is retried like a failed request, in a fresh worker.
    """


class RefusedAnswerError(WorkerCrashedError):
    """The worker running a task sent what no honest worker sends (``answers.py``): a class
    it may not send, or no reply at all. Nothing of it was built; the worker, maybe taken
    over by a page, was killed, and the task is retried like a crash, in a fresh worker.
    """


class NotStartedError(Exception):
    """The task waited in a worker behind one that ended it: run it again elsewhere."""


@dataclass(frozen=True, slots=True)
class Preloaded:
    """An object every task of one kind needs (a rule source), pickled once, sent to each
    worker once and kept there under ``key``."""

    key: str
    payload: bytes

    @classmethod
    def of(cls, value: object) -> Preloaded:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(hashlib.sha256(payload).hexdigest()[:32], payload)


@dataclass(slots=True)
class Task:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    preloaded: Preloaded | None
    label: str  # who asked (a source's name), for messages
    #: What the task may ask of this process while it runs (``child.ask_parent``), by name:
    #: its allow-list. Each is called in a thread of this process, never on the loop.
    host: Mapping[str, Callable[..., Any]] | None = None


@dataclass(slots=True)
class Sent:
    """A task sent to a worker, with its caller's future."""

    task: Task
    future: asyncio.Future[Any]
    resend: bytes | None = None  # the message with the preloaded object, if it was left out
    size: int = 0  # bytes of the message sent


@dataclass(slots=True)
class PoolStats:
    """What the pool has done so far, for benchmarks and logs."""

    started: int = 0  # worker processes started, replacements included
    start_seconds: float = 0.0  # summed: from start() until the first answer came back
    tasks: int = 0
    stopped: int = 0  # killed or stopped by a budget or the memory ceiling
    crashed: int = 0
    refused: int = 0  # answers refused (``answers.py``): their workers were killed


@dataclass(slots=True)
class PoolState:
    """What every worker of one pool reads: its limits, its counters, whether it closed."""

    context: Any  # the "spawn" multiprocessing context
    budget: float
    memory_ceiling: int | None
    nice: int = 0  # added to the workers' niceness (POSIX): the window's process goes first
    stats: PoolStats = field(default_factory=PoolStats)
    closed: bool = False


def settle(future: asyncio.Future[Any], error: BaseException) -> None:
    """End ``future`` with ``error`` (a cancel as a cancel), unless it has ended."""
    if future.done():
        return
    if isinstance(error, asyncio.CancelledError):
        future.cancel()
    else:
        future.set_exception(error)
