"""The desktop window. ``novelfetch.gui.app.main`` runs it; ``MainWindow`` is the window.

Call ``setup_app(app)`` once on the QApplication before creating a ``MainWindow``.
"""

from __future__ import annotations

from .main_window import MainWindow
from .setup import setup_app

__all__ = ["MainWindow", "setup_app"]
