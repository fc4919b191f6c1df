"""Case 3: the command line at its default -j against the approach tutorials teach.

Both as a user runs them, start to exit, against the same server at the same latency: the
tutorial loop (a new session per chapter, a semaphore of 5, one TXT file) and
``novelfetch download`` with default settings (EPUB). The tutorial does less work (no store,
no cleaning, no EPUB), so the speed-up is a conservative one.
"""

from __future__ import annotations

from .commands import cli_command
from .figures import Figure, median, paired_ratio
from .processes import SampleServerProcess, run_child
from .progress import say
from .settings import Settings
from .workdirs import fresh_workdir

CASE = "3 vs tutorial"


def run(settings: Settings) -> list[Figure]:
    n, latency, jobs = settings.naive_chapters, settings.latency, settings.default_jobs
    setup = f"{n:,} chapters at {latency * 1000:.0f} ms"
    naive: list[float] = []
    ours: list[float] = []
    with SampleServerProcess(n, latency) as server:
        tutorial = ["-m", "benchmarks.naive_loop", "--api-base", server.api_base]
        tutorial += ["--concurrency", str(settings.naive_concurrency)]
        for run_number in range(1, settings.repeat + 1):
            say(f"tutorial loop vs default settings: {setup}, run {run_number}")
            with fresh_workdir() as workdir:
                naive.append(run_child([*tutorial, "--output", str(workdir / "book.txt")]).seconds)
            with fresh_workdir() as workdir:
                ours.append(run_child(cli_command(server.api_base, jobs, workdir)).seconds)
    runs = settings.repeat
    semaphore = settings.naive_concurrency
    return [
        Figure(
            CASE,
            f"tutorial: session per chapter, semaphore {semaphore}, {setup}",
            median(naive),
            "s",
            runs=runs,
        ),
        Figure(
            CASE, f"`novelfetch download`, default -j {jobs}, EPUB", median(ours), "s", runs=runs
        ),
        Figure(CASE, "speed-up", paired_ratio(naive, ours), "×", runs=runs),
    ]
