"""Unexpected errors: written to a log file in the user's log folder and shown in a dialog.

A windowed build has no console, so a traceback printed to stderr would be lost; the app
also must not die because one slot raised. The dialog is opened with ``open()`` (never
``exec()``), so it cannot start a nested event loop inside a running coroutine.
"""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from novelfetch.gui.widgets.log_panel import RedactingFilter

log = logging.getLogger("novelfetch.crash")

LOG_FILE_NAME = "novelfetch.log"


def default_log_dir() -> Path:
    return Path(user_log_dir("novelfetch", appauthor=False))


def install_file_log(folder: Path | None = None) -> RotatingFileHandler:
    """Send the ``novelfetch`` loggers to a rotating file (``handler.baseFilename``)."""
    folder = folder or default_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("novelfetch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def log_file_path() -> Path | None:
    """The file ``install_file_log`` set up, if any."""
    for handler in logging.getLogger("novelfetch").handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


class CrashReporter:
    """Logs an unexpected exception and shows it without blocking the event loop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent
        self._dialog: QMessageBox | None = None
        self.reported = 0  # how many errors reached the user, for tests and diagnostics

    def report(self, error: BaseException) -> None:
        log.error("unexpected error: %s", error, exc_info=(type(error), error, error.__traceback__))
        self.reported += 1
        if self._dialog is not None and self._dialog.isVisible():
            # One dialog at a time; a burst of the same bug should not bury the window.
            return
        where = log_file_path()
        text = QCoreApplication.translate(
            "CrashReporter", "Something went wrong inside NovelFetch. The window keeps working."
        )
        if where:
            text += "\n\n" + QCoreApplication.translate(
                "CrashReporter", "The details are saved in %1."
            ).replace("%1", str(where))
        dialog = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("CrashReporter", "NovelFetch — unexpected error"),
            text,
            parent=self._parent,
        )
        # The error's text may quote anything (a server's reply, a title): never markup.
        dialog.setTextFormat(Qt.TextFormat.PlainText)
        dialog.setInformativeText(f"{type(error).__name__}: {error}")
        dialog.setDetailedText(
            "".join(traceback.format_exception(type(error), error, error.__traceback__))
        )
        dialog.setObjectName("crashDialog")
        # Non-modal: the window stays usable while the message is up.
        dialog.setModal(False)
        dialog.show()
        self._dialog = dialog
