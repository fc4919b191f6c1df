"""The async orchestration behind the window: load, download, pause, cancel, retry, write.

Everything network-bound runs as tasks on the Qt thread's asyncio loop (qasync); writing the
book, which goes on beside the download (``core.jobs.pipeline``), is CPU work and runs in
worker threads. The controller knows nothing about widgets: it reports through signals, and
expected failures (``NovelFetchError``, ``OSError``) become messages instead of exceptions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from novelfetch.core.errors import ExportError, NovelFetchError
from novelfetch.core.export import prepare_output_folder
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.results import ChapterFailure, DownloadResult, LoadedBook
from novelfetch.core.library.book_files import BookOutcome, WouldShrinkError, write_book
from novelfetch.core.library.library import Library
from novelfetch.core.models import Chapter
from novelfetch.core.net.gates import Gates
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.text.options import TextOptions
from novelfetch.gui.app.i18n import error_text, fill, source_name
from novelfetch.gui.app.progress_adapter import ProgressAdapter, ProgressBatch
from novelfetch.gui.app.store_opener import StoreOpener
from novelfetch.gui.app.tasks import ErrorReporter, TaskKeeper
from novelfetch.gui.app.worker_thread import in_worker_thread
from novelfetch.gui.pages.book.job_state import BUSY, DownloadPlan, JobState
from novelfetch.gui.pages.book.written_report import WrittenReport
from novelfetch.gui.window.message_bar import Level

log = logging.getLogger(__name__)

OptionsFactory = Callable[[str, int], DownloadOptions]


class JobController(QObject):
    state_changed = Signal(object)  # JobState
    book_loaded = Signal(object)  # LoadedBook
    cover_loaded = Signal(object)  # bytes | None
    progressed = Signal(object)  # ProgressBatch
    run_started = Signal(int, object)  # chapters to fetch, the chapters being retried
    failures_changed = Signal(int)
    book_written = Signal(object)  # Path
    cancelled = Signal(int, int)  # chosen chapters now stored, chosen chapters
    #: The book file would hold fewer chapters than the one it replaces: ask first (message).
    would_shrink = Signal(str)
    politeness_changed = Signal(object)  # GateStatus of the source being downloaded from
    message = Signal(object, str)  # Level, text

    def __init__(
        self,
        store_dir: Path | None,
        options: OptionsFactory,
        on_error: ErrorReporter,
        parent: QObject | None = None,
        registry: SourceRegistry | None = None,
    ) -> None:
        super().__init__(parent)
        #: Every source the window can use; the only way it reaches one.
        self.registry = registry or SourceRegistry.builtin_only()
        #: The window's chapter store, opened on first use.
        self.open_store = StoreOpener(store_dir, self._tell, self)
        self._options = options
        self.tasks = TaskKeeper(on_error)
        # One gate per source for the whole window: loads and downloads share what it learns.
        self.gates = Gates()
        self.adapter = ProgressAdapter(parent=self)
        self.report = WrittenReport(self)
        self.adapter.progressed.connect(self._on_progress)
        self.state = JobState.IDLE
        self.loaded: LoadedBook | None = None
        self.source = ""
        self.plan: DownloadPlan | None = None
        self.failures: dict[str, ChapterFailure] = {}
        #: Chapters of the plan the source refused for payment (now or, same cookie, before).
        self.paid: dict[str, Chapter] = {}
        self.output: Path | None = None
        #: The job fetching chapters right now, if any (pause/resume act on it).
        self.active_job: Downloader | None = None
        self._load_task: asyncio.Task[None] | None = None
        self._run_task: asyncio.Task[None] | None = None
        # Pause pressed before the job existed (a source still starting up).
        self._pause_early = False

    # --- state ----------------------------------------------------------------------------

    def _set_state(self, state: JobState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def _tell(self, level: Level, text: str) -> None:
        self.message.emit(level, text)
        log.log(logging.ERROR if level is Level.ERROR else logging.WARNING, "%s", text)

    # --- loading --------------------------------------------------------------------------

    def load(self, source: str, text: str) -> None:
        """Load a book; a newer request cancels an older one still running."""
        if self.state in BUSY:
            return
        text = text.strip()
        try:
            if not text:
                raise NovelFetchError(self.tr("Enter a book ID or paste a book address."))
            # Instant feedback, no network. A pasted address goes to the source that owns it.
            entry, text = self.registry.route(text, None if "://" in text else source)
        except NovelFetchError as error:
            self._tell(Level.ERROR, error_text(error))
            return self.unload()  # the book shown is not the one asked for: not startable
        source = entry.id
        if self._load_task is not None:
            self._load_task.cancel()
        self._set_state(JobState.LOADING)
        self._load_task = self.tasks.spawn(self._load(source, text), name=f"load {text}")

    async def _load(self, source: str, text: str) -> None:
        try:
            entry = self.registry.get(source)
            name = source_name(entry.id, entry.name)
            log.info("%s", fill(self.tr("Loading %1 from %2…"), text, name))
            async with Downloader(
                self.open_store(),
                self._options(source, 2),
                registry=self.registry,
                gates=self.gates,
            ) as job:
                loaded = await job.load(text)
                self._adopt(source, loaded)
                try:
                    cover = await job.fetch_cover(loaded.book)
                except NovelFetchError as error:  # a missing cover never spoils the book
                    log.info("%s", fill(self.tr("No cover: %1"), error))
                    cover = None
                self.cover_loaded.emit(cover)
        except (NovelFetchError, OSError) as error:
            if self.state is JobState.LOADING:
                self._tell(Level.ERROR, error_text(error))
                # The previous book is not what was asked for: never leave it ready to start.
                self.unload()
            else:
                log.warning("%s", error)
        finally:
            if self._load_task is asyncio.current_task():
                self._load_task = None

    def _adopt(self, source: str, loaded: LoadedBook) -> None:
        self.source, self.loaded = source, loaded
        self.plan, self.output = None, None
        self.failures.clear()
        self.paid.clear()
        book = loaded.book
        counts = self.tr("%Ln chapter(s)", "", len(loaded.chapters))
        stored = self.tr("%Ln already stored", "", len(loaded.stored))
        author = book.author or self.tr("an unknown author")
        log.info("%s", fill(self.tr("Loaded %1 by %2: %3, %4"), book.title, author, counts, stored))
        self.book_loaded.emit(loaded)
        self.failures_changed.emit(0)
        self._set_state(JobState.READY)

    def unload(self) -> None:
        """Forget the loaded book (another source was chosen, or a load failed)."""
        if self.state in BUSY:
            return
        if self._load_task is not None and self._load_task is not asyncio.current_task():
            self._load_task.cancel()
            self._load_task = None
        self.loaded, self.plan, self.output = None, None, None
        self.paid.clear()
        if self.failures:
            self.failures.clear()
            self.failures_changed.emit(0)
        self._set_state(JobState.IDLE)

    @property
    def only_paid_failures(self) -> bool:
        """Only paid chapters are missing: retrying cannot help, a purchase or cookie can."""
        return bool(self.paid) and not self.failures

    # --- downloading ----------------------------------------------------------------------

    def start(
        self,
        chapters: Sequence[Chapter],
        fmt: str,
        out_dir: Path,
        concurrency: int,
        encoding: str = "utf-8",
        text: TextOptions | None = None,
        fetch: Sequence[Chapter] | None = None,
    ) -> None:
        """Download into a book of ``chapters`` (all of them: the whole book, under its title;
        fewer: a part, under the part's name); ``fetch`` narrows what is fetched."""
        if self.loaded is None or self.state not in (JobState.READY, JobState.DONE):
            return
        if not chapters:
            self._tell(Level.ERROR, self.tr("No chapters chosen: widen the range first."))
            return
        try:
            # Before anything is fetched, not only at write time as on the command line.
            prepare_output_folder(out_dir)
        except ExportError as error:
            self._tell(Level.ERROR, fill(self.tr("Cannot use that folder: %1"), error))
            return
        self.plan = DownloadPlan(
            self.source,
            tuple(chapters),
            fmt,
            out_dir,
            concurrency,
            encoding,
            text or TextOptions(),
            fetch=None if fetch is None else tuple(fetch),
        )
        self.failures.clear()
        self.paid.clear()
        self.failures_changed.emit(0)
        self._begin(list(chapters if fetch is None else fetch), retrying=())

    def retry_failed(self) -> None:
        """Fetch only the chapters that failed last time, then write the book again."""
        ready = self.state in (JobState.READY, JobState.DONE)
        if not self.failures or self.plan is None or not ready:
            return
        chapters = sorted((f.chapter for f in self.failures.values()), key=lambda c: c.index)
        self.failures.clear()
        self.failures_changed.emit(0)
        self._begin(chapters, retrying=tuple(chapters))

    def _begin(self, chapters: list[Chapter], retrying: tuple[Chapter, ...]) -> None:
        assert self.loaded is not None and self.plan is not None
        self.output = None
        to_fetch = self.loaded.missing(chapters)
        self._set_state(JobState.DOWNLOADING)
        self.run_started.emit(len(to_fetch), retrying)
        self._run_task = self.tasks.spawn(self._run(self.plan, chapters), name="download")

    async def _run(self, plan: DownloadPlan, chapters: list[Chapter]) -> None:
        """Fetch ``chapters`` (all of the plan, or the failed ones) and write the plan's book."""
        loaded = self.loaded
        assert loaded is not None
        todo = len(loaded.missing(chapters))
        text = fill(
            self.tr("Downloading %1 (%2), %3 at a time"),
            self.tr("%Ln chapter(s)", "", todo),
            self.tr("%Ln already stored", "", len(chapters) - todo),
            plan.concurrency,
        )
        log.info("%s", text)
        try:
            async with Downloader(
                self.open_store(),
                self._options(plan.source, plan.concurrency),
                registry=self.registry,
                gates=self.gates,
            ) as job:
                self.active_job = job
                job.on_gate_status = self.politeness_changed.emit
                job.run_blocking = in_worker_thread  # the collector stays out of its threads
                if self._pause_early:
                    job.pause_gate.pause()
                    self._pause_early = False
                # The whole-book rule (core.library.library.book_files): all chapters are the book;
                # a part gets a file of its own; nothing smaller silently replaces a bigger one.
                whole = len(plan.chapters) == len(loaded.chapters)
                outcome = await write_book(
                    job,
                    loaded,
                    Library(self.open_store()),
                    BookTarget(
                        plan.fmt,
                        plan.out_dir,
                        plan.encoding,
                        # Rules scoped to a source by its address match this one.
                        replace(plan.text, source_url=job.source.describe()),
                    ),
                    self.adapter,
                    selection=None if whole else plan.chapters,
                    fetch=chapters,
                    force=plan.force,
                    run_blocking=in_worker_thread,
                )
        except asyncio.CancelledError:
            self.adapter.flush()
            log.info(
                "%s",
                self.tr(
                    "Cancelled. Every chapter fetched so far is kept; Start fetches only the rest."
                ),
            )
            self._set_state(JobState.READY)
            chosen = plan.chapters
            self.cancelled.emit(sum(c.chapter_id in loaded.stored for c in chosen), len(chosen))
            raise
        except WouldShrinkError as error:
            self.adapter.flush()
            self._set_state(JobState.READY)
            self.would_shrink.emit(str(error))
            return
        except ExportError as error:
            self.adapter.flush()
            self._tell(Level.ERROR, error_text(error))
            self._set_state(JobState.READY)
            return
        except (NovelFetchError, OSError) as error:
            self.adapter.flush()
            self._tell(Level.ERROR, fill(self.tr("The download stopped: %1"), error))
            self._set_state(JobState.READY)
            return
        finally:
            self.active_job = None
            self._pause_early = False
            if self._run_task is asyncio.current_task():
                self._run_task = None
        self._written(plan, outcome)

    def replace_smaller_book(self) -> None:
        """Run the last plan again, allowed to replace a book file holding more chapters."""
        if self.plan is None or self.loaded is None:
            return
        if self.state not in (JobState.READY, JobState.DONE):
            return
        self.plan = dataclasses.replace(self.plan, force=True)
        fetch = self.plan.chapters if self.plan.fetch is None else self.plan.fetch
        self._begin(list(fetch), retrying=())

    def _written(self, plan: DownloadPlan, outcome: BookOutcome) -> None:
        assert self.loaded is not None
        result = outcome.result or DownloadResult(self.loaded.book)
        # Remembered paid chapters were not asked for again, so no event named them.
        if result.paid:
            self.paid.update((chapter.chapter_id, chapter) for chapter in result.paid)
            self.failures_changed.emit(len(self.failures) + len(self.paid))
        for level, text in self.report.written(
            outcome, result, len(plan.chapters), self.only_paid_failures, len(self.paid)
        ):
            if level is None:
                log.info("%s", text)
            else:
                self._tell(level, text)
        if outcome.path is None:
            self._set_state(JobState.READY)
            return
        self.output = outcome.path
        self.book_written.emit(outcome.path)
        self._set_state(JobState.DONE)

    def pause(self) -> None:
        if self.state is not JobState.DOWNLOADING:
            return
        if self.active_job is not None:
            self.active_job.pause_gate.pause()
        else:
            self._pause_early = True
        log.info("%s", self.tr("Paused; requests already under way finish first."))
        self._set_state(JobState.PAUSED)

    def resume(self) -> None:
        if self.state is not JobState.PAUSED:
            return
        self._pause_early = False
        if self.active_job is not None:
            self.active_job.pause_gate.resume()
        log.info("%s", self.tr("Resumed."))
        self._set_state(JobState.DOWNLOADING)

    def cancel(self) -> None:
        if self.state in (JobState.DOWNLOADING, JobState.PAUSED) and self._run_task:
            self._run_task.cancel()

    def _on_progress(self, batch: ProgressBatch) -> None:
        if batch.final and self.state in (JobState.DOWNLOADING, JobState.PAUSED):
            # Every chapter is in; the book's last pages and its rename are under way.
            self._set_state(JobState.WRITING)
        for c, reason in batch.failed:
            self.failures[c.chapter_id] = ChapterFailure(c, reason)
            log.warning("%s", fill(self.tr("Chapter %1 “%2” failed: %3"), c.index, c.title, reason))
        for chapter in batch.paid:
            self.paid[chapter.chapter_id] = chapter
        for chapter in batch.stored:
            self.failures.pop(chapter.chapter_id, None)
        self.progressed.emit(batch)
        if batch.failed or batch.paid:
            self.failures_changed.emit(len(self.failures) + len(self.paid))

    # --- the end --------------------------------------------------------------------------

    async def shutdown(self) -> None:
        """Cancel everything and wait for it: sessions closed, store committed and closed."""
        await self.tasks.cancel_all()
        self.open_store.close()
