"""The main window: builds the pages, places them behind the tab row, and wires them together.

Each page's logic lives with the page (``pages/book/home.py``, ``pages/library/home.py``, the
controllers); loading, downloading and writing live in ``JobController``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStyle

from novelfetch.core.jobs.queue import QUEUE_FILE, DownloadQueue, QueueJob
from novelfetch.core.jobs.queue import JobState as QueueState
from novelfetch.core.net.redaction import proxy_secrets, register_secrets
from novelfetch.core.sources import SourceEntry, SourceRegistry, SourceSettings, default_data_dir
from novelfetch.gui.app.crash import CrashReporter
from novelfetch.gui.app.icons import app_icon, glyph_icon
from novelfetch.gui.app.settings import AppSettings, default_qsettings, move_legacy_cookie
from novelfetch.gui.app.theme import palette_changed
from novelfetch.gui.app.worker_thread import in_worker_thread
from novelfetch.gui.dialogs.replace_prompt import ask_to_replace_smaller
from novelfetch.gui.dialogs.settings import SettingsDialog
from novelfetch.gui.pages.book.home import APP_NAME, BookHome
from novelfetch.gui.pages.book.job_controller import JobController
from novelfetch.gui.pages.book.job_state import BUSY, JobState
from novelfetch.gui.pages.book.page import BookPage
from novelfetch.gui.pages.downloads.controller import QueueController
from novelfetch.gui.pages.downloads.page import DownloadsPage
from novelfetch.gui.pages.library.home import LibraryHome
from novelfetch.gui.pages.search.controller import SearchController
from novelfetch.gui.pages.search.page import SearchPage
from novelfetch.gui.pages.sources.page import SourcesPage
from novelfetch.gui.window.menus import build_menus
from novelfetch.gui.window.message_bar import Level, MessageBar
from novelfetch.gui.window.shell import Shell

log = logging.getLogger(__name__)


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
        move_legacy_cookie(self.settings, self.registry)
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
        self._build()
        self.settings_action = build_menus(self, self.open_settings)
        self._connect()
        if self.registry.notice:  # the saved source list was damaged and moved aside
            self.message_bar.show_message(Level.WARNING, self.registry.notice)
        self._restore_settings()
        self.log_panel.attach()
        self.book.apply_state(JobState.IDLE)
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
        #: What the Book page's buttons do, and how the job shows on it.
        self.book = BookHome(self, central)

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
        # A queued job of the book the Book page is downloading waits for it.
        self.queue_controller.job_added.connect(self.book.hold_queued)
        self.queue_controller.job_changed.connect(self.book.hold_queued)
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
        self.book.connect()
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
        controller.would_shrink.connect(
            lambda reason: ask_to_replace_smaller(self, reason, controller.replace_smaller_book)
        )
        controller.message.connect(self.message_bar.show_message)

    def _restore_settings(self) -> None:
        self.book.restore_settings()
        self._register_secrets()
        geometry = self.settings.geometry
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

    def load_book(self) -> None:
        self.book.load_book()

    def start_download(self) -> None:
        self.book.start_download()

    def _sources_changed(self) -> None:
        self.picker.refresh_sources()
        self.settings.known_sources.update(entry.id for entry in self.registry.entries())

    def _source_settings(self, entry: SourceEntry) -> SourceSettings:
        options = self.settings.download_options(entry.id, 2)
        return SourceSettings(options.api_base, options.cookie, options.http)

    def _queue_job_changed(self, job: QueueJob) -> None:
        if job.state is QueueState.DONE:  # the library shows the book's new counts
            self.library.controller.refresh()

    def _open_path(self, path: Path) -> None:
        self.open_url(QUrl.fromLocalFile(str(path)))

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
        # (Each source's cookie is registered by the registry's cookie store as it is read.)
        register_secrets(proxy_secrets(settings.proxy))

    def _settings_saved(self) -> None:
        self._register_secrets()
        self.queue_controller.set_max_jobs(self.settings.max_jobs)
        if self.controller.loaded is None:  # a loaded book keeps its own choice
            self.text_choice.set_choice(self.settings.default_text_choice)
        log.info("%s", self.tr("Settings saved; they apply to the next load or download."))

    # --- settings -------------------------------------------------------------------------

    # --- reacting to the controller -------------------------------------------------------

    # --- the end --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.book.save_options()
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
