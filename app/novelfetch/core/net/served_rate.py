"""How many requests in flight a source's recent answers amount to (Little's law).

A source that refuses without ``Retry-After`` is often capping a rate: beyond R answers a
second it says 503. Answers per second times latency is the number in flight that rate
sustains, so at a refusal the gate can go straight to the level the source served instead of
halving below it and waiting for a probe to climb back.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Callable, Collection

SPAN = 1.0  # seconds of answers counted: rate caps are most often per second


class ServedRate:
    """The successful answers of the last ``SPAN`` seconds."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._times: deque[float] = deque()
        self._first: float | None = None

    def note(self) -> None:
        now = self._clock()
        if self._first is None:
            self._first = now
        self._times.append(now)
        while self._times and self._times[0] < now - SPAN:
            self._times.popleft()

    def in_flight(self, latencies: Collection[float]) -> float | None:
        """Requests in flight the recent rate amounts to, with answers taking the median of
        ``latencies``; None before any answer."""
        if self._first is None or not latencies:
            return None
        latency = statistics.median(latencies)
        now = self._clock()
        while self._times and self._times[0] < now - SPAN:
            self._times.popleft()
        # Over the first second only the time since the first answer counts.
        elapsed = min(SPAN, max(now - self._first, latency))
        return len(self._times) / elapsed * latency
