"""The window's frame: a row of page tabs along the top, one page at a time below it.

The design sketch put the navigation in a column on the left; tabs along the top are used
instead because width is what the Book page is short of (its download row needs ~720 px,
and the window must stay usable at 900×600 and at 200 % scaling), while a tab row costs only
one line of height.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from novelfetch.gui.widgets.basics import name_widget


class Shell(QWidget):
    """Pages by key; ``page_changed(key)`` when the user (or code) switches."""

    page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.navigation = QTabBar()
        self.navigation.setDocumentMode(True)
        self.navigation.setExpanding(False)
        self.navigation.setDrawBase(True)
        name_widget(self.navigation, "navigation", self.tr("Pages"))
        self.pages = QStackedWidget()
        name_widget(self.pages, "pages", self.tr("Page"))
        self._keys: list[str] = []
        # The tabs' row has room to their right: what sits there (the message bar) takes
        # the row's height, so showing it moves nothing below.
        self.corner = QHBoxLayout()
        self.corner.setContentsMargins(12, 2, 6, 2)
        tab_row = QHBoxLayout()
        tab_row.setContentsMargins(0, 0, 0, 0)
        tab_row.setSpacing(0)
        tab_row.addWidget(self.navigation)
        tab_row.addLayout(self.corner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(tab_row)
        layout.addWidget(self.pages, 1)
        self.navigation.currentChanged.connect(self._tab_changed)

    def add_page(self, key: str, title: str, page: QWidget, icon: QIcon | None = None) -> None:
        self._keys.append(key)
        self.pages.addWidget(page)
        self.navigation.addTab(icon or QIcon(), title)

    def set_corner(self, widget: QWidget) -> None:
        """Put ``widget`` in the tabs' row, right of the tabs (one line high)."""
        self.corner.addWidget(widget)

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentIndex(self._keys.index(key))

    def page_keys(self) -> list[str]:
        return list(self._keys)

    def current(self) -> str:
        index = self.pages.currentIndex()
        return self._keys[index] if 0 <= index < len(self._keys) else ""

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._keys):
            self.pages.setCurrentIndex(index)
            self.page_changed.emit(self._keys[index])
