"""Answering a task's host calls (``child.ask_parent``) in this process.

A task in a worker may ask for what only this process has (a script's request through the
job's session, the source's cookie jar). It may ask only for what its caller allowed
(``Task.host``, its allow-list); the answer, or the error, goes back over the worker's socket.
"""

from __future__ import annotations

import pickle
from typing import Any

from novelfetch.core.workers.child import HostCallError
from novelfetch.core.workers.tasks import Task


def answer_host_call(task: Task, name: str, args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``(True, answer)`` or ``(False, error)`` for one host call of ``task``: only the calls
    its caller allowed (``Task.host``), each run in a thread of this process."""
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
