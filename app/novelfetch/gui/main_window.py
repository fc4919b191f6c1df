"""The main window: composes the panels and maps the controller's state onto them.

No logic of its own beyond "which widget is enabled when": loading, downloading and writing
live in ``JobController``; each panel owns its widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSettings, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStyle

from ..core.downloader import LoadedBook
from ..core.errors import ExportError
from ..core.export import prepare_output_folder
from ..core.pipeline import BookTarget
from ..core.queue import QUEUE_FILE, DownloadQueue, QueueJob
from ..core.queue import JobState as QueueState
from ..core.redaction import cookie_secrets, proxy_secrets, register_secrets
from ..core.sources import SourceEntry, SourceRegistry, SourceSettings, default_data_dir
from .book_request import chosen_target
from .crash import CrashReporter
from .i18n import fill, source_name
from .icons import app_icon, glyph_icon
from .job_controller import BUSY, JobController, JobState
from .library_home import LibraryHome
from .menus import build_menus
from .message_bar import Level, MessageBar
from .pages.book_page import BookPage
from .pages.downloads_page import DownloadsPage
from .pages.search_page import SearchPage
from .pages.sources_page import SourcesPage
from .progress_adapter import ProgressBatch
from .queue_controller import QueueController
from .replace_prompt import ask_to_replace_smaller
from .search_controller import SearchController
from .settings import AppSettings, default_qsettings
from .settings_dialog import SettingsDialog
from .shell import Shell
from .theme import palette_changed
from .worker_thread import in_worker_thread

log = logging.getLogger(__name__)

APP_NAME = "NovelFetch"
_STATUS = {
    JobState.IDLE: "",
    JobState.LOADING: QT_TRANSLATE_NOOP("MainWindow", "Loading the book…"),
    JobState.READY: QT_TRANSLATE_NOOP("MainWindow", "Ready"),
    JobState.DOWNLOADING: QT_TRANSLATE_NOOP("MainWindow", "Downloading…"),
    JobState.PAUSED: QT_TRANSLATE_NOOP("MainWindow", "Paused"),
    JobState.WRITING: QT_TRANSLATE_NOOP("MainWindow", "Writing the book…"),
}


class MainWindow(QMainWindow):
    closed = Signal()  # the user closed the window: the app quits

    def __init__(
        self,
        settings: QSettings | None = None,
        store_dir: Path | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        #: Built-in and imported sources; imported ones are kept in ``data_dir``.
        self.registry = SourceRegistry(data_dir or default_data_dir())
        self.settings = AppSettings(settings if settings is not None else default_qsettings())
        self.settings.known_sources.update(entry.id for entry in self.registry.entries())
        #: Opens files and folders; replaceable on an instance (tests must not launch apps).
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.crash_reporter = CrashReporter(self)
        self.controller = JobController(
            store_dir,
            self.settings.download_options,
            self.crash_reporter.report,
            self,
            self.registry,
        )
        self._percent = -1
        self._restoring = False
        self._build()
        self.settings_action = build_menus(self, self.open_settings)
        self._connect()
        self._restore_settings()
        self.log_panel.attach()
        self._apply_state(JobState.IDLE)
        self.library.start()
        # Jobs left unfinished when the app last closed run again.
        self.queue_controller.restore()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.message_bar = MessageBar()

        central = BookPage(self.registry)
        # The widgets tests and automation reach for, under their long-standing names.
        self.picker = central.picker
        self.source_combo = self.picker.source_combo
        self.book_input = self.picker.book_input
        self.load_button = self.picker.load_button
        self.book_panel, self.chapters = central.book_panel, central.chapters
        self.text_choice, self.body = central.text_choice, central.body
        self.options, self.progress = central.options, central.progress
        self.log_panel = central.log_panel

        self.search_controller = SearchController(
            self.registry,
            self._source_settings,
            self.controller.open_store,
            self.crash_reporter.report,
            self,
            gates=self.controller.gates,
        )
        self.search_page = SearchPage(self.search_controller)
        self.sources_page = SourcesPage(self.search_controller)
        data_dir = self.registry.data_dir
        #: Books queued for download or update; its jobs share the window's gates.
        self.queue_controller = QueueController(
            DownloadQueue(
                self.controller.open_store,
                self.registry,
                self.controller.gates,
                max_jobs=self.settings.max_jobs,
                state_path=data_dir / QUEUE_FILE if data_dir is not None else None,
                options=self.settings.download_options,
                run_blocking=in_worker_thread,
            ),
            self,
        )
        self.queue_controller.queue.held = self._held_for_book_page
        self.downloads_page = DownloadsPage(self.queue_controller, self.registry)
        self.shell = Shell()
        style = self.style()
        pixmap = QStyle.StandardPixmap
        # The Library page (the home page) and its controller.
        self.library = LibraryHome(self)
        self.library_page = self.library.page
        self.shell.add_page("library", self.tr("Library"), self.library_page, self.library.icon())
        self.shell.add_page(
            "search",
            self.tr("Search"),
            self.search_page,
            style.standardIcon(pixmap.SP_FileDialogContentsView),
        )
        self.shell.add_page(
            "book", self.tr("Book"), central, style.standardIcon(pixmap.SP_FileIcon)
        )
        self.shell.add_page(
            "sources",
            self.tr("Sources"),
            self.sources_page,
            style.standardIcon(pixmap.SP_DriveNetIcon),
        )
        self.shell.add_page(
            "downloads",
            self.tr("Downloads"),
            self.downloads_page,
            glyph_icon(pixmap.SP_ArrowDown),
        )
        self.shell.show_page("library")
        # Beside the tabs, not above them: a message never moves the controls under them.
        self.shell.set_corner(self.message_bar)
        self.setCentralWidget(self.shell)
        self.resize(940, 760)

    def changeEvent(self, event: QEvent) -> None:
        if palette_changed(event):
            self.message_bar.refresh_colours()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The open log takes at most a sixth of the window: never the chapter list's rows.
        self.log_panel.set_max_height(max(60, min(220, self.height() // 6)))
        super().resizeEvent(event)

    def _connect(self) -> None:
        self.picker.load_requested.connect(self.load_book)
        self.picker.source_changed.connect(self._source_changed)
        self.options.changed.connect(self._save_options)
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

        self.library.connect()
        self.queue_controller.job_changed.connect(self._queue_job_changed)
        self.search_page.open_requested.connect(self.open_book_from)
        self.downloads_page.open_requested.connect(self._open_path)
        self.downloads_page.folder_requested.connect(self._open_path)
        self.queue_controller.message.connect(
            lambda text: self.message_bar.show_message(Level.ERROR, text)
        )
        self.sources_page.sources_changed.connect(self._sources_changed)
        self.search_controller.message.connect(
            lambda text: self.message_bar.show_message(Level.WARNING, text)
        )

        controller = self.controller
        controller.state_changed.connect(self._apply_state)
        controller.book_loaded.connect(self._show_book)
        controller.cover_loaded.connect(self.book_panel.set_cover)
        controller.progressed.connect(self._show_progress)
        controller.run_started.connect(self._run_started)
        controller.failures_changed.connect(self._failures_changed)
        controller.book_written.connect(self._book_written)
        controller.cancelled.connect(self._cancelled)
        controller.would_shrink.connect(
            lambda reason: ask_to_replace_smaller(self, reason, controller.replace_smaller_book)
        )
        controller.politeness_changed.connect(self.progress.show_politeness)
        controller.message.connect(self.message_bar.show_message)

    def _restore_settings(self) -> None:
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
        self._register_secrets()
        geometry = settings.geometry
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)

    # --- actions --------------------------------------------------------------------------

    def open_book_from(self, source_id: str, book: str) -> None:
        """Show a book found on the Search page (or pasted there) on the Book page."""
        if self.controller.state in BUSY:
            self.message_bar.show_message(
                Level.WARNING, self.tr("A download is running: finish or cancel it first.")
            )
            return
        if self.source_combo.findData(source_id) < 0:  # disabled or removed since the search
            self.message_bar.show_message(
                Level.WARNING,
                self.tr(
                    "The source %1 is disabled or removed: enable it on the Sources page."
                ).replace("%1", source_id),
            )
            return
        self.picker.set_source(source_id)
        self.book_input.setText(book)
        self.shell.show_page("book")
        self.load_book()

    def _sources_changed(self) -> None:
        self.picker.refresh_sources()
        self.settings.known_sources.update(entry.id for entry in self.registry.entries())

    def _source_settings(self, entry: SourceEntry) -> SourceSettings:
        options = self.settings.download_options(entry.id, 2)
        return SourceSettings(options.api_base, options.cookie, options.http)

    def load_book(self) -> None:
        self.message_bar.dismiss()
        self.shell.show_page("book")  # where the book appears (a script may load from afar)
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
        job = self.queue_controller.add_download(
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
        self._save_options()
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
        for job in self.queue_controller.jobs:
            if job.state in (QueueState.RUNNING, QueueState.PAUSED) and self._same_book(job):
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

    def _held_for_book_page(self, job: QueueJob) -> bool:
        """A queued job of the book the Book page is downloading waits for it to end."""
        return self.controller.state in BUSY and self._same_book(job)

    def _open_book(self) -> None:
        if self.controller.output:
            self.open_url(QUrl.fromLocalFile(str(self.controller.output)))

    def _queue_job_changed(self, job: QueueJob) -> None:
        if job.state is QueueState.DONE:  # the library shows the book's new counts
            self.library.controller.refresh()

    def _open_path(self, path: Path) -> None:
        self.open_url(QUrl.fromLocalFile(str(path)))

    def _show_folder(self) -> None:
        if self.controller.output:
            self.open_url(QUrl.fromLocalFile(str(self.controller.output.parent)))

    def open_settings(self) -> None:
        # open(), never exec(): downloads keep running while the dialog is up.
        dialog = SettingsDialog(self.settings, self, self.registry.data_dir)
        dialog.accepted.connect(self._settings_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.settings_dialog = dialog

    def _register_secrets(self) -> None:
        # Before any job starts, so not even a log line about settings can leak them.
        settings = self.settings
        register_secrets(cookie_secrets(settings.cookie) + proxy_secrets(settings.proxy))

    def _settings_saved(self) -> None:
        self._register_secrets()
        self.queue_controller.set_max_jobs(self.settings.max_jobs)
        if self.controller.loaded is None:  # a loaded book keeps its own choice
            self.text_choice.set_choice(self.settings.default_text_choice)
        log.info("%s", self.tr("Settings saved; they apply to the next load or download."))

    # --- settings -------------------------------------------------------------------------

    def _source_changed(self, source: str) -> None:
        if not self._restoring:
            self.settings.source = source
            # The loaded book belongs to the other source: Start must not fetch it from this one.
            self.controller.unload()

    def _save_options(self) -> None:
        if self._restoring:
            return
        self.settings.fmt = self.options.fmt()
        folder = self.options.folder()
        if folder is not None:
            self.settings.output_dir = folder
        self.settings.concurrency = self.options.concurrency.value()
        self.settings.txt_encoding = self.options.encoding()

    # --- reacting to the controller -------------------------------------------------------

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

    def _apply_state(self, state: JobState) -> None:
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
            self.queue_controller.queue.start()  # a job held back for this book may go
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
        if title != self.windowTitle():
            self.setWindowTitle(title)

    # --- the end --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self._save_options()
        self.settings.sync()
        super().closeEvent(event)
        self.closed.emit()

    async def shutdown(self) -> None:
        """Cancel loads and downloads and wait for them; fetched chapters stay stored."""
        await self.search_controller.shutdown()
        await self.library.shutdown()
        # Before the store closes; the jobs stay saved and run again on the next start.
        await self.queue_controller.shutdown()
        await self.controller.shutdown()
        self.log_panel.flush()
        self.log_panel.detach()
