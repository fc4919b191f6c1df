"""The desktop window. ``novelfetch.gui.app.main.main`` runs it; ``MainWindow`` is the window.

Call ``setup_app(app)`` once on the QApplication before creating a ``MainWindow``.
"""

from __future__ import annotations

from novelfetch.gui.app.setup import setup_app
from novelfetch.gui.window.main_window import MainWindow

__all__ = ["MainWindow", "setup_app"]
