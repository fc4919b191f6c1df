"""Results: one row per figure, with its goal, rendered as a Markdown table."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Goal:
    """A bound a figure must respect: at most or at least ``limit``."""

    limit: float
    at_most: bool = True

    def met_by(self, value: float) -> bool:
        return value <= self.limit if self.at_most else value >= self.limit

    def __str__(self) -> str:
        return f"{'≤' if self.at_most else '≥'} {_number(self.limit)}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the table: a median over ``runs`` runs (or a value derived from medians)."""

    case: str
    name: str
    value: float | None  # None: could not be measured here (says why in ``unit``)
    unit: str = ""
    goal: Goal | None = None
    runs: int = 1  # 0: computed from other figures, not measured itself
    note: str = ""  # shown instead of the value when there is none

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        if self.value is None:
            return "not measured"
        return "met" if self.goal.met_by(self.value) else "MISSED"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """Median of run-by-run ratios: each pair ran back to back, under the same load."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def render(figures: Iterable[Figure]) -> str:
    """A Markdown table; the case name is printed once per group of rows."""
    lines = [
        "| case | figure | median | goal | verdict | runs |",
        "| --- | --- | ---: | --- | --- | ---: |",
    ]
    previous_case = None
    for figure in figures:
        case = figure.case if figure.case != previous_case else ""
        previous_case = figure.case
        if figure.value is None:
            shown = figure.note or "n/a"
        else:
            shown = f"{_number(figure.value)} {figure.unit}".rstrip()
        goal = f"{figure.goal} {figure.unit}".rstrip() if figure.goal else ""
        runs = str(figure.runs) if figure.runs else "—"
        lines.append(f"| {case} | {figure.name} | {shown} | {goal} | {figure.verdict} | {runs} |")
    return "\n".join(lines)
