"""What the Library page says: a check's or update's result per book, the run's progress and
summary, and the question before a book is removed.

Apart from the page so the page keeps to its widgets. Titles and errors are the network's
text: the texts made here go into item texts, plain labels and escaped tooltips only.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from novelfetch.core.library.book_files import BookOutcome
from novelfetch.core.library.library import LibraryEntry
from novelfetch.core.library.updates import BookUpdate
from novelfetch.gui.app.core_messages import translated
from novelfetch.gui.app.i18n import fill


class LibraryTexts(QObject):
    def busy(self, check_only: bool) -> str:
        return self.tr("Checking…") if check_only else self.tr("Updating…")

    def new_badge(self, count: int) -> str:
        return self.tr("%n new", "", count)

    def removed_at_source(self, count: int) -> str:
        return self.tr("%n chapter(s) no longer listed by the source, kept", "", count)

    def checked(self, entry: LibraryEntry) -> str:
        """When the book was last checked ("" if never)."""
        if entry.checked_at is None:
            return ""
        when = QDateTime.fromSecsSinceEpoch(int(entry.checked_at))
        return fill(self.tr("Checked %1"), _short_date_time(when))

    def progress(self, done: int, total: int, check_only: bool) -> str:
        template = (
            self.tr("Checking for updates: %1 of %n book(s)…", "", total)
            if check_only
            else self.tr("Updating: %1 of %n book(s)…", "", total)
        )
        return fill(template, done)

    def describe(self, report: BookUpdate) -> tuple[str, str]:
        """The status column's text for a book's report, and the details for its tooltip."""
        if report.error:
            return self.tr("Failed"), translated(report.error)  # redacted, as the log
        lines = [
            fill(self.tr("%1: %2"), file.path, self._file_outcome(file.outcome, file.skipped))
            for file in report.files
        ]
        if report.failures:
            lines += [
                f"{f.chapter.index}. {f.chapter.title}: {translated(f.reason)}"
                for f in report.failures
            ]
            text = self.tr("%n chapter(s) failed", "", len(report.failures))
        elif report.fetched:
            text = self.tr("%n fetched", "", report.fetched)
        elif report.new and not report.files:
            text = self.tr("%n to fetch", "", report.new)
        else:
            text = self.tr("Up to date")
        return text, "\n".join(lines)

    def _file_outcome(self, outcome: BookOutcome | None, skipped: str) -> str:
        if outcome is None:
            return fill(self.tr("not rewritten: %1"), skipped)
        if outcome.unchanged:
            return self.tr("unchanged")
        return self.tr("rewritten with %n chapter(s)", "", outcome.chapters)

    def finished(self, check_only: bool, done: int, failed: int, waiting: int) -> str:
        """The summary of a run: ``waiting`` books have new chapters after it."""
        if check_only:
            text = fill(self.tr("Checked %n book(s); %1 with new chapters.", "", done), waiting)
        else:
            text = self.tr("Updated %n book(s).", "", done)
        failures = self.tr("%n failed", "", failed) if failed else ""
        return f"{text} {failures}".strip()

    def exported(self, outcome: BookOutcome) -> str:
        if outcome.unchanged:
            return fill(self.tr("Nothing changed: %1 already holds these chapters."), outcome.path)
        return fill(self.tr("Exported to %1"), outcome.path)

    def removed(self, entry: LibraryEntry) -> str:
        return fill(self.tr("Removed %1 from the library."), entry.book.title)

    def remove_box(self, entry: LibraryEntry, parent: QWidget) -> QMessageBox:
        """The question before forgetting ``entry``: Remove or Keep (Keep is the default)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove from the library"),
            fill(
                self.tr(
                    "Forget “%1” and its %n stored chapter(s)? Book files already written"
                    " stay where they are.",
                    "",
                    entry.stored,
                ),
                entry.book.title,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            parent,
        )
        box.setObjectName("removeBookBox")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the title is the source's text
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Remove"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        return box


def _short_date_time(when: QDateTime) -> str:
    """The locale's short date and time; ISO-like where no locale is set (the C locale's
    "1 12 2026 06:21" reads as nothing)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return when.toString("yyyy-MM-dd HH:mm")
    return locale.toString(when, QLocale.FormatType.ShortFormat)
