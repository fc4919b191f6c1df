"""The Downloads page: every queued, running, paused, finished and failed job, one row each.

A row shows the book's title and source, its own progress bar, what state it is in, and the
actions that make sense in that state: Pause/Resume and Cancel while it is unfinished, Retry
when it failed or was cancelled (Replace anyway when the whole-book rule kept a bigger file),
Open book / Show in folder once written, Remove once finished. The page only listens to
``QueueController`` and asks it to act; the work runs in the core.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.jobs.queue import JobKind, JobState, QueueJob
from novelfetch.core.sources import SourceRegistry
from novelfetch.gui.app.core_messages import translated
from novelfetch.gui.app.i18n import fill, source_name
from novelfetch.gui.app.icons import glyph_icon
from novelfetch.gui.pages.downloads.controller import QueueController
from novelfetch.gui.widgets.basics import name_widget, plain_label, plain_tooltip


class JobRow(QFrame):
    """One job. Buttons carry stable object names, so tests and automation find them."""

    def __init__(self, job: QueueJob, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job_id = job.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        name_widget(self, "jobRow", self.tr("Download job"))
        style = self.style()
        icons = QStyle.StandardPixmap
        self.title = plain_label(QLabel())  # the book's title comes from the network
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        name_widget(self.title, "jobTitle", self.tr("Book"))
        # A long title is cut at the row's edge (the tooltip has it all), never widening it.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.source = plain_label(QLabel(source))
        self.source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        name_widget(self.source, "jobSource", self.tr("Source"))
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(160)
        name_widget(self.bar, "jobProgress", self.tr("Job progress"))
        self.state = plain_label(QLabel())  # may quote a server's message or a path
        self.state.setWordWrap(True)
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        name_widget(self.state, "jobState", self.tr("Job state"))

        self.pause = QPushButton(glyph_icon(icons.SP_MediaPause), self.tr("Pause"))
        name_widget(self.pause, "jobPauseButton", self.tr("Pause or resume this job"))
        self.cancel = QPushButton(glyph_icon(icons.SP_MediaStop), self.tr("Cancel"))
        name_widget(self.cancel, "jobCancelButton", self.tr("Cancel this job"))
        self.retry = QPushButton(style.standardIcon(icons.SP_BrowserReload), self.tr("Retry"))
        name_widget(self.retry, "jobRetryButton", self.tr("Queue this job again"))
        self.replace = QPushButton(self.tr("Replace anyway"))
        name_widget(
            self.replace, "jobReplaceButton", self.tr("Replace the bigger book file anyway")
        )
        self.open_book = QPushButton(style.standardIcon(icons.SP_FileIcon), self.tr("Open book"))
        name_widget(self.open_book, "jobOpenButton", self.tr("Open the book"))
        self.show_folder = QPushButton(
            style.standardIcon(icons.SP_DirOpenIcon), self.tr("Show in folder")
        )
        name_widget(self.show_folder, "jobFolderButton", self.tr("Show the book in its folder"))
        self.remove = QPushButton(style.standardIcon(icons.SP_TrashIcon), self.tr("Remove"))
        name_widget(self.remove, "jobRemoveButton", self.tr("Remove this job from the list"))

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.source)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.bar, 1)
        for button in (
            self.pause,
            self.cancel,
            self.retry,
            self.replace,
            self.open_book,
            self.show_folder,
            self.remove,
        ):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addLayout(actions)
        layout.addWidget(self.state)
        self.show_job(job)

    def show_job(self, job: QueueJob) -> None:
        title = job.title
        if job.kind is JobKind.UPDATE:
            title = fill(self.tr("Update: %1"), job.title)
        self.title.setText(title)
        self.title.setToolTip(plain_tooltip(title))
        self.show_progress(job)
        self.state.setText(self.state_text(job))
        self.state.setToolTip(plain_tooltip(str(job.path)) if job.path else "")
        state = job.state
        paused = state is JobState.PAUSED
        self.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))
        icon = QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause
        self.pause.setIcon(glyph_icon(icon))
        self.pause.setVisible(not job.finished)
        self.cancel.setVisible(not job.finished)
        self.retry.setVisible(state in (JobState.FAILED, JobState.CANCELLED))
        self.replace.setVisible(state is JobState.FAILED and job.would_shrink)
        written = state is JobState.DONE and job.path is not None
        self.open_book.setVisible(written)
        self.show_folder.setVisible(written)
        self.remove.setVisible(job.finished)

    def state_text(self, job: QueueJob) -> str:
        """Where the job stands (a failure in the core's own words)."""
        state = job.state
        if state is JobState.QUEUED:
            return self.tr("Waiting for its turn")
        if state is JobState.RUNNING:
            return self.tr("Downloading…") if job.total else self.tr("Loading the book…")
        if state is JobState.PAUSED:
            return self.tr("Paused")
        if state is JobState.CANCELLED:
            return self.tr("Cancelled; the chapters fetched so far are kept")
        if state is JobState.FAILED and job.would_shrink:
            return self.tr(
                "Not written: the book file there holds more chapters than this download"
                " would. “Replace anyway” replaces it."
            )
        if state is JobState.FAILED:
            return fill(self.tr("Failed: %1"), translated(job.error))  # redacted, as the log
        if job.unchanged:
            return self.tr("Nothing new: the book file was left as it was")
        text = self.tr("Done: %n chapter(s) written", "", job.chapters_written)
        if job.failed:
            text += " · " + self.tr("%n failed", "", job.failed)
        if job.paid:
            text += " · " + self.tr("%n paid, not fetched", "", job.paid)
        return text

    def show_progress(self, job: QueueJob) -> None:
        if job.state is JobState.DONE and not job.total:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.bar.setFormat(self.tr("Nothing to fetch"))
            return
        # The chosen chapters, those stored before this run included (as the Book page counts).
        chosen = job.already + job.total
        self.bar.setRange(0, max(1, chosen))
        self.bar.setValue(min(job.already + job.fetched + job.failed + job.paid, max(1, chosen)))
        # %v and %m are the progress bar's own placeholders (done, total).
        self.bar.setFormat(self.tr("%v / %m chapters") if job.total else "")


class DownloadsPage(QWidget):
    """``open_requested(path)``: open a finished book; ``folder_requested(path)``: its folder."""

    open_requested = Signal(object)  # Path
    folder_requested = Signal(object)  # Path

    def __init__(
        self,
        controller: QueueController,
        registry: SourceRegistry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.registry = registry
        self.rows: dict[str, JobRow] = {}

        self.summary = QLabel()
        name_widget(self.summary, "downloadsSummary", self.tr("Downloads summary"))
        self.remove_finished = QPushButton(self.tr("Remove finished"))
        name_widget(
            self.remove_finished, "removeFinishedButton", self.tr("Remove finished downloads")
        )
        self.remove_finished.clicked.connect(controller.remove_finished)
        self.empty = QLabel(
            self.tr("Nothing queued. “Add to queue” on the Book page queues the loaded book.")
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        name_widget(self.empty, "downloadsEmpty", self.tr("No downloads"))

        self._list = QWidget()
        self._rows_layout = QVBoxLayout(self._list)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(6)
        self._rows_layout.addWidget(self.empty)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        name_widget(scroll, "downloadsList", self.tr("Downloads"))

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.remove_finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        controller.job_added.connect(self._add_row)
        controller.job_changed.connect(self._job_changed)
        controller.job_progressed.connect(self._job_progressed)
        controller.job_removed.connect(self._remove_row)
        for job in controller.jobs:
            self._add_row(job)
        self._update_summary()

    def _source_label(self, source_id: str) -> str:
        if self.registry is not None:
            for entry in self.registry.entries():
                if entry.id == source_id:
                    return source_name(entry.id, entry.name)
        return source_name(source_id, source_id)

    def _add_row(self, job: QueueJob) -> None:
        if job.id in self.rows:
            return
        row = JobRow(job, self._source_label(job.source))
        job_id = job.id
        row.pause.clicked.connect(lambda: self.controller.toggle_pause(job_id))
        row.cancel.clicked.connect(lambda: self.controller.cancel(job_id))
        row.retry.clicked.connect(lambda: self.controller.retry(job_id))
        row.remove.clicked.connect(lambda: self.controller.remove(job_id))
        row.replace.clicked.connect(lambda: self.controller.retry(job_id, force=True))
        row.open_book.clicked.connect(lambda: self._open(job_id, folder=False))
        row.show_folder.clicked.connect(lambda: self._open(job_id, folder=True))
        self.rows[job_id] = row
        # Before the stretch at the end of the list.
        self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
        self._update_summary()

    def _job_changed(self, job: QueueJob) -> None:
        row = self.rows.get(job.id)
        if row is not None:
            row.show_job(job)
        self._update_summary()

    def _job_progressed(self, job: QueueJob) -> None:
        row = self.rows.get(job.id)
        if row is not None:
            row.show_progress(job)
            if job.state is JobState.RUNNING:
                row.state.setText(row.state_text(job))

    def _remove_row(self, job_id: str) -> None:
        row = self.rows.pop(job_id, None)
        if row is not None:
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        self._update_summary()

    def _open(self, job_id: str, *, folder: bool) -> None:
        path: Path | None = self.controller.output_of(job_id)
        if path is not None:
            (self.folder_requested if folder else self.open_requested).emit(
                path.parent if folder else path
            )

    def row(self, job_id: str) -> JobRow:
        return self.rows[job_id]

    def _update_summary(self) -> None:
        jobs = self.controller.jobs
        self.empty.setVisible(not jobs)
        count = {state: sum(job.state is state for job in jobs) for state in JobState}
        finished = sum(job.finished for job in jobs)
        parts = [
            self.tr("%n running", "", count[JobState.RUNNING]) if count[JobState.RUNNING] else "",
            self.tr("%n paused", "", count[JobState.PAUSED]) if count[JobState.PAUSED] else "",
            self.tr("%n waiting", "", count[JobState.QUEUED]) if count[JobState.QUEUED] else "",
            self.tr("%n finished", "", finished) if finished else "",
        ]
        self.summary.setText(" · ".join(part for part in parts if part))
        self.remove_finished.setEnabled(finished > 0)
