"""Find shipped resources the same way from a source checkout, a wheel and a frozen build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding icons, the EPUB stylesheet and sample data.

    A wheel carries it inside the package (``novelfetch/resources``); a PyInstaller build
    unpacks it under ``sys._MEIPASS``; a source checkout keeps it at the repository root.
    """
    here = Path(__file__).resolve().parent
    candidates = [here / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "novelfetch" / "resources")
    candidates.append(here.parent.parent / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"NovelFetch resources not found; looked in {candidates}")


def resource_path(name: str) -> Path:
    """Path of one resource file, e.g. ``resource_path("epub/style.css")``."""
    path = resources_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"missing resource {name!r} in {resources_dir()}")
    return path
