"""The collapsible log panel: ``logging`` records from the ``novelfetch`` loggers, as text.

Records are buffered and written ten times a second, so a burst of failures (2,000 chapters
against a dead server) costs the event loop a few short batches instead of 2,000 repaints.
Secrets are redacted here and in the log file, since users paste logs into bug reports: the
core's registry replaces every registered value (the window registers the configured cookie
and proxy password), and this filter also blanks any ``Cookie:`` header a message carries.
"""

from __future__ import annotations

import logging
import re
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.messages import Message
from novelfetch.core.net.redaction import REDACTED, redact
from novelfetch.gui.app.core_messages import translated
from novelfetch.gui.app.theme import colours
from novelfetch.gui.widgets.basics import name_widget

FLUSH_INTERVAL_MS = 100
MAX_LINES_PER_FLUSH = 300
MAX_BLOCKS = 5000

# "Cookie: a=b; c=d" anywhere in a message, and Baidu's session cookies on their own.
_COOKIE_HEADER = re.compile(r"(?i)(\bcookie\b\s*[:=]\s*)([^\n]+)")
_SESSION_COOKIE = re.compile(r"(?i)\b(BDUSS(?:_BFESS)?|STOKEN|PTOKEN|BAIDUID)=[^;\s]+")


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with secrets replaced; never drops a record."""

    def redact(self, text: str) -> str:
        text = redact(text)
        text = _COOKIE_HEADER.sub(lambda m: m[1] + REDACTED, text)
        return _SESSION_COOKIE.sub(lambda m: f"{m[1]}={REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class BufferingHandler(logging.Handler):
    """Collects formatted lines from any thread; the panel takes them on the GUI thread."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.redactor = RedactingFilter()
        self.addFilter(self.redactor)
        self.setFormatter(logging.Formatter("%(asctime)s  %(message)s", "%H:%M:%S"))
        self._pending: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        said = getattr(record, "said", None)
        if isinstance(said, Message):  # the core's sentence, in the interface's language
            record = logging.makeLogRecord(record.__dict__)
            record.msg, record.args = self.redactor.redact(translated(said)), None
        try:
            line = self.format(record)
        except Exception:  # a broken record must not break the caller
            self.handleError(record)
            return
        # handle() holds self.lock around emit(), so appending is thread-safe.
        self._pending.append((record.levelno, line))

    def take(self, limit: int) -> list[tuple[int, str]]:
        with self.lock:  # type: ignore[union-attr]
            taken, self._pending = self._pending[:limit], self._pending[limit:]
        return taken


class LogPanel(QWidget):
    """A header with a disclosure button over a read-only text view (``logView``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handler = BufferingHandler()
        self._logger: logging.Logger | None = None

        self.toggle = QToolButton(text=self.tr("Log"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_expanded)
        name_widget(self.toggle, "logToggle", self.tr("Show or hide the log"))
        self.clear_button = QToolButton(text=self.tr("Clear"))
        self.clear_button.setAutoRaise(True)
        name_widget(self.clear_button, "logClearButton", self.tr("Clear the log"))

        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(MAX_BLOCKS)
        # Bounded (the window sets the bound from its height, see ``set_max_height``), so
        # opening the log never squeezes the chapter list to a few rows.
        self.view.setMinimumHeight(60)
        self.view.setMaximumHeight(140)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        name_widget(self.view, "logView", self.tr("Log"))
        self.clear_button.clicked.connect(self.view.clear)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.toggle)
        header.addStretch(1)
        header.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view)

        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        self.set_expanded(False)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.view.setVisible(expanded)
        self.clear_button.setVisible(expanded)

    def set_max_height(self, height: int) -> None:
        self.view.setMaximumHeight(max(height, self.view.minimumHeight()))

    def attach(self, logger_name: str = "novelfetch") -> None:
        self._logger = logging.getLogger(logger_name)
        self._logger.addHandler(self.handler)
        # What the window itself reports must reach the panel even when nobody configured
        # logging (tests, embedding); core loggers keep whatever level the app chose.
        gui_logger = logging.getLogger(f"{logger_name}.gui")
        if gui_logger.getEffectiveLevel() > logging.INFO:
            gui_logger.setLevel(logging.INFO)

    def detach(self) -> None:
        if self._logger is not None:
            self._logger.removeHandler(self.handler)
            self._logger = None
        self._timer.stop()

    def flush(self) -> None:
        scheme = colours(self.view.palette())
        for level, line in self.handler.take(MAX_LINES_PER_FLUSH):
            # Log lines quote the network: escaped, so markup in them stays text.
            if level >= logging.ERROR:
                self.view.appendHtml(
                    f'<span style="color:{scheme.error_text}">{escape(line)}</span>'
                )
            elif level >= logging.WARNING:
                self.view.appendHtml(
                    f'<span style="color:{scheme.warning_text}">{escape(line)}</span>'
                )
            else:
                self.view.appendPlainText(line)

    def text(self) -> str:
        self.flush()
        return self.view.toPlainText()
