"""How long work waits in this process's own event loop: the client's backlog.

When answers arrive faster than this process handles them (a fast source, a busy window), each
waits in the loop's queue behind the others. More requests in flight then buy nothing: the
answers per second stay what the loop can handle, and every extra one only lengthens the
queue, which is time the window cannot paint or answer a click. The gate asks this sampler how
long a callback queued now waits before it runs, and eases off while that is long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

SAMPLE_EVERY = 8  # answers per measurement: cheap, and still hundreds a second when it matters
SMOOTHING = 0.25  # weight of the newest measurement in the running average


class LoopBacklog:
    """A running average of how long a ``call_soon`` callback waits to run, in seconds."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._answers = 0
        self.wait = 0.0

    def sample(self) -> None:
        """Note one answer; every ``SAMPLE_EVERY``-th queues a measurement behind the rest.

        Call from a coroutine (there must be a running loop).
        """
        self._answers += 1
        if self._answers % SAMPLE_EVERY:
            return
        asyncio.get_running_loop().call_soon(self._measured, self._clock())

    def _measured(self, queued_at: float) -> None:
        self.wait += SMOOTHING * (self._clock() - queued_at - self.wait)
