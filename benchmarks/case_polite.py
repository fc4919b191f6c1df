"""Case 7: adaptive politeness against a source with a hidden limit.

The sample server refuses what goes beyond a capacity the client is not told: ``--capacity C``
answers 429 with ``Retry-After: 1`` to any request that would make more than C in flight;
``--rate-cap R`` answers 503 to any request beyond R accepted in the last second. Against
each, the adaptive job with the ceiling ``-j 32`` runs next to a fixed ``-j`` equal to the
best a user could guess (C, or R × latency) and a fixed ``-j 32`` for contrast, which is
stopped after ``polite_deadline`` seconds if it has not finished. Each run is the core's own
job in a process of its own (``benchmarks.polite_child``), timed from the book's details to
the written EPUB.
"""

from __future__ import annotations

from typing import Any

from .figures import Figure, Goal, median, paired_ratio
from .processes import SampleServerProcess, run_child
from .progress import say
from .settings import Settings
from .workdirs import fresh_workdir

CASE = "7 adaptive"
WALL_GOAL = Goal(1.25)
REFUSAL_GOAL = Goal(2.0)  # per cent of requests
HEALTHY_GOAL = Goal(1.05)  # on a source with no limit, adaptive costs almost nothing


def run(settings: Settings) -> list[Figure]:
    n, latency = settings.polite_chapters, settings.latency
    capacity, rate = settings.polite_capacity, settings.polite_rate_cap
    variants = [
        (f"capacity {capacity}", ["--capacity", str(capacity)], capacity),
        (f"rate cap {rate:g}/s", ["--rate-cap", str(rate)], max(1, int(rate * latency))),
    ]
    figures = _healthy(settings, n)
    for label, extra, best in variants:
        figures += _variant(settings, n, label, extra, best)
    return figures


def _healthy(settings: Settings, n: int) -> list[Figure]:
    """No hidden limit: adaptive under the ceiling against fixed at the ceiling."""
    ceiling = settings.polite_ceiling
    walls: dict[bool, list[float]] = {True: [], False: []}
    with SampleServerProcess(n, settings.latency) as server:
        for run_number in range(1, settings.repeat + 1):
            for fixed in (True, False):
                mode = "fixed" if fixed else "adaptive"
                say(
                    f"adaptive: healthy source, {n} chapters, {mode} -j {ceiling}, run {run_number}"
                )
                report = _one(server.api_base, ceiling, fixed, settings.polite_deadline)
                walls[fixed].append(report["seconds"])
    setup = f"healthy source, {n:,} chapters at {settings.latency * 1000:.0f} ms"
    return [
        Figure(
            CASE,
            f"{setup}: fixed -j {ceiling}: wall",
            median(walls[True]),
            "s",
            runs=len(walls[True]),
        ),
        Figure(
            CASE,
            f"{setup}: adaptive, ceiling -j {ceiling}: wall",
            median(walls[False]),
            "s",
            runs=len(walls[False]),
        ),
        Figure(
            CASE,
            f"{setup}: adaptive / fixed -j {ceiling}",
            paired_ratio(walls[False], walls[True]),
            "",
            HEALTHY_GOAL,
            len(walls[False]),
        ),
    ]


def _variant(settings: Settings, n: int, label: str, extra: list[str], best: int) -> list[Figure]:
    ceiling = settings.polite_ceiling
    runs: dict[str, list[dict[str, Any]]] = {"adaptive": [], "best": [], "ceiling": []}
    with SampleServerProcess(n, settings.latency, extra) as server:
        for run_number in range(1, settings.repeat_expensive + 1):
            for key, jobs, fixed in (
                ("best", best, True),
                ("adaptive", ceiling, False),
                ("ceiling", ceiling, True),
            ):
                mode = f"fixed -j {jobs}" if fixed else f"adaptive, ceiling -j {jobs}"
                say(f"adaptive: {label}, {n} chapters, {mode}, run {run_number}")
                runs[key].append(_one(server.api_base, jobs, fixed, settings.polite_deadline))
    count = len(runs["adaptive"])
    walls = {key: [r["seconds"] for r in reports] for key, reports in runs.items()}
    setup = f"{label}, {n:,} chapters at {settings.latency * 1000:.0f} ms"
    return [
        Figure(
            CASE,
            f"{setup}: adaptive, ceiling -j {ceiling}: wall",
            median(walls["adaptive"]),
            "s",
            runs=count,
        ),
        Figure(
            CASE,
            f"{setup}: fixed -j {best} (the best guess): wall",
            median(walls["best"]),
            "s",
            runs=count,
        ),
        Figure(
            CASE,
            f"{setup}: adaptive / fixed -j {best}",
            paired_ratio(walls["adaptive"], walls["best"]),
            "",
            WALL_GOAL,
            count,
        ),
        Figure(
            CASE,
            f"{setup}: adaptive: refusals, of requests",
            _refused(runs["adaptive"]),
            "%",
            REFUSAL_GOAL,
            count,
        ),
        Figure(
            CASE,
            f"{setup}: adaptive: limit over time (s: limit)",
            None,
            runs=count,
            note=_over_time(runs["adaptive"][-1]["limits"]),
        ),
        _ceiling_figure(setup, ceiling, runs["ceiling"], settings.polite_deadline),
        Figure(
            CASE,
            f"{setup}: fixed -j {ceiling}: refusals, of requests",
            _refused(runs["ceiling"]),
            "%",
            runs=count,
        ),
    ]


def _one(api_base: str, jobs: int, fixed: bool, deadline: float) -> dict[str, Any]:
    with fresh_workdir() as workdir:
        command = ["-m", "benchmarks.polite_child", "--api-base", api_base, "--jobs", str(jobs)]
        command += ["--workdir", str(workdir), "--deadline", str(deadline)]
        if fixed:
            command.append("--fixed")
        return run_child(command, timeout=deadline + 120).report()


def _refused(reports: list[dict[str, Any]]) -> float:
    return median([100 * r["refusals"] / max(1, r["requests"]) for r in reports])


def _ceiling_figure(
    setup: str, ceiling: int, reports: list[dict[str, Any]], deadline: float
) -> Figure:
    name = f"{setup}: fixed -j {ceiling}, for contrast: wall"
    if all(r["finished"] for r in reports):
        failed = max(r["failed"] for r in reports)
        note = f" ({failed} chapters failed)" if failed else ""
        return Figure(
            CASE, name + note, median([r["seconds"] for r in reports]), "s", runs=len(reports)
        )
    fetched = min(r["fetched"] for r in reports)
    return Figure(
        CASE,
        name,
        None,
        runs=len(reports),
        note=f"unfinished after {deadline:.0f} s ({fetched:,} chapters)",
    )


def _over_time(samples: list[list[float]]) -> str:
    """The sampled limit as ``t: limit`` at each change (and the end), e.g. ``0: 2, 0.3: 6``."""
    shown: list[str] = []
    previous = None
    for when, limit in samples:
        if limit != previous:
            shown.append(f"{when:g}: {limit:.0f}")
            previous = limit
    if samples and not shown[-1].startswith(f"{samples[-1][0]:g}:"):
        shown.append(f"{samples[-1][0]:g}: {samples[-1][1]:.0f}")
    return ", ".join(shown[:14]) + (" …" if len(shown) > 14 else "")
