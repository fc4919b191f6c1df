"""Chapters fetched while a long catalog loads (core/jobs/early_chapters.py), over the sample
HTML site with the bundled Legado rule: its catalog pages each link only the next."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from novelfetch.core.errors import FetchError, NovelFetchError, StoreError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.early_chapters import EarlyChapters
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.jobs.queue import DownloadQueue, JobState, QueueJob
from novelfetch.core.jobs.queue_jobs import QueueEvent
from novelfetch.core.models import Book, Chapter
from novelfetch.core.net.politeness import SourceGate
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.cleaning import clean_text
from novelfetch.sample.faults import FaultPlan
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from novelfetch.sample.site_pages import SiteOptions
from tests.core.rules.site_emulation import Answer, emulated_site
from tests.core.test_rule_sources import options, registry_with

CHAPTERS = 250  # three catalog pages of 100
LEGADO = "sample-site.legado.json"
WHOLE_CHAPTERS = SiteOptions(chapter_page_chars=10**6)  # a page each: quicker


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    library = default_library()
    library["1"] = dataclasses.replace(library["1"], chapter_count=CHAPTERS)
    async with SampleServer(library, latency=0.01) as running:
        yield running


def wider(source_id: str) -> DownloadOptions:
    return dataclasses.replace(options(source_id), concurrency=8)


def chapter_page_requests(site: SampleServer) -> dict[str, int]:
    """Requests per chapter page of book 1 (a chapter may span several pages)."""
    prefix = "/site/book/1/"
    return {
        path: count
        for path, count in site.stats.site_pages.items()
        if path.startswith(prefix)
        and path.endswith(".html")
        and not path.removeprefix(prefix).startswith("index")
    }


async def download(
    site: SampleServer, tmp_path: Path, name: str, *, early: bool
) -> tuple[list[ProgressEvent], dict[str, str], dict[str, int]]:
    registry, source_id = registry_with(site, tmp_path / name, LEGADO)
    events: list[ProgressEvent] = []
    with Store(tmp_path / f"{name}.sqlite3") as store:
        async with Downloader(store, wider(source_id), registry=registry) as job:
            loaded = await job.load(f"{site.site_base}book/1/", fetch_early=early)
            fetched_early = dict(loaded.fetched_early)
            assert set(fetched_early) <= loaded.stored
            result = await job.fetch(loaded, on_progress=events.append)
        assert (result.fetched, result.already_stored, result.failures) == (CHAPTERS, 0, [])
        texts = {
            t.chapter.chapter_id: t.text for t in store.iter_texts(loaded.book, loaded.chapters)
        }
    return events, texts, fetched_early


async def test_chapters_come_in_while_the_catalog_loads_each_fetched_once(
    site: SampleServer, tmp_path: Path
) -> None:
    events, texts, early = await download(site, tmp_path, "early", early=True)
    # The first two pages' chapters may come early; the last page's never can.
    assert 1 <= len(early) <= 199
    assert events[0].kind is EventKind.STARTED
    assert (events[0].done, events[0].total) == (len(early), CHAPTERS)
    assert events[-1].kind is EventKind.FINISHED and events[-1].done == CHAPTERS
    # No chapter fetched twice, none read past its end into the next one.
    requests = chapter_page_requests(site)
    assert requests and set(requests.values()) == {1}

    site.stats.reset()
    _, plain_texts, none_early = await download(site, tmp_path, "plain", early=False)
    assert none_early == {} and texts == plain_texts  # the same book, page for page
    assert chapter_page_requests(site) == requests


async def test_a_catalog_failing_midway_keeps_the_chapters_fetched_early(
    site: SampleServer, tmp_path: Path
) -> None:
    site.site = WHOLE_CHAPTERS
    # The third catalog page fails, then every later try (each retry starts again at page 1).
    site.faults = FaultPlan(scripted={"site:toc": ["", "", *["500"] * 10]})
    registry, source_id = registry_with(site, tmp_path, LEGADO)
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options(source_id), registry=registry) as job:
            with pytest.raises(NovelFetchError):
                await job.load(f"{site.site_base}book/1/", fetch_early=True)
        site.faults = FaultPlan()
        site.stats.reset()
        async with Downloader(store, options(source_id), registry=registry) as job:
            loaded = await job.load(f"{site.site_base}book/1/")
            kept = set(loaded.stored)
            result = await job.fetch(loaded)
    assert kept, "no chapter came in while the first two catalog pages were read"
    assert result.already_stored == len(kept)
    assert result.fetched == CHAPTERS - len(kept) and not result.failures
    asked = set(chapter_page_requests(site))
    assert not {urlsplit(chapter_id).path for chapter_id in kept} & asked  # not asked again


async def test_a_catalog_read_again_still_stops_chapters_offered_before_where_they_end(
    site: SampleServer, tmp_path: Path
) -> None:
    # The third catalog page fails; the retry reads the catalog again from its first page.
    # A chapter of the second page, offered by the first try, is fetched right after the
    # retry's first page: it must still end where it ends (each chapter page links the next
    # chapter as its "next page").
    site.site = WHOLE_CHAPTERS
    site.faults = FaultPlan(scripted={"site:toc": ["", "", "500"]})
    registry, source_id = registry_with(site, tmp_path, LEGADO)
    book_url = f"{site.site_base}book/1/"
    offered: list[Chapter] = []
    fetching: list[asyncio.Future[str]] = []
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, options(source_id), registry=registry) as job:
            with pytest.raises(FetchError):
                await job.source.catalog_in_parts(book_url, offered.extend)
            second_page = offered[-1]
            assert second_page.index > 100

            def retried(part: Sequence[Chapter]) -> None:
                if not fetching:  # after the retry's first page
                    fetching.append(
                        asyncio.ensure_future(job.source.chapter(book_url, second_page))
                    )

            await job.source.catalog_in_parts(book_url, retried)
            text = await fetching[0]
    assert len(clean_text(text)) == len(
        clean_text(site.library["1"].chapter_text(second_page.index))
    )


async def test_a_chapter_failing_early_is_fetched_by_the_download_proper(
    site: SampleServer, tmp_path: Path
) -> None:
    site.site = WHOLE_CHAPTERS
    registry, source_id = registry_with(site, tmp_path, LEGADO)
    with Store(tmp_path / "store.sqlite3") as store:
        async with Downloader(store, wider(source_id), registry=registry) as job:
            book_url = f"{site.site_base}book/1/"
            first = (await job.source.catalog(book_url))[0]
            file = first.chapter_id.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
            site.faults = FaultPlan(scripted={f"site:{file}": ["500"]})  # its first try only
            loaded = await job.load(book_url, fetch_early=True)
            assert loaded.fetched_early and first.chapter_id not in loaded.fetched_early
            result = await job.fetch(loaded)
    assert result.fetched == CHAPTERS and not result.failures
    assert site.stats.faults["500"] == 1


async def test_a_call_going_ahead_takes_its_place_before_those_waiting() -> None:
    gate = SourceGate(1, fixed=True)
    order: list[str] = []
    release = asyncio.Event()

    async def holder() -> None:
        from novelfetch.core.net import slot

        slot.go_ahead()
        slot.off_the_network()  # its first answer is in: the place goes to those waiting
        await release.wait()
        await slot.back_on_the_network()  # its next page: before the two queued
        order.append("catalog page 2")

    async def chapter(name: str) -> None:
        order.append(name)
        await asyncio.sleep(0)

    first = asyncio.ensure_future(gate.run(holder))
    await asyncio.sleep(0)
    blocker_done = asyncio.Event()

    async def blocker() -> None:  # takes the freed place and keeps it until all are queued
        await blocker_done.wait()

    waiting = [asyncio.ensure_future(gate.run(blocker))]
    await asyncio.sleep(0)
    waiting += [asyncio.ensure_future(gate.run(lambda n=n: chapter(n))) for n in ("a", "b")]
    await asyncio.sleep(0)
    release.set()
    await asyncio.sleep(0)
    blocker_done.set()
    await asyncio.wait_for(asyncio.gather(first, *waiting), 5)
    assert order == ["catalog page 2", "a", "b"]


def two_page_catalog(origin: str, content: str) -> dict[str, object]:
    return {
        "bookSourceUrl": origin,
        "bookSourceName": "两页目录",
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {
            "chapterList": "tag.li",
            "chapterName": "text",
            "chapterUrl": "tag.a@href",
            "nextTocUrl": "id.next@href",
        },
        "ruleContent": {"content": content},
    }


@pytest.mark.parametrize(
    ("content", "told"),
    [("id.c@text", [1]), ("id.c@text<js>result + '。'</js>", [])],
    ids=["rules", "scripts"],
)
async def test_only_a_source_without_scripts_tells_its_catalog_in_parts(
    tmp_path: Path, content: str, told: list[int]
) -> None:
    # A catalog page's script may change what the chapters' scripts read until the last page.
    def items(first: int) -> str:
        return "".join(f'<li><a href="/c{n}.html">第{n}章</a></li>' for n in (first, first + 1))

    pages = {
        "/book/1.html": Answer(
            f'<h1>书</h1><ul>{items(1)}</ul><a id="next" href="/t2.html">下</a>'
        ),
        "/t2.html": Answer(f"<ul>{items(3)}</ul>"),
    }
    async with emulated_site(pages) as site:
        registry = SourceRegistry(tmp_path / "data")
        rule_file = json.dumps(two_page_catalog(site.origin, content), ensure_ascii=False)
        (line,) = registry.import_text(rule_file, "t").lines
        assert line.usable and line.source_id, line
        parts: list[list[int]] = []
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options(line.source_id), registry=registry) as job:
                chapters = await job.source.catalog_in_parts(
                    site.url("/book/1.html"), lambda part: parts.append([c.index for c in part])
                )
    assert [c.index for c in chapters] == [1, 2, 3, 4]
    # Of the first page's two, the first: where the second ends is on the page to come.
    assert [index for part in parts for index in part] == told


BOOK = Book("rules", "https://site.example/book/1/", "书", "", "", "")


def numbered(count: int) -> list[Chapter]:
    return [Chapter(n, f"https://site.example/c/{n}", f"第{n}章") for n in range(1, count + 1)]


class Texts:
    """A chapter's text, after a turn of the loop; ``all_asked`` once ``count`` were asked."""

    def __init__(self, count: int) -> None:
        self.count, self.all_asked = count, asyncio.Event()

    async def __call__(self, book: Book, chapter: Chapter) -> str:
        self.count -= 1
        if self.count == 0:
            self.all_asked.set()
        await asyncio.sleep(0)
        return f"{chapter.title}的正文"


async def test_chapters_offered_before_the_details_are_in_are_fetched(tmp_path: Path) -> None:
    # The catalog may read its pages before the details answer (their retry took longer).
    with Store(tmp_path / "store.sqlite3") as store:
        texts = Texts(10)
        early = EarlyChapters(store, SourceGate(4, fixed=True), texts, workers=4)
        early.offer(numbered(10))
        early.start(BOOK)
        await asyncio.wait_for(texts.all_asked.wait(), 5)
        await early.finish()  # those in flight end and are committed
        assert sorted(early.fetched) == sorted(c.chapter_id for c in numbered(10))
        assert len(store.stored_ids(BOOK)) == 10


async def test_a_store_that_fails_fails_the_job(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    texts = Texts(32)  # a group of 32 is committed at once: by then the store has failed
    early = EarlyChapters(store, SourceGate(4, fixed=True), texts, workers=4)
    early.start(BOOK)
    store.close()  # as a full disk would: every write fails
    early.offer(numbered(40))
    await asyncio.wait_for(texts.all_asked.wait(), 5)
    with pytest.raises(StoreError):
        await early.finish()


async def test_cancelling_the_job_while_early_chapters_wind_down_is_a_cancel(
    tmp_path: Path,
) -> None:
    never = asyncio.Event()

    async def hangs(book: Book, chapter: Chapter) -> str:
        try:
            await never.wait()
        except asyncio.CancelledError:
            await asyncio.sleep(0.05)  # winding down, as a request does
            raise
        return ""

    with Store(tmp_path / "store.sqlite3") as store:
        early = EarlyChapters(store, SourceGate(4, fixed=True), hangs, workers=4)
        early.start(BOOK)
        early.offer(numbered(4))
        await asyncio.sleep(0)
        stopping = asyncio.ensure_future(early.cancel())
        await asyncio.sleep(0.01)
        stopping.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stopping


async def test_a_queued_whole_book_starts_with_its_early_chapters(
    site: SampleServer, tmp_path: Path
) -> None:
    registry, source_id = registry_with(site, tmp_path, LEGADO)
    out = tmp_path / "out"
    out.mkdir()
    first_progress: list[int] = []
    with Store(tmp_path / "store.sqlite3") as store:
        queue = DownloadQueue(store, registry, options=lambda s, j: wider(source_id))
        done = asyncio.Event()

        def heard(event: QueueEvent, job: QueueJob) -> None:
            if event is QueueEvent.PROGRESS and not first_progress:
                first_progress.append(job.fetched)
            if job.finished:
                done.set()

        queue.subscribe(heard)
        job = queue.add_download(source_id, f"{site.site_base}book/1/", BookTarget("txt", out))
        await asyncio.wait_for(done.wait(), 30)
    assert job.state is JobState.DONE, job.error
    assert (job.fetched, job.chapters_written) == (CHAPTERS, CHAPTERS)
    assert first_progress[0] >= 1  # the download began with those fetched while the catalog loaded
