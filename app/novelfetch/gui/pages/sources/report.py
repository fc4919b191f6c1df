"""What the Sources page reports of an import: a line per source, then the count."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication

from novelfetch.core.sources.registry import ImportReport
from novelfetch.core.sources.rules.reasons import joined
from novelfetch.gui.app.core_messages import translated
from novelfetch.gui.app.i18n import fill


def report_lines(report: ImportReport, origin: str) -> Iterator[str]:
    """The report's lines, in the interface's language (the Sources page's translations)."""
    # Spelled out: lupdate reads only literal translate() calls.
    translate = QCoreApplication.translate
    if any(line.imported for line in report.lines):
        yield translate("SourcesPage", "Imported from %1:").replace("%1", origin)
    else:
        yield translate("SourcesPage", "Nothing imported from %1:").replace("%1", origin)
    for line in report.lines:
        if not line.imported:
            reasons = translated(joined(line.reasons))
            yield fill(translate("SourcesPage", "  skipped %1: %2"), line.label, reasons)
        elif line.usable and line.replaced:
            yield translate("SourcesPage", "  updated %1").replace("%1", line.label)
        elif line.usable:
            yield translate("SourcesPage", "  imported %1").replace("%1", line.label)
        else:
            text = translate("SourcesPage", "  imported %1, not usable: %2")
            yield fill(text, line.label, translated(joined(line.reasons)))
        if line.imported and line.local_host:
            text = translate(
                "SourcesPage", "  %1: its own address %2 is on your local network; it may go there"
            )
            yield fill(text, line.label, line.local_host)
    # The count where a long report's reader looks last (a collection has hundreds).
    counts = (report.usable_count, report.not_usable_count, report.skipped_count)
    text = translate("SourcesPage", "Sources read: %1 (%2 imported, %3 not usable, %4 skipped)")
    yield fill(text, len(report.lines), *counts)
