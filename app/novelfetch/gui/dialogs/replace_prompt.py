"""Asking before a book file is replaced by one holding fewer chapters (the whole-book rule)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_replace_smaller(
    parent: QWidget, reason: str, replace: Callable[[], None]
) -> QMessageBox:
    """A window-modal question, opened with ``open()`` (no nested event loop); ``replace``
    runs only if the user says yes. ``reason`` is the core's message naming the file."""

    # Spelled out: lupdate reads only literal translate() calls.
    translate = QCoreApplication.translate
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("ReplacePrompt", "Replace the book?"),
        translate(
            "ReplacePrompt", "The book file there holds more chapters than this download would."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("replaceSmallerDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        reason
        + "\n\n"
        + translate("ReplacePrompt", "Replace it anyway? Nothing stored is lost either way.")
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    yes = QMessageBox.StandardButton.Yes
    box.buttonClicked.connect(
        lambda button: replace() if box.standardButton(button) == yes else None
    )
    box.finished.connect(box.deleteLater)
    box.open()
    return box
