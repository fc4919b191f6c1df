"""What an import of a rule document did with each source in it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ImportLine", "ImportReport"]


@dataclass(frozen=True, slots=True)
class ImportLine:
    """What became of one source in an imported document."""

    label: str
    source_id: str | None
    usable: bool
    reason: str = ""  # why skipped, or why not usable
    replaced: bool = False
    enabled: bool = True  # False: the file says the source is switched off, and so it is

    @property
    def imported(self) -> bool:
        return self.source_id is not None


@dataclass(frozen=True, slots=True)
class ImportReport:
    lines: tuple[ImportLine, ...]

    @property
    def usable_count(self) -> int:
        return sum(line.imported and line.usable for line in self.lines)
