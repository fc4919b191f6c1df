"""The user's data folder: where what must last lives (sources, the library, the store)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir


def default_data_dir() -> Path:
    """The user's data folder: what must survive a cleaned cache (sources, the library)."""
    return Path(user_data_dir("novelfetch", appauthor=False))
