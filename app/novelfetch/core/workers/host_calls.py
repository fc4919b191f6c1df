"""Answering a task's host calls (``child.ask_parent``) in this process.

A task in a worker may ask for what only this process has (a script's request through the
job's session, the source's cookie jar). It may ask only for what its caller allowed
(``Task.host``, its allow-list); the answer, or the error, goes back over the worker's socket.
"""

from __future__ import annotations

import asyncio
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from novelfetch.core.workers.child import HostCallError
from novelfetch.core.workers.tasks import Task

#: Threads answering host calls: each worker has at most one call at a time, so a few pools'
#: worth (made only as calls need them). Not the loop's default executor: a script's request
#: waits there for the loop, whose DNS lookups and commits need that executor's threads.
HOST_CALL_THREADS = 16
_executor: list[ThreadPoolExecutor] = []
_executor_lock = threading.Lock()


def host_call_executor() -> ThreadPoolExecutor:
    """The threads that answer host calls, made on first use."""
    with _executor_lock:
        if not _executor:
            _executor.append(ThreadPoolExecutor(HOST_CALL_THREADS, "novelfetch-host-call"))
        return _executor[0]


def answer_in_thread(
    loop: asyncio.AbstractEventLoop, task: Task, name: str, args: tuple[Any, ...]
) -> asyncio.Future[tuple[bool, Any]]:
    """``answer_host_call`` in a thread of ``host_call_executor``, for ``loop`` to await."""
    return loop.run_in_executor(host_call_executor(), answer_host_call, task, name, args)


def answer_host_call(task: Task, name: str, args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``(True, answer)`` or ``(False, error)`` for one host call of ``task``: only the calls
    its caller allowed (``Task.host``), each run in a thread of ``host_call_executor``."""
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
