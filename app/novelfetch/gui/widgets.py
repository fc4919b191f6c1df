"""Small helpers every panel uses."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name_widget(widget: QWidget, object_name: str, accessible_name: str) -> None:
    """Give a widget its stable name for tests and automation, and a spoken name.

    ``objectName`` and the accessibility identifier are the stable handles (``startButton``);
    the accessible name is what a screen reader says ("Start download").
    """
    widget.setObjectName(object_name)
    widget.setAccessibleIdentifier(object_name)
    widget.setAccessibleName(accessible_name)
