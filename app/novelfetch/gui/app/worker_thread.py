"""Running blocking work off the GUI thread without letting Python free Qt objects there.

Python's cyclic garbage collector runs in whichever thread happens to allocate. Were it to run
in a worker, it could free an unreachable Qt object that belongs to the GUI thread there, and
Qt cannot unregister that object's timers or socket notifiers from another thread: the GUI
thread then crashes the next time one fires (seen as a segfault in
``QTimerInfoList::activateTimers``). So the collector is paused while any worker runs, and
collects afterwards, in the GUI thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Workers running now, and whether the collector was on before the first of them started.
# Both are only touched from the event loop's thread.
_running = 0
_was_enabled = False


def _begin() -> None:
    global _running, _was_enabled
    if _running == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _running += 1


def _end() -> None:
    global _running
    _running -= 1
    if _running == 0 and _was_enabled:
        gc.enable()


def in_worker_thread(function: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """Like ``asyncio.to_thread``, with the cyclic garbage collector paused while it runs.

    The pause starts at the call (not at the first await) and ends when the work itself
    ends, not when the awaiting task stops waiting: a cancelled await leaves the thread
    running.
    """
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()

    def work() -> T:
        try:
            return context.run(function, *args)
        finally:
            # Queued before the result is, so the awaiting task resumes with it done.
            with contextlib.suppress(RuntimeError):  # the loop is gone: we are exiting
                loop.call_soon_threadsafe(_end)

    _begin()
    try:
        return loop.run_in_executor(None, work)
    except BaseException:
        _end()
        raise
