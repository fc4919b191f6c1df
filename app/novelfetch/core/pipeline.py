"""The whole job: fetch a book's chapters and write the book while they arrive.

The command line and the window both run ``fetch_and_write``. The book file is written as the
download goes, chapter by chapter in reading order, so when the last chapter arrives only the
contents and package files remain to be written: a 2,000-chapter EPUB is ready ~0.3 s sooner
than when written after the download (benchmark case 1), and no chapter text is held in memory
for it. Each chapter goes into the book once it and every chapter before it are settled
(stored, or failed for good); failed chapters are left out. The store stays the source of
truth: a chapter is added to the book only after its commit, and a cancel or crash loses
nothing but the half-written temporary file.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .downloader import Downloader, DownloadResult, LoadedBook
from .export import BookWriter, open_book_writer
from .models import Chapter, ChapterText
from .progress import EventKind, ProgressCallback, ProgressEvent
from .store import Store

RunBlocking = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class BookTarget:
    """What to write: format (``"epub"`` or ``"txt"``), folder and, for TXT, encoding."""

    fmt: str
    out_dir: Path
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class JobOutcome:
    result: DownloadResult
    path: Path | None  # None: not one chapter could be had, so no book was written
    chapters_written: int


async def fetch_and_write(
    job: Downloader,
    loaded: LoadedBook,
    chapters: Sequence[Chapter],
    target: BookTarget,
    on_progress: ProgressCallback | None = None,
    *,
    fetch: Sequence[Chapter] | None = None,
    run_blocking: RunBlocking = asyncio.to_thread,
) -> JobOutcome:
    """Fetch what is missing of ``chapters`` and write them as one book at ``target``.

    ``fetch`` limits the fetching to those chapters (the window's "Retry failed"); the book
    still holds every stored chapter of ``chapters``. ``run_blocking`` runs the final step (the
    contents, package document and rename: tens of milliseconds for a long book) off the event
    loop; the window passes its own worker-thread helper. The target is checked before the
    first request. Raises what the download or the export raises; the temporary file is then
    gone, and every chapter fetched is in the store.
    """
    writer = open_book_writer(loaded.book, target.fmt, target.out_dir, encoding=target.encoding)
    follower = _InOrder(job.store, loaded, chapters, writer)
    following = asyncio.ensure_future(follower.run())
    cover = asyncio.ensure_future(job.fetch_cover(loaded.book)) if target.fmt == "epub" else None
    finishing = False
    try:
        result = await job.fetch(
            loaded, chapters if fetch is None else fetch, follower.watch(on_progress)
        )
        follower.close()
        await following  # an export error (disk full) surfaces here, after the download
        image = await cover if cover is not None else None
        if writer.count == 0:
            writer.discard()
            return JobOutcome(result, None, 0)
        finishing = True  # from here the worker owns the writer: it commits or discards it
        path = await run_blocking(writer.finish, image)
        return JobOutcome(result, path, writer.count)
    except BaseException:
        for task in (following, cover):
            if task is not None:
                task.cancel()
        await asyncio.gather(
            *(task for task in (following, cover) if task is not None), return_exceptions=True
        )
        if not finishing:
            writer.discard()
        raise


class _InOrder:
    """Feeds the writer in reading order, each chapter as soon as it and all before it settle."""

    def __init__(
        self, store: Store, loaded: LoadedBook, chapters: Sequence[Chapter], writer: BookWriter
    ) -> None:
        self._store, self._loaded, self._writer = store, loaded, writer
        self._pending = deque(chapters)
        self._failed: set[str] = set()
        self._settled = asyncio.Event()  # set when the chapter awaited next may have settled
        self._closed = False  # the download is over: what is not stored now never will be

    def watch(self, on_progress: ProgressCallback | None) -> ProgressCallback:
        """A progress callback that notes settled chapters, then passes every event on."""

        def callback(event: ProgressEvent) -> None:
            chapter = event.chapter
            if chapter is not None and event.kind in _SETTLING:
                if event.kind is EventKind.CHAPTER_FAILED:
                    self._failed.add(chapter.chapter_id)
                if self._pending and self._pending[0].chapter_id == chapter.chapter_id:
                    self._settled.set()
            if on_progress is not None:
                on_progress(event)

        return callback

    def close(self) -> None:
        self._closed = True
        self._settled.set()

    async def run(self) -> None:
        book, stored = self._loaded.book, self._loaded.stored
        while self._pending:
            chapter = self._pending[0]
            if chapter.chapter_id in stored:
                self._pending.popleft()
                text = self._store.load_text(book, chapter)
                if text is not None:
                    self._writer.add(ChapterText(chapter, text))
                # One chapter per turn of the loop, so a long run of chapters stored earlier
                # never holds up the window or the downloads.
                await asyncio.sleep(0)
            elif self._closed or chapter.chapter_id in self._failed:
                self._pending.popleft()
            else:
                self._settled.clear()
                await self._settled.wait()


_SETTLING = frozenset({EventKind.CHAPTER_DONE, EventKind.CHAPTER_FAILED})
