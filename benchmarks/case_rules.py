"""Case 8: a rule source over HTML pages, where parsing is the client's main work.

The bundled Legado rule (``resources/sample/rules/sample-site.legado.json``) is imported with
``novelfetch sources import`` into a fresh data folder, then ``novelfetch download <book URL>
-j 32 -f epub`` fetches the sample site's benchmark book, every chapter one page of about
30 KB of HTML, at 50 ms a request. Figures:

- wall / ideal: the ideal is case 1's (⌈N / j⌉ latencies for the chapters) plus the round
  trips no concurrency can hide: the book page, then each catalog page in turn (each links
  only the next, so the rule cannot read them at once);
- parse cost per page (``benchmarks/rules_parse.py``, in-process, no network), and what the
  worker processes add: their start-up, a page's round trip beyond parsing, and the CPU the
  event loop's process still spends per page (pickling it there and the text back);
- the window's longest and 99th-percentile event-loop stall while it downloads the same book
  from the same kind of server (``benchmarks/window.py``'s rule-source measurement).
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .figures import Figure, Goal, median, paired_ratio
from .processes import SampleServerProcess, run_child
from .progress import say
from .rule_site import book_url, catalog_pages, write_rule
from .settings import Settings
from .workdirs import fresh_workdir

CASE = "8 rule source"
RATIO_GOAL = Goal(1.20)
STALL_GOALS = {"max_stall_ms": Goal(50), "p99_stall_ms": Goal(16)}
PAGE_KB = 30
PARSE_SAMPLE = 50


def ideal_seconds(chapters: int, jobs: int, latency: float) -> float:
    """Case 1's ideal with this site's serial round trips: book page and catalog pages."""
    return (math.ceil(chapters / jobs) + 1 + catalog_pages(chapters)) * latency


def import_command(rule_file: Path, workdir: Path) -> list[str]:
    return ["-m", "novelfetch", "sources", "import", str(rule_file), *_data_dir(workdir)]


def download_command(site_base: str, jobs: int, workdir: Path) -> list[str]:
    """``python -m novelfetch download <book URL> …`` (without the interpreter), as a user
    runs it after importing the rule: EPUB, a fresh store, quiet."""
    return [
        "-m",
        "novelfetch",
        "download",
        book_url(site_base),
        *_data_dir(workdir),
        "--cache-dir",
        str(workdir / "store"),
        "-j",
        str(jobs),
        "-f",
        "epub",
        "-o",
        str(workdir / "books"),
        "-q",
    ]


def _data_dir(workdir: Path) -> list[str]:
    return ["--data-dir", str(workdir / "data")]


def run(settings: Settings) -> list[Figure]:
    chapters, jobs, latency = settings.rules_chapters, settings.latency_jobs, settings.latency
    walls: list[float] = []
    cpu: list[float] = []  # the command line's own CPU seconds
    floors: list[float] = []  # bare loop's chapter phase + the serial round trips
    serial = (1 + catalog_pages(chapters)) * latency
    with SampleServerProcess(chapters, latency, chapter_kb=PAGE_KB) as server:
        site = server.site_base
        with fresh_workdir() as workdir:  # untimed: fills file and bytecode caches
            run_child(import_command(write_rule(site, workdir), workdir))
            warm_up = f"1-{min(20, chapters)}"
            run_child([*download_command(site, jobs, workdir), "--chapters", warm_up])
        for run_number in range(1, settings.repeat + 1):
            say(
                f"rule source: {chapters} chapters of {PAGE_KB} KB at {latency * 1000:.0f} ms, "
                f"run {run_number}"
            )
            bare = run_child(
                [
                    "-m",
                    "benchmarks.bare_site_loop",
                    *("--site-base", site, "--chapters", str(chapters), "--jobs", str(jobs)),
                ]
            )
            floors.append(bare.report()["seconds"] + serial)
            with fresh_workdir() as workdir:
                run_child(import_command(write_rule(site, workdir), workdir))
                download = run_child(download_command(site, jobs, workdir))
                walls.append(download.seconds)
                if download.cpu_seconds is not None:
                    cpu.append(download.cpu_seconds)
        say("rule source: parse cost per page")
        parse = run_child(
            ["-m", "benchmarks.rules_parse", "--site-base", site, "--sample", str(PARSE_SAMPLE)]
        ).report()
    stalls = _window_stalls(settings)
    return _figures(settings, _Runs(walls, cpu, floors), parse, stalls)


def _window_stalls(settings: Settings) -> dict[str, Any] | None:
    try:
        window: Any = importlib.import_module("benchmarks.window")
    except ModuleNotFoundError as error:
        if error.name != "benchmarks.window":
            raise
        return None
    chapters, jobs = settings.rules_chapters, settings.latency_jobs
    say(f"rule source in the window: {chapters} chapters at -j {jobs}")
    return window.measure_rule_stalls(chapters, jobs, settings.latency, PAGE_KB, settings.repeat)


@dataclass(frozen=True, slots=True)
class _Runs:
    walls: list[float]
    cpu: list[float]
    floors: list[float]


def _figures(
    settings: Settings,
    runs: _Runs,
    parse: dict[str, Any],
    stalls: dict[str, Any] | None,
) -> list[Figure]:
    n, jobs, latency = settings.rules_chapters, settings.latency_jobs, settings.latency
    ideal = ideal_seconds(n, jobs, latency)
    walls = runs.walls
    wall = median(walls)
    setup = f"{n:,} chapters of {PAGE_KB} KB HTML, -j {jobs}, {latency * 1000:.0f} ms"
    figures = [
        Figure(
            CASE,
            f"`novelfetch download <book URL>` to EPUB, {setup}: wall",
            wall,
            "s",
            runs=len(walls),
        ),
        Figure(
            CASE,
            f"ideal: ⌈N/j⌉ × latency + book page + {catalog_pages(n)} catalog pages in turn",
            ideal,
            "s",
            runs=0,
        ),
        Figure(CASE, "wall / ideal", wall / ideal, "", RATIO_GOAL, len(walls)),
        Figure(
            CASE,
            "network floor: bare aiohttp loop over the same pages + the serial round trips",
            median(runs.floors),
            "s",
            runs=len(runs.floors),
        ),
        Figure(
            CASE,
            "wall / network floor",
            paired_ratio(walls, runs.floors),
            "",
            runs=len(walls),
        ),
        Figure(
            CASE,
            "CPU of the command line (user + system, start-up included) per chapter",
            median(runs.cpu) / n * 1000 if runs.cpu else None,
            "ms",
            runs=len(runs.cpu),
            note="not measured on this OS",
        ),
        Figure(
            CASE,
            f"parse + evaluate one chapter page ({parse['page_kb']:.0f} KB), median of "
            f"{parse['pages']}",
            parse["parse_ms"],
            "ms",
            runs=1,
        ),
        Figure(
            CASE,
            "worker processes: start-up, from starting them to the first page's answer",
            parse["worker_start_ms"],
            "ms",
            runs=1,
        ),
        Figure(
            CASE,
            "worker processes: a page's round trip beyond its parsing (IPC), one at a time",
            parse["ipc_ms"],
            "ms",
            runs=1,
        ),
        Figure(
            CASE,
            "worker processes: the event loop's process CPU per page sent (instead of parsing)",
            parse["parent_cpu_ms"],
            "ms",
            runs=1,
        ),
    ]
    labels = {
        "max_stall_ms": "window: longest event-loop stall downloading the same book",
        "p99_stall_ms": "window: 99th-percentile event-loop stall",
    }
    for key, label in labels.items():
        value = stalls.get(key) if stalls else None
        note = "" if stalls else "not measured: benchmarks/window.py missing"
        runs = stalls["repeat"] if stalls else 0
        figures.append(Figure(CASE, label, value, "ms", STALL_GOALS[key], runs, note))
    return figures
