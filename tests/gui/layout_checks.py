"""Is any text cut off? Every visible label and button against the room it needs."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def clipped(root: QWidget, *exempt: QWidget) -> list[str]:
    """The visible labels and buttons under ``root`` given less room than their text needs
    (``exempt``: those made to give way, with their whole text elsewhere).

    A wrapped label needs its height for the width it got; any other needs its size hint's
    height, and the width of its minimum size hint.
    """
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisibleTo(root):
            continue
        if widget in exempt or not widget.text():  # (a line edit's clear button has none)
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed_height = widget.heightForWidth(widget.width())
        else:
            needed_height = widget.sizeHint().height()
        needed_width = widget.minimumSizeHint().width()
        if widget.height() < needed_height or widget.width() < needed_width:
            text = widget.text().replace("\n", " ")
            found.append(
                f"{text!r}: {widget.width()}x{widget.height()},"
                f" needs {needed_width}x{needed_height}"
            )
    return found
