"""Start / Pause / Cancel, the progress bar with rate and ETA, failures, and the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QWidget,
)

from novelfetch.core.jobs.progress import ProgressEvent
from novelfetch.core.net.gate_status import GateStatus
from novelfetch.gui.app.core_messages import translated
from novelfetch.gui.app.icons import glyph_icon
from novelfetch.gui.app.theme import colours, palette_changed
from novelfetch.gui.widgets.basics import ElidedLabel, name_widget, plain_label, plain_tooltip


def translate_reason(status: GateStatus) -> str:
    """Why the source's limit last changed, in the interface's language."""
    said = status.reason_message
    return translated(said) if said is not None else status.reason


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("ProgressPanel", "estimating…")
    seconds = round(seconds)
    if seconds < 1:
        return QCoreApplication.translate("ProgressPanel", "under a second left")
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return QCoreApplication.translate("ProgressPanel", "%1 left").replace("%1", clock)


def format_rate(event: ProgressEvent) -> str:
    rate = event.rate
    figure = f"{rate:.1f}" if rate < 100 else f"{rate:,.0f}"
    if event.finished >= event.total:
        text = QCoreApplication.translate("ProgressPanel", "%1 chapters/s · took %2")
        return text.replace("%1", figure).replace("%2", format_duration(event.elapsed))
    text = QCoreApplication.translate("ProgressPanel", "%1 chapters/s · %2")
    return text.replace("%1", figure).replace("%2", format_eta(event.eta))


def format_duration(seconds: float) -> str:
    if seconds < 0.1:
        # "0.0 s" reads as "nothing happened"; the run did happen, just quickly.
        return QCoreApplication.translate("ProgressPanel", "under 0.1 s")
    if seconds < 10:
        return QCoreApplication.translate("ProgressPanel", "%1 s").replace("%1", f"{seconds:.1f}")
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._failed_count = 0
        style = self.style()
        icons = QStyle.StandardPixmap
        self.start = QPushButton(glyph_icon(icons.SP_MediaPlay), self.tr("Start"))
        self.start.setDefault(True)
        name_widget(self.start, "startButton", self.tr("Start download"))
        self.queue = QPushButton(glyph_icon(icons.SP_ArrowDown), self.tr("Add to queue"))
        name_widget(self.queue, "queueButton", self.tr("Add the book to the download queue"))
        self.pause = QPushButton(glyph_icon(icons.SP_MediaPause), self.tr("Pause"))
        name_widget(self.pause, "pauseButton", self.tr("Pause or resume"))
        self.cancel = QPushButton(glyph_icon(icons.SP_MediaStop), self.tr("Cancel"))
        name_widget(self.cancel, "cancelButton", self.tr("Cancel download"))

        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat(self._bar_format())
        self.bar.setMinimumWidth(220)
        name_widget(self.bar, "progressBar", self.tr("Download progress"))
        self.rate = QLabel()
        self.rate.setMinimumWidth(230)
        name_widget(self.rate, "rateLabel", self.tr("Download rate and time left"))

        self.failed = QLabel()
        name_widget(self.failed, "failedCountLabel", self.tr("Failed chapters"))
        self.retry = QPushButton(
            style.standardIcon(icons.SP_BrowserReload), self.tr("Retry failed")
        )
        name_widget(self.retry, "retryFailedButton", self.tr("Retry failed chapters"))
        # How fast the source lets us go, and why (the reason may quote the network: plain).
        # Elided: its text grows as the limit changes, and must not widen the window.
        self.politeness = ElidedLabel()
        name_widget(self.politeness, "politenessLabel", self.tr("Requests at once and why"))
        self.status = plain_label(QLabel())  # may quote a path or a server's message
        self.status.setWordWrap(True)
        name_widget(self.status, "statusLabel", self.tr("Status"))
        self.open_book = QPushButton(style.standardIcon(icons.SP_FileIcon), self.tr("Open book"))
        name_widget(self.open_book, "openBookButton", self.tr("Open the book"))
        self.show_folder = QPushButton(
            style.standardIcon(icons.SP_DirOpenIcon), self.tr("Show in folder")
        )
        name_widget(self.show_folder, "showInFolderButton", self.tr("Show the book in its folder"))

        controls = QHBoxLayout()
        controls.setSpacing(6)
        for button in (self.start, self.pause, self.cancel):
            controls.addWidget(button)
        controls.addSpacing(8)
        controls.addWidget(self.bar, 1)
        controls.addWidget(self.rate)

        results = QHBoxLayout()
        results.setSpacing(6)
        # Under Start rather than beside it: the first row is what sets the window's minimum
        # width (770 px must fit), the second has room.
        results.addWidget(self.queue)
        results.addWidget(self.failed)
        results.addWidget(self.retry)
        results.addSpacing(8)
        results.addWidget(self.politeness, 1)  # shares the room with the status, elided
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
        self.bar.setFormat(self._bar_format() if total else "")
        self.rate.setText("")
        self._counting = False
        self.set_failed(0)

    def show_progress(self, event: ProgressEvent) -> None:
        if event.total == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.bar.setFormat(self.tr("All chosen chapters are already stored"))
            self.rate.setText("")
            return
        self.bar.setFormat(self._bar_format())
        # QProgressBar.setValue repaints at once, and with the bar the window's other dirty
        # parts (the chapter list): 10-20 ms inside the download's own callbacks. With updates
        # off it only schedules a repaint, which Qt does as an event of its own.
        self.bar.setUpdatesEnabled(False)
        # The chosen chapters, those stored before this run included (as the queue counts).
        self.bar.setRange(0, event.already + event.total)
        self.bar.setValue(event.already + event.finished)
        self.bar.setUpdatesEnabled(True)
        # Paused, a rate and time left would be stale: requests still under way keep reporting.
        if self._paused:
            self.rate.setText("")
        else:
            self.rate.setText(format_rate(event) if event.finished else self.tr("starting…"))
        if event.finished and not self._counting:
            self._counting = True
            self.set_failed(self._failed_count)

    def _bar_format(self) -> str:
        # %v and %m are the progress bar's own placeholders (done, total).
        return self.tr("%v / %m chapters")

    def clear_rate(self) -> None:
        """No rate or time left: nothing is being fetched (paused, cancelled, stopped)."""
        self.rate.setText("")

    def clear_politeness(self) -> None:
        self.politeness.setText("")

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
            text.format(limit=status.limit, ceiling=status.ceiling, reason=translate_reason(status))
        )

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        if paused:
            self.clear_rate()
        icon = QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause
        self.pause.setIcon(glyph_icon(icon))
        self.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def set_failed(self, count: int) -> None:
        self._failed_count = count
        if count:
            self.failed.setText(self.tr("%Ln failed", "", count))
        else:
            self.failed.setText(self.tr("No failures") if self._counting else "")
        self._colour_failed()

    def _colour_failed(self) -> None:
        # Only the text colour is set (the rest inherits), chosen for the current scheme.
        palette = QPalette()
        if self._failed_count:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colours().error_text))
        self.failed.setPalette(palette)
        font = self.failed.font()
        font.setBold(bool(self._failed_count))
        self.failed.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        if palette_changed(event):
            self._colour_failed()
        super().changeEvent(event)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_result(self, path: Path | None) -> None:
        # The file is named after the book's title, which the site chose: shown as text.
        self.open_book.setToolTip(plain_tooltip(str(path)) if path else "")
        self.show_folder.setToolTip(plain_tooltip(str(path.parent)) if path else "")
