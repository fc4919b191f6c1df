"""What a source remembers about a book between runs (search hints, ``@put`` values)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class BookMemory(Protocol):
    """Per-book facts a source keeps: the store implements this; tests may use a dict.

    As in Legado, what a search result told about a book stands where the book page says
    nothing, and values a rule saved with ``@put`` belong to the book, so a book found by one
    run's search and downloaded by a later run still has them.
    """

    def recall(self, source: str, book_id: str) -> dict[str, str]:
        """Everything remembered for the book (empty if nothing)."""
        ...

    def remember(self, source: str, book_id: str, facts: Mapping[str, str]) -> None:
        """Add ``facts`` to what is remembered, replacing values under the same keys."""
        ...


class MemoryDict:
    """A ``BookMemory`` that lives for one process (searches with no store open)."""

    def __init__(self) -> None:
        self._books: dict[tuple[str, str], dict[str, str]] = {}

    def recall(self, source: str, book_id: str) -> dict[str, str]:
        return dict(self._books.get((source, book_id), {}))

    def remember(self, source: str, book_id: str, facts: Mapping[str, str]) -> None:
        self._books.setdefault((source, book_id), {}).update(facts)
