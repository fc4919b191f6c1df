"""When a source's next request may start under its rules' ``HardLimits``.

A rule's ``concurrentRate`` (or so-novel's ``crawl`` intervals) spaces request starts: a
minimum interval between two, or at most N starts in a window of seconds. The gate
(``politeness.py``) asks ``Spacing.claim`` before each request and sleeps until the answer.
"""

from __future__ import annotations

from collections import deque

from novelfetch.core.net.gate_status import HardLimits


class Spacing:
    """The starts a source's hard limits have counted so far."""

    def __init__(self, limits: HardLimits) -> None:
        self._next_start = 0.0
        window = limits.max_requests if limits.per_seconds else None
        self._starts: deque[float] = deque(maxlen=window or 1)

    def claim(self, limits: HardLimits, now: float) -> float:
        """When a request asking at ``now`` may start; that start is counted."""
        start = now
        if limits.min_interval:
            start = max(start, self._next_start)
            self._next_start = start + limits.min_interval
        if limits.max_requests and limits.per_seconds:
            if len(self._starts) == self._starts.maxlen:
                start = max(start, self._starts[0] + limits.per_seconds)
            self._starts.append(start)
        return start
