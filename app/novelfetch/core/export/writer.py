"""What every book writer offers, and the one loop that fills a writer from a list of chapters."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from novelfetch.core.models import ChapterText
from novelfetch.core.text.options import BookText

__all__ = ["BookWriter", "TextChangingWriter", "write_all"]


class BookWriter(Protocol):
    """A book being written a chapter at a time (``EpubBookWriter`` or ``TxtBookWriter``)."""

    count: int  # chapters added so far

    @property
    def path(self) -> Path: ...

    def add(self, item: ChapterText) -> None: ...

    def finish(self, cover: bytes | None = None) -> Path: ...

    def discard(self) -> None: ...


def write_all(
    writer: BookWriter, chapters: Iterable[ChapterText], cover: bytes | None = None
) -> Path:
    """Add every chapter, then finish; on any failure the writer is discarded."""
    try:
        for item in chapters:
            writer.add(item)
    except BaseException:
        writer.discard()
        raise
    return writer.finish(cover)


class TextChangingWriter:
    """A writer that changes each chapter's text (rules, conversion) just before it is added,
    so only one chapter is ever held changed."""

    def __init__(self, inner: BookWriter, text: BookText) -> None:
        self.inner, self.text = inner, text

    @property
    def count(self) -> int:  # type: ignore[override]
        return self.inner.count

    @property
    def path(self) -> Path:
        return self.inner.path

    @property
    def warnings(self) -> list[str]:
        return self.text.warnings

    def add(self, item: ChapterText) -> None:
        self.inner.add(self.text.chapter(item))

    def finish(self, cover: bytes | None = None) -> Path:
        return self.inner.finish(cover)

    def discard(self) -> None:
        self.inner.discard()
