"""The Sources page's list with the hundreds of sources a collection brings: columns that
leave each source's state in view, and a filter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTreeWidget

NAME, SOURCE_ID, KIND, STATE, ADDRESS = range(5)
#: The columns that give way (cut short, whole in the row's tooltip) when the state needs room.
_YIELDING = (NAME, SOURCE_ID, ADDRESS)
#: Narrowest a yielding column is made, in average characters.
_FLOOR_CHARS = 10


class ColumnFitter(QObject):
    """Name, ID and address as wide as their text while the state keeps the room its
    short texts ("enabled, runs JavaScript") need; past that they give way in proportion.

    ``measure`` after the rows change (it reads every row); it fits again on each resize.
    """

    def __init__(self, table: QTreeWidget) -> None:
        super().__init__(table)
        self.table = table
        self._wanted: dict[int, int] = {}
        self._state_room = 0
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def measure(self) -> None:
        table = self.table
        for column in (*_YIELDING, KIND):
            table.resizeColumnToContents(column)
        self._wanted = {column: table.columnWidth(column) for column in _YIELDING}
        metrics = table.fontMetrics()
        # A "not usable" reason may be any length (its tooltip has it whole); an enabled or
        # disabled source's state is short and should be read in full.
        shorts = [
            table.topLevelItem(row).text(STATE)
            for row in range(table.topLevelItemCount())
            if table.topLevelItem(row).toolTip(STATE) == ""
        ]
        padding = metrics.averageCharWidth() * 3
        self._state_room = max((metrics.horizontalAdvance(text) for text in shorts), default=0)
        self._state_room += padding
        self.fit()

    def fit(self) -> None:
        table = self.table
        if not self._wanted:
            return
        available = table.viewport().width() - table.columnWidth(KIND) - self._state_room
        wanted = sum(self._wanted.values())
        floor = table.fontMetrics().averageCharWidth() * _FLOOR_CHARS
        scale = min(1.0, max(available, 0) / wanted) if wanted else 1.0
        for column, width in self._wanted.items():
            table.setColumnWidth(column, max(min(width, floor), int(width * scale)))


def filter_rows(table: QTreeWidget, text: str) -> None:
    """Show only the rows with ``text`` (any case) in one of their columns; all for none."""
    wanted = text.strip().casefold()
    for index in range(table.topLevelItemCount()):
        item = table.topLevelItem(index)
        texts = (item.text(column).casefold() for column in range(table.columnCount()))
        hidden = bool(wanted) and not any(wanted in shown for shown in texts)
        item.setHidden(hidden)
        if hidden:
            item.setSelected(False)
