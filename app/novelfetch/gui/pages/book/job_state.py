"""What the Book page's job is doing (``JobState``), and what Start asked for
(``DownloadPlan``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from novelfetch.core.models import Chapter
from novelfetch.core.text.options import TextOptions


class JobState(Enum):
    IDLE = "idle"  # no book
    LOADING = "loading"
    READY = "ready"  # a book is loaded
    DOWNLOADING = "downloading"
    PAUSED = "paused"
    WRITING = "writing"
    DONE = "done"  # the book was written


BUSY = frozenset({JobState.DOWNLOADING, JobState.PAUSED, JobState.WRITING})


@dataclass(frozen=True, slots=True)
class DownloadPlan:
    """What the user asked for when pressing Start; "Retry failed" reuses it."""

    source: str
    chapters: tuple[Chapter, ...]
    fmt: str
    out_dir: Path
    concurrency: int
    encoding: str = "utf-8"  # TXT only
    #: Script conversion and replacement rules applied as the book is written.
    text: TextOptions = field(default_factory=TextOptions)
    #: Replacing a book file with one of fewer chapters: the user said yes.
    force: bool = False
    #: What to fetch, when not every missing chapter of ``chapters`` ("only chapters not yet
    #: stored" among the highlighted rows, the whole book written).
    fetch: tuple[Chapter, ...] | None = None
