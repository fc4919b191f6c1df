"""The store's log is checkpointed by a thread while a download commits, and by the commits
themselves again afterwards."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.wal_checkpoint import WalCheckpointer

BOOK = Book("sample", "1", "书", "作者")
TEXT = "字" * 10_000  # 30 KB a chapter
GROUP = 32  # about 1 MB a commit
MB = 1024 * 1024


def write_groups(
    store: Store, first: int, groups: int, after_commit: Callable[[], None] | None = None
) -> None:
    index = first
    for _ in range(groups):
        items = [(Chapter(i, str(i), f"第{i}章"), TEXT) for i in range(index, index + GROUP)]
        store.save_chapters(BOOK, items)
        index += GROUP
        if after_commit is not None:
            after_commit()


def wal_size(store: Store) -> int:
    return Path(f"{store.path}-wal").stat().st_size


async def test_the_worker_keeps_the_log_small_and_commits_checkpoint_again_after(
    tmp_path: Path,
) -> None:
    runs: list[asyncio.Future[Any]] = []

    def run_blocking(function: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        runs.append(asyncio.ensure_future(asyncio.to_thread(function, *args)))
        return runs[-1]

    with Store(tmp_path / "store.sqlite3") as store:
        store.save_book(BOOK, [])
        checkpoints = WalCheckpointer(store, run_blocking, interval=0)
        checkpoints.start()
        for group in range(12):  # 12 MB
            write_groups(store, 1 + group * GROUP, 1)
            checkpoints.nudge()
            await runs[-1]
        # The store's connection did not checkpoint (it would at 4 MB); the worker did after
        # each commit, so the log was reused from its start: about one commit's size.
        assert len(runs) == 12 and checkpoints.checkpoints == 12
        assert wal_size(store) < 2 * MB
        await checkpoints.stop()

        write_groups(store, 1 + 12 * GROUP, 12)  # 12 MB more, no worker
        # The commits checkpoint again past 1,000 pages (4 MB); left off, the log would hold
        # all 12 MB.
        assert wal_size(store) < 8 * MB

    with Store(tmp_path / "store.sqlite3") as reopened:
        assert len(reopened.stored_ids(BOOK)) == 24 * GROUP
        assert reopened.load_text(BOOK, Chapter(1, "1", "第1章")) == TEXT


async def test_one_checkpoint_at_a_time_and_stop_waits_for_it(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        store.save_book(BOOK, [])
        checkpoints = WalCheckpointer(store, interval=0)
        checkpoints.start()
        write_groups(store, 1, 1)
        checkpoints.nudge()
        write_groups(store, 1 + GROUP, 1)
        checkpoints.nudge()  # the first is still under way: no second one at once…
        assert checkpoints.checkpoints <= 1
        await checkpoints.stop()
        assert checkpoints.checkpoints == 2  # …but stop checkpoints what came after it
        await checkpoints.stop()  # twice: nothing happens
        checkpoints.nudge()  # stopped: nothing starts
        assert checkpoints.checkpoints == 2


async def test_stop_leaves_no_pages_for_the_next_commit_to_copy(tmp_path: Path) -> None:
    """The first commit after a download runs on the loop: with pages left in the log it
    would copy them itself (20 ms after a fast download)."""
    with Store(tmp_path / "store.sqlite3") as store:
        store.save_book(BOOK, [])
        checkpoints = WalCheckpointer(store, interval=60)  # one checkpoint, at the start
        checkpoints.start()
        for group in range(8):
            write_groups(store, 1 + group * GROUP, 1)
            checkpoints.nudge()
        await checkpoints.stop()
        # The first (started by the first commit), then one for the seven commits after it:
        # their pages copied by the worker, not by the next commit on the loop.
        assert checkpoints.checkpoints == 2


class HeldConnection:
    """A checkpointer's connection whose next statement waits for ``release``: a checkpoint
    under way in its thread, for as long as a test needs."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self.executing, self.release = threading.Event(), threading.Event()
        self.closed_in_use = False
        self._in_use = False

    def execute(self, sql: str) -> sqlite3.Cursor:
        self._in_use = True
        self.executing.set()
        self.release.wait(30)
        try:
            return self._connection.execute(sql)
        finally:
            self._in_use = False

    def close(self) -> None:
        self.closed_in_use = self.closed_in_use or self._in_use
        self._connection.close()


async def test_a_checkpoint_whose_task_was_cancelled_keeps_its_connection_to_its_end(
    tmp_path: Path,
) -> None:
    # A second Ctrl-C: the job's stop is cut short, then the loop's shutdown cancels every
    # task, the checkpoint's too, whose thread goes on; the connection was closed under it
    # (the command line died of a segmentation fault).
    with Store(tmp_path / "store.sqlite3") as store:
        store.save_book(BOOK, [])
        checkpoints = WalCheckpointer(store, asyncio.to_thread, interval=0)
        held = HeldConnection(sqlite3.connect(store.path, check_same_thread=False))
        checkpoints._db = held  # type: ignore[assignment]
        original_close = checkpoints._close

        def close() -> None:
            # The thread lets its statement go on once a close is asked for, as it would.
            held.release.set()
            original_close()

        checkpoints._close = close  # type: ignore[method-assign]
        checkpoints.start()
        write_groups(store, 1, 1)
        checkpoints.nudge()
        running = checkpoints._running
        assert running is not None
        await asyncio.to_thread(held.executing.wait, 30)
        running.cancel()  # as the loop's shutdown does
        await checkpoints.stop()
        assert not held.closed_in_use
        assert checkpoints.checkpoints == 1
