"""The worker process's side of ``core.workers.pool``: receive a task, run it, send the result.

Imports only the standard library: a worker pays for the modules its tasks need (lxml, the
rule engine) when the first task names them, not for the application's. Tasks report what
they are doing (the rule being evaluated) with ``note_activity``, into memory the parent
reads when it has to stop a worker, so the message can name the rule that ran away.

A task may also ask the parent for what only it has (``ask_parent``: a script's request
through the job's session, its cookie jar): the request goes up the task's own pipe, the
parent answers from the task's host calls, and the task carries on. Waiting for the answer
uses no CPU, so it does not count against the task's CPU budget.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import signal
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from multiprocessing.reduction import ForkingPickler
from typing import Any

try:
    import resource
except ImportError:  # Windows: no rlimits; the parent's wall-clock budget still applies
    resource = None  # type: ignore[assignment]

#: Objects sent once and kept by key (compiled rule sources); the least recently used go
#: first, and a task whose key is gone asks the parent to send it again.
KEPT_OBJECTS = 32

_activity: Any = None  # the shared byte array the parent reads (None outside a worker)
_connection: Any = None  # the connection to the parent (None outside a worker)
# Outside a worker (``pool.InProcess``, run in a thread): the task's host calls, by thread.
_local = threading.local()


class HostCallError(Exception):
    """The parent could not answer a host call (not allowed, or its answer would not travel)."""


def ask_parent(name: str, *args: Any) -> Any:
    """The answer of the host call ``name`` (e.g. "fetch") for the task under way.

    In a worker, the request goes to the parent, which answers from the host calls the task
    was given (its allow-list); in a thread of the parent (``pool.InProcess``), the host call
    runs here. Raises what the host call raised.
    """
    if _connection is None:
        calls = getattr(_local, "host", None)
        call = calls.get(name) if calls else None
        if call is None:
            raise HostCallError(f"{name}: not available to this task")
        return call(*args)
    _connection.send(("host", name, args))
    try:
        ok, value = _connection.recv()
    except (EOFError, OSError):
        raise SystemExit(0) from None  # the parent is gone
    if not ok:
        raise value
    return value


@contextlib.contextmanager
def host_calls_here(calls: Mapping[str, Callable[..., Any]] | None) -> Iterator[None]:
    """Answer ``ask_parent`` in this thread from ``calls`` (a task run outside a worker)."""
    before = getattr(_local, "host", None)
    _local.host = calls
    try:
        yield
    finally:
        _local.host = before


def note_activity(text: str) -> str:
    """Tell the parent what this worker is doing now (cheap; a no-op outside a worker).

    Returns what it was doing before, to put back when the inner step is done.
    """
    if _activity is None:
        return ""
    before = _activity.value.decode("utf-8", "replace")
    _activity.value = text.encode("utf-8", "replace")[: len(_activity) - 1]
    return before


def serve(
    connection: Any, activity: Any, memory_ceiling: int | None, cpu_budget: float, nice: int = 0
) -> None:
    """The worker's whole life: tasks until the parent says stop or goes away."""
    global _activity, _connection
    # Ctrl+C reaches the whole process group; stopping the workers is the parent's decision.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _activity, _connection = activity, connection
    limit_memory(memory_ceiling)
    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)  # the window's own process before background parsing
    kept: OrderedDict[str, Any] = OrderedDict()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        except Exception as error:  # a task naming a module that will not import, say
            _reply(connection, ("error", portable(error)))
            continue
        if message is None:
            return
        function, key, payload, args = message
        activity.value = b""
        limit_cpu(cpu_budget)
        try:
            if payload is not None:
                kept[key] = pickle.loads(payload)
                while len(kept) > KEPT_OBJECTS:
                    kept.popitem(last=False)
            if key is not None and key not in kept:
                _reply(connection, ("missing", key))
                continue
            if key is not None:
                kept.move_to_end(key)
                reply: tuple[str, Any] = ("ok", function(kept[key], *args))
            else:
                reply = ("ok", function(*args))
        except MemoryError:
            kept.clear()
            _reply(connection, ("memory", None))
            return  # start afresh: what ran out of memory may have left the heap in pieces
        except BaseException as error:
            reply = ("error", portable(error))
        _reply(connection, reply)


def portable(error: BaseException) -> Exception:
    """``error`` if the application takes it back as it is (``answers.ALLOWED``: built of
    allowed classes only), else its words in a RuntimeError: an lxml or QuickJS error, say,
    which the application refuses as it would a worker's attempt to run code."""
    from novelfetch.core.workers.answers import decode_reply  # not at start-up: errors only

    if isinstance(error, Exception):
        try:
            decode_reply(ForkingPickler.dumps(("error", error)))
        except Exception:  # it would not pickle, or would be refused (rare: errors only)
            pass
        else:
            return error
    return RuntimeError(f"{type(error).__name__}: {error}")


def _reply(connection: Any, reply: tuple[str, Any]) -> None:
    try:
        connection.send(reply)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        raise SystemExit(0) from None  # the parent is gone
    except Exception as error:  # the result or error would not pickle: say so in plain text
        connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))


def limit_cpu(budget: float) -> None:
    """Let the kernel stop this process once this task has used ``budget`` CPU seconds.

    The soft limit sends SIGXCPU, whose default action ends the process: it works even when
    the task is stuck inside C code (a regex, libxml2) and even when the parent is gone.
    """
    if resource is None or not hasattr(resource, "RLIMIT_CPU"):
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + budget)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def limit_memory(ceiling: int | None) -> None:
    """Cap this process's address space at what it has now plus ``ceiling`` bytes.

    Only where the kernel enforces RLIMIT_AS and says what the process has (Linux): macOS
    accepts the call but ignores it, and its processes map far more than they use.
    """
    if ceiling is None or resource is None or not hasattr(resource, "RLIMIT_AS"):
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + ceiling
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
