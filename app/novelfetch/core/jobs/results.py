"""What a download job loaded and what it got: the book and its catalog, failures, paid chapters."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from novelfetch.core import messages as said
from novelfetch.core.errors import SourceUnreachableError
from novelfetch.core.models import Book, Chapter


@dataclass(slots=True)
class LoadedBook:
    book: Book
    chapters: list[Chapter]
    stored: set[str]
    #: Chapters the source refused for payment with the cookie of this job: not asked again.
    paid: set[str] = field(default_factory=set)
    #: Chapters this job fetched while the catalog loaded (ID → text size in UTF-8): in
    #: ``stored``, but counted by the download as fetched by this run.
    fetched_early: dict[str, int] = field(default_factory=dict)
    fetched_early_since: float = 0.0  # when they began (time.monotonic)

    def missing(self, chapters: Sequence[Chapter] | None = None) -> list[Chapter]:
        return [
            c
            for c in (self.chapters if chapters is None else chapters)
            if c.chapter_id not in self.stored
        ]

    def take_fetched_early(self, chapters: Sequence[Chapter]) -> list[int]:
        """The sizes of those of ``chapters`` fetched early, counted once (then forgotten)."""
        early = self.fetched_early
        return [early.pop(c.chapter_id) for c in chapters if c.chapter_id in early]

    def explained(self, error: BaseException, wanted: Sequence[Chapter]) -> BaseException:
        """``error`` that stopped fetching ``wanted``; when it is the source that died, with
        how many chapters are kept and that running again fetches the rest."""
        if not isinstance(error, SourceUnreachableError):
            return error
        missing = self.missing(wanted)
        return SourceUnreachableError(
            said.UNREACHABLE_KEPT(
                error=said.message_of(error),
                stored=len(wanted) - len(missing),
                wanted=len(wanted),
            )
        )


@dataclass(frozen=True, slots=True)
class ChapterFailure:
    chapter: Chapter
    reason: str


@dataclass(slots=True)
class DownloadResult:
    book: Book
    fetched: int = 0
    already_stored: int = 0
    failures: list[ChapterFailure] = field(default_factory=list)
    #: Chapters that need a purchase (refused now, or remembered from an earlier run with the
    #: same cookie), in reading order; kept apart from ``failures``.
    paid: list[Chapter] = field(default_factory=list)
    paid_remembered: int = 0  # of ``paid``: not asked again this run


def cookie_hash(cookie: str) -> str:
    """What the store keeps of the cookie a paid chapter was refused with: a digest, so the
    mark can tell "cookie changed" without the cookie ever being written to disk."""
    return hashlib.sha256(cookie.encode("utf-8", "surrogatepass")).hexdigest()
