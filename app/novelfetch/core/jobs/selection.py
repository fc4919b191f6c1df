"""Choosing chapters by a 1-based range the user types: ``1-100``, ``50-``, ``-20``, ``7``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from novelfetch.core.errors import BadInputError
from novelfetch.core.models import Chapter

_RANGE = re.compile(r"\s*(\d*)\s*(-?)\s*(\d*)\s*")


def parse_range(spec: str, count: int) -> tuple[int, int]:
    """``(first, last)``, 1-based and inclusive.

    A range reaching past the last chapter is refused, not cut short: "1-500" for a book of
    120 chapters is more likely a mistaken book than a wish for all of it.
    """
    match = _RANGE.fullmatch(spec)
    if not match or not (match[1] or match[3]) or (not match[2] and not match[1]):
        raise BadInputError(f"not a chapter range: {spec!r} (use e.g. 1-100, 50-, -20 or 7)")
    first = int(match[1]) if match[1] else 1
    last = (int(match[3]) if match[3] else count) if match[2] else first
    if first < 1:
        raise BadInputError(f"not a chapter range: {spec!r} (the first chapter is 1)")
    if first > count:
        raise BadInputError(f"the book has {_chapters(count)}; {spec!r} selects none")
    if last < first:
        raise BadInputError(f"not a chapter range: {spec!r} (the end comes before the start)")
    if last > count:
        raise BadInputError(f"the book has {_chapters(count)}; {spec!r} goes past the end")
    return first, last


def _chapters(count: int) -> str:
    return "1 chapter" if count == 1 else f"{count} chapters"


def select_chapters(chapters: Sequence[Chapter], spec: str | None) -> list[Chapter]:
    if not spec:
        return list(chapters)
    first, last = parse_range(spec, len(chapters))
    return [c for c in chapters if first <= c.index <= last]
