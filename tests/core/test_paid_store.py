"""Paid marks in the store: kept per cookie digest, added to stores made before they existed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from novelfetch.core.jobs.results import cookie_hash
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store

BOOK = Book("baidu", "3", "付费之书")
CHAPTER = Chapter(5, "c5", "第五章", paid=True)


def test_paid_marks_are_per_cookie_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "chapters.sqlite3"
    with Store(path) as store:
        store.mark_paid(BOOK, CHAPTER, cookie_hash(""))
        assert store.paid_ids(BOOK, cookie_hash("")) == {"c5"}
        assert store.paid_ids(BOOK, cookie_hash("BDUSS=x")) == set()
        assert store.paid_ids(Book("baidu", "4", "别的书"), cookie_hash("")) == set()
    with Store(path) as store:
        assert store.paid_ids(BOOK, cookie_hash("")) == {"c5"}
        store.mark_paid(BOOK, CHAPTER, cookie_hash("BDUSS=x"))  # asked again with a new cookie
        assert store.paid_ids(BOOK, cookie_hash("BDUSS=x")) == {"c5"}
        assert store.paid_ids(BOOK, cookie_hash("")) == set()
    files = b"".join(p.read_bytes() for p in tmp_path.glob(path.name + "*"))
    assert b"BDUSS=x" not in files


def test_a_store_made_before_paid_marks_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "chapters.sqlite3"
    with Store(path) as store:
        store.save_chapter(BOOK, Chapter(1, "c1", "第一章"), "正文")
    db = sqlite3.connect(path)
    db.execute("DROP TABLE paid_chapters")  # as an older NovelFetch left it
    db.close()
    with Store(path) as store:
        assert store.stored_ids(BOOK) == {"c1"}
        store.mark_paid(BOOK, CHAPTER, cookie_hash(""))
        assert store.paid_ids(BOOK, cookie_hash("")) == {"c5"}
