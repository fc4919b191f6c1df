"""The inline message bar in the row of page tabs: errors without a modal dialog.

A modal box would stop the user from fixing the very thing it complains about (the ID,
the folder), and ``exec()`` inside a coroutine would start a nested event loop.

It sits beside the tabs, one line high, instead of above them: a bar that appears above the
pages pushed every control down by its height, and the click aimed at a control landed on
another. A message too long for the line ends in "…"; hovering shows it whole, and a click
opens it whole, as selectable text.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from novelfetch.gui.app.theme import MessageColours, colours
from novelfetch.gui.widgets.basics import ElidedLabel, name_widget

# How wide the whole message may grow when opened (it wraps beyond that).
DETAILS_WIDTH = 480


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_ICONS = {
    Level.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Level.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class MessageDetails(QFrame):
    """The whole message in a popup below the bar (it closes on the next click elsewhere)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.label, "messageDetailsText", self.tr("Whole message"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)


class MessageBar(QFrame):
    """Hidden until ``show_message``; the close button or the next action hides it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "messageBar", self.tr("Message"))
        self.level = Level.INFO
        self._text = ""
        self._applied: MessageColours | None = None
        self.icon = QLabel()
        # Messages quote the network (titles, server errors): text, never markup.
        self.label = ElidedLabel()
        name_widget(self.label, "messageText", self.tr("Message text"))
        self.close_button = QToolButton(text="✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        name_widget(self.close_button, "messageCloseButton", self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.dismiss)
        self.details = MessageDetails(self)
        self.details.setObjectName("messageDetails")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 2, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        # As wide as the row leaves it, never taller than the row of tabs it sits in.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hide()

    def show_message(self, level: Level, text: str) -> None:
        self.level = level
        self._text = text
        self._apply_colours()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(_ICONS[level]).pixmap(size, size))
        # One line in the bar; the lines of a longer message follow each other.
        self.label.setText("  ".join(line.strip() for line in text.splitlines() if line.strip()))
        self.setAccessibleDescription(text)
        self.details.hide()
        self.show()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.show_details()
        super().mousePressEvent(event)

    def show_details(self) -> None:
        """Open the whole message below the bar, as selectable text."""
        self.details.label.setText(self._text)
        self.details.setFixedWidth(max(self.width(), DETAILS_WIDTH))
        self.details.adjustSize()
        self.details.move(self.mapToGlobal(QPoint(0, self.height())))
        self.details.show()

    def _colours(self) -> MessageColours:
        # The application's palette: this frame's own is tinted by its style sheet.
        scheme = colours()
        return {Level.INFO: scheme.info, Level.WARNING: scheme.warning, Level.ERROR: scheme.error}[
            self.level
        ]

    def refresh_colours(self) -> None:
        """Re-pick the colours after a light/dark switch.

        The window calls it: a widget with a style sheet keeps its own palette, so Qt
        sends it no palette change of its own.
        """
        if self._applied is not None:
            self._apply_colours()

    def _apply_colours(self) -> None:
        chosen = self._colours()
        if chosen == self._applied:
            return  # re-applying a style sheet would itself send a palette change
        self._applied = chosen
        sheet = (
            f"QFrame#messageBar, QFrame#messageDetails {{ background: {chosen.background};"
            f" border: 1px solid {chosen.border}; border-radius: 6px; }}"
            f" QLabel {{ color: {chosen.text}; background: transparent; border: none; }}"
        )
        self.setStyleSheet(sheet)
        self.details.setStyleSheet(sheet)

    def dismiss(self) -> None:
        self.details.hide()
        if not self.isHidden():
            self.hide()
            self.changed.emit()

    def text(self) -> str:
        return "" if self.isHidden() else self._text
