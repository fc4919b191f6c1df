"""fetch_and_write: the book is written while it downloads, in reading order, never half-done."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

import pytest

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget, fetch_and_write
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.cli_support import wait_until
from tests.conftest import fast_options, make_library
from tests.epubcheck_support import assert_epubcheck_clean

BOOK = make_library()["1"]


def titles_in(text: str, indexes: range) -> list[int]:
    """The chapters of ``indexes`` whose titles appear in ``text``, in the order they appear."""
    found = [(text.find(f"\n{BOOK.chapter_title(i)}\n"), i) for i in indexes]
    return [i for position, i in sorted(found) if position >= 0]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The book folder (``tmp_path`` holds the store's folder too)."""
    folder = tmp_path / "books"
    folder.mkdir()
    return folder


async def test_chapters_arriving_out_of_order_are_written_in_reading_order(
    store: Store, out: Path
) -> None:
    # Chapter 1 arrives last (two faults first), chapter 3 fails for good (four faults).
    faults = FaultPlan(
        scripted={BOOK.chapter_id(1): ["500", "500"], BOOK.chapter_id(3): ["500"] * 4}
    )
    async with (
        SampleServer(make_library(), faults=faults) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        outcome = await fetch_and_write(job, loaded, loaded.chapters, BookTarget("txt", out))
    assert [f.chapter.index for f in outcome.result.failures] == [3]
    assert outcome.path is not None and outcome.chapters_written == 39
    text = outcome.path.read_text("utf-8")
    assert titles_in(text, range(1, 41)) == [i for i in range(1, 41) if i != 3]
    assert files_in(out) == [outcome.path.name]  # no temporary file left beside it


async def test_epub_written_while_downloading_is_epubcheck_clean(store: Store, out: Path) -> None:
    faults = FaultPlan(
        scripted={BOOK.chapter_id(2): ["503", "429"], BOOK.chapter_id(30): ["500"] * 4}
    )
    async with (
        SampleServer(make_library(), faults=faults) as server,
        Downloader(store, fast_options(server, concurrency=8)) as job,
    ):
        loaded = await job.load("1")
        outcome = await fetch_and_write(job, loaded, loaded.chapters, BookTarget("epub", out))
    assert outcome.path is not None
    with zipfile.ZipFile(outcome.path) as book:
        names = book.namelist()
        assert names[0] == "mimetype"
        assert book.read("EPUB/cover.png").startswith(b"\x89PNG")  # fetched alongside
        spine = book.read("EPUB/content.opf").decode()
    assert sum(name.startswith("EPUB/c0") for name in names) == 39
    assert spine.index('idref="c00001"') < spine.index('idref="c00039"')
    assert_epubcheck_clean(outcome.path)


async def test_a_paused_download_already_has_its_first_chapters_in_the_book_file(
    store: Store, out: Path
) -> None:
    big = SampleBook("5", "长书", "某人", "", chapter_count=40, chars_per_chapter=3000)
    async with (
        SampleServer({"5": big}) as server,
        Downloader(store, fast_options(server, concurrency=2)) as job,
    ):
        loaded = await job.load("5")

        def pause_half_way(event: ProgressEvent) -> None:
            if event.kind is EventKind.CHAPTER_DONE and event.done == 20:
                job.pause_gate.pause()

        run = asyncio.create_task(
            fetch_and_write(job, loaded, loaded.chapters, BookTarget("txt", out), pause_half_way)
        )
        await wait_until(lambda: job.pause_gate.paused, "the pause half way")
        [part] = out.iterdir()
        assert part.name.startswith(".") and part.name.endswith(".part")
        # Chapter 10's title is ~90 KB in: past anything still sitting in a write buffer.
        title = f"\n{big.chapter_title(10)}\n".encode()
        await wait_until(lambda: title in part.read_bytes(), "chapter 10 in the book file")
        assert not (out / "长书.txt").exists()  # not under its name until complete
        job.pause_gate.resume()
        outcome = await run
    assert outcome.path == out / "长书.txt" and outcome.chapters_written == 40
    assert files_in(out) == ["长书.txt"]


async def test_cancelled_download_leaves_no_file_and_keeps_its_chapters(
    store: Store, out: Path
) -> None:
    async with (
        SampleServer(make_library(), latency=0.01) as server,
        Downloader(store, fast_options(server, concurrency=2)) as job,
    ):
        loaded = await job.load("1")
        run = asyncio.create_task(
            fetch_and_write(job, loaded, loaded.chapters, BookTarget("epub", out))
        )
        await wait_until(lambda: len(loaded.stored) >= 10, "ten chapters stored")
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
    assert files_in(out) == []  # no book, no temporary file
    assert len(store.stored_ids(loaded.book)) >= 10


async def test_no_book_when_not_one_chapter_could_be_fetched(
    server: SampleServer, store: Store, out: Path
) -> None:
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("3")
        paid = [c for c in loaded.chapters if c.paid]
        outcome = await fetch_and_write(job, loaded, paid, BookTarget("epub", out))
    assert outcome.path is None and outcome.result.paid == paid and len(paid) == 2
    assert not outcome.result.failures
    assert files_in(out) == []


async def test_retrying_some_chapters_writes_the_whole_book(store: Store, out: Path) -> None:
    faults = FaultPlan(scripted={BOOK.chapter_id(7): ["500"] * 4})
    async with (
        SampleServer(make_library(), faults=faults) as server,
        Downloader(store, fast_options(server)) as job,
    ):
        loaded = await job.load("1")
        first = await fetch_and_write(job, loaded, loaded.chapters, BookTarget("txt", out))
        assert first.chapters_written == 39
        server.stats.reset()
        failed = [f.chapter for f in first.result.failures]
        again = await fetch_and_write(
            job, loaded, loaded.chapters, BookTarget("txt", out), fetch=failed
        )
        assert set(server.stats.chapter_requests) == {BOOK.chapter_id(7)}
    assert again.path == first.path and again.chapters_written == 40
    assert titles_in(again.path.read_text("utf-8"), range(1, 41)) == list(range(1, 41))
