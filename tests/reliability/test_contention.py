"""One store, several processes: nothing corrupted, nothing duplicated, nothing moved aside
that was fine; and a store that really is damaged or foreign is moved aside, with a message.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import sys
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from novelfetch.core.errors import StoreError
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli
from tests.reliability.support import (
    download_args,
    epub_members,
    integrity,
    store_path,
    stored_chapters,
)

BOOK = SampleBook(
    "31", "两人同读", "甲乙", "", chapter_count=600, chars_per_chapter=300, chapters_per_volume=200
)
LIBRARY = {BOOK.book_id: BOOK}


def _count(cache: Path, query: str) -> int:
    db = sqlite3.connect(store_path(cache))
    try:
        return db.execute(query).fetchone()[0]
    finally:
        db.close()


@pytest.mark.slow
async def test_two_processes_downloading_one_book_corrupt_and_duplicate_nothing(
    tmp_path: Path,
) -> None:
    async with SampleServer(LIBRARY) as server:
        reference = await run_cli(*download_args(server, "31", tmp_path / "ref", tmp_path / "rc"))
        assert reference.code == 0, reference.err
        server.stats.reset()
        # The same store and the same output folder, started together on a fresh cache.
        args = download_args(server, "31", tmp_path / "out", tmp_path / "cache", "-j", "4")
        first, second = await asyncio.gather(run_cli(*args), run_cli(*args))
        requests = server.stats.chapter_requests
    for run in (first, second):
        assert run.code == 0, run.err
        assert "moved" not in run.err  # neither took the other's new store for a broken one
    cache = tmp_path / "cache"
    assert integrity(cache) == "ok"
    assert _count(cache, "SELECT count(*) FROM chapters") == BOOK.chapter_count
    assert _count(cache, "SELECT count(*) FROM catalog") == BOOK.chapter_count
    assert _count(cache, "SELECT count(*) FROM books") == 1
    assert stored_chapters(cache) == stored_chapters(tmp_path / "rc")
    assert max(requests.values()) <= 2  # each process asked at most once per chapter
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{BOOK.title}.epub"]
    assert epub_members(first.path) == epub_members(reference.path)
    assert not list(cache.glob("*.broken-*"))


def _open_store(path: str, start: Barrier) -> None:
    start.wait()
    with Store(Path(path)) as store:
        if store.moved_aside:
            sys.exit(3)


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_processes_opening_a_new_store_together_never_move_it_aside(tmp_path: Path) -> None:
    """Regression: a store half made by one process looked foreign or damaged to another.

    Before opening was serialised, 4 processes opening a new store together moved it aside
    in about 1 of 20 opens.
    """
    context = multiprocessing.get_context("fork")
    processes_per_round, rounds = 4, 30
    for round_number in range(rounds):
        path = tmp_path / str(round_number) / "chapters.sqlite3"
        path.parent.mkdir()
        start = context.Barrier(processes_per_round)
        workers = [
            context.Process(target=_open_store, args=(str(path), start))
            for _ in range(processes_per_round)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        assert [w.exitcode for w in workers] == [0] * processes_per_round, round_number
        assert sorted(p.name for p in path.parent.glob("*.broken-*")) == []


# --- damaged and foreign store files ---------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, just some bytes\n" * 200)


def _foreign(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
    db.execute("INSERT INTO recipes VALUES ('tea', 'boil water')")
    db.commit()
    db.close()


def _truncated(path: Path) -> None:
    """A real store cut short, as a full disk or a bad copy leaves it."""
    book = Book("baidu", "99", "别的书")
    chapters = [Chapter(i, str(i), f"第{i}章") for i in range(1, 200)]
    with Store(path) as store:
        store.save_book(book, chapters)
        for chapter in chapters:
            store.save_chapter(book, chapter, "字" * 2000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("spoil", [_garbage, _foreign, _truncated])
async def test_a_damaged_or_foreign_store_is_moved_aside_with_a_message(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    spoil(store_path(cache))
    spoiled = store_path(cache).read_bytes()
    async with SampleServer(LIBRARY) as server:
        result = await run_cli(
            *download_args(server, "31", tmp_path / "out", cache, "--chapters", "1-5")
        )
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    [moved] = cache.glob("chapters.sqlite3.broken-*")
    assert f"moved to {moved}" in result.err
    assert moved.read_bytes() == spoiled  # kept for the user, byte for byte
    assert integrity(cache) == "ok" and len(stored_chapters(cache)) == 5


def test_a_store_another_program_keeps_locked_is_not_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Busy is not broken: the store is left where it is, with all its chapters, and the
    message says why it cannot be used right now."""
    path = tmp_path / "chapters.sqlite3"
    with Store(path) as store:
        store.save_book(Book("baidu", "1", "书"), [Chapter(1, "1", "第一章")])
    other_program = sqlite3.connect(path, isolation_level=None)
    other_program.execute("PRAGMA locking_mode = EXCLUSIVE")
    other_program.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("novelfetch.core.store.chapter_store.BUSY_TIMEOUT", 0.2)
    try:
        with pytest.raises(StoreError, match="database is locked"):
            Store(path)
    finally:
        other_program.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "broken" in p.name) == []
    with Store(path) as store:
        assert store.load_book("baidu", "1") is not None
