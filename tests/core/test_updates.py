"""Updating library books in the core: books of one source take turns, a book that cannot be
checked is reported while the others go on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.library.book_files import write_book
from novelfetch.core.library.library import Library, LibraryEntry
from novelfetch.core.library.updates import update_books
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options


async def _download(server: SampleServer, store: Store, library: Library, out: Path) -> None:
    for book_id in ("1", "3"):
        async with Downloader(store, fast_options(server, concurrency=2)) as job:
            loaded = await job.load(book_id)
            await write_book(job, loaded, library, BookTarget("epub", out))


async def test_books_of_one_source_take_turns(
    server: SampleServer, store: Store, tmp_path: Path
) -> None:
    library = Library(store)
    await _download(server, store, library, tmp_path)
    for book_id, count in (("1", 60), ("3", 12)):
        server.library[book_id] = dataclasses.replace(
            server.library[book_id], chapter_count=count, paid_from=None
        )
    server.latency = 0.005  # requests overlap if the books ran at once
    server.stats.reset()
    reports = [
        report
        async for report in update_books(
            library,
            library.entries(),
            lambda entry: Downloader(store, fast_options(server, concurrency=2)),
        )
    ]
    # Book 3's chapters 5 and 6 were refused for payment at the first download: with the same
    # cookie they are not asked for again, so 7-12 are what is new.
    assert {r.entry.book.book_id: r.fetched for r in reports} == {"1": 20, "3": 6}
    assert all(r.ok for r in reports)
    assert server.stats.max_in_flight <= 2  # one book's two at a time, never both books'


async def test_a_book_that_cannot_be_checked_does_not_stop_the_others(
    server: SampleServer, store: Store, tmp_path: Path
) -> None:
    library = Library(store)
    await _download(server, store, library, tmp_path)
    del server.library["3"]  # the source no longer has it
    server.library["1"] = dataclasses.replace(server.library["1"], chapter_count=41)

    def open_job(entry: LibraryEntry) -> Downloader:
        return Downloader(store, fast_options(server))

    reports = {
        r.entry.book.book_id: r async for r in update_books(library, library.entries(), open_job)
    }
    assert reports["3"].error and not reports["3"].ok
    assert reports["1"].ok and reports["1"].fetched == 1
    assert [f.outcome.chapters for f in reports["1"].files if f.outcome] == [41]
    assert library.entry("baidu", "3") is not None  # still in the library, chapters kept
