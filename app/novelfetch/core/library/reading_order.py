"""Merging a source's catalog into the library's reading order, by chapter ID.

A chapter the source dropped (or renamed to a new ID) stays where it was, marked ``removed``,
as long as its text is stored; a reordered catalog changes the order, never the contents.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from novelfetch.core.models import Book, Chapter

__all__ = ["OrderedChapter", "book_signature", "merge_catalog"]


@dataclass(frozen=True, slots=True)
class OrderedChapter:
    """A chapter in the library's reading order; ``removed``: the source no longer lists it."""

    chapter: Chapter
    removed: bool = False
    new: bool = False  # appeared at a check and not stored since


def merge_catalog(
    previous: Sequence[OrderedChapter], current: Sequence[Chapter], stored: set[str]
) -> list[OrderedChapter]:
    """The new reading order: ``current`` in the source's order, by chapter ID.

    A chapter of ``previous`` that ``current`` lacks stays (marked removed) right after the
    chapter that preceded it before, if its text is stored; one never stored is forgotten.
    A chapter that ``previous`` did not have is ``new`` (unless ``previous`` is empty: a
    first load finds nothing new); one already new stays new until stored. Indexes are
    renumbered 1…n.
    """
    current_ids = {c.chapter_id for c in current}
    before = {item.chapter.chapter_id: item for item in previous}
    dropped_after: dict[str | None, list[OrderedChapter]] = {}
    anchor: str | None = None
    for item in previous:
        chapter_id = item.chapter.chapter_id
        if chapter_id in current_ids:
            anchor = chapter_id
        elif chapter_id in stored:
            dropped_after.setdefault(anchor, []).append(item)
    # (chapter, removed, new): each OrderedChapter is built once, renumbered (2,000 chapters
    # are merged on the loop at every download's start).
    merged: list[tuple[Chapter, bool, bool]] = [
        (item.chapter, True, False) for item in dropped_after.get(None, ())
    ]
    for chapter in current:
        old = before.get(chapter.chapter_id)
        is_new = (old is None and bool(previous)) or (old is not None and old.new)
        merged.append((chapter, False, is_new and chapter.chapter_id not in stored))
        if chapter.chapter_id in dropped_after:
            merged.extend((item.chapter, True, False) for item in dropped_after[chapter.chapter_id])
    return [
        OrderedChapter(_renumbered(chapter, number), removed, new)
        for number, (chapter, removed, new) in enumerate(merged, 1)
    ]


def _renumbered(chapter: Chapter, index: int) -> Chapter:
    if chapter.index == index:
        return chapter
    return Chapter(index, chapter.chapter_id, chapter.title, chapter.volume, chapter.paid)


def book_signature(
    book: Book, chapters: Sequence[Chapter], fmt: str, options: Mapping[str, Any]
) -> str:
    """A digest of everything that decides a book file's contents.

    Stored chapter texts never change, so the details, the chapters (ID, title, volume, in
    order), the format and the options decide the file: the same signature means writing it
    again would give the same book.
    """
    document = {
        "book": [book.source, book.book_id, book.title, book.author, book.intro],
        "chapters": [[c.chapter_id, c.title, c.volume] for c in chapters],
        "format": fmt,
        "options": options,
    }
    data = json.dumps(document, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()
