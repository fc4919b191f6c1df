"""The chapter list's model: one row per chapter, with its stored / failed / paid state.

``data()`` is a few dictionary look-ups, so a 10,000-row book scrolls as fast as the view
can paint; status changes arrive in batches and are announced with one ``dataChanged``
per batch rather than one per chapter, over the Status column only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from novelfetch.core.models import Chapter
from novelfetch.gui.app.icons import status_icon
from novelfetch.gui.app.theme import DARK, LIGHT, Colours
from novelfetch.gui.widgets.basics import plain_tooltip

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("ChapterModel", "Chapter"),
    QT_TRANSLATE_NOOP("ChapterModel", "Volume"),
    QT_TRANSLATE_NOOP("ChapterModel", "Status"),
)
NUMBER, TITLE, VOLUME, STATUS = range(len(COLUMNS))
_STATUS_WORDS = {
    "stored": QT_TRANSLATE_NOOP("ChapterModel", "Stored"),
    "failed": QT_TRANSLATE_NOOP("ChapterModel", "Failed"),
    "paid": QT_TRANSLATE_NOOP("ChapterModel", "Paid"),
    "missing": QT_TRANSLATE_NOOP("ChapterModel", "Not stored"),
}


class ChapterModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._chapters: list[Chapter] = []
        self._rows: dict[str, int] = {}
        self._stored: set[str] = set()
        self._failed: dict[str, str] = {}
        self._colours: Colours = LIGHT
        # Translated once: data() runs for every visible cell on every repaint.
        self._status_words = {key: self.tr(word) for key, word in _STATUS_WORDS.items()}
        self._columns = tuple(self.tr(column) for column in COLUMNS)

    def set_colours(self, colours: Colours) -> None:
        """The status colours for the view's scheme (light or dark)."""
        if colours is not self._colours:
            self._colours = colours
            if self._chapters:
                self._announce([0, len(self._chapters) - 1])

    # --- contents -------------------------------------------------------------------------

    def set_chapters(self, chapters: list[Chapter], stored: Iterable[str]) -> None:
        self.beginResetModel()
        self._chapters = list(chapters)
        self._rows = {chapter.chapter_id: row for row, chapter in enumerate(self._chapters)}
        self._stored = set(stored) & self._rows.keys()
        self._failed = {}
        self.endResetModel()

    def clear(self) -> None:
        self.set_chapters([], ())

    @property
    def chapters(self) -> list[Chapter]:
        return self._chapters

    def status(self, chapter: Chapter) -> str:
        if chapter.chapter_id in self._stored:
            return "stored"
        if chapter.chapter_id in self._failed:
            return "failed"
        return "paid" if chapter.paid else "missing"

    def is_stored(self, chapter: Chapter) -> bool:
        return chapter.chapter_id in self._stored

    @property
    def stored_count(self) -> int:
        return len(self._stored)

    @property
    def failed_count(self) -> int:
        return len(self._failed)

    def mark_stored(self, chapters: Iterable[Chapter]) -> None:
        changed = []
        for chapter in chapters:
            row = self._rows.get(chapter.chapter_id)
            if row is not None:
                self._stored.add(chapter.chapter_id)
                self._failed.pop(chapter.chapter_id, None)
                changed.append(row)
        self._announce(changed)

    def mark_failed(self, failures: Iterable[tuple[Chapter, str]]) -> None:
        changed = []
        for chapter, reason in failures:
            row = self._rows.get(chapter.chapter_id)
            if row is not None and chapter.chapter_id not in self._stored:
                self._failed[chapter.chapter_id] = reason
                changed.append(row)
        self._announce(changed)

    def clear_failed(self, chapters: Iterable[Chapter]) -> None:
        changed = []
        for chapter in chapters:
            if self._failed.pop(chapter.chapter_id, None) is not None:
                changed.append(self._rows[chapter.chapter_id])
        self._announce(changed)

    def _announce(self, rows: list[int]) -> None:
        if rows:
            # One span covering the batch, in the Status column alone (the only one a status
            # changes; tooltips are asked for when shown): a span starting in the first
            # column makes the tree view query every row of it and repaint the whole list,
            # 10-15 ms a batch while downloading, though the rows are mostly off screen.
            self.dataChanged.emit(self.index(min(rows), STATUS), self.index(max(rows), STATUS))

    # --- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._chapters)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        chapter = self._chapters[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NUMBER:
                return str(chapter.index)
            if column == TITLE:
                return chapter.title
            if column == VOLUME:
                return chapter.volume
            return self._status_words[self.status(chapter)]
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return status_icon(self.status(chapter), self._colours is DARK)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QBrush(QColor(self._colours.status(self.status(chapter))))
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = self._failed.get(chapter.chapter_id)
            if reason:
                # The reason quotes the server: shown as text.
                return plain_tooltip(self.tr("Failed: %1").replace("%1", reason))
            if chapter.paid:
                return self.tr("A paid chapter: the source may refuse it.")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
