"""Checking library books for new chapters, and updating them: fetch what is new, rewrite files.

Books of different sources are checked and updated at once; books of one source take turns
(``per_source`` at a time), so one site never sees more than one job's requests from here. A
politeness gate shared with other work can replace that turn-taking: pass ``source_slot``, a
function giving an async context manager per source id (``core/net/politeness.py`` ``Gates``).

Update rewrites every whole-book file written for the book before, in place and atomically,
with the same format and options: the first while the new chapters download, the others from
the store. A file that is gone, or that a person has since changed, is not written again: a
file the user deleted stays deleted, and one they edited is theirs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from novelfetch.core.concurrency import as_they_finish
from novelfetch.core.errors import NovelFetchError
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import RunBlocking
from novelfetch.core.jobs.progress import ProgressCallback
from novelfetch.core.jobs.results import ChapterFailure
from novelfetch.core.library.book_files import (
    BookOutcome,
    export_from_store,
    target_from_record,
    write_book,
)
from novelfetch.core.library.library import Library, LibraryEntry

__all__ = ["BookUpdate", "FileUpdate", "update_books"]

SourceSlot = Callable[[str], AbstractAsyncContextManager[object]]
OpenJob = Callable[[LibraryEntry], Downloader]


@dataclass(frozen=True, slots=True)
class FileUpdate:
    path: str
    outcome: BookOutcome | None = None  # None: not written (``skipped`` says why)
    skipped: str = ""


@dataclass(slots=True)
class BookUpdate:
    """What a check or update did to one book."""

    entry: LibraryEntry  # as it was before
    new: int = 0  # chapters waiting to be fetched after the check (new ones and earlier failures)
    removed: int = 0  # stored chapters the source no longer lists
    fetched: int = 0
    failures: list[ChapterFailure] = field(default_factory=list)
    files: list[FileUpdate] = field(default_factory=list)
    error: str = ""  # the book could not be checked (source unreachable, …)

    @property
    def ok(self) -> bool:
        return not self.error and not self.failures


async def update_books(
    library: Library,
    entries: Sequence[LibraryEntry],
    open_job: OpenJob,
    *,
    check_only: bool = False,
    force: bool = False,
    per_source: int = 1,
    source_slot: SourceSlot | None = None,
    on_progress: Callable[[LibraryEntry], ProgressCallback | None] | None = None,
    run_blocking: RunBlocking = asyncio.to_thread,
) -> AsyncIterator[BookUpdate]:
    """Check (and unless ``check_only`` update) ``entries``; yield each book's report when done.

    ``open_job`` gives an unopened ``Downloader`` for an entry's source (options, cookies).
    Errors of one book (its source unreachable, a file that cannot be written) are reported in
    its ``BookUpdate``; the others go on. Cancelling stops every book; what was fetched stays.
    ``run_blocking`` runs the writing off the loop (the window passes its worker helper).
    """
    semaphores: dict[str, asyncio.Semaphore] = {}

    def slot(source: str) -> AbstractAsyncContextManager[object]:
        if source_slot is not None:
            return source_slot(source)
        return semaphores.setdefault(source, asyncio.Semaphore(per_source))

    async def one(entry: LibraryEntry) -> BookUpdate:
        report = BookUpdate(entry)
        async with slot(entry.book.source):
            try:
                await _update_one(
                    library,
                    entry,
                    open_job(entry),
                    report,
                    check_only,
                    force,
                    on_progress,
                    run_blocking,
                )
            except NovelFetchError as error:
                report.error = str(error)
        return report

    # aclosing: a caller leaving early cancels the checks still running, at once.
    async with contextlib.aclosing(as_they_finish(one(entry) for entry in entries)) as reports:
        async for report in reports:
            yield report


async def _update_one(
    library: Library,
    entry: LibraryEntry,
    job: Downloader,
    report: BookUpdate,
    check_only: bool,
    force: bool,
    on_progress: Callable[[LibraryEntry], ProgressCallback | None] | None,
    run_blocking: RunBlocking,
) -> None:
    async with job:
        loaded = await job.load(entry.reference)
        book = loaded.book
        order = library.record_catalog(book, entry.reference, loaded.chapters)
        missing = [
            item.chapter
            for item in order
            if not item.removed and item.chapter.chapter_id not in loaded.stored
        ]
        report.new = len(missing)
        report.removed = sum(item.removed for item in order)
        if check_only:
            return
        files = [f for f in library.files(book) if f.whole]
        writable = []
        for record in files:
            if not record.path.exists():
                report.files.append(FileUpdate(str(record.path), skipped="it is gone"))
            elif not record.unchanged_on_disk():
                report.files.append(
                    FileUpdate(str(record.path), skipped="it was changed since NovelFetch wrote it")
                )
            else:
                writable.append(record)
        progress = on_progress(entry) if on_progress else None
        if not writable:
            if missing:
                result = await job.fetch(loaded, missing, progress)
                report.fetched, report.failures = result.fetched, result.failures
                if result.fetched:
                    library.mark_updated(book)
            return
        first, *others = writable
        outcome = await write_book(
            job,
            loaded,
            library,
            target_from_record(first),
            progress,
            fetch=missing,
            force=force,
            stem=first.path.stem,
            run_blocking=run_blocking,
        )
        if outcome.result is not None:
            report.fetched, report.failures = outcome.result.fetched, outcome.result.failures
        report.files.append(FileUpdate(str(first.path), outcome))
        for record in others:
            try:
                written = export_from_store(
                    library.store,
                    library,
                    book,
                    target_from_record(record),
                    force=force,
                    stem=record.path.stem,
                )
            except NovelFetchError as error:
                report.files.append(FileUpdate(str(record.path), skipped=str(error)))
            else:
                report.files.append(FileUpdate(str(record.path), written))
