"""The desktop window. ``novelfetch.gui.app.main`` runs it; ``MainWindow`` is the window."""

from __future__ import annotations

from .main_window import MainWindow

__all__ = ["MainWindow"]
