"""What a source's gate is bound by and what it reports: ``HardLimits`` and ``GateStatus``."""

from __future__ import annotations

from dataclasses import dataclass

from novelfetch.core.messages import Message


@dataclass(frozen=True, slots=True)
class HardLimits:
    """Limits a source's rules impose, never exceeded whatever the adaptive limit says.

    ``min_interval``: seconds between two request starts (Legado ``concurrentRate = "1000"``
    is 1.0). ``max_requests`` per ``per_seconds``: a window (``"20/60000"`` is 20 per 60.0).
    ``max_concurrency``: requests in flight at most.
    """

    min_interval: float | None = None
    max_requests: int | None = None
    per_seconds: float | None = None
    max_concurrency: int | None = None


@dataclass(frozen=True, slots=True)
class GateStatus:
    """A snapshot of one source's gate, for progress lines and reports."""

    limit: int
    ceiling: int
    in_flight: int
    reason: str  # why the limit last changed, for a person
    hold_remaining: float  # seconds the whole source still waits after a Retry-After
    requests: int
    refusals: int  # answers 429 or 503
    median_latency: float | None  # seconds, over the recent successful requests
    #: ``reason`` as data, for an interface that translates it (``core.messages``).
    reason_message: Message | None = None

    @property
    def refusal_share(self) -> float:
        return self.refusals / self.requests if self.requests else 0.0
