"""What the download queue holds: jobs, their states and progress, and how they are saved.

A job is plain data (no tasks, no sessions), so the queue can save the unfinished ones as JSON
and bring them back on the next start. ``core/jobs/queue.py`` runs them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.progress import ProgressEvent
from novelfetch.core.json_file import write_json_atomically
from novelfetch.core.text.options import TextOptions

__all__ = [
    "QUEUE_FILE",
    "JobKind",
    "JobState",
    "QueueJob",
    "load_jobs",
    "save_jobs",
]

log = logging.getLogger(__name__)

#: The queue's file in the data folder.
QUEUE_FILE = "queue.json"
_FILE_VERSION = 1


class JobKind(StrEnum):
    DOWNLOAD = "download"  # fetch a book (or part of it) and write it by the whole-book rule
    UPDATE = "update"  # a library book: fetch what is new, rewrite every file written for it


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


@dataclass(slots=True)
class QueueJob:
    """One queued download or update, and where it stands."""

    kind: JobKind
    source: str  # source id in the registry
    book: str  # what ``Downloader.load`` takes (for an update: the library's reference)
    title: str
    #: Download: format, folder, encoding and text options. Update: None (each file's own).
    target: BookTarget | None = None
    #: Chapter IDs to write (a part of the book, under its own name); None: the whole book.
    chapters: tuple[str, ...] | None = None
    concurrency: int = 8
    force: bool = False  # replace a book file even with fewer chapters (the user said so)
    book_id: str = ""  # update jobs: the library entry's book ID
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    added_at: float = field(default_factory=time.time)
    state: JobState = JobState.QUEUED
    # Progress of the current (or last) run.
    fetched: int = 0
    total: int = 0  # of this run
    already: int = 0  # chapters of the chosen ones stored before this run
    failed: int = 0
    paid: int = 0
    #: Why the job failed (a sentence from the core); empty otherwise.
    error: str = ""
    #: The book file written (an update: the first file rewritten); None before, or if none.
    path: Path | None = None
    chapters_written: int = 0
    unchanged: bool = False  # the file already was this book: left untouched
    #: Failed because the file there holds more of the book's chapters (the whole-book rule).
    would_shrink: bool = False

    @property
    def finished(self) -> bool:
        return self.state.finished

    def note_progress(self, event: ProgressEvent) -> None:
        self.fetched, self.failed, self.paid = event.done, event.failed, event.paid
        self.total, self.already = event.total, event.already

    def reset_progress(self) -> None:
        self.fetched = self.total = self.failed = self.paid = self.chapters_written = 0
        self.already = 0
        self.error, self.path, self.unchanged, self.would_shrink = "", None, False, False

    # --- saving ---------------------------------------------------------------------------

    def to_plain(self) -> dict[str, Any]:
        target = None
        if self.target is not None:
            target = {
                "fmt": self.target.fmt,
                "out_dir": str(self.target.out_dir),
                "encoding": self.target.encoding,
                "text": dataclasses.asdict(self.target.text),
            }
        return {
            "id": self.id,
            "kind": self.kind.value,
            "source": self.source,
            "book": self.book,
            "book_id": self.book_id,
            "title": self.title,
            "target": target,
            "chapters": None if self.chapters is None else list(self.chapters),
            "concurrency": self.concurrency,
            "force": self.force,
            "state": self.state.value,
            "added_at": self.added_at,
        }

    @classmethod
    def from_plain(cls, value: Mapping[str, Any]) -> QueueJob:
        """Back from ``to_plain``; ``ValueError``/``KeyError``/``TypeError`` when malformed."""
        target = value.get("target")
        book_target = None
        if target is not None:
            book_target = BookTarget(
                str(target["fmt"]),
                Path(target["out_dir"]),
                str(target.get("encoding", "utf-8")),
                TextOptions.from_plain(target.get("text") or {}),
            )
        chapters = value.get("chapters")
        return cls(
            kind=JobKind(value["kind"]),
            source=str(value["source"]),
            book=str(value["book"]),
            title=str(value.get("title", "")),
            target=book_target,
            chapters=None if chapters is None else tuple(str(c) for c in chapters),
            concurrency=int(value.get("concurrency", 8)),
            force=bool(value.get("force", False)),
            book_id=str(value.get("book_id", "")),
            id=str(value["id"]),
            added_at=float(value.get("added_at", time.time())),
            state=JobState(value.get("state", "queued")),
        )


def save_jobs(path: Path, jobs: Sequence[QueueJob]) -> None:
    """Write ``jobs`` to ``path`` atomically; raises ``OSError`` and leaves the old file whole."""
    write_json_atomically(path, {"version": _FILE_VERSION, "jobs": [j.to_plain() for j in jobs]})


def load_jobs(path: Path) -> list[QueueJob]:
    """The jobs saved at ``path``; none when there is no file. A file or job that cannot be
    read is logged and skipped: a damaged queue file never stops the app from starting."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        log.warning("the download queue %s cannot be read, so it starts empty: %s", path, error)
        return []
    items = document.get("jobs") if isinstance(document, dict) else None
    jobs: list[QueueJob] = []
    for item in items if isinstance(items, list) else []:
        try:
            jobs.append(QueueJob.from_plain(item))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            log.warning("a job in the download queue %s cannot be read: %r", path, error)
    return jobs


class QueueEvent(Enum):
    ADDED = "added"
    CHANGED = "changed"  # state (or anything but progress) changed
    PROGRESS = "progress"  # chapters fetched or failed: may come thousands of times a second
    REMOVED = "removed"


Listener = Callable[[QueueEvent, QueueJob], None]
