"""Progress events the downloader reports; the CLI prints them, the GUI re-emits them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .models import Chapter


class EventKind(Enum):
    STARTED = "started"
    CHAPTER_DONE = "chapter_done"
    CHAPTER_FAILED = "chapter_failed"
    CHAPTER_PAID = "chapter_paid"  # refused for payment: not a failure, retrying cannot help
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A snapshot after something happened. ``chapter``/``message`` say what."""

    kind: EventKind
    done: int  # chapters stored by this run
    failed: int
    total: int  # chapters this run set out to fetch
    bytes: int  # UTF-8 size of the text stored by this run
    elapsed: float  # seconds spent fetching, pauses excluded
    chapter: Chapter | None = None
    message: str = ""
    paid: int = 0  # chapters the source refused for payment in this run

    @property
    def finished(self) -> int:
        return self.done + self.failed + self.paid

    @property
    def rate(self) -> float:
        """Chapters per second so far."""
        return self.finished / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate, or None before there is a rate."""
        rate = self.rate
        return (self.total - self.finished) / rate if rate > 0 else None


ProgressCallback = Callable[[ProgressEvent], None]
