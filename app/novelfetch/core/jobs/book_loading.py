"""A book's details and catalog as a job loads them: both at once, cleaned as the store keeps
them, with chapters fetched early while a long catalog still loads (``early_chapters``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from novelfetch.core import messages as said
from novelfetch.core.jobs.early_chapters import EarlyChapters
from novelfetch.core.models import Book, Chapter
from novelfetch.core.sources import Source
from novelfetch.core.text.cleaning import clean_line, clean_text

T = TypeVar("T")
Request = Callable[[said.Message, Callable[[], Awaitable[T]]], Awaitable[T]]


async def details_and_catalog(
    request: Request,
    source: Source,
    book_id: str,
    early: EarlyChapters | None = None,
) -> tuple[Book, list[Chapter]]:
    """Both requests at once: one round trip before the first chapter instead of two.

    The details decide: for an unknown book the error is theirs ("not found"), whatever the
    catalog request says, and that request is dropped. Once they are in, ``early`` starts
    fetching what the catalog has settled.
    """

    def read_catalog() -> Awaitable[list[Chapter]]:
        if early is None:
            return source.catalog(book_id)
        return source.catalog_in_parts(
            book_id, lambda part: early.offer(cleaned_chapter(c) for c in part)
        )

    catalog = asyncio.ensure_future(request(said.FETCH_CATALOG(), read_catalog))
    try:
        book = await request(said.FETCH_DETAILS(), lambda: source.details(book_id))
        if early is not None:
            early.start(book)
        return book, await catalog
    finally:
        catalog.cancel()
        # Waits for a dropped request to wind down and consumes its error, if any.
        await asyncio.gather(catalog, return_exceptions=True)


def cleaned_book(book: Book, book_id: str) -> Book:
    """The details as the store keeps them."""
    return Book(
        book.source,
        book.book_id,
        clean_line(book.title) or book_id,
        clean_line(book.author),
        clean_text(book.intro),
        book.cover_url,
    )


def cleaned_chapter(chapter: Chapter) -> Chapter:
    """A catalog entry as the store keeps it (and as the source is asked for it)."""
    return Chapter(
        chapter.index,
        chapter.chapter_id,
        clean_line(chapter.title) or f"第{chapter.index}章",
        clean_line(chapter.volume),
        chapter.paid,
    )
