"""The Search page: one box for a title, an author, an ID or a pasted address.

Results appear as each source answers; a source that fails is named beside them. An address or
a book ID skips the search and opens the book straight away.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.models import SearchResult
from novelfetch.core.sources import SourceEntry
from novelfetch.gui.app.core_messages import error_text
from novelfetch.gui.app.i18n import source_name
from novelfetch.gui.app.icons import cover_placeholder
from novelfetch.gui.pages.search.controller import COVER_THUMBNAIL, SearchController
from novelfetch.gui.widgets.basics import name_widget, plain_tooltip

# Lines of the per-source report shown before it scrolls: a collection of hundreds of sources
# names each one, and the results must keep their room.
STATUS_LINES = 4
#: Sources named one by one in the report; the count says how the rest went.
STATUS_SOURCES_NAMED = 30
# A bare number this long is a book ID (of the default source), not a title.
_BOOK_ID = re.compile(r"[0-9]{5,20}")
_RESULT_ROLE = Qt.ItemDataRole.UserRole


class SearchPage(QWidget):
    """``open_requested(source_id, book)`` asks the window to show a book on the Book page."""

    open_requested = Signal(str, str)

    def __init__(self, controller: SearchController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._states: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._failed_ids: set[str] = set()
        # Result rows by (source, book), so a cover that arrives later finds its row.
        self._rows: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._placeholder = QIcon(
            cover_placeholder(COVER_THUMBNAIL.width(), COVER_THUMBNAIL.height())
        )

        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText(self.tr("Title, author, book ID or address"))
        name_widget(self.query, "searchInput", self.tr("Search for"))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        name_widget(self.search_button, "searchButton", self.tr("Search"))

        self.results = QTreeWidget()
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)  # every row has a thumbnail of one size
        self.results.setIconSize(COVER_THUMBNAIL)
        self.results.setHeaderLabels(
            [self.tr("Title"), self.tr("Author"), self.tr("Source"), self.tr("Latest chapter")]
        )
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Sized to what they hold, but never the sliver an empty column (or a short Chinese
        # header) shrinks to: room for a name from the start.
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 12)
        name_widget(self.results, "searchResults", self.tr("Search results"))
        self.open_button = QPushButton(self.tr("Open book"))
        self.open_button.setEnabled(False)
        name_widget(self.open_button, "openResultButton", self.tr("Open the chosen book"))

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # source names come from rule files
        self.status.setWordWrap(True)
        name_widget(self.status, "searchStatus", self.tr("Search status"))
        self.status_area = QScrollArea()
        self.status_area.setWidget(self.status)
        self.status_area.setWidgetResizable(True)
        self.status_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.status_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status_area.setMaximumHeight(self.fontMetrics().lineSpacing() * STATUS_LINES + 4)

        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_area, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)

        self.query.returnPressed.connect(self.submit)
        self.search_button.clicked.connect(lambda *_: self.submit())
        self.results.itemSelectionChanged.connect(self._selection_changed)
        self.results.itemActivated.connect(lambda *_: self.open_selected())
        self.open_button.clicked.connect(lambda *_: self.open_selected())
        controller.search_started.connect(self._started)
        controller.results_arrived.connect(self._results)
        controller.source_failed.connect(self._failed)
        controller.search_finished.connect(self._finished)
        controller.cover_arrived.connect(self._cover)

    # --- asking ---------------------------------------------------------------------------

    def submit(self) -> None:
        text = self.query.text().strip()
        if "://" in text or _BOOK_ID.fullmatch(text):
            try:
                entry, _ = self.controller.registry.route(text)
            except NovelFetchError as error:  # say it where the user is looking
                self.status.setText(error_text(error))
                return
            self.open_requested.emit(entry.id, text)
            return
        self.controller.search(text)

    def open_selected(self) -> None:
        items = self.results.selectedItems()
        if items:
            result: SearchResult = items[0].data(0, _RESULT_ROLE)
            self.open_requested.emit(result.source, result.book)

    # --- answers --------------------------------------------------------------------------

    def _started(self, number: int, entries: list[SourceEntry]) -> None:
        self.results.clear()
        self._rows.clear()
        self._names = {entry.id: source_name(entry.id, entry.name) for entry in entries}
        self._states = {entry.id: self.tr("searching…") for entry in entries}
        self._failed_ids = set()
        self._show_states()

    def _results(self, number: int, entry: SourceEntry, found: list[SearchResult]) -> None:
        if number != self.controller.search_number:
            return
        for result in found:
            name = source_name(entry.id, entry.name)
            item = QTreeWidgetItem([result.title, result.author, name, result.latest_chapter])
            item.setData(0, _RESULT_ROLE, result)
            # The title whole (its column may cut it short), then the intro: the source's text.
            heading = f"{result.title} — {result.author}" if result.author else result.title
            tip = f"{heading}\n\n{result.intro[:500]}" if result.intro else heading
            item.setToolTip(0, plain_tooltip(tip))
            item.setIcon(0, self._placeholder)
            self._rows[(result.source, result.book)] = item
            self.results.addTopLevelItem(item)
        self._states[entry.id] = self.tr("%n found", "", len(found))
        self._show_states()

    def _cover(self, number: int, result: SearchResult, image: QImage) -> None:
        item = self._rows.get((result.source, result.book))
        if number == self.controller.search_number and item is not None:
            item.setIcon(0, QIcon(QPixmap.fromImage(image)))

    def _failed(self, number: int, entry: SourceEntry, why: str) -> None:
        if number != self.controller.search_number:
            return
        self._states[entry.id] = self.tr("failed: %1").replace("%1", why)
        self._failed_ids.add(entry.id)
        self._show_states()

    def _finished(self, number: int) -> None:
        if number == self.controller.search_number and not self.results.topLevelItemCount():
            self._show_states(prefix=self.tr("Nothing found. "))

    def _show_states(self, prefix: str = "") -> None:
        # Those that answered first, then those that failed, then those still searching; at
        # most STATUS_SOURCES_NAMED of them: laying out the wrapped line of a thousand sources
        # took ~0.1 s at each answer, and a big search froze the window for a minute and more.
        searching = self.tr("searching…")
        keys = sorted(
            self._states,
            key=lambda key: (key in self._failed_ids) + 2 * (self._states[key] == searching),
        )
        shown = keys[:STATUS_SOURCES_NAMED]
        parts = [f"{self._names.get(key, key)}: {self._states[key]}" for key in shown]
        if len(keys) > len(shown):
            parts.append(self.tr("%n more", "", len(keys) - len(shown)))
        self.status.setText(prefix + self._summary() + " · ".join(parts))

    def _summary(self) -> str:
        """How the search stands at a glance, before the line per source (many sources)."""
        if len(self._states) < 2:
            return ""
        searching = sum(state == self.tr("searching…") for state in self._states.values())
        failed = len(self._failed_ids)
        answered = len(self._states) - searching - failed
        return (
            self.tr("%1 sources: %2 answered, %3 failed, %4 searching. ")
            .replace("%1", str(len(self._states)))
            .replace("%2", str(answered))
            .replace("%3", str(failed))
            .replace("%4", str(searching))
        )

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(bool(self.results.selectedItems()))
