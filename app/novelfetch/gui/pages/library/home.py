"""The Library page inside the window: the home page, and what it asks of the other pages.

Here, rather than in ``MainWindow``, so the window only builds and places it:
- double-click (or Open book) shows the book on the Book page (loading it from its source,
  unless it is the book already there);
- a download finished on the Book page refreshes the library;
- the window remembers the last page shown and the last book loaded. The last book is not
  loaded at start-up (that would reach the network before the user asked for anything): it is
  re-opened the first time the Book page is shown with nothing on it, and only if it is still
  in the library;
- an optional check for new chapters of every book at start-up (Settings, off by default).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLineEdit, QMessageBox, QStyle

from novelfetch.core.errors import BadInputError
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.results import LoadedBook
from novelfetch.core.library.library import LibraryEntry
from novelfetch.core.models import Book
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.text.options import TextOptions
from novelfetch.core.text.replace_rules import ReplaceRule, load_rules
from novelfetch.gui.app.crash import CrashReporter
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.dialogs.export import ExportDialog
from novelfetch.gui.dialogs.replace_prompt import ask_to_replace_smaller
from novelfetch.gui.pages.book.job_controller import JobController
from novelfetch.gui.pages.book.job_state import BUSY, JobState
from novelfetch.gui.pages.library.controller import LibraryController
from novelfetch.gui.pages.library.page import LibraryPage
from novelfetch.gui.window.message_bar import Level, MessageBar
from novelfetch.gui.window.shell import Shell

log = logging.getLogger(__name__)

LIBRARY_PAGE = "library"


class HomeWindow(Protocol):
    """What the library home uses of the window that holds it (``MainWindow``, a QWidget)."""

    registry: SourceRegistry
    settings: AppSettings
    crash_reporter: CrashReporter
    controller: JobController
    message_bar: MessageBar
    shell: Shell
    book_input: QLineEdit

    open_url: Callable[[QUrl], bool]

    def open_book_from(self, source_id: str, book: str) -> None: ...
    def style(self) -> QStyle: ...


class LibraryHome(QObject):
    def __init__(self, window: HomeWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (a QWidget)
        self.window = window
        settings = window.settings
        self.controller = LibraryController(
            window.controller.open_store,
            window.registry,
            window.controller.gates,
            settings.download_options,
            lambda: settings.concurrency,
            window.crash_reporter.report,
            self,
        )
        self.controller.busy_book = self._downloading
        # Through the window's attribute at call time: tests replace ``open_url``.
        self.page = LibraryPage(self.controller, lambda url: window.open_url(url))
        self.export_dialog: ExportDialog | None = None
        self.shrink_box: QMessageBox | None = None
        #: The last book, to re-open when the Book page is first shown empty.
        self._restore: tuple[str, str] | None = settings.last_book

    def icon(self) -> QIcon:
        return self.window.style().standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon)

    def connect(self) -> None:
        window, page, controller = self.window, self.page, self.controller
        page.open_requested.connect(self.open_entry)
        page.export_requested.connect(self.ask_export)
        controller.message.connect(window.message_bar.show_message)
        controller.export_would_shrink.connect(self._ask_to_shrink)
        window.controller.book_written.connect(lambda *_: controller.refresh())
        window.controller.book_loaded.connect(self._book_loaded)
        window.shell.page_changed.connect(self._page_changed)
        page.sort.currentIndexChanged.connect(self._sort_changed)

    def start(self) -> None:
        """Show the books, return to the page shown last, and check if the user asked to."""
        window = self.window
        self.page.sort.setCurrentIndex(
            max(0, self.page.sort.findData(window.settings.library_sort))
        )
        self.controller.refresh()
        page = window.settings.last_page
        window.shell.show_page(page if page in window.shell.page_keys() else LIBRARY_PAGE)
        if window.settings.check_library_on_start and self.controller.entries:
            try:
                asyncio.get_running_loop()
            except RuntimeError:  # built outside a loop (a script): nothing can run yet
                log.info("no event loop: the start-up check of the library is skipped")
                return
            self.controller.check(None)

    # --- pages ----------------------------------------------------------------------------

    def _page_changed(self, key: str) -> None:
        self.window.settings.last_page = key
        if key == LIBRARY_PAGE:
            self.controller.refresh()
        elif key == "book":
            self._reopen_last_book()

    def _sort_changed(self) -> None:
        self.window.settings.library_sort = str(self.page.sort.currentData())

    def _reopen_last_book(self) -> None:
        last, self._restore = self._restore, None
        window = self.window
        # Only onto an empty Book page: a book being opened (its text already typed) wins.
        if last is None or window.controller.state is not JobState.IDLE:
            return
        if window.book_input.text().strip():
            return
        entry = self.controller.entry(last)
        if entry is not None:
            window.open_book_from(entry.book.source, entry.reference)

    def _downloading(self) -> tuple[str, str] | None:
        """The book the Book page is downloading now, if any: not updated meanwhile."""
        job = self.window.controller
        if job.loaded is None or job.state not in BUSY:
            return None
        return job.loaded.book.source, job.loaded.book.book_id

    def _book_loaded(self, loaded: LoadedBook) -> None:
        self._restore = None
        self.window.settings.last_book = (loaded.book.source, loaded.book.book_id)

    # --- acting on a book -----------------------------------------------------------------

    def open_entry(self, entry: LibraryEntry) -> None:
        """Show ``entry`` on the Book page; loaded from its source unless it is there now."""
        window = self.window
        self._restore = None
        loaded = window.controller.loaded
        if loaded is not None and (loaded.book.source, loaded.book.book_id) == entry.key:
            # Already there; loaded again only when an update here changed it since.
            same = entry.known == len(loaded.chapters) and entry.stored == len(loaded.stored)
            if same or window.controller.state in BUSY:
                window.shell.show_page("book")
                return
        window.open_book_from(entry.book.source, entry.reference)

    def ask_export(self, entry: LibraryEntry) -> None:
        settings = self.window.settings
        if self.export_dialog is not None:
            self.export_dialog.close()
        dialog = ExportDialog(entry.book.title, settings.fmt, settings.output_dir, self.window)
        dialog.export_requested.connect(lambda fmt, folder: self._export(entry, fmt, folder))
        dialog.finished.connect(dialog.deleteLater)
        dialog.destroyed.connect(lambda *_: self._forget_dialog(dialog))
        self.export_dialog = dialog
        dialog.show()  # non-modal: the window stays usable

    def _forget_dialog(self, dialog: ExportDialog) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None

    def _export(self, entry: LibraryEntry, fmt: str, folder: Path) -> None:
        text = self._text_options(entry.book)
        if text is not None:
            encoding = self.window.settings.txt_encoding
            self.controller.export(entry, fmt, folder, encoding, text)

    def _ask_to_shrink(self, entry: LibraryEntry, target: BookTarget, reason: str) -> None:
        self.shrink_box = ask_to_replace_smaller(
            self.window, reason, lambda: self.controller.export_to(entry, target, force=True)
        )

    def _text_options(self, book: Book) -> TextOptions | None:
        """The script and replacement rules this book was last written with (or the
        defaults); None, and a message, when the saved rules cannot be read."""
        window = self.window
        choice = window.settings.book_text_choice(book.source, book.book_id)
        rules: list[ReplaceRule] = []
        if choice.apply_rules and window.registry.data_dir is not None:
            try:
                rules = load_rules(window.registry.data_dir)
            except BadInputError as error:
                window.message_bar.show_message(
                    Level.ERROR,
                    self.tr("The replacement rules cannot be used: %1").replace("%1", str(error)),
                )
                return None
        return TextOptions(choice.conversion, tuple(rules))

    async def shutdown(self) -> None:
        await self.controller.shutdown()
