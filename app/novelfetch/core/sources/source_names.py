"""Names the user tells sources apart by."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .registry import SourceEntry

__all__ = ["distinct_names"]

_KIND_NAMES = {"builtin": "built in", "legado": "Legado", "sonovel": "so-novel"}


def distinct_names(entries: list[SourceEntry]) -> list[SourceEntry]:
    """``entries`` with every name told apart: two rule files for one site often carry the
    same name, so a shared name gets the kind of rule after it ("墨香书屋 (so-novel)"), and,
    should that still be shared, the id."""
    for extra in (lambda e: _KIND_NAMES.get(str(e.kind), str(e.kind)), lambda e: e.id):
        counts = Counter(entry.name for entry in entries)
        entries = [
            replace(e, name=f"{e.name} ({extra(e)})") if counts[e.name] > 1 else e for e in entries
        ]
    return entries
