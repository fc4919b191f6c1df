"""The download queue: books queued for download or update, at most K running at once.

Politeness is not the queue's business: every job's ``Downloader`` takes its source's gate
from the one shared ``Gates``, so two jobs (and a search) on one site together never have more
requests in flight than that site's limit, while jobs on different sites run side by side.
The queue only decides which jobs run: the oldest queued ones, ``max_jobs`` at a time. A paused
job keeps its place among them (its requests under way finish, then it waits); pause a queued
job to hold it back.

Each download is written by the whole-book rule (``bookfile.write_book``); an update is
``updates.update_books`` for one library book. Cancelling a job stops it; every chapter already
fetched stays in the store. Listeners hear of every change through a plain callback, and the
unfinished jobs are saved to ``state_path`` (JSON, written atomically) whenever one is added or
changes state, so ``restore`` on the next start brings them back (a running job as queued).

Qt-free; use from the event loop's thread (the store is used there).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from novelfetch.core.errors import BadInputError, NovelFetchError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget, RunBlocking
from novelfetch.core.jobs.progress import ProgressEvent
from novelfetch.core.jobs.queue_jobs import (
    QUEUE_FILE,
    JobKind,
    JobState,
    Listener,
    QueueEvent,
    QueueJob,
    load_jobs,
    save_jobs,
)
from novelfetch.core.jobs.queue_runs import RunningJob, run_download, run_update
from novelfetch.core.library.book_files import WouldShrinkError
from novelfetch.core.library.library import Library
from novelfetch.core.net.gates import Gates
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store

__all__ = [
    "QUEUE_FILE",
    "DownloadQueue",
    "JobKind",
    "JobState",
    "QueueEvent",
    "QueueJob",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_JOBS = 2
MAX_JOBS = 8
OptionsFactory = Callable[[str, int], DownloadOptions]


def _default_options(source: str, concurrency: int) -> DownloadOptions:
    return DownloadOptions(source=source, concurrency=concurrency)


class DownloadQueue:
    """``queue.add_download(…)``; listeners hear of it as it goes. See the module's notes."""

    def __init__(
        self,
        store: Store | Callable[[], Store],
        registry: SourceRegistry | None = None,
        gates: Gates | None = None,
        *,
        max_jobs: int = DEFAULT_MAX_JOBS,
        state_path: Path | None = None,
        options: OptionsFactory = _default_options,
        run_blocking: RunBlocking = asyncio.to_thread,
    ) -> None:
        self._store = store
        self.registry = registry or SourceRegistry.builtin_only()
        #: One gate per source, shared with every other job (and search) using these gates.
        self.gates = gates or Gates()
        self._max_jobs = _clamp(max_jobs)
        self.state_path = state_path
        self._options = options
        self._run_blocking = run_blocking
        self._jobs: list[QueueJob] = []
        self._running: dict[str, RunningJob] = {}
        self._listeners: list[Listener] = []
        self._library: Library | None = None
        self._closing = False

    # --- listening ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _tell(self, event: QueueEvent, job: QueueJob) -> None:
        for listener in list(self._listeners):
            try:
                listener(event, job)
            except Exception:  # a broken listener must not stop the queue
                log.exception("a download-queue listener failed")

    # --- what is queued -------------------------------------------------------------------

    @property
    def jobs(self) -> list[QueueJob]:
        """Every job, oldest first (finished ones until removed)."""
        return list(self._jobs)

    def get(self, job_id: str) -> QueueJob:
        for job in self._jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)

    @property
    def max_jobs(self) -> int:
        return self._max_jobs

    @max_jobs.setter
    def max_jobs(self, value: int) -> None:
        """More jobs start at once when raised; running ones finish when lowered."""
        self._max_jobs = _clamp(value)
        self._pump()

    @property
    def running(self) -> int:
        """Jobs holding a place among the ``max_jobs`` (running or paused while running)."""
        return len(self._running)

    def add_download(
        self,
        source: str,
        book: str,
        target: BookTarget,
        *,
        title: str = "",
        chapters: Iterable[str] | None = None,
        concurrency: int = 8,
        force: bool = False,
    ) -> QueueJob:
        """Queue a book: ``chapters`` (IDs) a part of it, None the whole book."""
        self.registry.get(source)  # an unknown source is refused now, not when its turn comes
        job = QueueJob(
            JobKind.DOWNLOAD,
            source,
            book,
            title or book,
            target,
            None if chapters is None else tuple(chapters),
            concurrency,
            force,
        )
        return self._add(job)

    def add_update(self, source: str, book_id: str, *, concurrency: int = 8) -> QueueJob:
        """Queue an update of a library book: fetch its new chapters, rewrite its files."""
        entry = self.library.entry(source, book_id)
        if entry is None:
            raise BadInputError(f"{source}:{book_id} is not in the library")
        job = QueueJob(
            JobKind.UPDATE,
            source,
            entry.reference,
            entry.book.title or book_id,
            concurrency=concurrency,
            book_id=book_id,
        )
        return self._add(job)

    def _add(self, job: QueueJob) -> QueueJob:
        self._jobs.append(job)
        self._tell(QueueEvent.ADDED, job)
        self._save()
        self._pump()
        return job

    # --- acting on a job ------------------------------------------------------------------

    def pause(self, job_id: str) -> None:
        """A running job lets its requests under way finish and then waits; a queued one is
        held back until resumed."""
        job = self.get(job_id)
        if job.state not in (JobState.QUEUED, JobState.RUNNING):
            return
        running = self._running.get(job_id)
        if running is not None and running.downloader is not None:
            running.downloader.pause_gate.pause()
        self._set_state(job, JobState.PAUSED)

    def resume(self, job_id: str) -> None:
        job = self.get(job_id)
        if job.state is not JobState.PAUSED:
            return
        running = self._running.get(job_id)
        if running is None:
            self._set_state(job, JobState.QUEUED)
            self._pump()
            return
        if running.downloader is not None:
            running.downloader.pause_gate.resume()
        self._set_state(job, JobState.RUNNING)

    def cancel(self, job_id: str) -> None:
        """Stop the job; chapters already fetched stay in the store."""
        job = self.get(job_id)
        if job.finished:
            return
        running = self._running.get(job_id)
        if running is not None and running.task is not None:
            running.cancelled_by_user = True
            running.task.cancel()  # the task sets the state once it has wound down
            return
        self._set_state(job, JobState.CANCELLED)

    def retry(self, job_id: str, *, force: bool = False) -> None:
        """Queue a failed or cancelled job again (chapters already stored are not fetched);
        ``force``: this time replace a book file even if it holds more chapters."""
        job = self.get(job_id)
        if job.state in (JobState.FAILED, JobState.CANCELLED):
            job.force = job.force or force
            job.reset_progress()
            self._set_state(job, JobState.QUEUED)
            self._pump()

    def remove(self, job_id: str) -> None:
        """Forget a finished job (a running one is cancelled first)."""
        job = self.get(job_id)
        if not job.finished:
            self.cancel(job_id)
            running = self._running.get(job_id)
            if running is not None:  # still winding down: removed when its task ends
                running.remove_when_done = True
                return
        self._jobs.remove(job)
        self._tell(QueueEvent.REMOVED, job)
        self._save()

    def remove_finished(self) -> None:
        for job in [job for job in self._jobs if job.finished]:
            self.remove(job.id)

    # --- saving and restoring -------------------------------------------------------------

    def restore(self) -> list[QueueJob]:
        """Bring back the unfinished jobs saved by an earlier queue on ``state_path``.

        A job that was running comes back queued; a paused one stays paused. The queued ones
        start when there is a running event loop (now, or at the next change).
        """
        if self.state_path is None:
            return []
        known = {job.id for job in self._jobs}
        restored = []
        for job in load_jobs(self.state_path):
            if job.id in known or job.finished:
                continue
            if job.state is JobState.RUNNING:
                job.state = JobState.QUEUED
            self._jobs.append(job)
            restored.append(job)
            self._tell(QueueEvent.ADDED, job)
        self._pump()
        return restored

    def _save(self) -> None:
        if self.state_path is None:
            return
        unfinished = [job for job in self._jobs if not job.finished]
        try:
            save_jobs(self.state_path, unfinished)
        except OSError as error:  # the queue goes on; only its memory across starts suffers
            log.warning("cannot save the download queue to %s: %s", self.state_path, error)

    # --- running --------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if not isinstance(self._store, Store):
            self._store = self._store()
        return self._store

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = Library(self.store)
        return self._library

    def _set_state(self, job: QueueJob, state: JobState) -> None:
        if job.state is not state:
            job.state = state
            self._tell(QueueEvent.CHANGED, job)
            self._save()

    def start(self) -> None:
        """Start queued jobs now if there is room (adding, resuming and finishing do this by
        themselves; for a queue restored before the event loop ran)."""
        self._pump()

    def _pump(self) -> None:
        """Start the oldest queued jobs while fewer than ``max_jobs`` run."""
        if self._closing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not yet: the first change inside the loop starts them
        for job in list(self._jobs):
            if len(self._running) >= self._max_jobs:
                return
            if job.state is JobState.QUEUED and job.id not in self._running:
                running = self._running[job.id] = RunningJob()
                job.reset_progress()
                # The task first: a listener told "running" may cancel it at once.
                task = loop.create_task(self._run(job, running), name=f"queue {job.id}")
                task.add_done_callback(functools.partial(self._ended, job, running))
                running.task = task
                self._set_state(job, JobState.RUNNING)

    async def _run(self, job: QueueJob, running: RunningJob) -> None:
        try:
            open_job = functools.partial(self._open, job, running)
            if job.kind is JobKind.UPDATE:
                await run_update(job, open_job, self.library, self._progress(job))
            else:
                await run_download(
                    job,
                    open_job,
                    self.library,
                    self._progress(job),
                    self._run_blocking,
                    lambda: self._tell(QueueEvent.CHANGED, job),
                )
        except WouldShrinkError as error:
            job.error, job.would_shrink = str(error), True  # ``retry(force=True)`` replaces it
            self._set_state(job, JobState.FAILED)
        except (NovelFetchError, OSError) as error:
            job.error = str(error)
            self._set_state(job, JobState.FAILED)
        except Exception as error:  # a bug in one job must not stop the others
            log.exception("queued job %s failed unexpectedly", job.title)
            job.error = f"unexpected error: {error!r}"
            self._set_state(job, JobState.FAILED)
        else:
            self._set_state(job, JobState.DONE)

    def _ended(self, job: QueueJob, running: RunningJob, task: asyncio.Task[None]) -> None:
        """The job's task is over, however it ended (even cancelled before it began)."""
        if task.cancelled() and running.cancelled_by_user:
            self._set_state(job, JobState.CANCELLED)
        # Cancelled otherwise: the app is closing, and the job stays saved as unfinished.
        del self._running[job.id]
        if running.remove_when_done and job in self._jobs:
            self._jobs.remove(job)
            self._tell(QueueEvent.REMOVED, job)
            self._save()
        self._pump()

    def _open(self, job: QueueJob, running: RunningJob) -> Downloader:
        downloader = Downloader(
            self.store,
            self._options(job.source, job.concurrency),
            registry=self.registry,
            gates=self.gates,
        )
        running.downloader = downloader
        if job.state is JobState.PAUSED:  # paused before its downloader existed
            downloader.pause_gate.pause()
        return downloader

    def _progress(self, job: QueueJob) -> Callable[[ProgressEvent], None]:
        def on_progress(event: ProgressEvent) -> None:
            job.note_progress(event)
            self._tell(QueueEvent.PROGRESS, job)

        return on_progress

    async def shutdown(self) -> None:
        """Stop every running job, keeping it saved as unfinished for the next start."""
        self._closing = True
        self._save()
        tasks = [r.task for r in self._running.values() if r.task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


def _clamp(value: int) -> int:
    return min(max(int(value), 1), MAX_JOBS)
