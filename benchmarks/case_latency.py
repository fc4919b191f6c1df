"""Cases 1 and 6: latency-bound downloads through the command line, against the ideal.

The ideal is what the network alone costs: ``⌈N / j⌉`` rounds of one latency each for the
chapters, plus one latency each for the details and the catalog. The command line's wall time
(process start to exit: start-up, imports, store, EPUB, all of it) is compared with it, and
with the measured floor, a bare aiohttp loop fetching the same chapters from the same server.
Case 6 repeats case 1 at several sizes to show that time grows linearly with the book.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from .commands import cli_command, store_folder
from .figures import Figure, Goal, median, paired_ratio
from .processes import SampleServerProcess, run_child
from .progress import say
from .settings import Settings
from .workdirs import fresh_workdir

CASE_1 = "1 latency-bound"
CASE_6 = "6 growth"
RATIO_GOAL = Goal(1.15)


def ideal_seconds(chapters: int, jobs: int, latency: float) -> float:
    return math.ceil(chapters / jobs) * latency + 2 * latency


@dataclass(slots=True)
class _SizeResult:
    chapters: int
    walls: list[float]
    bare: list[float]  # chapter phase of the bare loop; measured for case 1's size only
    imports: list[float]
    export: list[float]


def run(settings: Settings, *, growth: bool = True) -> list[Figure]:
    """Case 1, and case 6 too when ``growth``."""
    sizes = sorted({settings.latency_chapters, *(settings.growth_chapters if growth else ())})
    results = [
        _measure_size(settings, size, detailed=size == settings.latency_chapters) for size in sizes
    ]
    by_size = {result.chapters: result for result in results}
    figures = _case_1(settings, by_size[settings.latency_chapters])
    if growth:
        figures += _case_6(settings, [by_size[size] for size in settings.growth_chapters])
    return figures


def _measure_size(settings: Settings, chapters: int, *, detailed: bool) -> _SizeResult:
    jobs, latency = settings.latency_jobs, settings.latency
    largest = chapters == max(settings.growth_chapters) and chapters > settings.latency_chapters
    repeat = settings.repeat_expensive if largest else settings.repeat
    result = _SizeResult(chapters, [], [], [], [])
    with SampleServerProcess(chapters, latency) as server:
        _warm_up(server.api_base, jobs, chapters)
        for run_number in range(1, repeat + 1):
            say(f"latency-bound: {chapters} chapters at {latency * 1000:.0f} ms, run {run_number}")
            if detailed:
                bare = run_child(
                    [
                        "-m",
                        "benchmarks.bare_loop",
                        "--api-base",
                        server.api_base,
                        "--jobs",
                        str(jobs),
                    ]
                )
                result.bare.append(bare.report()["seconds"])
            with fresh_workdir() as workdir:
                result.walls.append(run_child(cli_command(server.api_base, jobs, workdir)).seconds)
                if detailed:
                    result.imports.append(run_child(["-c", "import novelfetch.cli.entry"]).seconds)
                    export = run_child(
                        [
                            "-m",
                            "benchmarks.export_child",
                            "--store",
                            str(store_folder(workdir)),
                            "--format",
                            "epub",
                            "--output",
                            str(workdir / "again"),
                        ]
                    )
                    result.export.append(export.report()["seconds"])
    return result


def _warm_up(api_base: str, jobs: int, chapters: int) -> None:
    """A few chapters, untimed: fills the OS file cache and bytecode caches, as on a user's
    second run, and lets the server settle."""
    with fresh_workdir() as workdir:
        # A range past the book's end is an error: smoke runs have books of 8 chapters.
        first = f"1-{min(20, chapters)}"
        run_child([*cli_command(api_base, jobs, workdir), "--chapters", first])


def _case_1(settings: Settings, result: _SizeResult) -> list[Figure]:
    n, jobs, latency = result.chapters, settings.latency_jobs, settings.latency
    ideal = ideal_seconds(n, jobs, latency)
    wall = median(result.walls)
    runs = len(result.walls)
    floor = [bare + 2 * latency for bare in result.bare]
    setup = f"{n:,} chapters, -j {jobs}, {latency * 1000:.0f} ms"
    return [
        Figure(CASE_1, f"`novelfetch download` to EPUB, {setup}: wall", wall, "s", runs=runs),
        Figure(CASE_1, "ideal: ⌈N/j⌉ × latency + details + catalog", ideal, "s", runs=0),
        Figure(CASE_1, "wall / ideal", wall / ideal, "", RATIO_GOAL, runs),
        Figure(
            CASE_1, "network floor: bare aiohttp loop + 2 latencies", median(floor), "s", runs=runs
        ),
        Figure(CASE_1, "wall / network floor", paired_ratio(result.walls, floor), "", runs=runs),
        Figure(CASE_1, "in the wall: start-up + imports", median(result.imports), "s", runs=runs),
        Figure(
            CASE_1,
            "EPUB export alone, for scale (the wall writes it during the download)",
            median(result.export),
            "s",
            runs=runs,
        ),
    ]


def _case_6(settings: Settings, results: list[_SizeResult]) -> list[Figure]:
    jobs, latency = settings.latency_jobs, settings.latency
    figures = []
    for result in results:
        wall = median(result.walls)
        ratio = wall / ideal_seconds(result.chapters, jobs, latency)
        label = f"{result.chapters:,} chapters: wall (wall / ideal {ratio:.2f})"
        figures.append(Figure(CASE_6, label, wall, "s", runs=len(result.walls)))
    ideal_slope = latency / jobs * 1000
    for smaller, larger in itertools.pairwise(results):
        added = median(larger.walls) - median(smaller.walls)
        slope = added / (larger.chapters - smaller.chapters) * 1000
        label = f"per 1,000 chapters, {smaller.chapters:,} → {larger.chapters:,}"
        figures.append(Figure(CASE_6, f"{label} (ideal {ideal_slope:.2f} s)", slope, "s", runs=0))
    return figures
