"""Chapters fetched while the rest of a long catalog loads.

A rule source reads a catalog page by page, each page linking only the next: 20 pages at 50 ms
are a second before the book's last chapter is known (benchmark case 8), in which the chapters
of the first pages could already be coming in. The source tells what is settled after each
page (``Source.catalog_in_parts``); this fetches those chapters through the same gate as every
other request, and commits them as they come, so a kill during the catalog loses nothing.

It is a head start, never the download itself: each chapter is tried once (no retries: the
download proper retries what is missing under the usual rules, so a chapter failing here costs
at most one request more), and failures are not reported. ``finish`` stops taking new ones,
waits for those in flight and commits; the download then counts these as fetched by this run.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from novelfetch.core.errors import FetchError
from novelfetch.core.jobs.pause import PauseGate
from novelfetch.core.models import Book, Chapter
from novelfetch.core.net.retry import Gate, RetryPolicy
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.commit_group import CommitGroup

log = logging.getLogger(__name__)

ChapterText = Callable[[Book, Chapter], Awaitable[str]]


class EarlyChapters:
    """``offer`` settled chapters (before or after ``start``); ``finish`` at the end."""

    def __init__(
        self,
        store: Store,
        gate: Gate,
        chapter_text: ChapterText,
        *,
        workers: int,
        pause: PauseGate | None = None,
        retry_after_max: float = RetryPolicy().retry_after_max,
        paid_key: str = "",
    ) -> None:
        """``chapter_text`` is one try at a chapter's text, run through ``gate``; chapters
        refused for payment before with the cookie of ``paid_key`` are not asked again."""
        self._store, self._gate, self._chapter_text = store, gate, chapter_text
        self._workers, self._pause, self._retry_after_max = workers, pause, retry_after_max
        self._paid_key = paid_key
        self._known: set[str] = set()  # stored before, paid, or offered already
        self._queue: deque[Chapter] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._book: Book | None = None
        self._commits: CommitGroup | None = None
        self._open = True
        self._error: BaseException | None = None  # the store's (a full disk): fails the job
        #: Chapters committed by this head start: chapter ID → size of its text in UTF-8.
        self.fetched: dict[str, int] = {}
        self.started = 0.0  # time.monotonic() at ``start``

    def start(self, book: Book) -> None:
        """Fetching begins: the chapters' texts go into the store under ``book`` (those
        stored already, or refused for payment before, are not fetched)."""
        self._book = book
        self.started = time.monotonic()
        skip = self._store.stored_ids(book) | self._store.paid_ids(book, self._paid_key)
        self._known |= skip
        self._queue = deque(c for c in self._queue if c.chapter_id not in skip)
        self._commits = CommitGroup(self._store, book, self._committed)
        self._spawn()

    def offer(self, chapters: Iterable[Chapter]) -> None:
        for chapter in chapters:
            if chapter.chapter_id not in self._known and not chapter.paid:
                # Offered before ``start``: what is stored or paid is sorted out then.
                self._known.add(chapter.chapter_id)
                self._queue.append(chapter)
        self._spawn()

    async def finish(self) -> None:
        """No more: those in flight end, and everything fetched is committed."""
        await self._end(stop=False)

    async def cancel(self) -> None:
        """Stop at once (the catalog failed, the job was cancelled); keep what is fetched."""
        await self._end(stop=True)

    async def _end(self, *, stop: bool) -> None:
        self._open = False
        self._queue.clear()
        tasks = set(self._tasks)
        try:
            for task in tasks if stop else ():
                task.cancel()
            if tasks:
                await asyncio.wait(tasks)  # a cancel of the caller ends this wait, and the job
        finally:
            for task in tasks:
                task.cancel()
            if self._commits is not None:
                self._commits.commit()
        if self._error is not None:  # a store that failed fails the job, as it would later
            error, self._error = self._error, None
            raise error

    def _committed(self, items: list[tuple[Chapter, str]]) -> None:
        for chapter, text in items:
            self.fetched[chapter.chapter_id] = len(text.encode())

    def _spawn(self) -> None:
        if self._book is None or not self._open:
            return
        while len(self._tasks) < min(self._workers, len(self._queue)):
            task = asyncio.ensure_future(self._work())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _work(self) -> None:
        assert self._book is not None and self._commits is not None
        while self._open and self._queue:
            if self._pause is not None:
                await self._pause.wait()
                if not (self._open and self._queue):
                    return
            chapter = self._queue.popleft()
            try:
                text = await self._fetch(self._book, chapter)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # left to the download proper, which retries and says
                log.debug("chapter %d not fetched early: %s", chapter.index, error)
                continue
            try:
                self._commits.add(chapter, text)
            except BaseException as error:  # raised by ``finish`` or ``cancel``
                self._error = self._error or error
                self._open = False
                return

    async def _fetch(self, book: Book, chapter: Chapter) -> str:
        try:
            return await self._gate.run(lambda: self._chapter_text(book, chapter))
        except FetchError as error:
            if error.retry_after is not None:  # not retried here, but everyone waits as asked
                self._gate.hold_off(min(error.retry_after, self._retry_after_max))
            raise
