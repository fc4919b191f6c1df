"""A request's place at the gate is given back while its answer is worked on (net/slot.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from novelfetch.core.errors import FetchError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net import slot
from novelfetch.core.net.politeness import SourceGate
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.core.test_rule_sources import QUICK, RULES, registry_with


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_request_working_on_its_answer_lets_the_next_one_in() -> None:
    gate = SourceGate(1, fixed=True)
    parsed = asyncio.Event()

    async def first() -> str:
        slot.off_the_network()  # the bytes are in; now "parse" until the second is done
        await parsed.wait()
        return "first"

    async def second() -> str:
        parsed.set()
        return "second"

    results = await asyncio.wait_for(asyncio.gather(gate.run(first), gate.run(second)), 5)
    assert results == ["first", "second"] and gate.status().in_flight == 0


async def test_holding_the_place_blocks_the_next_request() -> None:
    gate = SourceGate(1, fixed=True)
    order: list[str] = []

    async def first() -> None:
        await asyncio.sleep(0.05)  # a place held: the second waits, whatever the timing
        order.append("first")

    async def second() -> None:
        order.append("second")

    await gate.run(first)  # the control case of the test above
    await asyncio.gather(gate.run(first), gate.run(second))
    assert order == ["first", "first", "second"]


async def test_a_later_request_of_the_same_call_waits_for_a_place_again() -> None:
    gate = SourceGate(1, fixed=True)
    order: list[str] = []
    other_inside = asyncio.Event()
    other_may_leave = asyncio.Event()

    async def paged() -> None:
        slot.off_the_network()
        other = asyncio.ensure_future(gate.run(holder))
        await other_inside.wait()
        fetching = asyncio.ensure_future(slot.back_on_the_network())
        await asyncio.sleep(0)
        assert not fetching.done()  # the other request has the only place
        other_may_leave.set()
        await fetching
        order.append("second page")
        await other

    async def holder() -> None:
        other_inside.set()
        await other_may_leave.wait()
        order.append("other")

    await asyncio.wait_for(gate.run(paged), 5)
    assert order == ["other", "second page"] and gate.status().in_flight == 0


async def test_only_the_network_part_counts_as_the_sources_latency() -> None:
    clock = Clock()
    gate = SourceGate(4, clock=clock)

    async def request() -> None:
        clock.now += 0.05  # the answer took 50 ms
        slot.off_the_network()
        clock.now += 2.0  # then its parse took two seconds

    await gate.run(request)
    assert gate.status().median_latency == pytest.approx(0.05)


async def test_a_failure_after_the_answer_is_not_the_source_refusing() -> None:
    gate = SourceGate(8, start=8)

    async def request() -> None:
        slot.off_the_network()
        raise FetchError("the page said 503 in its text", status=503)

    with pytest.raises(FetchError):
        await gate.run(request)
    status = gate.status()
    assert status.refusals == 0 and status.limit == 8 and status.in_flight == 0


async def test_stepping_aside_frees_the_place_and_takes_it_again() -> None:
    gate = SourceGate(1, fixed=True)
    resume = asyncio.Event()
    order: list[str] = []

    async def paused() -> None:
        async with slot.stepped_aside():
            await resume.wait()
        assert gate.status().in_flight == 1  # its place again
        order.append("paused")

    async def other() -> None:
        order.append("other")
        resume.set()

    await asyncio.wait_for(asyncio.gather(gate.run(paused), gate.run(other)), 5)
    assert order == ["other", "paused"] and gate.status().in_flight == 0


async def test_a_rule_source_never_has_more_in_flight_than_its_limit(tmp_path: Path) -> None:
    # Twice as many workers as places: the extra ones only ever work on answers.
    async with SampleServer(default_library(), latency=0.02) as server:
        registry, source_id = registry_with(server, tmp_path, RULES[0])
        options = DownloadOptions(source=source_id, concurrency=3, adaptive=False, http=QUICK)
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(f"{server.site_base}book/1/")
                result = await job.fetch(loaded)
        assert result.fetched == len(loaded.chapters) and not result.failures
        assert server.stats.max_in_flight == 3  # reached, never exceeded
