"""Case 4: memory and export time for a big book.

Peak RSS of ``novelfetch download`` (its own process, read with ``wait4``) for a book of
``memory_chapters`` chapters of 3,000 characters written as EPUB, then the export alone from
the filled store: EPUB and TXT.
"""

from __future__ import annotations

from .commands import cli_command, store_folder
from .figures import Figure, Goal, median
from .processes import SampleServerProcess, run_child
from .progress import say
from .settings import Settings
from .workdirs import fresh_workdir

CASE = "4 memory"
CHARS_PER_CHAPTER = 3000  # what serve-sample's book 9 has
RSS_GOAL = Goal(250)
EPUB_GOAL = Goal(3.0)


def run(settings: Settings) -> list[Figure]:
    n, jobs = settings.memory_chapters, settings.cpu_jobs
    peaks: list[float] = []
    exports: dict[str, list[float]] = {"epub": [], "txt": []}
    with fresh_workdir() as workdir:
        with SampleServerProcess(n, 0.0) as server:
            for run_number in range(1, settings.repeat_expensive + 1):
                say(f"memory: {n} chapters to EPUB, run {run_number}")
                result = run_child(cli_command(server.api_base, jobs, workdir / f"run{run_number}"))
                if result.peak_rss_mb is not None:
                    peaks.append(result.peak_rss_mb)
        filled = store_folder(workdir / f"run{settings.repeat_expensive}")
        for run_number in range(1, settings.repeat + 1):
            say(f"export alone: {n} chapters, EPUB and TXT, run {run_number}")
            for fmt, seconds in exports.items():
                command = ["-m", "benchmarks.export_child", "--store", str(filled)]
                command += ["--format", fmt, "--output", str(workdir / f"export-{fmt}")]
                seconds.append(run_child(command).report()["seconds"])
    size = f"{n:,} chapters, {n * CHARS_PER_CHAPTER / 1e6:.0f}M characters"
    label = f"peak RSS of `novelfetch download` to EPUB, {size}, -j {jobs}"
    if peaks:
        peak = Figure(CASE, label, median(peaks), "MB", RSS_GOAL, len(peaks))
    else:
        peak = Figure(CASE, label, None, "MB", RSS_GOAL, 0, "not reported by this OS")
    runs = settings.repeat
    return [
        peak,
        Figure(
            CASE, "export alone from the store: EPUB", median(exports["epub"]), "s", EPUB_GOAL, runs
        ),
        Figure(CASE, "export alone from the store: TXT", median(exports["txt"]), "s", runs=runs),
    ]
