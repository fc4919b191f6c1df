"""The main window: composes the panels and maps the controller's state onto them.

No logic of its own beyond "which widget is enabled when": loading, downloading and writing
live in ``JobController``; each panel owns its widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.downloader import LoadedBook
from ..core.redaction import cookie_secrets, proxy_secrets, register_secrets
from ..core.sources import SOURCES
from .book_panel import BookPanel
from .book_picker import BookPicker
from .chapter_panel import ChapterPanel
from .crash import CrashReporter
from .icons import app_icon
from .job_controller import BUSY, JobController, JobState
from .log_panel import LogPanel
from .menus import build_menus
from .message_bar import Level, MessageBar
from .options_panel import OptionsPanel
from .progress_adapter import ProgressBatch
from .progress_panel import ProgressPanel
from .settings import AppSettings, default_qsettings
from .settings_dialog import SettingsDialog
from .theme import palette_changed

log = logging.getLogger(__name__)

APP_NAME = "NovelFetch"
BOOK_COLUMN_WIDTH = 250
_STATUS = {
    JobState.IDLE: "",
    JobState.LOADING: "Loading the book…",
    JobState.READY: "Ready",
    JobState.DOWNLOADING: "Downloading…",
    JobState.PAUSED: "Paused",
    JobState.WRITING: "Writing the book…",
}


class MainWindow(QMainWindow):
    closed = Signal()  # the user closed the window: the app quits

    def __init__(self, settings: QSettings | None = None, store_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = AppSettings(settings if settings is not None else default_qsettings())
        #: Opens files and folders; replaceable on an instance (tests must not launch apps).
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.crash_reporter = CrashReporter(self)
        self.controller = JobController(
            store_dir, self.settings.download_options, self.crash_reporter.report, self
        )
        self._percent = -1
        self._restoring = False
        self._build()
        self.settings_action = build_menus(self, self.open_settings)
        self._connect()
        self._restore_settings()
        self.log_panel.attach()
        self._apply_state(JobState.IDLE)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.message_bar = MessageBar()

        self.picker = BookPicker()
        # The widgets tests and automation reach for, under their long-standing names.
        self.source_combo = self.picker.source_combo
        self.book_input = self.picker.book_input
        self.load_button = self.picker.load_button

        self.book_panel = BookPanel()
        self.chapters = ChapterPanel()
        # The book beside its chapters, not above them: on a short screen (900 x 600, or
        # 1080 lines at 200 %) the chapter list keeps most of the height.
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setObjectName("bodySplitter")
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.book_panel)
        self.body.addWidget(self.chapters)
        self.body.setStretchFactor(0, 0)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([BOOK_COLUMN_WIDTH, 1000])

        self.options = OptionsPanel()
        self.progress = ProgressPanel()
        download_box = QGroupBox("Download")
        download_layout = QVBoxLayout(download_box)
        download_layout.setContentsMargins(10, 6, 10, 8)
        download_layout.setSpacing(6)
        download_layout.addWidget(self.options)
        download_layout.addWidget(self.progress)

        self.log_panel = LogPanel()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.picker)
        layout.addWidget(self.body, 1)
        layout.addWidget(download_box)
        layout.addWidget(self.log_panel)
        self.setCentralWidget(central)
        self.resize(940, 720)

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
        progress = self.progress
        progress.start.clicked.connect(self.start_download)
        progress.pause.clicked.connect(self._toggle_pause)
        progress.cancel.clicked.connect(self.controller.cancel)
        progress.retry.clicked.connect(self._retry_failed)
        progress.open_book.clicked.connect(self._open_book)
        progress.show_folder.clicked.connect(self._show_folder)

        controller = self.controller
        controller.state_changed.connect(self._apply_state)
        controller.book_loaded.connect(self._show_book)
        controller.cover_loaded.connect(self.book_panel.set_cover)
        controller.progressed.connect(self._show_progress)
        controller.run_started.connect(self._run_started)
        controller.failures_changed.connect(self._failures_changed)
        controller.book_written.connect(self._book_written)
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
        finally:
            self._restoring = False
        self._register_secrets()
        geometry = settings.geometry
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)

    # --- actions --------------------------------------------------------------------------

    def load_book(self) -> None:
        self.message_bar.dismiss()
        self.controller.load(self.picker.source(), self.picker.text())

    def start_download(self) -> None:
        self.message_bar.dismiss()
        self._save_options()
        folder = self.options.folder()
        if folder is None:
            self.message_bar.show_message(Level.ERROR, "Choose a folder to save the book in.")
            return
        self.controller.start(
            self.chapters.selected_chapters(),
            self.options.fmt(),
            folder,
            self.options.concurrency.value(),
        )

    def _toggle_pause(self) -> None:
        if self.controller.state is JobState.PAUSED:
            self.controller.resume()
        else:
            self.controller.pause()

    def _retry_failed(self) -> None:
        self.message_bar.dismiss()
        self.controller.retry_failed()

    def _open_book(self) -> None:
        if self.controller.output:
            self.open_url(QUrl.fromLocalFile(str(self.controller.output)))

    def _show_folder(self) -> None:
        if self.controller.output:
            self.open_url(QUrl.fromLocalFile(str(self.controller.output.parent)))

    def open_settings(self) -> None:
        # open(), never exec(): downloads keep running while the dialog is up.
        dialog = SettingsDialog(self.settings, self)
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
        log.info("Settings saved; they apply to the next load or download.")

    # --- settings -------------------------------------------------------------------------

    def _source_changed(self, source: str) -> None:
        if not self._restoring:
            self.settings.source = source

    def _save_options(self) -> None:
        if self._restoring:
            return
        self.settings.fmt = self.options.fmt()
        folder = self.options.folder()
        if folder is not None:
            self.settings.output_dir = folder
        self.settings.concurrency = self.options.concurrency.value()

    # --- reacting to the controller -------------------------------------------------------

    def _show_book(self, loaded: LoadedBook) -> None:
        source = SOURCES.get(loaded.book.source)
        self.book_panel.show_book(
            loaded.book,
            loaded.chapters,
            len(loaded.stored),
            source.label if source else loaded.book.source,
        )
        self.chapters.set_chapters(loaded.chapters, loaded.stored)
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
        self._update_buttons()

    def _book_written(self, path: Path) -> None:
        self.progress.set_result(path)
        self.progress.set_status(f"Saved to {path}")

    def _apply_state(self, state: JobState) -> None:
        busy = state in BUSY
        self.picker.set_editable(not busy)
        self.options.set_editable(not busy)
        self.chapters.set_editable(self.controller.loaded is not None and not busy)
        self.progress.set_paused(state is JobState.PAUSED)
        if state in _STATUS:
            self.progress.set_status(_STATUS[state])
        if state in (JobState.READY, JobState.DONE):
            self.chapters.refresh_summary()
        self._update_buttons()
        self._update_title()

    def _update_buttons(self) -> None:
        controller, progress = self.controller, self.progress
        state = controller.state
        can_start = state in (JobState.READY, JobState.DONE) and controller.loaded is not None
        progress.start.setEnabled(can_start and bool(self.chapters.selected_chapters()))
        progress.pause.setEnabled(state in (JobState.DOWNLOADING, JobState.PAUSED))
        progress.cancel.setEnabled(state in (JobState.DOWNLOADING, JobState.PAUSED))
        progress.retry.setEnabled(can_start and bool(controller.failures) and bool(controller.plan))
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
                title = f"Downloading {name} ({percent}%) — {APP_NAME}"
            elif state is JobState.PAUSED:
                title = f"Paused: {name} ({percent}%) — {APP_NAME}"
            elif state is JobState.WRITING:
                title = f"Writing {name} — {APP_NAME}"
            else:
                title = f"{name} — {APP_NAME}"
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
        await self.controller.shutdown()
        self.log_panel.flush()
        self.log_panel.detach()
