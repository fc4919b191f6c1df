"""The download queue against real local servers: K jobs at once, one politeness limit per
source whatever the number of jobs, pause/resume/cancel, and a queue that survives a restart."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.queue import DownloadQueue, JobState, QueueJob
from novelfetch.core.jobs.queue_jobs import QueueEvent
from novelfetch.core.library.library import Library
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook, default_library
from novelfetch.sample.server import SampleServer
from tests.conftest import FAST_RETRY, fast_options
from tests.core.test_rule_sources import QUICK, bundled_rule

TIMEOUT = 30.0


def two_books(chapters: int = 30) -> dict[str, SampleBook]:
    return {
        book_id: SampleBook(book_id, title, "作者", "", chapter_count=chapters, has_cover=False)
        for book_id, title in (("1", "甲之书"), ("2", "乙之书"))
    }


@pytest.fixture
async def api() -> AsyncIterator[SampleServer]:
    async with SampleServer(two_books(), latency=0.02) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store" / "chapters.sqlite3") as opened:
        yield opened


def fixed_options(server: SampleServer) -> Callable[[str, int], DownloadOptions]:
    """Options of the queue's jobs: the Baidu adapter on ``server``, the limit fixed."""
    return lambda source, concurrency: fast_options(
        server, source=source, concurrency=concurrency, adaptive=False
    )


def make_queue(
    store: Store, server: SampleServer, tmp_path: Path, **kwargs: object
) -> DownloadQueue:
    kwargs.setdefault("options", fixed_options(server))
    return DownloadQueue(store, SourceRegistry.builtin_only(), **kwargs)  # type: ignore[arg-type]


def target(tmp_path: Path) -> BookTarget:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return BookTarget("txt", out)


class Watcher:
    """Records what the queue tells its listeners; waits for a condition on its jobs."""

    def __init__(self, queue: DownloadQueue) -> None:
        self.queue = queue
        self.max_running = 0
        self.progress_times: dict[str, list[float]] = defaultdict(list)
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        queue.subscribe(self._heard)

    def _heard(self, event: QueueEvent, job: QueueJob) -> None:
        running = sum(j.state is JobState.RUNNING for j in self.queue.jobs)
        self.max_running = max(self.max_running, running)
        if event is QueueEvent.PROGRESS and job.fetched:
            self.progress_times[job.id].append(time.monotonic())
        for condition, future in self._waiters:
            if not future.done() and condition():
                future.set_result(None)

    async def until(self, condition: Callable[[], bool]) -> None:
        if condition():
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((condition, future))
        await asyncio.wait_for(future, TIMEOUT)

    async def finished(self, *jobs: QueueJob) -> None:
        await self.until(lambda: all(job.finished for job in jobs))


async def test_two_books_on_one_source_never_exceed_its_limit(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path, max_jobs=2)
    watcher = Watcher(queue)
    jobs = [queue.add_download("baidu", b, target(tmp_path), concurrency=3) for b in ("1", "2")]
    await watcher.finished(*jobs)
    assert [job.state for job in jobs] == [JobState.DONE, JobState.DONE], [j.error for j in jobs]
    assert watcher.max_running == 2  # both jobs ran at once…
    assert api.stats.max_in_flight <= 3  # …yet the source saw its limit, not 3 per job
    for job in jobs:
        assert job.path is not None and job.path.is_file()
        assert job.chapters_written == 30 and job.fetched == 30


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library(), latency=0.01) as running:
        yield running


async def test_with_two_sources_both_progress_at_once(
    api: SampleServer, site: SampleServer, store: Store, tmp_path: Path
) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(
        bundled_rule("sample-site.legado.json", site.site_base), "legado"
    ).lines
    rule_id = line.source_id
    assert rule_id is not None

    def options(source: str, concurrency: int) -> DownloadOptions:
        if source == "baidu":
            return fast_options(api, concurrency=concurrency)
        return DownloadOptions(source=source, concurrency=concurrency, retry=FAST_RETRY, http=QUICK)

    # Long enough on the API (75 round trips of 20 ms at least) that the site's job, which
    # loads its book first, has surely begun before it ends.
    api.library["9"] = SampleBook(
        "9", "长书", "作者", "", chapter_count=150, chars_per_chapter=50, has_cover=False
    )
    queue = DownloadQueue(store, registry, max_jobs=2, options=options)
    watcher = Watcher(queue)
    on_api = queue.add_download("baidu", "9", target(tmp_path), concurrency=2)
    on_site = queue.add_download(
        rule_id, f"{site.site_base}book/1/", target(tmp_path), concurrency=2
    )
    await watcher.finished(on_api, on_site)
    assert (on_api.state, on_site.state) == (JobState.DONE, JobState.DONE), on_site.error
    assert on_site.chapters_written == 120 and on_api.chapters_written == 150
    first = max(watcher.progress_times[job.id][0] for job in (on_api, on_site))
    last = min(watcher.progress_times[job.id][-1] for job in (on_api, on_site))
    # Each made progress after the other had started and before the other had finished.
    assert first < last


async def test_no_more_than_max_jobs_run_at_once(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    api.library["3"] = SampleBook("3", "丙之书", "作者", "", chapter_count=10, has_cover=False)
    queue = make_queue(store, api, tmp_path, max_jobs=2)
    watcher = Watcher(queue)
    jobs = [queue.add_download("baidu", b, target(tmp_path), concurrency=2) for b in "123"]
    assert [job.state for job in jobs] == [JobState.RUNNING, JobState.RUNNING, JobState.QUEUED]
    await watcher.finished(*jobs)
    assert all(job.state is JobState.DONE for job in jobs)
    assert watcher.max_running == 2


async def test_pause_holds_a_job_and_resume_finishes_it(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path, max_jobs=2)
    watcher = Watcher(queue)
    paused = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    await watcher.until(lambda: paused.fetched >= 2)
    queue.pause(paused.id)
    assert paused.state is JobState.PAUSED
    at_pause = paused.fetched
    # Another whole book downloads meanwhile; the paused one gets no further than the
    # requests that were already under way when it paused.
    other = queue.add_download("baidu", "2", target(tmp_path), concurrency=2)
    await watcher.finished(other)
    assert other.state is JobState.DONE
    assert paused.state is JobState.PAUSED
    assert paused.fetched <= at_pause + 2
    queue.resume(paused.id)
    assert paused.state is JobState.RUNNING
    await watcher.finished(paused)
    assert paused.state is JobState.DONE and paused.chapters_written == 30


async def test_cancel_keeps_what_was_fetched_and_a_queued_job_never_starts(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path, max_jobs=1)
    watcher = Watcher(queue)
    running = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    waiting = queue.add_download("baidu", "2", target(tmp_path), concurrency=2)
    queue.cancel(waiting.id)
    assert waiting.state is JobState.CANCELLED
    await watcher.until(lambda: running.fetched >= 3)
    queue.cancel(running.id)
    await watcher.finished(running)
    assert running.state is JobState.CANCELLED
    book = store.load_book("baidu", "1")
    assert book is not None
    assert len(store.stored_ids(book[0])) >= 3  # every chapter fetched is kept
    assert list((tmp_path / "out").iterdir()) == []  # no book, not even a half-written one
    assert sum(api.stats.chapter_requests.values()) < 30
    assert store.load_book("baidu", "2") is None  # the cancelled queued job asked nothing
    queue.retry(running.id)
    await watcher.finished(running)
    assert running.state is JobState.DONE and running.chapters_written == 30


async def test_a_failing_job_does_not_stop_the_others(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path, max_jobs=1)
    watcher = Watcher(queue)
    missing = queue.add_download("baidu", "404", target(tmp_path), concurrency=2)
    good = queue.add_download("baidu", "2", target(tmp_path), concurrency=2)
    await watcher.finished(missing, good)
    assert missing.state is JobState.FAILED and missing.error
    assert good.state is JobState.DONE


async def test_unfinished_jobs_survive_a_restart(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    state = tmp_path / "data" / "queue.json"
    first = make_queue(store, api, tmp_path, max_jobs=1, state_path=state)
    watcher = Watcher(first)
    running = first.add_download("baidu", "1", target(tmp_path), concurrency=2)
    held = first.add_download("baidu", "2", target(tmp_path), title="乙之书", concurrency=2)
    first.pause(held.id)
    await watcher.until(lambda: running.fetched >= 2)
    await first.shutdown()  # the app closes mid-download
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert [(j["id"], j["state"]) for j in saved["jobs"]] == [
        (running.id, "running"),
        (held.id, "paused"),
    ]

    second = make_queue(store, api, tmp_path, max_jobs=1, state_path=state)
    watcher = Watcher(second)
    restored = second.restore()
    assert [(j.id, j.title) for j in restored] == [(running.id, "甲之书"), (held.id, "乙之书")]
    again, still_held = restored
    assert again.state is JobState.RUNNING  # came back queued, and its turn came at once
    assert still_held.state is JobState.PAUSED
    assert again.target == running.target
    await watcher.finished(again)
    assert again.state is JobState.DONE and again.chapters_written == 30
    assert again.fetched < 30  # what the first run fetched was not fetched again
    second.resume(still_held.id)
    await watcher.finished(still_held)
    assert still_held.state is JobState.DONE
    assert json.loads(state.read_text(encoding="utf-8"))["jobs"] == []


async def test_a_part_of_a_book_is_written_under_its_own_name(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    async with Downloader(store, fast_options(api)) as job:
        loaded = await job.load("1")
    queue = make_queue(store, api, tmp_path)
    watcher = Watcher(queue)
    part = queue.add_download(
        "baidu",
        "1",
        target(tmp_path),
        chapters=[c.chapter_id for c in loaded.chapters[:5]],
        concurrency=2,
    )
    await watcher.finished(part)
    assert part.state is JobState.DONE
    assert part.path is not None and part.path.name == "甲之书 (第1-5章).txt"
    assert part.chapters_written == 5


async def test_an_update_job_fetches_the_new_chapters_and_rewrites_the_file(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path)
    watcher = Watcher(queue)
    download = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    await watcher.finished(download)
    api.library["1"] = dataclasses.replace(api.library["1"], chapter_count=36)
    api.stats.reset()
    update = queue.add_update("baidu", "1", concurrency=2)
    await watcher.finished(update)
    assert update.state is JobState.DONE, update.error
    assert update.fetched == 6 and sum(api.stats.chapter_requests.values()) == 6
    assert update.path == download.path and update.chapters_written == 36
    (entry,) = Library(store).entries()
    assert entry.stored == 36


async def test_a_smaller_book_never_replaces_a_bigger_one_unless_retried_with_force(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path)
    watcher = Watcher(queue)
    whole = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    await watcher.finished(whole)
    assert whole.path is not None
    before = whole.path.read_bytes()
    # Another store (another computer's, say) and a source that now lists fewer chapters.
    api.library["1"] = dataclasses.replace(api.library["1"], chapter_count=20)
    with Store(tmp_path / "other" / "chapters.sqlite3") as other_store:
        other = make_queue(other_store, api, tmp_path)
        watcher = Watcher(other)
        smaller = other.add_download("baidu", "1", target(tmp_path), concurrency=2)
        await watcher.finished(smaller)
        assert smaller.state is JobState.FAILED and smaller.would_shrink
        assert "holds 30 chapters" in smaller.error
        assert whole.path.read_bytes() == before  # the whole book is left as it was
        other.retry(smaller.id, force=True)
        assert not smaller.would_shrink
        await watcher.finished(smaller)
        assert smaller.state is JobState.DONE and smaller.chapters_written == 20
        assert smaller.path == whole.path


async def test_a_damaged_queue_file_starts_an_empty_queue(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    state = tmp_path / "queue.json"
    state.write_text('{"version": 1, "jobs": [{"kind": "nonsense"}', encoding="utf-8")
    assert make_queue(store, api, tmp_path, state_path=state).restore() == []
    state.write_text('{"version": 1, "jobs": [{"kind": "nonsense"}, 7]}', encoding="utf-8")
    queue = make_queue(store, api, tmp_path, state_path=state)
    assert queue.restore() == [] and queue.jobs == []
    job = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    await Watcher(queue).finished(job)
    assert job.state is JobState.DONE


async def test_a_job_cancelled_as_it_starts_frees_its_place(
    api: SampleServer, store: Store, tmp_path: Path
) -> None:
    queue = make_queue(store, api, tmp_path, max_jobs=1)

    def cancel_at_once(event: QueueEvent, job: QueueJob) -> None:
        if job.book == "1" and job.state is JobState.RUNNING:
            queue.cancel(job.id)  # before its task has run a single step

    queue.subscribe(cancel_at_once)
    watcher = Watcher(queue)
    first = queue.add_download("baidu", "1", target(tmp_path), concurrency=2)
    second = queue.add_download("baidu", "2", target(tmp_path), concurrency=2)
    await watcher.finished(first, second)
    assert (first.state, second.state) == (JobState.CANCELLED, JobState.DONE)
    assert queue.running == 0
    assert store.load_book("baidu", "1") is None  # it never asked the source anything
