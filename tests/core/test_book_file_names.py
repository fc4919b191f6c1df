"""Two books never share one file: a book of a title another book's file already has is
named apart (core.book_file_names), and neither loses its file or its library record."""

from __future__ import annotations

import zipfile
from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.library.book_files import write_book
from novelfetch.core.library.library import Library
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options

LONG = SampleBook("1", "同名之书", "甲", "", chapter_count=30, chars_per_chapter=100)
SHORT = SampleBook("2", "同名之书", "乙", "", chapter_count=20, chars_per_chapter=100)


def chapter_pages(path: Path) -> int:
    with zipfile.ZipFile(path) as epub:
        return sum(name.endswith(".xhtml") and "/c" in name for name in epub.namelist())


async def test_a_second_book_of_the_same_title_gets_a_name_of_its_own(
    store: Store, tmp_path: Path
) -> None:
    library = Library(store)
    target = BookTarget("epub", tmp_path / "out")
    (tmp_path / "out").mkdir()
    async with SampleServer({"1": LONG, "2": SHORT}) as server:
        outcomes = []
        for book_id in ("1", "2", "1", "2"):  # again: each keeps its own name
            async with Downloader(store, fast_options(server)) as job:
                loaded = await job.load(book_id)
                outcomes.append(await write_book(job, loaded, library, target))
    first, second, first_again, second_again = outcomes
    assert first.path == tmp_path / "out" / "同名之书.epub" and first.apart_from is None
    assert second.path == tmp_path / "out" / "同名之书 (baidu).epub"
    assert second.apart_from == first.path and second.other_book == ("baidu", "1")
    assert first_again.path == first.path and second_again.path == second.path
    assert chapter_pages(first.path) == 30 and chapter_pages(second.path) == 20
    for outcome, book_id in ((first, "1"), (second, "2")):
        entry = library.entry("baidu", book_id)
        assert entry is not None and [f.path for f in entry.files] == [outcome.path]


async def test_an_epub_written_for_another_book_is_not_replaced_even_unrecorded(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = BookTarget("epub", out)
    async with SampleServer({"1": LONG, "2": SHORT}) as server:
        for book_id, folder in (("1", "a"), ("2", "b")):  # two stores: no shared records
            with Store(tmp_path / folder / "chapters.sqlite3") as store:
                async with Downloader(store, fast_options(server)) as job:
                    loaded = await job.load(book_id)
                    outcome = await write_book(job, loaded, Library(store), target)
    assert outcome.path == out / "同名之书 (baidu).epub"
    assert outcome.apart_from == out / "同名之书.epub" and outcome.other_book is None
    assert chapter_pages(out / "同名之书.epub") == 30


async def test_a_part_of_a_book_named_apart_says_both(store: Store, tmp_path: Path) -> None:
    library = Library(store)
    target = BookTarget("txt", tmp_path)
    async with SampleServer({"1": LONG, "2": SHORT}) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            await write_book(job, loaded, library, target, selection=loaded.chapters[:5])
            loaded = await job.load("2")
            part = await write_book(job, loaded, library, target, selection=loaded.chapters[:5])
    assert part.path == tmp_path / "同名之书 (baidu, 第1-5章).txt"
