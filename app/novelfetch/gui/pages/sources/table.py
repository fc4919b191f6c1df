"""The Sources page's list with the hundreds of sources a collection brings: columns that
leave the state in view, and a filter."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget

#: Widest the name (in CJK characters), ID and address (in average characters) columns are
#: made to fit their text; past that they are cut short, whole in the row's tooltip.
NAME_CAP_WIDE_CHARS = 14
ID_CAP_CHARS = 30
ADDRESS_CAP_CHARS = 32


def fit_columns(table: QTreeWidget, name: int = 0, source_id: int = 1, address: int = 4) -> None:
    """Fit the name, ID and address columns to their text, each up to its cap."""
    metrics = table.fontMetrics()
    wide, narrow = metrics.horizontalAdvance("中"), metrics.averageCharWidth()
    caps = {
        name: wide * NAME_CAP_WIDE_CHARS,
        source_id: narrow * ID_CAP_CHARS,
        address: narrow * ADDRESS_CAP_CHARS,
    }
    for column, cap in caps.items():
        table.resizeColumnToContents(column)
        if table.columnWidth(column) > cap:
            table.setColumnWidth(column, cap)


def filter_rows(table: QTreeWidget, text: str) -> None:
    """Show only the rows with ``text`` (any case) in one of their columns; all for none."""
    wanted = text.strip().casefold()
    for index in range(table.topLevelItemCount()):
        item = table.topLevelItem(index)
        texts = (item.text(column).casefold() for column in range(table.columnCount()))
        item.setHidden(bool(wanted) and not any(wanted in shown for shown in texts))
