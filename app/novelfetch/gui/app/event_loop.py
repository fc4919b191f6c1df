"""The window's asyncio loop: qasync's, with asyncio's own scheduler run in short slices.

qasync makes every ``call_soon`` and every ``call_later`` a Qt timer of its own. Two costs
follow during a fast download. Qt fires every timer that is due in one pass, before it paints
or reads input, and a pass held the wake-ups of every request in flight (32 answers at
``-j 32``). And a cancelled ``call_later`` stays in Qt's timer list until its time comes:
aiohttp sets and cancels a 30 s read timeout for every answer, so a minute of downloading
left some 100,000 dead timers for every new one to be sorted past.

Here callbacks and timers live where asyncio's own loop keeps them (``_ready``, a deque, and
``_scheduled``, a heap that forgets cancelled timers), and one Qt timer runs them: at once
when something is ready, else at the earliest deadline. A run stops after ``SLICE`` seconds,
so Qt paints, delivers input and reads sockets between slices. Sockets stay qasync's.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import math
import time
from collections.abc import Callable
from typing import Any

import PySide6  # noqa: F401  (first: qasync binds to the first Qt binding it finds loaded)
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

# Long enough that a slice's bookkeeping is noise, short enough that a 60 Hz frame (16.7 ms)
# always has room for a slice, a paint and the input that came meanwhile.
SLICE = 0.004
# As asyncio's loop does: once this many timers are scheduled and over half are cancelled,
# the heap is rebuilt without them.
_MIN_SCHEDULED_TO_CLEAN = 100


class SlicedEventLoop(qasync.QSelectorEventLoop):
    """qasync's loop, with ready callbacks and timers run by asyncio's rules in slices.

    Its selector kind on every platform (qasync's default on Windows is IOCP): the worker pool
    reads its workers' sockets with loop readers (``core/workers/process.py``).
    """

    def __init__(self, app: QApplication | None = None) -> None:
        super().__init__(app)
        self._runner = QTimer()
        self._runner.setSingleShot(True)
        self._runner.setTimerType(Qt.TimerType.PreciseTimer)
        self._runner.timeout.connect(self._run_slice)
        self._armed_for = math.inf  # when the runner fires next (loop time), inf: idle

    # --- scheduling (asyncio's bookkeeping, then the runner armed) -------------------------

    def call_soon(
        self,
        callback: Callable[..., Any],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        handle = asyncio.BaseEventLoop.call_soon(self, callback, *args, context=context)
        if self._armed_for > 0:
            self._arm(0.0)
        return handle

    def call_later(
        self,
        delay: float,
        callback: Callable[..., Any],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.TimerHandle:
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(
        self,
        when: float,
        callback: Callable[..., Any],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.TimerHandle:
        timer = asyncio.BaseEventLoop.call_at(self, when, callback, *args, context=context)
        if when < self._armed_for and not self._ready:
            self._arm(when)
        return timer

    def _arm(self, when: float) -> None:
        """Fire the runner at loop time ``when`` (0: as soon as Qt gets round to it)."""
        self._armed_for = when
        # Whole milliseconds, rounded down: an early wake-up re-arms for the remainder.
        delay_ms = 0 if when == 0 else max(0, int((when - self.time()) * 1000))
        self._runner.start(delay_ms)

    # --- running ---------------------------------------------------------------------------

    def _run_slice(self) -> None:
        """Run what is ready, as asyncio's ``_run_once`` would, for ``SLICE`` seconds at most.

        Callbacks made ready meanwhile wait for the next slice, as in asyncio: a task that
        keeps rescheduling itself cannot keep Qt out.
        """
        self._armed_for = math.inf
        if self.is_closed():
            return
        self._forget_cancelled_timers()
        ready, scheduled = self._ready, self._scheduled
        now = self.time()
        due = []
        while scheduled and scheduled[0]._when <= now:
            timer = heapq.heappop(scheduled)
            timer._scheduled = False
            due.append(timer)
        # Due timers go first: behind a backlog of ready callbacks a timer would wait a whole
        # backlog, and the task it wakes another one.
        ready.extendleft(reversed(due))
        deadline = time.perf_counter() + SLICE
        try:
            for _ in range(len(ready)):
                handle = ready.popleft()
                if not handle._cancelled:
                    handle._run()  # reports its own exceptions to the exception handler
                if time.perf_counter() >= deadline:
                    break
        finally:
            if ready and not self.is_closed():
                self._arm(0.0)
            elif scheduled and not self.is_closed():
                self._arm(scheduled[0]._when)

    def _forget_cancelled_timers(self) -> None:
        scheduled = self._scheduled
        count = len(scheduled)
        if count > _MIN_SCHEDULED_TO_CLEAN and self._timer_cancelled_count * 2 > count:
            kept = []
            for timer in scheduled:
                if timer._cancelled:
                    timer._scheduled = False
                else:
                    kept.append(timer)
            heapq.heapify(kept)
            self._scheduled = kept
            self._timer_cancelled_count = 0
            return
        while scheduled and scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            heapq.heappop(scheduled)._scheduled = False

    def close(self) -> None:
        if not self.is_running():
            self._runner.stop()
            self._armed_for = math.inf
        super().close()  # clears _ready and _scheduled; raises if running


def new_event_loop(app: QApplication | None = None) -> SlicedEventLoop:
    """The loop the window, its self-test, the tests and the benchmarks run on."""
    return SlicedEventLoop(app)
