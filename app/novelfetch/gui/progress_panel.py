"""Start / Pause / Cancel, the progress bar with rate and ETA, failures, and the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QWidget,
)

from ..core.politeness import GateStatus
from ..core.progress import ProgressEvent
from .widgets import name_widget


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "estimating…"
    seconds = round(seconds)
    if seconds < 1:
        return "under a second left"
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{clock} left"


def format_rate(event: ProgressEvent) -> str:
    rate = event.rate
    figure = f"{rate:.1f}" if rate < 100 else f"{rate:,.0f}"
    if event.finished >= event.total:
        return f"{figure} chapters/s · took {format_duration(event.elapsed)}"
    return f"{figure} chapters/s · {format_eta(event.eta)}"


def format_duration(seconds: float) -> str:
    if seconds < 0.1:
        # "0.0 s" reads as "nothing happened"; the run did happen, just quickly.
        return QCoreApplication.translate("ProgressPanel", "under 0.1 s")
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style = self.style()
        self.start = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Start")
        self.start.setDefault(True)
        name_widget(self.start, "startButton", "Start download")
        self.pause = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause), "Pause")
        name_widget(self.pause, "pauseButton", "Pause or resume")
        self.cancel = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaStop), "Cancel")
        name_widget(self.cancel, "cancelButton", "Cancel download")

        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("%v / %m chapters")
        self.bar.setMinimumWidth(220)
        name_widget(self.bar, "progressBar", "Download progress")
        self.rate = QLabel()
        self.rate.setMinimumWidth(230)
        name_widget(self.rate, "rateLabel", "Download rate and time left")

        self.failed = QLabel()
        name_widget(self.failed, "failedCountLabel", "Failed chapters")
        self.retry = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), "Retry failed"
        )
        name_widget(self.retry, "retryFailedButton", "Retry failed chapters")
        # How fast the source lets us go, and why (the reason may quote the network: plain).
        self.politeness = QLabel()
        self.politeness.setTextFormat(Qt.TextFormat.PlainText)
        name_widget(self.politeness, "politenessLabel", "Requests at once and why")
        self.status = QLabel()
        self.status.setWordWrap(True)
        name_widget(self.status, "statusLabel", "Status")
        self.open_book = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), "Open book"
        )
        name_widget(self.open_book, "openBookButton", "Open the book")
        self.show_folder = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon), "Show in folder"
        )
        name_widget(self.show_folder, "showInFolderButton", "Show the book in its folder")

        controls = QHBoxLayout()
        controls.setSpacing(6)
        for button in (self.start, self.pause, self.cancel):
            controls.addWidget(button)
        controls.addSpacing(8)
        controls.addWidget(self.bar, 1)
        controls.addWidget(self.rate)

        results = QHBoxLayout()
        results.setSpacing(6)
        results.addWidget(self.failed)
        results.addWidget(self.retry)
        results.addSpacing(8)
        results.addWidget(self.politeness)
        results.addWidget(self.status, 1)
        results.addWidget(self.open_book)
        results.addWidget(self.show_folder)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(6)
        layout.addLayout(controls, 0, 0)
        layout.addLayout(results, 1, 0)
        self._paused = False
        self._failed_count = 0
        # "No failures" means something only once a run has finished a chapter.
        self._counting = False
        self.reset(0)

    def reset(self, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        # No "0 / 1" before there is anything to count.
        self.bar.setFormat("%v / %m chapters" if total else "")
        self.rate.setText("")
        self._counting = False
        self.set_failed(0)

    def show_progress(self, event: ProgressEvent) -> None:
        if event.total == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.bar.setFormat("All chosen chapters are already stored")
            self.rate.setText("")
            return
        self.bar.setFormat("%v / %m chapters")
        self.bar.setRange(0, event.total)
        self.bar.setValue(event.finished)
        # Paused, a rate and time left would be stale: requests still under way keep reporting.
        if self._paused:
            self.rate.setText("")
        else:
            self.rate.setText(format_rate(event) if event.finished else "starting…")
        if event.finished and not self._counting:
            self._counting = True
            self.set_failed(self._failed_count)

    def clear_rate(self) -> None:
        """No rate or time left: nothing is being fetched (paused, cancelled, stopped)."""
        self.rate.setText("")

    def show_politeness(self, status: GateStatus) -> None:
        """The source's current limit and why, or the countdown of its Retry-After pause."""
        if status.hold_remaining > 0:
            text = self.tr("{limit} of {ceiling} at once · the source asked to wait: {seconds} s")
            seconds = max(1, round(status.hold_remaining))
            self.politeness.setText(
                text.format(limit=status.limit, ceiling=status.ceiling, seconds=seconds)
            )
            return
        text = self.tr("{limit} of {ceiling} at once · {reason}")
        self.politeness.setText(
            text.format(limit=status.limit, ceiling=status.ceiling, reason=status.reason)
        )

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        if paused:
            self.clear_rate()
        icon = QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause
        self.pause.setIcon(self.style().standardIcon(icon))
        self.pause.setText("Resume" if paused else "Pause")

    def set_failed(self, count: int) -> None:
        self._failed_count = count
        if count:
            self.failed.setText(f"{count:,} failed")
        else:
            self.failed.setText(self.tr("No failures") if self._counting else "")
        self.failed.setStyleSheet("color: #b3261e; font-weight: 600;" if count else "")

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_result(self, path: Path | None) -> None:
        self.open_book.setToolTip(str(path) if path else "")
        self.show_folder.setToolTip(str(path.parent) if path else "")
