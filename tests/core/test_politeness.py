"""The adaptive politeness gate against the real local API server, measured at the server."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from novelfetch.core.errors import SourceUnreachableError
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.net import reachability
from novelfetch.core.net.gate_status import HardLimits
from novelfetch.core.net.gates import Gates
from novelfetch.core.net.politeness import INITIAL_LIMIT
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.conftest import fast_options

BOOK = SampleBook("5", "慢慢来", "某人", "", chapter_count=120, chars_per_chapter=100)
OTHER = SampleBook("6", "另一本", "某人", "", chapter_count=60, chars_per_chapter=100)
LIBRARY = {BOOK.book_id: BOOK, OTHER.book_id: OTHER}


async def test_limit_rises_from_a_low_start_against_a_healthy_server(store: Store) -> None:
    async with SampleServer(LIBRARY, latency=0.01) as server:
        async with Downloader(store, fast_options(server, concurrency=16)) as job:
            assert job.politeness().limit == INITIAL_LIMIT
            result = await job.fetch(await job.load(BOOK.book_id))
        status = job.politeness()
    assert result.fetched == BOOK.chapter_count
    assert status.limit > INITIAL_LIMIT
    # On a busy test machine this process itself may become the bottleneck at the end, or,
    # when other processes take the cores (epubcheck's Java beside it), its answers come
    # later in a way its own loop cannot see: what this test is about is the rise above.
    reasons = ("speeding up", "this computer", "answers slower")
    assert any(reason in status.reason for reason in reasons), status.reason
    assert INITIAL_LIMIT < server.stats.max_in_flight <= 16
    assert status.requests == BOOK.chapter_count + 2 and status.refusals == 0
    assert status.median_latency is not None and status.median_latency >= 0.01


async def test_hidden_capacity_429_lowers_the_limit_below_it(store: Store) -> None:
    plan = FaultPlan(retry_after=0)
    async with SampleServer(LIBRARY, latency=0.01, capacity=4, faults=plan) as server:
        async with Downloader(store, fast_options(server, concurrency=16)) as job:
            result = await job.fetch(await job.load(BOOK.book_id))
        status = job.politeness()
    assert result.fetched == BOOK.chapter_count and not result.failures
    assert server.stats.refused >= 1  # it did push back, and the gate heard it
    assert status.limit <= 4 and status.refusals == server.stats.refused
    # Pushback is rare once learned: a fixed -j 16 would be refused on most requests.
    assert server.stats.refused < BOOK.chapter_count // 4


async def test_rate_cap_503_halves_the_limit(store: Store) -> None:
    async with SampleServer(LIBRARY, latency=0.01, rate_cap=150) as server:
        options = fast_options(server, concurrency=16)
        async with Downloader(store, options) as job:
            result = await job.fetch(await job.load(BOOK.book_id))
        status = job.politeness()
    assert result.fetched == BOOK.chapter_count
    if server.stats.refused:  # a loaded machine may never reach 150 requests a second
        assert "503" in status.reason or "speeding up" in status.reason
        assert status.refusals == server.stats.refused


async def test_resets_lower_the_limit(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="novelfetch.core.net.politeness")
    async with SampleServer(LIBRARY, latency=0.01) as server:
        async with Downloader(store, fast_options(server, concurrency=16)) as job:
            loaded = await job.load(BOOK.book_id)
            await job.fetch(loaded, loaded.chapters[:60])
            before = job.politeness().limit
            # Two in a row: aiohttp itself retries a GET once on a dropped keep-alive connection.
            server.faults = FaultPlan(
                scripted={BOOK.chapter_id(i): ["reset", "reset"] for i in range(61, 121)}
            )
            result = await job.fetch(loaded, loaded.chapters[60:])
            after = job.politeness()
    assert result.fetched == 60 and not result.failures
    assert before > INITIAL_LIMIT
    cuts = [r.getMessage() for r in caplog.records if "closed the connection" in r.getMessage()]
    assert cuts
    # The first cut starts from the limit the healthy half reached, and lowers it.
    first, lowered = cuts[0].removeprefix("limit ").split(":")[0].split(" → ")
    assert int(first) == before and int(lowered) < before, cuts[0]
    assert after.limit <= 16
    assert server.stats.faults["reset"] == 120


async def test_min_interval_spaces_request_starts(store: Store) -> None:
    limits = HardLimits(min_interval=0.05)
    async with SampleServer(LIBRARY) as server:
        options = fast_options(server, concurrency=8, hard_limits=limits)
        async with Downloader(store, options) as job:
            loaded = await job.load(BOOK.book_id)
            server.stats.arrivals.clear()
            await job.fetch(loaded, loaded.chapters[:12])
    arrivals = server.stats.arrivals
    assert len(arrivals) == 12
    # Load only ever spreads them further; a 20 % margin for the trip to the server.
    assert arrivals[-1] - arrivals[0] >= 11 * 0.05 * 0.8
    assert server.stats.max_in_flight <= 2


async def test_requests_per_window_are_respected(store: Store) -> None:
    limits = HardLimits(max_requests=4, per_seconds=0.4)
    async with SampleServer(LIBRARY) as server:
        options = fast_options(server, concurrency=8, hard_limits=limits)
        async with Downloader(store, options) as job:
            loaded = await job.load(BOOK.book_id)
            server.stats.arrivals.clear()
            await job.fetch(loaded, loaded.chapters[:12])
    arrivals = sorted(server.stats.arrivals)
    assert len(arrivals) == 12
    # Any 4 consecutive starts later than the first of them by the window (less a margin).
    for first, fifth in zip(arrivals, arrivals[4:], strict=False):
        assert fifth - first >= 0.4 * 0.8
    assert arrivals[-1] - arrivals[0] >= 2 * 0.4 * 0.8


async def test_two_jobs_on_one_source_share_one_gate(tmp_path: Path) -> None:
    gates = Gates()
    limits = HardLimits(max_concurrency=3)
    async with SampleServer(LIBRARY, latency=0.02) as server:
        options = fast_options(server, concurrency=8, hard_limits=limits, adaptive=False)
        with Store(tmp_path / "a.sqlite3") as one, Store(tmp_path / "b.sqlite3") as two:
            async with (
                Downloader(one, options, gates=gates) as first,
                Downloader(two, options, gates=gates) as second,
            ):
                loaded = await asyncio.gather(first.load(BOOK.book_id), second.load(OTHER.book_id))
                results = await asyncio.gather(first.fetch(loaded[0]), second.fetch(loaded[1]))
    assert [r.fetched for r in results] == [BOOK.chapter_count, OTHER.chapter_count]
    assert server.stats.max_in_flight == 3  # reached by the two together, never 2 × 3
    assert gates.get("baidu") is not None and gates.get("baidu").limit == 3


async def test_two_adaptive_jobs_stay_within_the_shared_limit(tmp_path: Path) -> None:
    gates = Gates()
    seen: list[int] = []
    async with SampleServer(LIBRARY, latency=0.02, capacity=5) as server:
        server.faults.retry_after = 0
        options = fast_options(server, concurrency=8)
        with Store(tmp_path / "a.sqlite3") as one, Store(tmp_path / "b.sqlite3") as two:
            async with (
                Downloader(one, options, gates=gates) as first,
                Downloader(two, options, gates=gates) as second,
            ):
                gate = gates.get("baidu")
                assert gate is not None
                loaded = await asyncio.gather(first.load(BOOK.book_id), second.load(OTHER.book_id))
                first.on_gate_status = lambda status: seen.append(status.in_flight)
                await asyncio.gather(first.fetch(loaded[0]), second.fetch(loaded[1]))
    assert max(seen) <= 8  # the gate's count covers both jobs, under the ceiling
    # Refused only while the shared limit was still being learned, not once per job.
    assert server.stats.refused < 30


async def test_settled_limit_is_stored_and_is_the_next_jobs_start(store: Store) -> None:
    plan = FaultPlan(retry_after=0)
    async with SampleServer(LIBRARY, latency=0.01, capacity=5, faults=plan) as server:
        async with Downloader(store, fast_options(server, concurrency=16)) as job:
            await job.fetch(await job.load(BOOK.book_id))
            settled = job.politeness().limit
        assert store.load_source_limit("baidu") == settled
        assert settled != INITIAL_LIMIT
        async with Downloader(store, fast_options(server, concurrency=16)) as again:
            status = again.politeness()
            assert status.limit == settled and "settled last time" in status.reason
            await again.fetch(await again.load(OTHER.book_id))


async def test_fixed_mode_keeps_the_limit_whatever_happens(store: Store) -> None:
    plan = FaultPlan(retry_after=0)
    async with SampleServer(LIBRARY, latency=0.01, capacity=3, faults=plan) as server:
        options = fast_options(server, concurrency=5, adaptive=False)
        async with Downloader(store, options) as job:
            loaded = await job.load(BOOK.book_id)
            result = await job.fetch(loaded, loaded.chapters[:30])
        status = job.politeness()
    assert status.limit == 5 and status.reason == "fixed at 5"
    assert server.stats.max_in_flight >= 4 and server.stats.refused > 0
    assert result.fetched + len(result.failures) == 30
    assert store.load_source_limit("baidu") is None  # nothing learned, nothing remembered


async def test_retry_after_shows_as_a_hold_in_the_status(store: Store) -> None:
    plan = FaultPlan(scripted={BOOK.chapter_id(2): ["429"]}, retry_after=1)
    holds: list[float] = []
    async with SampleServer(LIBRARY, faults=plan) as server:
        async with Downloader(store, fast_options(server, concurrency=2)) as job:
            loaded = await job.load(BOOK.book_id)
            job.on_gate_status = lambda status: holds.append(status.hold_remaining)
            await job.fetch(loaded, loaded.chapters[:4])
    assert max(holds) > 0  # sampled every 0.25 s: the 1 s pause cannot be missed


async def test_a_dead_source_stops_the_job_and_keeps_what_was_fetched(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reachability, "UNREACHABLE_AFTER", 1.0)
    server = SampleServer(LIBRARY, latency=0.05)
    await server.start()
    stopped = asyncio.Event()
    try:
        async with Downloader(store, fast_options(server, concurrency=4)) as job:
            loaded = await job.load(BOOK.book_id)

            def on_progress(event: object) -> None:
                if len(loaded.stored) >= 20 and not stopped.is_set():
                    stopped.set()

            async def stop_server() -> None:
                await stopped.wait()
                await server.stop()

            stopper = asyncio.ensure_future(stop_server())
            with pytest.raises(SourceUnreachableError, match="cannot reach"):
                await asyncio.wait_for(job.fetch(loaded, on_progress=on_progress), 30)
            await stopper
    finally:
        await server.stop()
    kept = store.stored_ids(loaded.book)
    assert 20 <= len(kept) < BOOK.chapter_count
    assert kept == loaded.stored  # everything reported as fetched is in the store


async def test_a_clear_rise_in_latency_lowers_the_limit(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="novelfetch.core.net.politeness")
    async with SampleServer(LIBRARY, latency=0.01) as server:
        async with Downloader(store, fast_options(server, concurrency=8)) as job:
            loaded = await job.load(BOOK.book_id)
            await job.fetch(loaded, loaded.chapters[:60])
            before = job.politeness().limit
            server.latency = 0.25  # the source is struggling, without refusing anything
            await job.fetch(loaded, loaded.chapters[60:90])
    slower = [r.getMessage() for r in caplog.records if "answers slower" in r.getMessage()]
    assert slower, [r.getMessage() for r in caplog.records]
    assert job.politeness().limit < before
