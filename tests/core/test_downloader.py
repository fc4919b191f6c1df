"""The downloader against the real local API server and a real store."""

from __future__ import annotations

import asyncio
import time

import pytest

from novelfetch.core.errors import (
    BadInputError,
    BookNotFoundError,
    SourceError,
    SourceUnreachableError,
)
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.cleaning import clean_text
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.conftest import fast_options, make_library


async def test_downloads_whole_book_into_store(server: SampleServer, store: Store) -> None:
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("1")
        result = await job.fetch(loaded)
    assert loaded.book.title == "测试之书" and loaded.book.author == "测试作者"
    assert len(loaded.chapters) == 40 and result.fetched == 40 and not result.failures
    assert (
        loaded.chapters[14].volume == "第一卷 风起" and loaded.chapters[15].volume == "第二卷 云涌"
    )
    book = make_library()["1"]
    texts = list(store.iter_texts(loaded.book, loaded.chapters))
    assert [t.chapter.index for t in texts] == list(range(1, 41))
    assert texts[9].text == clean_text(book.chapter_text(10))
    assert "\u3000" not in texts[9].text  # indentation is the exporters' job


@pytest.mark.parametrize("jobs", [1, 3, 8])
async def test_concurrency_never_exceeds_jobs(store: Store, jobs: int) -> None:
    async with SampleServer(make_library(), latency=0.02) as server:
        async with Downloader(store, fast_options(server, concurrency=jobs)) as job:
            await job.fetch(await job.load("1"))
        assert server.stats.max_in_flight == jobs  # reached, never exceeded


async def test_sends_browser_user_agent_referer_and_cookie_only_to_source(
    server: SampleServer, store: Store
) -> None:
    async with Downloader(store, fast_options(server, cookie="BDUSS=secret")) as job:
        loaded = await job.load("1")
        await job.fetch(loaded, loaded.chapters[:2])
    assert all("Mozilla/5.0" in agent for agent in server.stats.user_agents)
    referers = server.stats.referers
    assert "https://dushu.baidu.com/pc/reader?gid=1" in referers
    assert any(r.startswith("https://dushu.baidu.com/pc/reader?gid=1&cid=15000") for r in referers)
    assert set(server.stats.cookies) == {"BDUSS=secret"}


@pytest.mark.parametrize(
    "fault", ["500", "502", "503", "429", "429-date", "reset", "truncated", "html", "missing"]
)
async def test_recovers_from_each_transient_fault(store: Store, fault: str) -> None:
    library = make_library()
    book = library["1"]
    plan = FaultPlan(
        scripted={
            "getDetail": [fault],
            "getCatalog": [fault],
            book.chapter_id(3): [fault, fault],
            book.chapter_id(7): [fault],
        },
        retry_after=0,
    )
    async with SampleServer(library, faults=plan) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            result = await job.fetch(loaded)
        assert result.fetched == 40 and not result.failures
        assert server.stats.faults[fault] == 5
        assert server.stats.chapter_requests[book.chapter_id(3)] == 3
    third = next(store.iter_texts(loaded.book, [loaded.chapters[2]]))
    assert third.text == clean_text(book.chapter_text(3))


async def test_retry_after_is_honoured_by_every_worker(store: Store) -> None:
    library = make_library()
    book = library["1"]
    plan = FaultPlan(scripted={book.chapter_id(1): ["429"]}, retry_after=1)
    async with SampleServer(library, faults=plan) as server:
        async with Downloader(store, fast_options(server, concurrency=1)) as job:
            loaded = await job.load("1")
            started = time.monotonic()
            result = await job.fetch(loaded, loaded.chapters[:3])
            elapsed = time.monotonic() - started
    assert result.fetched == 3
    assert elapsed >= 0.95  # the 1 s pause, not the test policy's 50 ms backoff cap


async def test_hanging_server_times_out_and_is_retried(store: Store) -> None:
    library = make_library()
    book = library["1"]
    plan = FaultPlan(scripted={book.chapter_id(2): ["hang"]}, hang_seconds=30)
    async with SampleServer(library, faults=plan) as server:
        options = fast_options(server, http=HttpSettings(read_timeout=0.3))
        async with Downloader(store, options) as job:
            loaded = await job.load("1")
            result = await job.fetch(loaded, loaded.chapters[:3])
        assert result.fetched == 3 and server.stats.chapter_requests[book.chapter_id(2)] == 2


@pytest.mark.parametrize(
    ("fault", "reason"), [("huge", "too large"), ("redirect-loop", "too many redirects")]
)
async def test_permanent_faults_fail_the_chapter_without_retrying(
    store: Store, fault: str, reason: str
) -> None:
    library = make_library()
    book = library["1"]
    plan = FaultPlan(scripted={book.chapter_id(2): [fault] * 10})
    async with SampleServer(library, faults=plan) as server:
        options = fast_options(server, http=HttpSettings(max_body_bytes=1024 * 1024))
        async with Downloader(store, options) as job:
            loaded = await job.load("1")
            result = await job.fetch(loaded, loaded.chapters[:3])
        assert result.fetched == 2
        [failure] = result.failures
        assert failure.chapter.index == 2 and reason in failure.reason
        if fault == "huge":
            assert server.stats.chapter_requests[book.chapter_id(2)] == 1


async def test_chapter_failing_every_try_is_reported_not_stored(store: Store) -> None:
    library = make_library()
    book = library["1"]
    plan = FaultPlan(scripted={book.chapter_id(4): ["503"] * 10})
    async with SampleServer(library, faults=plan) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            events: list[ProgressEvent] = []
            result = await job.fetch(loaded, loaded.chapters[:5], events.append)
        assert server.stats.chapter_requests[book.chapter_id(4)] == 4  # 1 + 3 retries
    assert [(f.chapter.index, f.reason) for f in result.failures] == [
        (4, "HTTP 503 Service Unavailable")
    ]
    assert book.chapter_id(4) not in store.stored_ids(loaded.book)
    assert [e.kind for e in events].count(EventKind.CHAPTER_FAILED) == 1
    assert events[-1].kind is EventKind.FINISHED
    assert (events[-1].done, events[-1].failed, events[-1].total) == (4, 1, 5)


async def test_paid_chapter_is_refused_once_not_retried(server: SampleServer, store: Store) -> None:
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("3")
        result = await job.fetch(loaded)
    assert [c.paid for c in loaded.chapters] == [False] * 4 + [True] * 2
    assert [c.index for c in result.paid] == [5, 6] and not result.failures
    book = make_library()["3"]
    assert server.stats.chapter_requests[book.chapter_id(5)] == 1


async def test_second_run_fetches_only_missing_and_new_chapters(store: Store) -> None:
    library = make_library()
    async with SampleServer(library) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            await job.fetch(loaded, loaded.chapters[:10])
        server.stats.reset()
        # The book grows by five chapters between runs.
        from dataclasses import replace

        library["1"] = replace(library["1"], chapter_count=45)
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            result = await job.fetch(loaded)
        fetched = set(server.stats.chapter_requests)
    assert result.already_stored == 10 and result.fetched == 35
    assert fetched == {library["1"].chapter_id(i) for i in range(11, 46)}


async def test_cancel_stops_cleanly_and_keeps_what_was_fetched(store: Store) -> None:
    async with SampleServer(make_library(), latency=0.02) as server:
        done = asyncio.Event()
        counted: list[int] = []

        def on_progress(event: ProgressEvent) -> None:
            counted.append(event.done)
            if event.done >= 10:
                done.set()

        async with Downloader(store, fast_options(server, concurrency=2)) as job:
            loaded = await job.load("1")
            task = asyncio.create_task(job.fetch(loaded, on_progress=on_progress))
            await asyncio.wait_for(done.wait(), 10)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            session = job._session
        assert session is not None and session.closed
        kept = store.stored_ids(loaded.book)
        assert 10 <= len(kept) < 40
        server.stats.reset()
        async with Downloader(store, fast_options(server)) as job:
            result = await job.fetch(await job.load("1"))
        assert result.fetched == 40 - len(kept)
        assert not kept & set(server.stats.chapter_requests)  # nothing fetched twice


async def test_pause_holds_new_requests_until_resume(store: Store) -> None:
    async with SampleServer(make_library(), latency=0.01) as server:
        async with Downloader(store, fast_options(server, concurrency=2)) as job:
            loaded = await job.load("1")
            reached = asyncio.Event()
            at_pause: list[int] = []

            def on_progress(event: ProgressEvent) -> None:
                if event.done == 5:
                    job.pause_gate.pause()
                    at_pause.append(sum(server.stats.chapter_requests.values()))
                    reached.set()

            task = asyncio.create_task(job.fetch(loaded, on_progress=on_progress))
            await asyncio.wait_for(reached.wait(), 10)
            await asyncio.sleep(0.2)  # time in which an unpaused job would finish
            during_pause = sum(server.stats.chapter_requests.values())
            # Only the requests already under way (at most -j 2) finish; no new one starts.
            assert during_pause <= at_pause[0] + 2 and not task.done()
            job.pause_gate.resume()
            result = await asyncio.wait_for(task, 10)
    assert result.fetched == 40


async def test_unknown_book_is_not_found(server: SampleServer, store: Store) -> None:
    async with Downloader(store, fast_options(server)) as job:
        with pytest.raises(BookNotFoundError, match="book 424242 not found"):
            await job.load("424242")
    assert server.stats.requests["getDetail"] == 1  # a clear "no" is not retried


async def test_malformed_book_id_is_bad_input(server: SampleServer, store: Store) -> None:
    async with Downloader(store, fast_options(server)) as job:
        with pytest.raises(BadInputError, match="not a book ID"):
            await job.load("abc")
    assert not server.stats.requests


async def test_unreachable_source(store: Store) -> None:
    async with SampleServer(make_library()) as server:
        options = fast_options(server)
    # The server has stopped: its port now refuses connections.
    async with Downloader(store, options) as job:
        with pytest.raises(SourceUnreachableError, match=r"cannot reach http://127\.0\.0\.1"):
            await job.load("1")


async def test_source_answering_html_is_a_clear_source_error(store: Store) -> None:
    plan = FaultPlan(scripted={"getDetail": ["html"] * 10})
    async with SampleServer(make_library(), faults=plan) as server:
        async with Downloader(store, fast_options(server)) as job:
            with pytest.raises(SourceError, match="web page instead of data"):
                await job.load("1")


async def test_concurrency_out_of_range_is_bad_input(server: SampleServer) -> None:
    with pytest.raises(BadInputError, match="between 1 and 64"):
        fast_options(server, concurrency=0)


async def test_cover_is_fetched_and_kept(server: SampleServer, store: Store) -> None:
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("1")
        cover = await job.fetch_cover(loaded.book)
    assert cover is not None and cover.startswith(b"\x89PNG")
    assert store.load_cover(loaded.book) == cover
