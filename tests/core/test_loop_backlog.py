"""The gate eases off when this process, not the source, is the bottleneck (core.loop_backlog).

Time here is a virtual clock that only the simulated work advances: what a callback waits in
the loop is exactly the work queued before it, whatever else the machine is doing (a real
clock made these tests fail on a loaded machine).
"""

from __future__ import annotations

import asyncio

from novelfetch.core.net.loop_backlog import LoopBacklog
from novelfetch.core.net.politeness import SourceGate


class WorkClock:
    """Seconds of simulated CPU work done so far."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def work(self, seconds: float) -> None:
        """What the client does with an answer: parse it, clean it, store it (CPU-bound)."""
        self.now += seconds


async def instant_answer() -> None:
    await asyncio.sleep(0)  # the answer is there at once: a source with no latency


def gate_on(clock: WorkClock, *, ease_for_backlog: bool = True) -> SourceGate:
    gate = SourceGate(32, clock=clock, ease_for_backlog=ease_for_backlog)
    gate.backlog = LoopBacklog(clock)
    return gate


async def download(
    gate: SourceGate, clock: WorkClock, answers: int, work: float
) -> tuple[list[int], set[str]]:
    """``answers`` requests through ``gate`` by up to 32 workers: the limit after each, and
    every reason the gate gave."""
    remaining = answers
    limits: list[int] = []
    reasons: set[str] = set()

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await gate.run(instant_answer)
            clock.work(work)
            limits.append(gate.limit)
            reasons.add(gate.reason)

    await asyncio.gather(*(worker() for _ in range(32)))
    return limits, reasons


async def test_the_windows_limit_eases_off_while_answers_wait_in_its_loop() -> None:
    clock = WorkClock()
    gate = gate_on(clock)
    # 0.5 ms an answer: 32 in flight would keep each one waiting 16 ms behind the others.
    limits, reasons = await download(gate, clock, 1_500, 0.0005)
    assert max(limits) >= 16  # slow start climbed first: the source itself is fine
    settled = limits[-200:]
    assert max(settled) <= 14, settled[-20:]
    assert "easing off: this computer is the bottleneck" in reasons
    assert not gate.changed  # nothing was learned about the source, so nothing to remember
    assert gate.backlog.wait < 0.008


async def test_the_command_line_keeps_its_limit_while_answers_wait_in_its_loop() -> None:
    """Fewer requests would not make a busy machine less busy, only the download slower."""
    clock = WorkClock()
    gate = gate_on(clock, ease_for_backlog=False)
    limits, reasons = await download(gate, clock, 1_500, 0.0005)
    assert limits[-1] == max(limits) >= 16  # climbed as far as slow start took it, then held
    assert not any("easing off" in reason or "slowed" in reason for reason in reasons)


async def test_a_client_that_keeps_up_goes_up_to_the_ceiling() -> None:
    clock = WorkClock()
    gate = gate_on(clock)
    limits, _ = await download(gate, clock, 1_500, 0.0)
    assert limits[-1] == 32
    assert not gate.changed  # nothing learned about the source


async def queued_work_done() -> None:
    """Return once every callback queued before this call has run."""
    done = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(done.set_result, None)
    await done


async def test_the_backlog_is_how_long_a_callback_waits_behind_the_others() -> None:
    clock = WorkClock()
    backlog = LoopBacklog(clock)
    loop = asyncio.get_running_loop()
    for _ in range(8):
        backlog.sample()  # the 8th queues a measurement
    for _ in range(5):
        loop.call_soon(clock.work, 0.002)  # 10 ms of work queued behind it
    await queued_work_done()
    assert backlog.wait == 0.0  # it was queued first: it did not wait for them
    for _ in range(5):
        loop.call_soon(clock.work, 0.002)
    for _ in range(8):
        backlog.sample()  # queued behind 10 ms of work
    await queued_work_done()
    assert abs(backlog.wait - 0.25 * 0.010) < 1e-9  # smoothed: a quarter of one 10 ms wait
