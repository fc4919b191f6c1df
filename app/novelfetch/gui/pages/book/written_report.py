"""What the Book page says when a book has been written: counts, missing and paid chapters,
skipped replacement rules. Words only; the controller decides what happens."""

from __future__ import annotations

from PySide6.QtCore import QObject

from novelfetch.core.jobs.results import DownloadResult
from novelfetch.core.library.book_files import BookOutcome
from novelfetch.gui.app.i18n import fill
from novelfetch.gui.window.message_bar import Level

#: A line for the message bar at a level, or for the log only (level ``None``).
Line = tuple[Level | None, str]


class WrittenReport(QObject):
    def written(
        self,
        outcome: BookOutcome,
        result: DownloadResult,
        planned: int,
        only_paid_failures: bool,
        paid: int,
    ) -> list[Line]:
        """The lines for a finished write (``outcome.path`` is None: nothing was written)."""
        lines: list[Line] = []
        lines.append(
            (
                None,
                fill(
                    self.tr("Fetched %1, %2 failed, %3 were already stored"),
                    self.tr("%Ln chapter(s)", "", result.fetched),
                    len(result.failures),
                    result.already_stored,
                ),
            )
        )
        if outcome.path is None:
            if only_paid_failures:
                lines.append((Level.ERROR, self.paid_advice(paid)))
            else:
                lines.append(
                    (Level.ERROR, self.tr("No chapter could be fetched, so no book was written."))
                )
            return lines
        chapters_written = self.tr("%Ln chapter(s)", "", outcome.chapters)
        if outcome.unchanged:
            text = fill(
                self.tr("Nothing changed: %1 already holds these %2."),
                outcome.path.name,
                chapters_written,
            )
            lines.append((Level.INFO, text))
        else:
            lines.append((None, fill(self.tr("Wrote %1 (%2)"), outcome.path, chapters_written)))
        if not outcome.whole and not outcome.unchanged:
            # In the log, not the bar: the file's name already says it is a part.
            text = fill(
                self.tr("Wrote part of the book (%1) under its own name: %2"),
                outcome.part,
                outcome.path.name,
            )
            lines.append((None, text))
        missing = planned - outcome.chapters
        if missing and only_paid_failures:
            text = fill(
                self.tr("Wrote %1 without its paid chapters. %2"),
                outcome.path.name,
                self.paid_advice(missing),
            )
            lines.append((Level.WARNING, text))
        elif missing:
            text = fill(
                self.tr(
                    "Wrote %1 without %Ln chapter(s) that could not be fetched."
                    " “Retry failed” fetches them and writes the book again.",
                    "",
                    missing,
                ),
                outcome.path.name,
            )
            lines.append((Level.WARNING, text))
        if outcome.warnings:
            lines.append((Level.WARNING, self.rule_warnings(outcome, missing)))
        return lines

    def rule_warnings(self, outcome: BookOutcome, missing: int) -> str:
        """The skipped rules, one a line; replaces the bar's message about missing chapters,
        so its gist comes first (the log keeps the full one)."""
        assert outcome.path is not None
        count = len(outcome.warnings)
        if missing:
            head = self.tr(
                "Wrote %1 without %2 chapter(s); %n replacement rule(s) were skipped:", "", count
            ).replace("%2", f"{missing:,}")
        else:
            head = self.tr("Wrote %1, but %n replacement rule(s) were skipped:", "", count)
        lines = [head.replace("%1", outcome.path.name)]
        lines.extend(warning[:1].upper() + warning[1:] for warning in outcome.warnings)
        return "\n".join(lines)

    def paid_advice(self, count: int) -> str:
        return self.tr(
            "%n paid chapter(s) could not be fetched: they need a purchase on the source, or"
            " your browser's cookie for that source on the Sources page.",
            "",
            count,
        )
