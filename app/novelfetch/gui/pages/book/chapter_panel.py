"""The chapter list and the choice of which chapters go into the book.

The highlighted rows are the choice, exactly: Ctrl-clicking chapters 2 and 8 chooses those
two. The From/To fields select a run of rows; a choice with gaps shows its first and last.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.models import Chapter
from novelfetch.gui.app.theme import colours, palette_changed
from novelfetch.gui.pages.book.chapter_model import NUMBER, STATUS, TITLE, VOLUME, ChapterModel
from novelfetch.gui.widgets.basics import name_widget


class ChapterList(QTreeView):
    """A tree view whose right button opens the menu without touching the selection."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            event.accept()  # the context menu follows; the choice stays what it was
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            event.accept()  # a release can select too (a click on an already selected row)
            return
        super().mouseReleaseEvent(event)


class ChapterPanel(QWidget):
    """``selection_changed`` fires whenever the chosen chapters may have changed."""

    selection_changed = Signal()
    download_requested = Signal()  # "Download selected" in the list's menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChapterModel()
        self.model.set_colours(colours(self.palette()))

        self.view = ChapterList()
        self.view.setModel(self.model)
        # Uniform rows let the view lay out 10,000 rows without asking for each size.
        self.view.setUniformRowHeights(True)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.view.header()
        header.setStretchLastSection(False)
        # At every repaint the header asks whether each column is wholly selected, which
        # walks every row through the model in Python (QHeaderView::initStyleOptionForIndex,
        # whatever highlightSections says): 12 ms with 2,000 chapters chosen, several times a
        # second during a download. A selection of its own, always empty, answers at once.
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VOLUME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(NUMBER, 56)
        header.resizeSection(VOLUME, 150)
        header.resizeSection(STATUS, 110)
        name_widget(self.view, "chapterList", self.tr("Chapters"))
        self.view.selectionModel().selectionChanged.connect(self._follow_list_selection)
        self._build_menu()

        self.first = QSpinBox()
        self.last = QSpinBox()
        for spin, name, spoken in (
            (self.first, "fromSpin", self.tr("From chapter")),
            (self.last, "toSpin", self.tr("To chapter")),
        ):
            spin.setRange(1, 1)
            spin.setAccelerated(True)
            # Commit on Enter or focus loss: typing "24" must not pass through chapter 2.
            spin.setKeyboardTracking(False)
            spin.setMinimumWidth(64)
            spin.valueChanged.connect(self._range_edited)
            name_widget(spin, name, spoken)
        self.all_button = QPushButton(self.tr("All"))
        self.all_button.setToolTip(self.tr("Select every chapter"))
        name_widget(self.all_button, "allChaptersButton", self.tr("Select all chapters"))
        self.all_button.clicked.connect(self.select_all)
        self.only_missing = QCheckBox(self.tr("Only chapters not yet stored"))
        self.only_missing.setToolTip(
            self.tr(
                "Fetch only the chosen chapters not stored yet, and write the whole book with them"
            )
        )
        name_widget(self.only_missing, "onlyMissingCheck", self.tr("Only chapters not yet stored"))
        self.only_missing.toggled.connect(self._update_summary)
        self.summary = QLabel()
        # Wraps rather than widening the window past a small screen.
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        name_widget(self.summary, "selectionSummaryLabel", self.tr("Selection"))

        from_label = QLabel(self.tr("&From"))
        from_label.setBuddy(self.first)
        to_label = QLabel(self.tr("&to"))
        to_label.setBuddy(self.last)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(from_label)
        row.addWidget(self.first)
        row.addWidget(to_label)
        row.addWidget(self.last)
        row.addWidget(self.all_button)
        row.addSpacing(12)
        row.addWidget(self.only_missing)
        row.addWidget(self.summary, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._syncing = False
        self._editable = True

    def _build_menu(self) -> None:
        self.menu = QMenu(self)
        self.menu.setObjectName("chapterMenu")
        self.select_all_action = QAction(self.tr("Select &all"), self)
        self.select_all_action.triggered.connect(lambda *_: self.select_all())
        self.select_none_action = QAction(self.tr("Select &none"), self)
        self.select_none_action.triggered.connect(lambda *_: self.select_none())
        self.from_here_action = QAction(self.tr("Select from &here to the end"), self)
        self.from_here_action.triggered.connect(lambda *_: self.select_from(self._menu_row))
        self.download_action = QAction(self.tr("&Download selected"), self)
        self.download_action.triggered.connect(lambda *_: self.download_requested.emit())
        for action in (self.select_all_action, self.select_none_action, self.from_here_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.download_action)
        self._menu_row = 0
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_menu)

    def show_menu(self, pos: QPoint) -> None:
        """The list's menu at ``pos`` (viewport coordinates); never a nested event loop."""
        index = self.view.indexAt(pos)
        self._menu_row = index.row() if index.isValid() else -1
        self.from_here_action.setEnabled(self._editable and self._menu_row >= 0)
        self.menu.popup(self.view.viewport().mapToGlobal(pos))

    def changeEvent(self, event: QEvent) -> None:
        if palette_changed(event):
            self.model.set_colours(colours(self.palette()))
        super().changeEvent(event)

    # --- contents -------------------------------------------------------------------------

    def set_chapters(self, chapters: list[Chapter], stored: set[str]) -> None:
        self.model.set_chapters(chapters, stored)
        count = max(1, len(chapters))
        self._syncing = True
        for spin in (self.first, self.last):
            spin.setRange(1, count)
        self._syncing = False
        self.set_range(1, count)

    def clear(self) -> None:
        self.set_chapters([], set())

    def select_all(self) -> None:
        self.set_range(1, len(self.model.chapters))

    def select_none(self) -> None:
        self.view.selectionModel().clearSelection()

    def select_from(self, row: int) -> None:
        """Choose the chapter in ``row`` (0-based) and every one after it."""
        if 0 <= row < len(self.model.chapters):
            self.set_range(row + 1, len(self.model.chapters))

    def set_range(self, first: int, last: int) -> None:
        """Choose chapters ``first`` to ``last`` (1-based): the fields and the rows."""
        self._syncing = True
        self.first.setValue(first)
        self.last.setValue(last)
        self._select_rows(first - 1, last - 1)
        self._syncing = False
        self._update_summary()

    def _select_rows(self, top: int, bottom: int) -> None:
        if not self.model.chapters:
            return
        # One selection range, however many rows: cheap for 10,000 chapters.
        last_column = self.model.columnCount() - 1
        rows = QItemSelection(self.model.index(top, 0), self.model.index(bottom, last_column))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().select(rows, flags)

    def book_chapters(self) -> list[Chapter]:
        """What the book file will hold: every chapter with "only chapters not yet stored"
        (new ones are fetched, the whole book written), else the highlighted rows."""
        if self.only_missing.isChecked():
            return list(self.model.chapters)
        return self.highlighted_chapters()

    def highlighted_chapters(self) -> list[Chapter]:
        chapters = self.model.chapters
        rows: set[int] = set()
        # Selection ranges, not selectedRows(): cheap even for 10,000 selected rows.
        for span in self.view.selectionModel().selection():
            rows.update(range(span.top(), span.bottom() + 1))
        return [chapters[row] for row in sorted(rows) if row < len(chapters)]

    def selected_chapters(self) -> list[Chapter]:
        """The chosen chapters: the highlighted rows, minus stored ones if asked."""
        chosen = self.highlighted_chapters()
        if self.only_missing.isChecked():
            chosen = [c for c in chosen if not self.model.is_stored(c)]
        return chosen

    # --- keeping range, list selection and summary in step --------------------------------

    def _range_edited(self) -> None:
        if self._syncing:
            return
        # Keep the range well-formed whichever end moved.
        if self.first.value() > self.last.value():
            sender = self.sender()
            self._syncing = True
            if sender is self.first:
                self.last.setValue(self.first.value())
            else:
                self.first.setValue(self.last.value())
            self._syncing = False
        self.set_range(self.first.value(), self.last.value())

    def _follow_list_selection(self, _selected: QItemSelection, _deselected: object) -> None:
        if self._syncing:
            return
        ranges = self.view.selectionModel().selection()
        if not ranges.isEmpty():
            # The fields show where the choice begins and ends; the summary counts it.
            self._syncing = True
            self.first.setValue(min(r.top() for r in ranges) + 1)
            self.last.setValue(max(r.bottom() for r in ranges) + 1)
            self._syncing = False
        self._update_summary()

    def _update_summary(self) -> None:
        chapters = self.model.chapters
        if not chapters:
            self.summary.setText("")
        else:
            chosen = self.selected_chapters()
            to_fetch = sum(not self.model.is_stored(c) for c in chosen)
            self.summary.setText(self._summary(len(chosen), to_fetch))
        self.selection_changed.emit()

    def refresh_summary(self) -> None:
        self._update_summary()

    def show_remaining(self, chosen: int, remaining: int) -> None:
        """During a download: counts from the progress events, no walk over the chapters."""
        self.summary.setText(self._summary(chosen, remaining))

    def _summary(self, chosen: int, to_fetch: int) -> str:
        return self.tr("%Ln chosen", "", chosen) + " · " + self.tr("%Ln to download", "", to_fetch)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for action in (self.select_all_action, self.select_none_action, self.from_here_action):
            action.setEnabled(editable)
        for widget in (self.first, self.last, self.all_button, self.only_missing):
            widget.setEnabled(editable)
        self.view.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if editable
            else QAbstractItemView.SelectionMode.NoSelection
        )

    def scroll_to(self, chapter: Chapter) -> None:
        row = chapter.index - 1
        if 0 <= row < self.model.rowCount():
            center = QAbstractItemView.ScrollHint.PositionAtCenter
            self.view.scrollTo(self.model.index(row, 0), center)
