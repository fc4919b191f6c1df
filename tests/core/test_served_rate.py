"""A refusal without Retry-After: the gate goes to the level the source served (a rate cap),
not to half of where it was (core.net.served_rate)."""

from __future__ import annotations

from novelfetch.core.errors import FetchError
from novelfetch.core.net.politeness import SourceGate


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def answered_for_a_second(gate: SourceGate, clock: Clock, per_second: int, latency: float) -> None:
    for _ in range(per_second):
        clock.now += 1 / per_second
        gate._answered(latency)


def test_a_rate_cap_teaches_the_level_its_answers_amount_to() -> None:
    clock = Clock()
    gate = SourceGate(32, clock=clock)
    answered_for_a_second(gate, clock, 110, 0.05)  # 110 a second at 50 ms: 5.5 in flight
    assert gate.limit == 32
    gate._failed(FetchError("refused", status=503), clock.now, 32)
    assert gate.limit == 5  # halving would have left 16, and taken more refusals to get here
    assert "503" in gate.reason


def test_a_refusal_while_served_at_the_limit_halves_it() -> None:
    """Answers at the rate the limit allows: not a rate cap's signature, so only the cut."""
    clock = Clock()
    gate = SourceGate(32, clock=clock)
    answered_for_a_second(gate, clock, 640, 0.05)  # 32 in flight, all answered
    gate._failed(FetchError("refused", status=503), clock.now, 32)
    assert gate.limit == 16
