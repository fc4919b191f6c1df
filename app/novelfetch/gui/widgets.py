"""Small helpers every panel uses."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
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
