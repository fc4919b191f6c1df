"""The SQLite chapter store on real files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store

BOOK = Book("baidu", "42", "书名", "作者", "简介", "https://example.com/c.jpg")
CHAPTERS = [
    Chapter(i, str(100 + i), f"第{i}章", "第一卷" if i < 3 else "", i == 4) for i in (1, 2, 3, 4)
]


def test_book_catalog_and_chapters_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        store.save_book(BOOK, CHAPTERS)
        store.save_chapter(BOOK, CHAPTERS[2], "三")
        store.save_chapter(BOOK, CHAPTERS[0], "一")
    with Store(path) as store:  # survives reopening
        assert store.load_book("baidu", "42") == (BOOK, CHAPTERS)
        assert store.stored_ids(BOOK) == {"101", "103"}
        texts = list(store.iter_texts(BOOK, CHAPTERS))
        assert [(t.chapter.index, t.text) for t in texts] == [(1, "一"), (3, "三")]
        assert store.load_book("baidu", "43") is None


def test_catalog_refresh_keeps_stored_chapters(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_book(BOOK, CHAPTERS)
        store.save_chapter(BOOK, CHAPTERS[1], "二")
        grown = [*CHAPTERS, Chapter(5, "105", "第5章")]
        store.save_book(BOOK, grown)
        assert store.load_book("baidu", "42")[1] == grown  # type: ignore[index]
        assert store.stored_ids(BOOK) == {"102"}


def test_cover_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_book(BOOK, CHAPTERS)
        assert store.load_cover(BOOK) is None
        store.save_cover(BOOK, b"\x89PNG...")
        store.save_book(BOOK, CHAPTERS)  # refreshing details keeps the cover
        assert store.load_cover(BOOK) == b"\x89PNG..."


def test_corrupt_file_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with Store(path) as store:
        assert store.moved_aside is not None and store.moved_aside.read_bytes().startswith(b"this")
        store.save_book(BOOK, CHAPTERS)
        assert store.load_book("baidu", "42") is not None


def test_foreign_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE songs (name TEXT)")
    with Store(path) as store:
        assert store.moved_aside is not None
    with sqlite3.connect(store.moved_aside) as other:  # the foreign data is untouched
        assert other.execute("SELECT count(*) FROM songs").fetchone() == (0,)


def test_our_own_file_is_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    with Store(path) as store:
        assert store.moved_aside is None
