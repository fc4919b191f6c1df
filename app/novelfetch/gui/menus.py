"""The menu bar (File: Settings, Quit; Help: About) and the About box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from .. import __version__
from .icons import app_icon


def build_menus(window: QMainWindow, open_settings: Callable[[], None]) -> QAction:
    """Fill ``window``'s menu bar; returns the Settings action."""
    file_menu = window.menuBar().addMenu("&File")
    settings_action = QAction("&Settings…", window)
    settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
    settings_action.triggered.connect(lambda *_: open_settings())
    file_menu.addAction(settings_action)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    # Closing the window is quitting: the app layer shuts the download down cleanly.
    quit_action.triggered.connect(lambda *_: window.close())
    file_menu.addAction(quit_action)
    help_menu = window.menuBar().addMenu("&Help")
    about_action = QAction("&About NovelFetch", window)
    about_action.triggered.connect(lambda *_: show_about(window))
    help_menu.addAction(about_action)
    return settings_action


def show_about(parent: QMainWindow) -> None:
    box = QMessageBox(parent)
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setWindowTitle("About NovelFetch")
    box.setText(f"<b>NovelFetch {__version__}</b>")
    box.setInformativeText(
        "Save offline reading copies of web novels as EPUB or TXT.\n"
        "Free software under the GNU AGPL, version 3 or later."
    )
    box.finished.connect(box.deleteLater)
    box.open()  # never exec(): no nested event loop under running downloads
