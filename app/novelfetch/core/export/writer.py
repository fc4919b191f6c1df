"""What every book writer offers, and the one loop that fills a writer from a list of chapters."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from novelfetch.core.models import ChapterText

__all__ = ["BookWriter", "write_all"]


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
