"""The download queue behind the Downloads page, its callbacks re-emitted as Qt signals.

Like ``JobController`` it knows no widgets. State changes are emitted at once; progress, which
the core reports once per chapter (thousands of times a second on a fast source), is throttled
like ``ProgressAdapter``: the latest of each job at most every ``interval`` seconds, and always
before the job's next state change, so a row never shows "done" with a stale count.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.queue import DownloadQueue, JobState, QueueJob
from novelfetch.core.jobs.queue_jobs import QueueEvent
from novelfetch.gui.app.core_messages import error_text
from novelfetch.gui.app.progress_adapter import DEFAULT_INTERVAL


class QueueController(QObject):
    job_added = Signal(object)  # QueueJob
    job_changed = Signal(object)  # QueueJob: its state (or title, or result) changed
    job_progressed = Signal(object)  # QueueJob: chapters fetched or failed (throttled)
    job_removed = Signal(str)  # the job's id
    message = Signal(str)  # a problem to show (already plain text)

    def __init__(
        self,
        queue: DownloadQueue,
        parent: QObject | None = None,
        interval: float = DEFAULT_INTERVAL,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.interval = interval
        self._pending: dict[str, QueueJob] = {}  # progress not yet emitted, by job id
        self._last_emit = float("-inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        queue.subscribe(self._heard)

    # --- from the core --------------------------------------------------------------------

    def _heard(self, event: QueueEvent, job: QueueJob) -> None:
        if event is QueueEvent.PROGRESS:
            self._pending[job.id] = job
            wait = self._last_emit + self.interval - time.monotonic()
            if wait <= 0:
                self.flush()
            elif not self._timer.isActive():
                self._timer.start(max(1, round(wait * 1000)))
            return
        if self._pending.pop(job.id, None) is not None:
            self.job_progressed.emit(job)
        if event is QueueEvent.ADDED:
            self.job_added.emit(job)
        elif event is QueueEvent.CHANGED:
            self.job_changed.emit(job)
        elif event is QueueEvent.REMOVED:
            self.job_removed.emit(job.id)

    def flush(self) -> None:
        """Emit the pending progress of every job now."""
        self._timer.stop()
        pending = list(self._pending.values())
        self._pending.clear()
        self._last_emit = time.monotonic()
        for job in pending:
            self.job_progressed.emit(job)

    # --- to the core ----------------------------------------------------------------------

    @property
    def jobs(self) -> list[QueueJob]:
        return self.queue.jobs

    def restore(self) -> None:
        """Bring back the jobs an earlier run left unfinished (they start when it is their
        turn)."""
        self.queue.restore()
        # Restored before the event loop ran (a window built outside it): start them from it.
        QTimer.singleShot(0, self.queue.start)

    def add_download(
        self,
        source: str,
        book: str,
        target: BookTarget,
        *,
        title: str,
        chapters: list[str] | None,
        concurrency: int,
    ) -> QueueJob | None:
        try:
            return self.queue.add_download(
                source, book, target, title=title, chapters=chapters, concurrency=concurrency
            )
        except NovelFetchError as error:
            self.message.emit(error_text(error))
            return None

    def add_update(self, source: str, book_id: str, concurrency: int) -> QueueJob | None:
        try:
            return self.queue.add_update(source, book_id, concurrency=concurrency)
        except NovelFetchError as error:
            self.message.emit(error_text(error))
            return None

    def pause(self, job_id: str) -> None:
        self.queue.pause(job_id)

    def resume(self, job_id: str) -> None:
        self.queue.resume(job_id)

    def toggle_pause(self, job_id: str) -> None:
        if self.queue.get(job_id).state is JobState.PAUSED:
            self.resume(job_id)
        else:
            self.pause(job_id)

    def cancel(self, job_id: str) -> None:
        self.queue.cancel(job_id)

    def retry(self, job_id: str, *, force: bool = False) -> None:
        self.queue.retry(job_id, force=force)

    def remove(self, job_id: str) -> None:
        self.queue.remove(job_id)

    def remove_finished(self) -> None:
        self.queue.remove_finished()

    def set_max_jobs(self, value: int) -> None:
        self.queue.max_jobs = value

    def output_of(self, job_id: str) -> Path | None:
        return self.queue.get(job_id).path

    async def shutdown(self) -> None:
        """Stop the running jobs; they stay saved and run again on the next start."""
        self._timer.stop()
        await self.queue.shutdown()
