"""The command line (``novelfetch COMMAND`` / ``novelfetch-cli``): one module per command group."""

from __future__ import annotations

from .entry import main

__all__ = ["main"]
