"""One run of one queued job: a download by the whole-book rule, or an update of a library book.

Kept apart from the scheduling in ``core/jobs/queue.py``: these functions only turn a ``QueueJob``
into work and write the outcome back onto it; the queue decides when they run and tells its
listeners.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable

from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import RunBlocking
from novelfetch.core.jobs.progress import ProgressCallback
from novelfetch.core.jobs.queue_jobs import QueueJob
from novelfetch.core.library.book_files import write_book
from novelfetch.core.library.library import Library
from novelfetch.core.library.updates import update_books

OpenJob = Callable[[], Downloader]


async def run_download(
    job: QueueJob,
    open_job: OpenJob,
    library: Library,
    on_progress: ProgressCallback,
    run_blocking: RunBlocking,
    on_title: Callable[[], None],
) -> None:
    """Load the book, fetch what the file should hold and is not stored, write the file."""
    assert job.target is not None
    async with open_job() as downloader:
        # The whole book: chapters are fetched while a long catalog still loads.
        loaded = await downloader.load(job.book, fetch_early=job.chapters is None)
        selection = None
        if job.chapters is not None:
            wanted = set(job.chapters)
            selection = [c for c in loaded.chapters if c.chapter_id in wanted]
            if not selection:
                raise BadInputError(
                    "none of the chosen chapters is in the source's catalog any more"
                )
        if loaded.book.title and job.title != loaded.book.title:
            job.title = loaded.book.title
            on_title()
        # Rules scoped to a source by its address match this one.
        text = dataclasses.replace(job.target.text, source_url=downloader.source.describe())
        outcome = await write_book(
            downloader,
            loaded,
            library,
            dataclasses.replace(job.target, text=text),
            on_progress,
            selection=selection,
            force=job.force,
            run_blocking=run_blocking,
        )
    job.path, job.chapters_written, job.unchanged = (
        outcome.path,
        outcome.chapters,
        outcome.unchanged,
    )
    if outcome.result is not None:
        job.fetched, job.failed = outcome.result.fetched, len(outcome.result.failures)
        job.paid = len(outcome.result.paid)
    if outcome.path is None:
        raise NovelFetchError("no chapter could be fetched, so no book was written")


async def run_update(
    job: QueueJob, open_job: OpenJob, library: Library, on_progress: ProgressCallback
) -> None:
    """Check the library book, fetch its new chapters, rewrite every file written for it."""
    entry = library.entry(job.source, job.book_id)
    if entry is None:
        raise BadInputError(f"{job.title} is no longer in the library")
    reports = update_books(
        library,
        [entry],
        lambda _entry: open_job(),
        force=job.force,
        on_progress=lambda _entry: on_progress,
    )
    async for report in reports:
        if report.error:
            raise NovelFetchError(report.error)
        job.fetched, job.failed = report.fetched, len(report.failures)
        written = [f.outcome for f in report.files if f.outcome is not None]
        if written:
            first = written[0]
            job.path, job.chapters_written = first.path, first.chapters
            job.unchanged = all(outcome.unchanged for outcome in written)


class RunningJob:
    """A running job's task, and its downloader once it exists (pause acts on it)."""

    def __init__(self) -> None:
        self.task: asyncio.Task[None] | None = None
        self.downloader: Downloader | None = None
        self.cancelled_by_user = False
        self.remove_when_done = False  # removed while running: forgotten once it has stopped
