"""The Library page's orders: by title, author, last update or when added."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCollator, QLocale

from novelfetch.core.library.library import LibraryEntry


def sort_entries(entries: list[LibraryEntry], how: str) -> list[LibraryEntry]:
    """``how``: ``title`` (the default), ``author``, ``updated`` or ``added``."""
    collator = QCollator(QLocale())  # 中文 by pinyin under a Chinese locale
    collator.setNumericMode(True)
    by_text = functools.cmp_to_key(collator.compare)
    if how == "author":
        return sorted(entries, key=lambda e: (by_text(e.book.author), by_text(e.book.title)))
    if how == "updated":
        return sorted(entries, key=lambda e: -(e.updated_at or e.added_at))
    if how == "added":
        return sorted(entries, key=lambda e: -e.added_at)
    return sorted(entries, key=lambda e: by_text(e.book.title))
