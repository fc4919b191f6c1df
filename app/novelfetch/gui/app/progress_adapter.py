"""The core's progress callback, re-emitted as a throttled Qt signal.

The downloader calls back once per chapter, which at zero latency is thousands of times a
second; repainting that often would stall the event loop the downloads run on. The adapter
keeps the latest snapshot plus the chapters finished since the last emission and emits at
most every ``interval`` seconds, always delivering the first and the final state. Chapter
events are emitted from its timer, never inside the callback, which runs in the middle of the
download's commit of a group.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.models import Chapter
from novelfetch.gui.app.core_messages import translated

DEFAULT_INTERVAL = 0.05  # seconds: about 20 updates per second


@dataclass(frozen=True, slots=True)
class ProgressBatch:
    """What happened since the previous batch, and where the run stands now."""

    event: ProgressEvent
    stored: tuple[Chapter, ...]
    failed: tuple[tuple[Chapter, str], ...]
    paid: tuple[Chapter, ...] = ()  # refused for payment: not failures, a retry cannot help

    @property
    def final(self) -> bool:
        return self.event.kind is EventKind.FINISHED


class ProgressAdapter(QObject):
    """Pass an instance as the ``on_progress`` callback of ``Downloader.fetch``."""

    progressed = Signal(object)  # ProgressBatch

    def __init__(self, interval: float = DEFAULT_INTERVAL, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval
        self.emitted = 0
        self._latest: ProgressEvent | None = None
        self._stored: list[Chapter] = []
        self._failed: list[tuple[Chapter, str]] = []
        self._paid: list[Chapter] = []
        self._last_emit = float("-inf")
        # Delivers a batch that would otherwise wait for an event that never comes (a pause,
        # or the last chapters trickling in slowly).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def __call__(self, event: ProgressEvent) -> None:
        self._latest = event
        if event.chapter is not None:
            if event.kind is EventKind.CHAPTER_DONE:
                self._stored.append(event.chapter)
            elif event.kind is EventKind.CHAPTER_FAILED:
                # The reason in the interface's language when the core gave it as a message.
                said = event.said
                self._failed.append((event.chapter, translated(said) if said else event.message))
            elif event.kind is EventKind.CHAPTER_PAID:
                self._paid.append(event.chapter)
        if event.kind in (EventKind.STARTED, EventKind.FINISHED):
            self.flush()
            return
        if not self._timer.isActive():
            # Never emitted from inside the callback: the window's update then runs as an
            # event of its own rather than inside the download's commit of a group.
            wait = self._last_emit + self.interval - time.monotonic()
            self._timer.start(round(max(0.0, wait) * 1000))

    def flush(self) -> None:
        """Emit whatever is pending now (also used when a run is cancelled)."""
        self._timer.stop()
        if self._latest is None:
            return
        batch = ProgressBatch(
            self._latest, tuple(self._stored), tuple(self._failed), tuple(self._paid)
        )
        self._latest = None
        self._stored.clear()
        self._failed.clear()
        self._paid.clear()
        self._last_emit = time.monotonic()
        self.emitted += 1
        self.progressed.emit(batch)
