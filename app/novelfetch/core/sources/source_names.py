"""Names the user tells sources apart by."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, Protocol, TypeVar

__all__ = ["distinct_names"]

_KIND_NAMES = {"builtin": "built in", "legado": "Legado", "sonovel": "so-novel"}


class _Named(Protocol):
    # What is read of a registry entry (a dataclass); typed here without importing the
    # registry, which imports this module.
    id: str
    name: str
    kind: Any


Entry = TypeVar("Entry", bound=_Named)


def _renamed(entry: Entry, name: str) -> Entry:
    return dataclasses.replace(entry, name=name)  # type: ignore[type-var]


def distinct_names(entries: list[Entry]) -> list[Entry]:
    """``entries`` with every name told apart: two rule files for one site often carry the
    same name, so a shared name gets the kind of rule after it ("墨香书屋 (so-novel)"), and,
    should that still be shared, the id."""
    for extra in (lambda e: _KIND_NAMES.get(str(e.kind), str(e.kind)), lambda e: e.id):
        counts = Counter(entry.name for entry in entries)
        entries = [
            _renamed(e, f"{e.name} ({extra(e)})") if counts[e.name] > 1 else e for e in entries
        ]
    return entries
