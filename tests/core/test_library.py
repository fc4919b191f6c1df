"""The library in the core: catalog merging by chapter ID, records, the store's move, and the
whole-book rule as the window would call it (``write_book``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.library.book_files import part_label, target_from_record, write_book
from novelfetch.core.library.library import Library, OrderedChapter, merge_catalog
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.location import migrate_store
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options


def _chapters(*ids: str) -> list[Chapter]:
    return [Chapter(n, cid, f"第{cid}章") for n, cid in enumerate(ids, 1)]


def _ids(order: list[OrderedChapter]) -> list[str]:
    return [item.chapter.chapter_id for item in order]


def test_a_first_catalog_is_taken_as_it_is_and_nothing_is_new() -> None:
    order = merge_catalog([], _chapters("a", "b", "c"), stored=set())
    assert _ids(order) == ["a", "b", "c"]
    assert not any(item.new or item.removed for item in order)


def test_dropped_stored_chapters_stay_where_they_were_marked_removed() -> None:
    before = merge_catalog([], _chapters("a", "b", "c", "d"), stored=set())
    after = merge_catalog(before, _chapters("a", "c", "e"), stored={"a", "b", "d"})
    # b (stored) stays after a; d (stored) after c; nothing stored of a dropped chapter: gone.
    assert _ids(after) == ["a", "b", "c", "d", "e"]
    assert [item.removed for item in after] == [False, True, False, True, False]
    assert [item.new for item in after] == [False, False, False, False, True]
    assert [item.chapter.index for item in after] == [1, 2, 3, 4, 5]
    dropped_unstored = merge_catalog(before, _chapters("a", "c", "d"), stored=set())
    assert _ids(dropped_unstored) == ["a", "c", "d"]


def test_a_reordered_catalog_changes_the_order_not_the_contents() -> None:
    before = merge_catalog([], _chapters("a", "b", "c"), stored={"a", "b", "c"})
    after = merge_catalog(before, _chapters("c", "a", "b"), stored={"a", "b", "c"})
    assert _ids(after) == ["c", "a", "b"] and not any(i.new or i.removed for i in after)


def test_new_chapters_stay_new_until_stored() -> None:
    before = merge_catalog([], _chapters("a"), stored={"a"})
    checked = merge_catalog(before, _chapters("a", "b", "c"), stored={"a"})
    assert [i.new for i in checked] == [False, True, True]
    again = merge_catalog(checked, _chapters("a", "b", "c"), stored={"a", "b"})
    assert [i.new for i in again] == [False, False, True]


def test_a_dropped_first_chapter_stays_first() -> None:
    before = merge_catalog([], _chapters("a", "b"), stored={"a", "b"})
    assert _ids(merge_catalog(before, _chapters("b"), stored={"a", "b"})) == ["a", "b"]


def test_recording_the_same_catalog_again_rewrites_nothing(store: Store) -> None:
    """Every download's start records the catalog on the window's loop: an unchanged one
    costs a read, not 2,000 rows deleted and written again."""
    book = Book("sample", "1", "书", "某人")
    chapters = _chapters(*(str(n) for n in range(1, 2_001)))
    store.save_book(book, chapters)
    library = Library(store)
    first = library.record_catalog(book, "1", chapters)
    changes = store._db.total_changes
    again = library.record_catalog(book, "1", chapters)
    assert again == first == library.reading_order(book)
    assert store._db.total_changes - changes == 1  # the check's date, nothing else
    grown = library.record_catalog(book, "1", [*chapters, Chapter(2_001, "2001", "新章")])
    assert _ids(grown)[-1] == "2001" and grown[-1].new
    assert library.reading_order(book) == grown


def test_part_labels_say_which_part() -> None:
    order = _chapters(*"abcdefghij")
    assert part_label(order, order) == ""
    assert part_label(order[:5], order) == "第1-5章"
    assert part_label(order[6:7], order) == "第7章"
    assert part_label([order[0], order[2], order[9]], order) == "3章选"


def test_library_tables_are_added_to_an_existing_store_and_reopening_keeps_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chapters.sqlite3"
    book = Book("baidu", "1", "书")
    with Store(path) as store:  # a store as older versions left it
        store.save_book(book, _chapters("a", "b"))
        store.save_chapter(book, _chapters("a")[0], "正文")
    for _ in range(2):
        with Store(path) as store:
            library = Library(store)
            library.record_catalog(book, "1", _chapters("a", "b"))
            [entry] = library.entries()
            assert (entry.known, entry.stored, entry.new) == (2, 1, 0)
            assert store.load_text(book, _chapters("a")[0]) == "正文"


def _fill_old_store(folder: Path) -> dict[str, str]:
    book = Book("baidu", "1", "书")
    texts = {f"c{n}": f"第{n}章的正文" for n in range(50)}
    with Store(folder / "chapters.sqlite3") as store:
        store.save_book(book, _chapters(*texts))
        for chapter in _chapters(*texts):
            store.save_chapter(book, chapter, texts[chapter.chapter_id])
    return texts


def _read_texts(folder: Path) -> dict[str, str]:
    db = sqlite3.connect(folder / "chapters.sqlite3")
    try:
        return dict(db.execute("SELECT chapter_id, content FROM chapters"))
    finally:
        db.close()


def test_the_old_store_is_moved_once_losing_nothing(tmp_path: Path) -> None:
    old, new = tmp_path / "cache", tmp_path / "data"
    texts = _fill_old_store(old)
    moved = migrate_store(old, new)
    assert moved.folder == new and moved.moved_from == old and not moved.notice
    assert not list(old.glob("chapters.sqlite3*"))  # no -wal or -shm left behind either
    assert _read_texts(new) == texts
    again = migrate_store(old, new)
    assert again.folder == new and again.moved_from is None and not again.notice
    assert _read_texts(new) == texts


def test_a_store_in_use_is_not_moved_and_the_user_is_told(tmp_path: Path) -> None:
    old, new = tmp_path / "cache", tmp_path / "data"
    texts = _fill_old_store(old)
    with Store(old / "chapters.sqlite3"):  # another process with the store open
        kept = migrate_store(old, new)
    assert kept.folder == old and kept.moved_from is None and "in use" in kept.notice
    assert not (new / "chapters.sqlite3").exists()
    assert _read_texts(old) == texts
    assert migrate_store(old, new).moved_from == old  # free now: moved on the next start
    assert _read_texts(new) == texts


def test_an_old_store_is_never_moved_over_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "cache", tmp_path / "data"
    texts = _fill_old_store(old)
    Store(new / "chapters.sqlite3").close()
    kept = migrate_store(old, new)
    assert kept.folder == new and "not moved" in kept.notice
    assert _read_texts(old) == texts


async def test_write_book_fetching_only_missing_writes_the_whole_book(
    server: SampleServer, store: Store, tmp_path: Path
) -> None:
    """What the window's "only chapters not yet stored" and "Start" call."""
    library = Library(store)
    target = BookTarget("txt", tmp_path, "gb18030")
    async with Downloader(store, fast_options(server)) as job:
        loaded = await job.load("1")
        part = await write_book(job, loaded, library, target, selection=loaded.chapters[:10])
        assert part.path == tmp_path / "测试之书 (第1-10章).txt" and not part.whole
        server.stats.chapter_requests.clear()
        whole = await write_book(job, loaded, library, target, fetch=loaded.missing())
    assert sum(server.stats.chapter_requests.values()) == 30
    assert whole.path == tmp_path / "测试之书.txt" and whole.whole and whole.chapters == 40
    records = {f.path: f for f in library.files(loaded.book)}
    assert records[whole.path].chapters == 40 and records[part.path].part == "第1-10章"
    again = target_from_record(records[whole.path])
    assert (again.fmt, again.out_dir, again.encoding) == ("txt", tmp_path, "gb18030")
