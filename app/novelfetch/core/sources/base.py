"""The small interface every source adapter implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol, Self, runtime_checkable

import aiohttp

from novelfetch.core.models import Book, Chapter, SearchResult
from novelfetch.core.net.http import HttpSettings


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """What a user can set per source: where its API lives and what to send it."""

    api_base: str | None = None
    cookie: str = ""
    http: HttpSettings = field(default_factory=HttpSettings)


class Source(ABC):
    """One website. Instances are bound to a job's shared session.

    Subclasses raise ``FetchError`` subclasses for failed requests and ``BookNotFoundError``
    when the site answers that there is no such book. Use as ``async with`` so a source that
    needs setup (the in-process sample server) gets it.
    """

    name: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, session: aiohttp.ClientSession, settings: SourceSettings) -> None:
        self.session = session
        self.settings = settings

    @staticmethod
    @abstractmethod
    def parse_book_id(text: str) -> str:
        """Book ID from what a user typed or pasted; ``BadInputError`` if it is neither."""

    @abstractmethod
    async def details(self, book_id: str) -> Book: ...

    @abstractmethod
    async def catalog(self, book_id: str) -> list[Chapter]: ...

    async def catalog_in_parts(
        self, book_id: str, on_part: Callable[[Sequence[Chapter]], None]
    ) -> list[Chapter]:
        """``catalog``; a source that reads it page by page also tells ``on_part``, after each
        page, the chapters settled since it last told (their index and the chapter after
        each are final, and ``chapter`` may fetch them), so that a job can fetch them while
        the rest loads. The others tell nothing."""
        return await self.catalog(book_id)

    @abstractmethod
    async def chapter(self, book_id: str, chapter: Chapter) -> str:
        """The chapter's raw text, as the site sends it (cleaning happens later)."""

    def catalog_known(self, chapters: Sequence[Chapter]) -> None:
        """The book's chapters in order, told before any is fetched (the catalog may have been
        read by another job: the window loads a book in one and downloads it in the next).
        A source that pages through a chapter stops at the next chapter's page with it."""
        return None

    def book_reference(self, book_id: str) -> str:
        """What ``download`` accepts to get this book again (an address, where there is one)."""
        return book_id

    def describe(self) -> str:
        """Where this source fetches from, for messages."""
        return self.label

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None


@runtime_checkable
class SupportsSearch(Protocol):
    """A source that can look books up by title or author (not every source can)."""

    async def search(self, words: str) -> list[SearchResult]:
        """Books matching ``words``, best first; ``[]`` when none match."""
        ...
