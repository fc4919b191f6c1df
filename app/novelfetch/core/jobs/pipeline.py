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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from novelfetch.core.jobs.book_writing import OWN_PROCESS_FROM, BookWriting, open_writing
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.progress import EventKind, ProgressCallback, ProgressEvent
from novelfetch.core.jobs.results import DownloadResult, LoadedBook
from novelfetch.core.models import Chapter
from novelfetch.core.text.options import TextOptions

RunBlocking = Callable[..., Awaitable[Any]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BookTarget:
    """What to write: format (``"epub"`` or ``"txt"``), folder, for TXT the encoding, and the
    text changes (replacement rules, 简/繁 conversion) made as the book is written."""

    fmt: str
    out_dir: Path
    encoding: str = "utf-8"
    text: TextOptions = field(default_factory=TextOptions)


@dataclass(frozen=True, slots=True)
class JobOutcome:
    result: DownloadResult
    path: Path | None  # None: not one chapter could be had, so no book was written
    chapters_written: int
    #: Replacement rules reported and skipped while writing (bad pattern, too slow).
    warnings: tuple[str, ...] = ()
    #: What the book holds, in order (empty when no book was written).
    written: tuple[Chapter, ...] = ()
    #: ``before_commit`` kept the existing file: the new one would have been the same.
    kept_existing: bool = False


async def fetch_and_write(
    job: Downloader,
    loaded: LoadedBook,
    chapters: Sequence[Chapter],
    target: BookTarget,
    on_progress: ProgressCallback | None = None,
    *,
    fetch: Sequence[Chapter] | None = None,
    run_blocking: RunBlocking = asyncio.to_thread,
    on_warning: Callable[[str], None] | None = None,
    stem: str | None = None,
    before_commit: Callable[[Sequence[Chapter]], bool] | None = None,
    own_process: bool | None = None,
) -> JobOutcome:
    """Fetch what is missing of ``chapters`` and write them as one book at ``target``.

    ``fetch`` limits the fetching to those chapters (the window's "Retry failed"); the book
    still holds every stored chapter of ``chapters``. ``run_blocking`` runs the writing off the
    event loop (chapters in batches as they settle, then the contents, package document and
    rename); the window passes its own worker-thread helper. ``on_warning`` hears of each
    replacement rule skipped (from the writing thread); the outcome lists them too. The
    target is checked before the first request. Raises what the download or the export
    raises; the temporary file is then gone, and every chapter fetched is in the store.

    ``stem`` names the file instead of the title. ``before_commit`` sees the chapters the
    finished book holds before it replaces anything: False keeps the existing file (the new
    one is discarded), an exception aborts (see ``bookfile.py``, the whole-book rule).

    ``own_process``: write the book in a process of its own (``book_writing.py``); None: when
    it has ``OWN_PROCESS_FROM`` chapters or more.
    """
    warnings: list[str] = []
    writer = open_writing(
        job.store,
        loaded.book,
        target.fmt,
        target.out_dir,
        encoding=target.encoding,
        text=target.text,
        on_warning=warnings.append if on_warning is None else _both(warnings, on_warning),
        stem=stem,
        run_blocking=run_blocking,
        own_process=len(chapters) >= OWN_PROCESS_FROM if own_process is None else own_process,
    )
    follower = _InOrder(loaded, chapters, writer)
    following = asyncio.ensure_future(follower.run())
    cover = asyncio.ensure_future(job.fetch_cover(loaded.book)) if target.fmt == "epub" else None
    try:
        # A folder that cannot be written (read-only, no permission, a file size limit) is
        # found by opening the book: before the first request, as the user was promised.
        await writer.opened()
        result = await job.fetch(
            loaded, chapters if fetch is None else fetch, follower.watch(on_progress)
        )
        follower.close()
        await following  # an export error (disk full) surfaces here, after the download
        image = await cover if cover is not None else None
    except BaseException:
        await _to_the_end(_abandon(writer, following, cover))
        raise
    # From here the writer's thread or process commits or discards the book, cancelled or not.
    return await _to_the_end(
        _complete(writer, result, tuple(follower.written), image, warnings, before_commit)
    )


async def _abandon(
    writer: BookWriting, following: asyncio.Future[None], cover: asyncio.Future[Any] | None
) -> None:
    """Stop feeding the writer and fetching the cover, then discard the book."""
    for task in (following, cover):
        if task is not None:
            task.cancel()
    await asyncio.gather(
        *(task for task in (following, cover) if task is not None), return_exceptions=True
    )
    await writer.discard()


async def _complete(
    writer: BookWriting,
    result: DownloadResult,
    written: tuple[Chapter, ...],
    image: bytes | None,
    warnings: list[str],
    before_commit: Callable[[Sequence[Chapter]], bool] | None,
) -> JobOutcome:
    """Finish the book, or discard it when it holds nothing or ``before_commit`` says so."""
    if writer.count == 0:
        await writer.discard()
        return JobOutcome(result, None, 0, tuple(warnings))
    try:
        keep_existing = before_commit is not None and not before_commit(written)
    except BaseException:
        await writer.discard()
        raise
    if keep_existing:
        await writer.discard()
        return JobOutcome(
            result, writer.path, writer.count, tuple(warnings), written, kept_existing=True
        )
    path = await writer.finish(image)
    return JobOutcome(result, path, writer.count, tuple(warnings), written)


async def _to_the_end(work: Awaitable[T]) -> T:
    """Await ``work`` to its end, even when cancelled meanwhile (the cancel is raised then).

    The writer belongs to its thread or process while a call runs, and a call cancelled
    before it began never runs: a cancel (or a second one, Cancel pressed twice) must not
    cut short the call that gives the writer back, or the discard that ends it.
    """
    running = asyncio.ensure_future(work)
    cancelled = False
    while True:
        try:
            outcome = await asyncio.shield(running)
        except asyncio.CancelledError:
            if running.done():
                if not running.cancelled():
                    running.exception()  # retrieved: the cancel is what the caller hears
                raise
            cancelled = True
            continue
        if cancelled:
            raise asyncio.CancelledError
        return outcome


class _InOrder:
    """Feeds the writer in reading order, each chapter as soon as it and all before it settle.

    The loop only decides which chapters have settled; reading their texts from the store,
    rendering and deflating them (about 150 µs a chapter) happens in the writer's thread or
    process (``book_writing.py``), a batch at a time, while the loop goes on with the
    downloads.
    """

    def __init__(
        self, loaded: LoadedBook, chapters: Sequence[Chapter], writer: BookWriting
    ) -> None:
        self._loaded, self._writer = loaded, writer
        self._pending = deque(chapters)
        # Failed, or paid (remembered or refused now): settled without a text.
        self._failed: set[str] = set(loaded.paid)
        self._settled = asyncio.Event()  # set when the chapter awaited next may have settled
        self._closed = False  # the download is over: what is not stored now never will be
        self.written: list[Chapter] = []  # added to the book, in order

    def watch(self, on_progress: ProgressCallback | None) -> ProgressCallback:
        """A progress callback that notes settled chapters, then passes every event on."""

        def callback(event: ProgressEvent) -> None:
            chapter = event.chapter
            if chapter is not None and event.kind in _SETTLING:
                if event.kind in (EventKind.CHAPTER_FAILED, EventKind.CHAPTER_PAID):
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
        while self._pending:
            batch = self._settled_batch()
            if batch:
                await self._write(batch)
            elif self._pending:
                self._settled.clear()
                await self._settled.wait()

    def _settled_batch(self) -> list[Chapter]:
        """The stored chapters among the settled ones at the head of the queue (at most a
        batch)."""
        stored = self._loaded.stored
        batch: list[Chapter] = []
        while self._pending and len(batch) < MAX_BATCH:
            chapter = self._pending[0]
            if chapter.chapter_id in stored:
                batch.append(chapter)
            elif not (self._closed or chapter.chapter_id in self._failed):
                break  # not settled yet: everything after it waits
            self._pending.popleft()
        return batch

    async def _write(self, batch: list[Chapter]) -> None:
        # The writer belongs to its thread or process until the call returns; only then may
        # it be discarded.
        self.written += await _to_the_end(self._writer.add_stored(batch))


# Chapters handed to the worker at once: bounds the text held in memory (a resumed download
# may find thousands of chapters settled at the start) at a few megabytes.
MAX_BATCH = 64
_SETTLING = frozenset({EventKind.CHAPTER_DONE, EventKind.CHAPTER_FAILED, EventKind.CHAPTER_PAID})


def _both(warnings: list[str], on_warning: Callable[[str], None]) -> Callable[[str], None]:
    def warn(message: str) -> None:
        warnings.append(message)
        on_warning(message)

    return warn
