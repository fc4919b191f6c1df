"""The menu bar (File: Settings, Quit; Help: About) and the About box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from novelfetch import __version__
from novelfetch.gui.app.icons import app_icon


def build_menus(window: QMainWindow, open_settings: Callable[[], None]) -> QAction:
    """Fill ``window``'s menu bar; returns the Settings action."""
    file_menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&File"))
    file_menu.setObjectName("fileMenu")
    settings_action = QAction(QCoreApplication.translate("Menus", "&Settings…"), window)
    settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
    settings_action.triggered.connect(lambda *_: open_settings())
    file_menu.addAction(settings_action)
    file_menu.addSeparator()
    quit_action = QAction(QCoreApplication.translate("Menus", "&Quit"), window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    # Closing the window is quitting: the app layer shuts the download down cleanly.
    quit_action.triggered.connect(lambda *_: window.close())
    file_menu.addAction(quit_action)
    help_menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&Help"))
    help_menu.setObjectName("helpMenu")
    about_action = QAction(QCoreApplication.translate("Menus", "&About NovelFetch"), window)
    about_action.triggered.connect(lambda *_: show_about(window))
    help_menu.addAction(about_action)
    return settings_action


class AboutDialog(QDialog):
    """Icon, name and version, what the app does, and its licence, with room to breathe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About NovelFetch"))
        self.setMinimumWidth(440)

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        name = QLabel(self.tr("NovelFetch"))
        font = QFont(name.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        name.setFont(font)
        version = QLabel(self.tr("Version %1").replace("%1", __version__))
        purpose = QLabel(
            self.tr(
                "Saves offline reading copies of web novels as EPUB or TXT: load a book, choose"
                " its chapters, and read them anywhere."
            )
        )
        licence = QLabel(
            self.tr(
                "Free software under the GNU Affero General Public License, version 3 or later"
                " (AGPL-3.0-or-later)."
            )
        )
        for label in (name, version, purpose, licence):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(name)
        text.addWidget(version)
        text.addSpacing(8)
        text.addWidget(purpose)
        text.addWidget(licence)
        text.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(buttons)


def show_about(parent: QMainWindow) -> None:
    box = AboutDialog(parent)
    box.finished.connect(box.deleteLater)
    box.open()  # never exec(): no nested event loop under running downloads
