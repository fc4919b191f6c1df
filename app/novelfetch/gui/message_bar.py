"""The inline message bar at the top of the window: errors without a modal dialog.

A modal box would stop the user from fixing the very thing it complains about (the ID,
the folder), and ``exec()`` inside a coroutine would start a nested event loop.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from .widgets import name_widget


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# background, border, text
_COLOURS = {
    Level.INFO: ("#e8f0fe", "#aecbfa", "#174ea6"),
    Level.WARNING: ("#fef7e0", "#fdd663", "#7a4f01"),
    Level.ERROR: ("#fce8e6", "#f6aea9", "#a50e0e"),
}
_ICONS = {
    Level.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Level.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class MessageBar(QFrame):
    """Hidden until ``show_message``; the close button or the next action hides it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "messageBar", "Message")
        self.level = Level.INFO
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        # Messages quote the network (titles, server errors): text, never markup.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.label, "messageText", "Message text")
        self.close_button = QToolButton(text="✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        name_widget(self.close_button, "messageCloseButton", "Dismiss message")
        self.close_button.clicked.connect(self.dismiss)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, level: Level, text: str) -> None:
        self.level = level
        background, border, foreground = _COLOURS[level]
        self.setStyleSheet(
            f"QFrame#messageBar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }}"
            f" QLabel {{ color: {foreground}; background: transparent; border: none; }}"
        )
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(_ICONS[level]).pixmap(size, size))
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self.changed.emit()

    def dismiss(self) -> None:
        if not self.isHidden():
            self.hide()
            self.changed.emit()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
