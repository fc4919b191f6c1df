"""The Library page, the window's home: every book the user has downloaded.

Each row: the cover, title, author, source, chapters stored of those the source lists, a
“N new” badge after a check found new chapters, and what this session's check or update did.
Sorting and filtering happen here; everything else goes through ``LibraryController``.
Titles, authors and errors are the network's text: shown as plain text only (item texts,
plain labels, escaped tooltips).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QBrush, QFont, QIcon, QImage, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.library.book_files import BookOutcome
from novelfetch.core.library.library import LibraryEntry
from novelfetch.core.library.updates import BookUpdate
from novelfetch.gui.app.i18n import source_name
from novelfetch.gui.app.icons import cover_placeholder
from novelfetch.gui.pages.library.controller import LIBRARY_COVER, BookKey, LibraryController
from novelfetch.gui.pages.library.sorting import sort_entries
from novelfetch.gui.pages.library.texts import LibraryTexts
from novelfetch.gui.widgets.basics import name_widget, plain_label, plain_tooltip

TITLE, AUTHOR, SOURCE, PROGRESS, NEW, STATUS = range(6)
_KEY_ROLE = Qt.ItemDataRole.UserRole


class LibraryPage(QWidget):
    """``open_requested(entry)``: show the book on the Book page; ``export_requested(entry)``:
    the window asks where to (it knows the user's folder and text options)."""

    open_requested = Signal(object)
    export_requested = Signal(object)

    def __init__(
        self,
        controller: LibraryController,
        open_url: Callable[[QUrl], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._open_url = open_url
        self._rows: dict[BookKey, QTreeWidgetItem] = {}
        #: What this session's check or update said of each book (shown in the status column).
        self._results: dict[BookKey, tuple[str, str]] = {}
        self._check_only = True  # what the running (or last) run does
        self._placeholder = QIcon(cover_placeholder(LIBRARY_COVER.width(), LIBRARY_COVER.height()))
        self.remove_box: QMessageBox | None = None
        self.texts = LibraryTexts(self)

        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter by title or author"))
        name_widget(self.filter, "libraryFilter", self.tr("Filter the library"))
        self.sort = QComboBox()
        for label, key in (
            (self.tr("Title"), "title"),
            (self.tr("Author"), "author"),
            (self.tr("Last updated"), "updated"),
            (self.tr("Added"), "added"),
        ):
            self.sort.addItem(label, key)
        name_widget(self.sort, "librarySort", self.tr("Sort the library by"))
        sort_label = QLabel(self.tr("&Sort by"))
        sort_label.setBuddy(self.sort)
        self.check_all = QPushButton(self.tr("Check all for updates"))
        name_widget(self.check_all, "checkAllButton", self.tr("Check every book for updates"))

        self.books = QTreeWidget()
        self.books.setRootIsDecorated(False)
        self.books.setUniformRowHeights(True)
        self.books.setIconSize(LIBRARY_COVER)
        self.books.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.books.setHeaderLabels(
            [
                self.tr("Title"),
                self.tr("Author"),
                self.tr("Source"),
                self.tr("Chapters"),
                self.tr("New"),
                self.tr("Status"),
            ]
        )
        header = self.books.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (AUTHOR, SOURCE, PROGRESS, NEW, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        name_widget(self.books, "libraryList", self.tr("Books in the library"))
        self.empty = QLabel(
            self.tr(
                "The library is empty. Every book you download is added here; find one on the"
                " Search page, or type its ID on the Book page."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name_widget(self.empty, "libraryEmpty", self.tr("The library is empty"))

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.hide()
        name_widget(self.progress, "libraryProgress", self.tr("Books checked"))
        self.status = plain_label(QLabel())
        self.status.setWordWrap(True)
        name_widget(self.status, "libraryStatus", self.tr("Library status"))

        self._build_menu()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(sort_label)
        top.addWidget(self.sort)
        top.addWidget(self.check_all)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.books, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)

        self.filter.textChanged.connect(lambda *_: self._apply_filter())
        self.sort.currentIndexChanged.connect(lambda *_: self._show(controller.entries))
        self.check_all.clicked.connect(lambda *_: self._check_all())
        self.books.itemActivated.connect(lambda *_: self._open())
        self.books.itemSelectionChanged.connect(self._selection_changed)
        self.books.customContextMenuRequested.connect(self._menu_at)
        controller.entries_changed.connect(self._show)
        controller.cover_ready.connect(self._cover)
        controller.run_started.connect(self._run_started)
        controller.book_done.connect(self._book_done)
        controller.run_finished.connect(self._run_finished)
        controller.exported.connect(self._exported)
        controller.removed.connect(self._removed)
        self._show([])

    def _build_menu(self) -> None:
        self.menu = QMenu(self)
        self.menu.setObjectName("libraryMenu")

        def action(name: str, text: str, slot: Callable[[], None]) -> QAction:
            item = QAction(text, self)
            item.setObjectName(name)
            item.triggered.connect(lambda *_: slot())
            self.menu.addAction(item)
            return item

        self.open_action = action("openInBookPageAction", self.tr("&Open book"), self._open)
        font = QFont(self.open_action.font())
        font.setBold(True)  # what a double-click does
        self.open_action.setFont(font)
        self.open_file_action = action(
            "openBookFileAction", self.tr("Open the book &file"), self._open_file
        )
        folder = self.tr("Show in &folder")
        self.show_folder_action = action("showInFolderAction", folder, self._show_folder)
        self.menu.addSeparator()
        self.check_action = action(
            "checkBookAction", self.tr("&Check for updates"), self._check_selected
        )
        self.update_action = action("updateBookAction", self.tr("&Update"), self._update_selected)
        self.export_action = action("exportBookAction", self.tr("&Export as…"), self._export)
        self.menu.addSeparator()
        self.remove_action = action("removeBookAction", self.tr("&Remove…"), self._ask_remove)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.books.addAction(self.remove_action)  # Delete on the list asks too
        self._selection_changed()

    # --- showing the books ----------------------------------------------------------------

    def _show(self, entries: list[LibraryEntry]) -> None:
        selected = self.selected_key()
        self.books.clear()
        self._rows.clear()
        for entry in sort_entries(entries, str(self.sort.currentData())):
            item = QTreeWidgetItem()
            item.setData(TITLE, _KEY_ROLE, entry.key)
            self._fill(item, entry)
            self._rows[entry.key] = item
            self.books.addTopLevelItem(item)
            if entry.key == selected:
                item.setSelected(True)
                self.books.setCurrentItem(item)
        has_books = bool(entries)
        self.books.setVisible(has_books)
        self.empty.setVisible(not has_books)
        self.check_all.setEnabled(has_books or self.controller.running)
        self._apply_filter()
        self._selection_changed()

    def _fill(self, item: QTreeWidgetItem, entry: LibraryEntry) -> None:
        book = entry.book
        item.setText(TITLE, book.title or book.book_id)
        item.setText(AUTHOR, book.author)
        try:
            source = self.controller.registry.get(book.source)
            item.setText(SOURCE, source_name(source.id, source.name))
        except NovelFetchError:  # a rule source removed since: its id is all there is
            item.setText(SOURCE, book.source)
        item.setText(PROGRESS, f"{entry.stored:,} / {entry.known:,}")
        item.setTextAlignment(PROGRESS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if entry.new:
            item.setText(NEW, self.texts.new_badge(entry.new))
            badge = QFont(item.font(NEW))
            badge.setBold(True)
            item.setFont(NEW, badge)
            item.setForeground(NEW, QBrush(self.palette().color(QPalette.ColorRole.Link)))
        else:
            item.setText(NEW, "")
        status, why = self._results.get(entry.key, ("", ""))
        item.setText(STATUS, status or self.texts.checked(entry))
        item.setToolTip(STATUS, plain_tooltip(why))
        details = [book.title, book.author, book.intro[:400]]
        if entry.removed:
            details.append(self.texts.removed_at_source(entry.removed))
        item.setToolTip(TITLE, plain_tooltip("\n".join(part for part in details if part)))
        image = self.controller.cover(entry.key)
        item.setIcon(TITLE, QIcon(QPixmap.fromImage(image)) if image else self._placeholder)

    def _cover(self, key: BookKey, image: QImage) -> None:
        item = self._rows.get(key)
        if item is not None:
            item.setIcon(TITLE, QIcon(QPixmap.fromImage(image)))

    def _apply_filter(self) -> None:
        words = self.filter.text().casefold().split()
        for item in self._rows.values():
            haystack = f"{item.text(TITLE)}\n{item.text(AUTHOR)}".casefold()
            item.setHidden(not all(word in haystack for word in words))

    def visible_titles(self) -> list[str]:
        """The titles shown, top to bottom (filtered and sorted)."""
        items = (self.books.topLevelItem(i) for i in range(self.books.topLevelItemCount()))
        return [item.text(TITLE) for item in items if not item.isHidden()]

    # --- choosing -------------------------------------------------------------------------

    def selected_key(self) -> BookKey | None:
        items = self.books.selectedItems()
        return items[0].data(TITLE, _KEY_ROLE) if items else None

    def selected(self) -> LibraryEntry | None:
        key = self.selected_key()
        return self.controller.entry(key) if key else None

    def select(self, key: BookKey) -> None:
        item = self._rows.get(key)
        if item is not None:
            self.books.setCurrentItem(item)
            item.setSelected(True)

    def _selection_changed(self) -> None:
        entry = self.selected()
        chosen = entry is not None
        written = chosen and bool(entry.files)
        for action in (self.open_action, self.export_action):
            action.setEnabled(chosen)
        # A check or update re-records the books it works on: no removing under it.
        idle = chosen and not self.controller.running
        for action in (self.check_action, self.update_action, self.remove_action):
            action.setEnabled(idle)
        self.open_file_action.setEnabled(written)
        self.show_folder_action.setEnabled(written)

    def _menu_at(self, position: QPoint) -> None:
        item = self.books.itemAt(position)
        if item is None:
            return
        self.books.setCurrentItem(item)
        self._selection_changed()
        self.menu.popup(self.books.viewport().mapToGlobal(position))

    # --- acting on a book -----------------------------------------------------------------

    def _open(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_requested.emit(entry)

    def _last_file(self) -> LibraryEntry | None:
        entry = self.selected()
        return entry if entry is not None and entry.files else None

    def _open_file(self) -> None:
        entry = self._last_file()
        if entry is not None:
            latest = max(entry.files, key=lambda record: record.written_at)
            self._open_url(QUrl.fromLocalFile(str(latest.path)))

    def _show_folder(self) -> None:
        entry = self._last_file()
        if entry is not None:
            latest = max(entry.files, key=lambda record: record.written_at)
            self._open_url(QUrl.fromLocalFile(str(latest.path.parent)))

    def _check_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.controller.check([entry])

    def _update_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.controller.update([entry])

    def _export(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.export_requested.emit(entry)

    def _ask_remove(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        box = self.texts.remove_box(entry, self)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.controller.remove(entry)

        box.finished.connect(answered)
        box.finished.connect(box.deleteLater)
        self.remove_box = box
        box.open()  # never exec(): downloads keep running while it is up

    # --- checks and updates ---------------------------------------------------------------

    def _check_all(self) -> None:
        if self.controller.running:
            self.controller.cancel()
        else:
            self.controller.check(None)

    def _run_started(self, keys: list[BookKey], check_only: bool) -> None:
        busy = self.texts.busy(check_only)
        for key in keys:
            self._results[key] = (busy, "")
            item = self._rows.get(key)
            if item is not None:
                item.setText(STATUS, busy)
        self._check_only = check_only
        self.progress.setRange(0, len(keys))
        self.progress.setValue(0)
        self.progress.show()
        self.check_all.setText(self.tr("Stop"))
        self.check_all.setEnabled(True)
        self.status.setText(self.texts.progress(0, len(keys), check_only))
        self._selection_changed()

    def _book_done(self, report: BookUpdate, done: int, total: int) -> None:
        self._results[report.entry.key] = self.texts.describe(report)
        item = self._rows.get(report.entry.key)
        if item is not None:
            entry = self.controller.entry(report.entry.key)
            if entry is not None:
                self._fill(item, entry)
        self.progress.setValue(done)
        self.status.setText(self.texts.progress(done, total, self._check_only))

    def _run_finished(self, check_only: bool, done: int, failed: int) -> None:
        self.progress.hide()
        self.check_all.setText(self.tr("Check all for updates"))
        self.check_all.setEnabled(bool(self._rows))
        for key, (text, _why) in list(self._results.items()):
            if text in (self.texts.busy(True), self.texts.busy(False)):
                del self._results[key]  # stopped before this book's turn
        self._show(self.controller.entries)
        waiting = sum(1 for entry in self.controller.entries if entry.new)
        self.status.setText(self.texts.finished(check_only, done, failed, waiting))

    def _exported(self, outcome: BookOutcome) -> None:
        self.status.setText(self.texts.exported(outcome))

    def _removed(self, entry: LibraryEntry) -> None:
        self._results.pop(entry.key, None)
        self.status.setText(self.texts.removed(entry))
