"""Plain data the whole engine passes around."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Book:
    """A book's details as a source describes it."""

    source: str
    book_id: str
    title: str
    author: str = ""
    intro: str = ""
    cover_url: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One catalog entry. ``index`` is the 1-based position in reading order."""

    index: int
    chapter_id: str
    title: str
    volume: str = ""
    paid: bool = False


@dataclass(frozen=True, slots=True)
class ChapterText:
    """A chapter with its cleaned text: paragraphs separated by single newlines."""

    chapter: Chapter
    text: str

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One book a source found for some words. ``book`` is what ``download`` accepts."""

    source: str
    book: str
    title: str
    author: str = ""
    latest_chapter: str = ""
    cover_url: str = ""
    intro: str = ""
    kind: str = ""
    #: The cover image itself, for a source that has it at hand (the built-in sample, whose
    #: server is gone by the time covers are fetched); otherwise fetched from ``cover_url``.
    cover: bytes | None = None
