"""Tasks started from Qt slots: kept alive, and their unexpected errors reported.

The event loop holds only weak references to tasks, so a task started from a slot and not
stored anywhere can be garbage-collected mid-flight. Every coroutine the window starts goes
through a ``TaskKeeper`` instead of ``asyncio.create_task``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

ErrorReporter = Callable[[BaseException], None]


class TaskKeeper:
    """Holds references to running tasks; hands any exception they end with to ``on_error``.

    Expected failures (``NovelFetchError``) are handled inside the coroutines themselves, so
    whatever reaches ``on_error`` is a bug: it gets logged and shown, and the app carries on.
    """

    def __init__(self, on_error: ErrorReporter) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_error = on_error

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("task %s failed", task.get_name(), exc_info=error)
            self._on_error(error)

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def cancel_all(self) -> None:
        """Cancel every task and wait until each has finished cleaning up."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
