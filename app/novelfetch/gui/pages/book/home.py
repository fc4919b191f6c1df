"""The Book page inside the window: loading a book, Start, Queue, Pause, Retry, and showing
how the job goes.

What the buttons of the Book page do is decided here; ``JobController`` does the work (load,
download, write) and this maps its state onto the page's widgets. The window builds it and
places the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QUrl

from novelfetch.core.errors import ExportError
from novelfetch.core.export import prepare_output_folder
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.queue import JobState as QueueState
from novelfetch.core.jobs.queue import QueueJob
from novelfetch.core.jobs.results import LoadedBook
from novelfetch.core.sources import SourceRegistry
from novelfetch.gui.app.i18n import fill, source_name
from novelfetch.gui.app.progress_adapter import ProgressBatch
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.pages.book.book_request import chosen_target
from novelfetch.gui.pages.book.job_controller import JobController
from novelfetch.gui.pages.book.job_state import BUSY, JobState
from novelfetch.gui.pages.book.page import BookPage
from novelfetch.gui.pages.downloads.controller import QueueController
from novelfetch.gui.window.message_bar import Level, MessageBar
from novelfetch.gui.window.shell import Shell

log = logging.getLogger(__name__)

APP_NAME = "NovelFetch"
_STATUS = {
    JobState.IDLE: "",
    JobState.LOADING: QT_TRANSLATE_NOOP("BookHome", "Loading the book…"),
    JobState.READY: QT_TRANSLATE_NOOP("BookHome", "Ready"),
    JobState.DOWNLOADING: QT_TRANSLATE_NOOP("BookHome", "Downloading…"),
    JobState.PAUSED: QT_TRANSLATE_NOOP("BookHome", "Paused"),
    JobState.WRITING: QT_TRANSLATE_NOOP("BookHome", "Writing the book…"),
}


class BookWindow(Protocol):
    """What the Book page's logic uses of the window that holds it (``MainWindow``)."""

    registry: SourceRegistry
    settings: AppSettings
    controller: JobController
    message_bar: MessageBar
    queue_controller: QueueController
    shell: Shell
    open_url: Callable[[QUrl], bool]

    def windowTitle(self) -> str: ...
    def setWindowTitle(self, title: str) -> None: ...


class BookHome(QObject):
    def __init__(self, window: BookWindow, page: BookPage) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (a QWidget)
        self.window = window
        self.page = page
        self.picker, self.chapters = page.picker, page.chapters
        self.book_panel, self.text_choice = page.book_panel, page.text_choice
        self.options, self.progress = page.options, page.progress
        self.controller, self.settings = window.controller, window.settings
        self.registry, self.message_bar = window.registry, window.message_bar
        self._percent = -1
        self._restoring = False
        self._held: set[str] = set()  # queued jobs paused while this page downloads their book

    def connect(self) -> None:
        self.picker.load_requested.connect(self.load_book)
        self.picker.source_changed.connect(self._source_changed)
        self.options.changed.connect(self.save_options)
        self.chapters.selection_changed.connect(self._update_buttons)
        self.chapters.download_requested.connect(self._download_selected)
        progress = self.progress
        progress.start.clicked.connect(self.start_download)
        progress.queue.clicked.connect(self.queue_book)
        progress.pause.clicked.connect(self._toggle_pause)
        progress.cancel.clicked.connect(self.controller.cancel)
        progress.retry.clicked.connect(self._retry_failed)
        progress.open_book.clicked.connect(self._open_book)
        progress.show_folder.clicked.connect(self._show_folder)
        controller = self.controller
        controller.state_changed.connect(self.apply_state)
        controller.book_loaded.connect(self._show_book)
        controller.cover_loaded.connect(self.book_panel.set_cover)
        controller.progressed.connect(self._show_progress)
        controller.run_started.connect(self._run_started)
        controller.failures_changed.connect(self._failures_changed)
        controller.book_written.connect(self._book_written)
        controller.cancelled.connect(self._cancelled)
        controller.politeness_changed.connect(self.progress.show_politeness)

    def restore_settings(self) -> None:
        settings = self.settings
        # Read everything before any widget's change signal can write a half-restored state.
        source, fmt, folder = settings.source, settings.fmt, settings.output_dir
        concurrency = settings.concurrency
        self._restoring = True
        try:
            self.picker.set_source(source)
            self.options.set_fmt(fmt)
            self.options.set_folder(folder)
            self.options.concurrency.setValue(concurrency)
            self.options.set_encoding(settings.txt_encoding)
            self.text_choice.set_choice(settings.default_text_choice)
        finally:
            self._restoring = False

    def queue_book(self) -> None:
        """Queue the loaded book with the current options instead of downloading it here."""
        loaded = self.controller.loaded
        target = self._chosen_target()
        if loaded is None or target is None:
            return
        # What the book file will hold; a queued job fetches only what is not stored anyway.
        chosen = self.chapters.book_chapters()
        if not chosen:
            self.message_bar.show_message(
                Level.ERROR, self.tr("No chapters chosen: widen the range first.")
            )
            return
        try:
            prepare_output_folder(target.out_dir)  # now, not when the job's turn comes
        except ExportError as error:
            self.message_bar.show_message(
                Level.ERROR, fill(self.tr("Cannot use that folder: %1"), error)
            )
            return
        whole = len(chosen) == len(loaded.chapters)
        book = loaded.book
        job = self.window.queue_controller.add_download(
            book.source,
            book.book_id,
            target,
            title=book.title,
            chapters=None if whole else [c.chapter_id for c in chosen],
            concurrency=self.options.concurrency.value(),
        )
        if job is not None:
            self.message_bar.show_message(
                Level.INFO,
                fill(self.tr("Queued %1: the Downloads page shows how it goes."), book.title),
            )

    def _chosen_target(self) -> BookTarget | None:
        self.message_bar.dismiss()
        self.save_options()
        return chosen_target(
            self.options,
            self.text_choice,
            self.settings,
            self.registry.data_dir,
            self.controller.loaded,
            self.message_bar.show_message,
        )

    def _download_selected(self) -> None:
        if self.progress.start.isEnabled():  # the list's menu acts only when Start would
            self.start_download()

    def _toggle_pause(self) -> None:
        if self.controller.state is JobState.PAUSED:
            self.controller.resume()
        else:
            self.controller.pause()

    def _retry_failed(self) -> None:
        self.message_bar.dismiss()
        if not self._downloading_in_queue():
            self.controller.retry_failed()

    def _same_book(self, job: QueueJob) -> bool:
        loaded = self.controller.loaded
        return (
            loaded is not None
            and job.source == loaded.book.source
            and loaded.book.book_id in (job.book, job.book_id)
        )

    def _downloading_in_queue(self) -> bool:
        """Whether the queue is downloading the loaded book; if so, say so.

        Two jobs on one book would fetch every chapter twice and race to write one file.
        """
        for job in self.window.queue_controller.jobs:
            begun = job.state is QueueState.RUNNING or (
                job.state is QueueState.PAUSED and job.total
            )
            if begun and job.id not in self._held and self._same_book(job):
                self.message_bar.show_message(
                    Level.WARNING,
                    fill(
                        self.tr(
                            "%1 is downloading on the Downloads page: let it finish (the book"
                            " is then stored) or cancel it there before starting it here."
                        ),
                        job.title,
                    ),
                )
                return True
        return False

    def hold_queued(self, job: QueueJob) -> None:
        """A queued job of the book this page is downloading is paused until the run ends
        (and then resumed, unless the user paused it)."""
        busy = self.controller.state in BUSY
        if busy and job.state is QueueState.QUEUED and self._same_book(job):
            self._held.add(job.id)
            self.window.queue_controller.pause(job.id)

    def _open_book(self) -> None:
        if self.controller.output:
            self.window.open_url(QUrl.fromLocalFile(str(self.controller.output)))

    def _show_folder(self) -> None:
        if self.controller.output:
            self.window.open_url(QUrl.fromLocalFile(str(self.controller.output.parent)))

    def _source_changed(self, source: str) -> None:
        if not self._restoring:
            self.settings.source = source
            # The loaded book belongs to the other source: Start must not fetch it from this one.
            self.controller.unload()

    def save_options(self) -> None:
        if self._restoring:
            return
        self.settings.fmt = self.options.fmt()
        folder = self.options.folder()
        if folder is not None:
            self.settings.output_dir = folder
        self.settings.concurrency = self.options.concurrency.value()
        self.settings.txt_encoding = self.options.encoding()

    def _show_book(self, loaded: LoadedBook) -> None:
        source = next((e for e in self.registry.entries() if e.id == loaded.book.source), None)
        self.picker.set_source(loaded.book.source, quiet=True)
        self.book_panel.show_book(
            loaded.book,
            loaded.chapters,
            len(loaded.stored),
            source_name(source.id, source.name) if source else loaded.book.source,
        )
        self.chapters.set_chapters(loaded.chapters, loaded.stored)
        book = loaded.book
        self.text_choice.set_choice(self.settings.book_text_choice(book.source, book.book_id))
        self.progress.reset(0)
        self.progress.set_result(None)

    def _run_started(self, total: int, retrying: tuple) -> None:
        self.chapters.model.clear_failed(retrying)
        self.progress.reset(total)
        self.progress.set_result(None)
        self._percent = -1

    def _show_progress(self, batch: ProgressBatch) -> None:
        self.progress.show_progress(batch.event)
        model = self.chapters.model
        if batch.stored:
            model.mark_stored(batch.stored)
        if batch.failed:
            model.mark_failed(batch.failed)
        self.book_panel.set_stored(model.stored_count)
        plan = self.controller.plan
        if plan is not None:
            remaining = batch.event.total - batch.event.done
            self.chapters.show_remaining(len(plan.chapters), remaining)
        total = max(1, batch.event.total)
        self._percent = batch.event.finished * 100 // total
        self._update_title()

    def _failures_changed(self, count: int) -> None:
        self.progress.set_failed(count)
        if self.controller.only_paid_failures:
            paid = len(self.controller.paid)
            self.progress.failed.setText(self.tr("%n paid, not fetched", "", paid))
        self._update_buttons()

    def _cancelled(self, stored: int, chosen: int) -> None:
        self.progress.set_status(
            self.tr(
                "Cancelled — %1 of %n chosen chapter(s) stored; Start fetches the rest.", "", chosen
            ).replace("%1", f"{stored:,}")
        )

    def _book_written(self, path: Path) -> None:
        self.progress.set_result(path)
        self.progress.set_status(self.tr("Saved to %1").replace("%1", str(path)))

    def apply_state(self, state: JobState) -> None:
        busy = state in BUSY
        self.picker.set_editable(not busy)
        self.options.set_editable(not busy)
        self.text_choice.set_editable(not busy)
        self.chapters.set_editable(self.controller.loaded is not None and not busy)
        self.progress.set_paused(state is JobState.PAUSED)
        if state not in BUSY:
            # Nothing is being fetched (cancelled, stopped, written, new book): the rate and
            # the source's limit described a run that is over.
            self.progress.clear_rate()
            self.progress.clear_politeness()
            held, self._held = self._held, set()
            for job in self.window.queue_controller.jobs:
                if job.id in held:  # the jobs this run held back go on
                    self.window.queue_controller.resume(job.id)
        else:
            for job in self.window.queue_controller.jobs:
                self.hold_queued(job)
        if state is JobState.IDLE:
            self.book_panel.clear()
            self.chapters.clear()
            self.progress.reset(0)
            self.progress.set_result(None)
        if state in _STATUS:
            self.progress.set_status(self.tr(_STATUS[state]))
        if state in (JobState.READY, JobState.DONE):
            self.chapters.refresh_summary()
        self._update_buttons()
        self._update_title()

    def _update_buttons(self) -> None:
        controller, progress = self.controller, self.progress
        state = controller.state
        can_start = state in (JobState.READY, JobState.DONE) and controller.loaded is not None
        progress.start.setEnabled(can_start and bool(self.chapters.selected_chapters()))
        progress.queue.setEnabled(progress.start.isEnabled())
        self.chapters.download_action.setEnabled(progress.start.isEnabled())
        progress.pause.setEnabled(state in (JobState.DOWNLOADING, JobState.PAUSED))
        progress.cancel.setEnabled(state in (JobState.DOWNLOADING, JobState.PAUSED))
        # Paid chapters fail again on retry: the message says what helps instead.
        retry = bool(controller.failures) and not controller.only_paid_failures
        progress.retry.setEnabled(can_start and retry and bool(controller.plan))
        written = state is JobState.DONE and controller.output is not None
        progress.open_book.setEnabled(written)
        progress.show_folder.setEnabled(written)

    def _update_title(self) -> None:
        loaded, state = self.controller.loaded, self.controller.state
        title = APP_NAME
        if loaded is not None:
            name = loaded.book.title
            percent = max(self._percent, 0)
            if state is JobState.DOWNLOADING:
                template = self.tr("Downloading %1 (%2%) — %3")
            elif state is JobState.PAUSED:
                template = self.tr("Paused: %1 (%2%) — %3")
            elif state is JobState.WRITING:
                template = self.tr("Writing %1 — %3")
            else:
                template = self.tr("%1 — %3")
            title = fill(template, name, percent, APP_NAME)
        if title != self.window.windowTitle():
            self.window.setWindowTitle(title)

    def load_book(self) -> None:
        self.message_bar.dismiss()
        self.window.shell.show_page("book")  # where the book appears (a script may load from afar)
        self.controller.load(self.picker.source(), self.picker.text())

    def start_download(self) -> None:
        if self._downloading_in_queue():
            return
        target = self._chosen_target()
        if target is None:
            return
        only_missing = self.chapters.only_missing.isChecked()
        self.controller.start(
            self.chapters.book_chapters(),
            target.fmt,
            target.out_dir,
            self.options.concurrency.value(),
            target.encoding,
            target.text,
            fetch=self.chapters.selected_chapters() if only_missing else None,
        )
