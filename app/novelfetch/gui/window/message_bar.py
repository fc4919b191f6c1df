"""The inline message bar at the top of the window: errors without a modal dialog.

A modal box would stop the user from fixing the very thing it complains about (the ID,
the folder), and ``exec()`` inside a coroutine would start a nested event loop.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from novelfetch.gui.app.theme import MessageColours, colours
from novelfetch.gui.widgets.basics import name_widget


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


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
        name_widget(self, "messageBar", self.tr("Message"))
        self.level = Level.INFO
        self._applied: MessageColours | None = None
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setWordWrap(True)
        # Messages quote the network (titles, server errors): text, never markup.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.label, "messageText", self.tr("Message text"))
        self.close_button = QToolButton(text="✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        name_widget(self.close_button, "messageCloseButton", self.tr("Dismiss message"))
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
        self._apply_colours()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(_ICONS[level]).pixmap(size, size))
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self.changed.emit()

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
        self.setStyleSheet(
            f"QFrame#messageBar {{ background: {chosen.background};"
            f" border: 1px solid {chosen.border}; border-radius: 6px; }}"
            f" QLabel {{ color: {chosen.text}; background: transparent; border: none; }}"
        )

    def dismiss(self) -> None:
        if not self.isHidden():
            self.hide()
            self.changed.emit()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
