"""The store's log is checkpointed by a thread while a download commits, and by the commits
themselves again afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from novelfetch.core.models import Book, Chapter
from novelfetch.core.store import Store
from novelfetch.core.wal_checkpoint import WalCheckpointer

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


def test_the_thread_keeps_the_log_small_and_commits_checkpoint_again_after(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        store.save_book(BOOK, [])
        checkpoints = WalCheckpointer(store, interval=0)
        checkpoints.start()

        def after_commit() -> None:
            checkpoints.nudge()
            assert checkpoints.checkpointed.wait(10), "no checkpoint after a commit"
            checkpoints.checkpointed.clear()

        write_groups(store, 1, 12, after_commit)  # 12 MB
        # The store's connection did not checkpoint (it would at 4 MB), the thread did after
        # each commit, so the log was reused from its start: about one commit's size.
        assert wal_size(store) < 2 * MB
        checkpoints.stop()
        assert checkpoints.checkpoints >= 12

        write_groups(store, 1 + 12 * GROUP, 12)  # 12 MB more, no thread
        # The commits checkpoint again past 1,000 pages (4 MB); left off, the log would hold
        # all 12 MB.
        assert wal_size(store) < 8 * MB

    with Store(tmp_path / "store.sqlite3") as reopened:
        stored = reopened.stored_ids(BOOK)
        assert len(stored) == 24 * GROUP
        assert reopened.load_text(BOOK, Chapter(1, "1", "第1章")) == TEXT


def test_stopping_without_commits_is_quick_and_harmless(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        checkpoints = WalCheckpointer(store)
        checkpoints.start()
        checkpoints.stop()
        checkpoints.stop()  # twice: nothing happens
        assert checkpoints.checkpoints == 0
