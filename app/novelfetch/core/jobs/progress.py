"""Progress events the downloader reports; the CLI prints them, the GUI re-emits them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from novelfetch.core.jobs.pause import PauseGate
from novelfetch.core.messages import Message
from novelfetch.core.models import Chapter


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
    #: Chapters of the chosen ones already stored before this run: a window counts the
    #: chosen chapters (``already + finished`` of ``already + total``) the same way wherever
    #: the book is shown (the Book page, the queue's row).
    already: int = 0
    #: ``message`` as data, when the core has it so (a failed chapter's reason).
    said: Message | None = None

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


class ProgressTracker:
    """Counts and timing for progress events."""

    def __init__(
        self,
        total: int,
        pause: PauseGate,
        callback: ProgressCallback | None,
        already: int = 0,
    ) -> None:
        self.total, self.pause, self.callback, self.already = total, pause, callback, already
        self.done_count = self.failed_count = self.paid_count = self.bytes = 0
        self.started = time.monotonic()

    def emit(
        self, kind: EventKind, chapter: Chapter | None = None, message: str | Message = ""
    ) -> None:
        if self.callback is None:
            return
        elapsed = time.monotonic() - self.started - self.pause.paused_for
        self.callback(
            ProgressEvent(
                kind,
                self.done_count,
                self.failed_count,
                self.total,
                self.bytes,
                max(elapsed, 0.0),
                chapter,
                str(message),
                self.paid_count,
                self.already,
                message if isinstance(message, Message) else None,
            )
        )

    def credit(self, chapters: int, size: int, since: float) -> None:
        """Chapters this run stored before the tracker began, from ``since`` (monotonic)."""
        self.done_count += chapters
        self.bytes += size
        if chapters:
            self.started = min(self.started, since)

    def done(self, chapter: Chapter, size: int) -> None:
        self.done_count += 1
        self.bytes += size
        self.emit(EventKind.CHAPTER_DONE, chapter)

    def failed(self, chapter: Chapter, reason: str | Message) -> None:
        self.failed_count += 1
        self.emit(EventKind.CHAPTER_FAILED, chapter, reason)

    def paid(self, chapter: Chapter, reason: str) -> None:
        self.paid_count += 1
        self.emit(EventKind.CHAPTER_PAID, chapter, reason)
