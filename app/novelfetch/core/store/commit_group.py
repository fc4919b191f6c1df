"""Chapters committed to the store in small groups instead of one transaction each.

A commit costs about 60 µs whatever it holds; a group of a few dozen chapters shares one. A
group is committed when it is full or ``max_delay`` after its first chapter, whichever comes
first, so a slow source's chapters still count within milliseconds. Only then are they
reported (``on_committed``): a chapter counts as done, for progress, for the book and for
"nothing lost", once it is on disk, so a kill loses nothing that was reported. A group that
does not fit (a full disk) is stored chapter by chapter as far as it goes before the error
is raised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from novelfetch.core.errors import StoreError
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store

MAX_ITEMS = 32
MAX_DELAY = 0.005  # seconds

Committed = Callable[[list[tuple[Chapter, str]]], None]


class CommitGroup:
    """``add`` fetched chapters; ``commit`` (also at the end) writes and reports the rest."""

    def __init__(
        self,
        store: Store,
        book: Book,
        on_committed: Committed,
        *,
        max_items: int = MAX_ITEMS,
        max_delay: float = MAX_DELAY,
    ) -> None:
        self._store, self._book, self._on_committed = store, book, on_committed
        self._max_items, self._max_delay = max_items, max_delay
        self._items: list[tuple[Chapter, str]] = []
        self._timer: asyncio.TimerHandle | None = None
        # A timed commit that failed (disk full): raised to the next caller of add or commit.
        self._error: BaseException | None = None

    def add(self, chapter: Chapter, text: str) -> None:
        self._raise_pending()
        self._items.append((chapter, text))
        if len(self._items) >= self._max_items:
            self.commit()
        elif self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self._max_delay, self._commit_on_time)

    def commit(self) -> None:
        """Write the pending chapters in one transaction, then report them."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._raise_pending()
        if not self._items:
            return
        items, self._items = self._items, []
        try:
            self._store.save_chapters(self._book, items)
        except StoreError:
            # The group does not fit (a full disk): keep as many of its chapters as do.
            kept = self._save_one_by_one(items)
            if kept:
                self._on_committed(kept)
            raise
        self._on_committed(items)

    def _save_one_by_one(self, items: list[tuple[Chapter, str]]) -> list[tuple[Chapter, str]]:
        kept: list[tuple[Chapter, str]] = []
        for chapter, text in items:
            try:
                self._store.save_chapter(self._book, chapter, text)
            except StoreError:
                break
            kept.append((chapter, text))
        return kept

    def _commit_on_time(self) -> None:
        self._timer = None
        try:
            self.commit()
        except Exception as error:  # handed to the next caller, not lost
            self._error = error

    def _raise_pending(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
