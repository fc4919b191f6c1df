"""Small helpers every panel uses."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


def name_widget(widget: QWidget, object_name: str, accessible_name: str) -> None:
    """Give a widget its stable name for tests and automation, and a spoken name.

    ``objectName`` and the accessibility identifier are the stable handles (``startButton``);
    the accessible name is what a screen reader says ("Start download").
    """
    widget.setObjectName(object_name)
    widget.setAccessibleIdentifier(object_name)
    widget.setAccessibleName(accessible_name)


def plain_label(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally: network text is never markup."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally.

    Qt renders a tooltip as rich text whenever it merely looks like markup, and has no
    plain-text switch for tooltips; escaped inside a paragraph, it is only ever text.
    """
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


class ElidedLabel(QLabel):
    """One line of plain text that gives way: short of room it ends in "…" and the whole text
    is its tooltip. A label whose text grows (a status updated during a download) would
    otherwise widen its row, and with it the window, and repaint everything."""

    MIN_CHARS = 12  # what it keeps however narrow the window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().averageCharWidth() * self.MIN_CHARS), hint.height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )

    def _update_tooltip(self) -> None:
        room = self.contentsRect().width()
        elided = self.fontMetrics().horizontalAdvance(self.text()) > room
        self.setToolTip(plain_tooltip(self.text()) if elided else "")
