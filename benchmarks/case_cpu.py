"""Case 2: CPU-bound. Zero latency, so only the client's own work limits the pipeline.

The full pipeline (the command line's ``main``: fetch, clean, commit, cover, EPUB) against a
bare aiohttp loop fetching the same chapters from the same server with one session and
throwing them away. Each pair runs back to back; the server's CPU use during each run shows
which side was the bottleneck. Beside them, the same work at its cheapest split over two
processes (``split_loop.py``: the bare loop handing each answer to a process that decodes,
cleans, commits and writes the book). The per-chapter cost of the pipeline's other stages,
measured without a network, gives the best ratio any pipeline doing that work could reach, on
one core and on all of them.
"""

from __future__ import annotations

import os

from .figures import Figure, Goal, median, paired_ratio
from .processes import SampleServerProcess, run_child
from .progress import say
from .settings import Settings
from .workdirs import fresh_workdir

CASE = "2 CPU-bound"
# Issue 22's goal for the worker-process design (the first performance issue asked 0.7).
RATIO_GOAL = Goal(0.5, at_most=False)
STAGES = {
    "decode_us": "JSON decode",
    "clean_us": "text cleaning",
    "commit_us": "store commit (in groups)",
    "export_us": "EPUB export",
}


def run(settings: Settings) -> list[Figure]:
    n, jobs = settings.cpu_chapters, settings.cpu_jobs
    pipeline: list[float] = []
    bare: list[float] = []
    bare_cpu: list[float] = []
    split: list[float] = []
    server_busy: dict[str, list[float | None]] = {"bare loop": [], "pipeline": []}
    with SampleServerProcess(n, 0.0) as server:
        api = server.api_base
        bare_command = ["-m", "benchmarks.bare_loop", "--api-base", api, "--jobs", str(jobs)]
        run_child(bare_command)  # warm-up, untimed
        for run_number in range(1, settings.repeat + 1):
            say(f"CPU-bound: {n} chapters at zero latency, -j {jobs}, run {run_number}")
            before = server.cpu_seconds()
            result = run_child(bare_command)
            bare.append(result.report()["seconds"])
            bare_cpu.append(result.report()["cpu_seconds"])
            server_busy["bare loop"].append(_busy(before, server.cpu_seconds(), result.seconds))
            with fresh_workdir() as workdir:
                command = ["-m", "benchmarks.split_loop", "--api-base", api]
                command += ["--jobs", str(jobs), "--workdir", str(workdir)]
                split.append(run_child(command).report()["seconds"])
            with fresh_workdir() as workdir:
                command = ["-m", "benchmarks.pipeline_child", "--api-base", api]
                command += ["--jobs", str(jobs), "--workdir", str(workdir)]
                before = server.cpu_seconds()
                result = run_child(command)
                pipeline.append(result.report()["seconds"])
                server_busy["pipeline"].append(_busy(before, server.cpu_seconds(), result.seconds))
    say(f"CPU-bound: cost of each stage for {n} chapters, without a network")
    with fresh_workdir() as workdir:
        command = ["-m", "benchmarks.stage_costs", "--chapters", str(n), "--workdir", str(workdir)]
        stages = run_child(command).report()
    runs = settings.repeat
    figures = [
        Figure(
            CASE,
            f"bare aiohttp loop, {n:,} chapters, -j {jobs}",
            n / median(bare),
            "ch/s",
            runs=runs,
        ),
        Figure(
            CASE, "pipeline: fetch, clean, store, EPUB", n / median(pipeline), "ch/s", runs=runs
        ),
        Figure(
            CASE,
            "pipeline / bare loop (chapters per second)",
            paired_ratio(bare, pipeline),
            "",
            RATIO_GOAL,
            runs,
        ),
    ]
    figures.append(
        Figure(
            CASE,
            "its work at its cheapest, split over two processes (no gate, retries, library)",
            n / median(split),
            "ch/s",
            runs=runs,
        )
    )
    figures.append(
        Figure(
            CASE, "split over two processes / bare loop", paired_ratio(bare, split), "", runs=runs
        )
    )
    for side, shares in server_busy.items():
        if all(share is not None for share in shares):
            busy = median([share for share in shares if share is not None])
            figures.append(
                Figure(CASE, f"server CPU busy during the {side} runs", 100 * busy, "%", runs=runs)
            )
    bare_us = median(bare) / n * 1e6
    client_us = median(bare_cpu) / n * 1e6
    figures.append(
        Figure(
            CASE,
            "per chapter, bare loop: wall (its client's CPU)",
            bare_us,
            f"µs ({client_us:.0f} µs)",
            runs=runs,
        )
    )
    for key, label in STAGES.items():
        figures.append(
            Figure(CASE, f"per chapter, pipeline work besides HTTP: {label}", stages[key], "µs")
        )
    figures.append(
        Figure(
            CASE,
            "per chapter, for comparison: store commit, one transaction each",
            stages["commit_single_us"],
            "µs",
        )
    )
    # The pipeline needs at least the bare loop's client work plus every stage, per chapter.
    floor_us = client_us + sum(stages[key] for key in STAGES)
    figures.append(
        Figure(
            CASE,
            "best ratio reachable with that work: bare wall / (client CPU + stages)",
            bare_us / floor_us,
            "",
            runs=0,
        )
    )
    # Spread perfectly over every core, with the server's work beside it (it shares them).
    busy = [share for share in server_busy["bare loop"] if share is not None]
    if busy:
        server_us = median(busy) * bare_us
        cores = os.cpu_count() or 1
        figures.append(
            Figure(
                CASE,
                f"… and on all {cores} cores, the server's work beside it: "
                f"bare wall / ((client CPU + stages + server CPU) / {cores})",
                bare_us / ((floor_us + server_us) / cores),
                "",
                runs=0,
            )
        )
    return figures


def _busy(before: float | None, after: float | None, seconds: float) -> float | None:
    """Share of one CPU the server used over a run (None where it cannot be read)."""
    if before is None or after is None:
        return None
    return (after - before) / seconds
