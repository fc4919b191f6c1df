"""The window's responsiveness: event-loop stalls during a big download, and launch time.

``python -m benchmarks.window`` (from the repository root) prints the figures;
``--chapters``/``--jobs``/``--launches`` change the sizes. ``python -m benchmarks`` calls
``measure()`` for its case 5. Every measurement runs in a child process on Qt's offscreen
platform, so the caller never loads Qt and each launch really starts cold.

Stalls: while the real ``MainWindow`` downloads a sample book (3,000 characters a chapter) at
zero latency from the local API server, a probe coroutine sleeps 5 ms again and again and
records how late it wakes. A late wake-up is time the loop spent on something else: what a
user feels as a frozen window. The server runs in a process of its own, as a real source is
on another machine: served from the window's own loop, its work would count as the window's.

The same with a rule source (``--rules``, case 8): the bundled Legado rule is imported into
the window's data folder and the book's URL pasted, and the pages are 30 KB of HTML at 50 ms,
so the window's loop must hand every page to a worker thread to parse.

Launch: wall time from just before the child process is started to the window's first
``Show`` event.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROBE_INTERVAL = 0.005


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["QT_API"] = "pyside6"  # qasync binds to this binding whatever the import order
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install caches bytecode
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _run_child(*args: str, timeout: float = 600.0) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.window", *args],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- the children ---------------------------------------------------------------------------


def _stall_child(api_base: str, jobs: int, site_base: str = "") -> dict[str, Any]:
    """Stalls while the window downloads book 9: from the sample API, or with ``site_base``
    from the sample HTML site through the bundled Legado rule, imported into the window's
    data folder first as a user would (the pasted book URL picks the source)."""
    import asyncio

    from PySide6.QtCore import QSettings

    from novelfetch.gui import MainWindow
    from novelfetch.gui.app.event_loop import new_event_loop
    from novelfetch.gui.app.main import create_app, freeze_startup_heap
    from novelfetch.gui.pages.book.job_state import JobState

    from .sample_api import BOOK_ID

    app = create_app(["novelfetch-benchmark"])
    figures: dict[str, Any] = {}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
            for key, value in {
                "baidu/api_base": api_base,
                "window/source": "baidu",
                "window/output_dir": str(tmp),
                "window/concurrency": jobs,
                "window/format": "epub",
            }.items():
                settings.setValue(key, value)
            book = BOOK_ID
            if site_base:
                book = _import_rule(site_base, tmp / "data")
            window = MainWindow(settings, tmp / "store", tmp / "data")
            freeze_startup_heap()  # as the app does once its window exists
            window.show()
            states: asyncio.Queue[JobState] = asyncio.Queue()
            window.controller.state_changed.connect(states.put_nowait)
            window.book_input.setText(book)
            window.load_book()
            while (await asyncio.wait_for(states.get(), 30)) is not JobState.READY:
                pass

            lateness: dict[str, list[float]] = {"download": [], "write": []}
            phase = ["download"]
            bar_updates = [0]
            window.progress.bar.valueChanged.connect(
                lambda _v: bar_updates.__setitem__(0, bar_updates[0] + 1)
            )

            def on_progress(batch: Any) -> None:
                if batch.final:
                    phase[0] = "write"
                    figures["download_s"] = loop.time() - started

            window.controller.progressed.connect(on_progress)

            async def probe() -> None:
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(PROBE_INTERVAL)
                    late = time.perf_counter() - before - PROBE_INTERVAL
                    lateness[phase[0]].append(max(0.0, late))

            prober = loop.create_task(probe())
            started = loop.time()
            window.start_download()
            while (await asyncio.wait_for(states.get(), 300)) is not JobState.DONE:
                pass
            figures["total_s"] = loop.time() - started
            prober.cancel()
            await asyncio.gather(prober, return_exceptions=True)
            figures["bar_updates"] = bar_updates[0]
            figures["lateness"] = lateness
            await window.shutdown()
            window.close()

    with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
        runner.run(main())
    download, write = figures.pop("lateness").values()
    return {
        "jobs": jobs,
        # A tiny book can finish before the first probe wakes: no samples, no stall seen.
        "max_stall_ms": max(download, default=0.0) * 1000,
        "p99_stall_ms": _percentile(download, 0.99) * 1000,
        "median_stall_ms": statistics.median(download or [0.0]) * 1000,
        "samples": len(download),
        "write_max_stall_ms": max(write, default=0.0) * 1000,
        "write_p99_stall_ms": _percentile(write, 0.99) * 1000,
        **figures,
    }


def _import_rule(site_base: str, data_dir: Path) -> str:
    """Import the bundled rule for ``site_base`` into ``data_dir``; the book URL to paste."""
    from novelfetch.core.sources import SourceRegistry

    from .rule_site import book_url, rule_text

    (line,) = SourceRegistry(data_dir).import_text(rule_text(site_base), "benchmark").lines
    if not line.usable:
        raise RuntimeError(f"the bundled rule did not import: {line.reason}")
    return book_url(site_base)


def _launch_child(started_at: float) -> dict[str, Any]:
    import asyncio

    from PySide6.QtCore import QEvent, QObject, QSettings

    from novelfetch.gui import MainWindow
    from novelfetch.gui.app.event_loop import new_event_loop
    from novelfetch.gui.app.main import create_app

    imported = time.time()
    app = create_app(["novelfetch"])
    shown: dict[str, float] = {}

    class FirstShow(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Show and "at" not in shown:
                shown["at"] = time.time()
            return False

    async def main() -> None:
        with tempfile.TemporaryDirectory() as folder:
            settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings, Path(folder) / "store")
            watcher = FirstShow(window)
            window.installEventFilter(watcher)
            window.show()
            await asyncio.sleep(0)  # one loop turn: the shown window is live
            await window.shutdown()
            window.close()

    with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
        runner.run(main())
    return {"launch_s": shown["at"] - started_at, "imports_s": imported - started_at}


# --- the parent -----------------------------------------------------------------------------


def measure_stalls(chapters: int = 2000, jobs: int = 32, repeat: int = 3) -> dict[str, Any]:
    """Median figures over ``repeat`` downloads, each in a fresh process, plus the worst max."""
    from .processes import SampleServerProcess  # the parent's import, not the children's

    with SampleServerProcess(chapters, 0.0) as server:
        runs = [_run_child("--stall-child", server.api_base, str(jobs)) for _ in range(repeat)]
    figures: dict[str, Any] = {
        key: statistics.median(run[key] for run in runs)
        for key, value in runs[0].items()
        if isinstance(value, float)
    }
    figures.update(
        chapters=chapters,
        jobs=jobs,
        repeat=repeat,
        samples=sum(run["samples"] for run in runs),
        bar_updates=statistics.median(run["bar_updates"] for run in runs),
        worst_max_stall_ms=max(run["max_stall_ms"] for run in runs),
        all_max_stall_ms=[round(run["max_stall_ms"], 1) for run in runs],
    )
    return figures


def measure_rule_stalls(
    chapters: int = 2000,
    jobs: int = 32,
    latency: float = 0.05,
    chapter_kb: int = 30,
    repeat: int = 3,
) -> dict[str, Any]:
    """Stalls while the window downloads the HTML site's book 9 through the bundled Legado
    rule: ``chapters`` pages of about ``chapter_kb`` KB, ``latency`` s each. Medians over
    ``repeat`` downloads, each in a fresh process, plus the worst longest stall."""
    from .processes import SampleServerProcess

    with SampleServerProcess(chapters, latency, chapter_kb=chapter_kb) as server:
        runs = [
            _run_child("--rules-stall-child", server.site_base, str(jobs)) for _ in range(repeat)
        ]
    figures: dict[str, Any] = {
        key: statistics.median(run[key] for run in runs)
        for key, value in runs[0].items()
        if isinstance(value, float)
    }
    figures.update(
        chapters=chapters,
        latency=latency,
        repeat=repeat,
        worst_max_stall_ms=max(run["max_stall_ms"] for run in runs),
        all_max_stall_ms=[round(run["max_stall_ms"], 1) for run in runs],
        all_p99_stall_ms=[round(run["p99_stall_ms"], 1) for run in runs],
    )
    return figures


def measure_launch(launches: int = 5) -> dict[str, Any]:
    runs = []
    for _ in range(launches):
        started_at = time.time()
        runs.append(_run_child("--launch-child", repr(started_at), timeout=120))
    times = [run["launch_s"] for run in runs]
    return {
        "launch_s": statistics.median(times),
        "launch_min_s": min(times),
        "launch_max_s": max(times),
        "imports_s": statistics.median(run["imports_s"] for run in runs),
        "launches": launches,
    }


def measure(
    chapters: int = 2000, jobs: int = 32, launches: int = 5, repeat: int = 3
) -> dict[str, Any]:
    """The figures ``python -m benchmarks`` reports for case 5."""
    return {**measure_stalls(chapters, jobs, repeat), **measure_launch(launches)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.window", description=__doc__)
    parser.add_argument("--chapters", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=32)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="downloads to take medians of")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--rules",
        action="store_true",
        help="stalls only, downloading 30 KB HTML pages at 50 ms through the bundled Legado "
        "rule (case 8); prints JSON",
    )
    parser.add_argument("--stall-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--rules-stall-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--launch-child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stall_child:
        api_base, jobs = args.stall_child
        print(json.dumps(_stall_child(api_base, int(jobs))))
        return 0
    if args.rules_stall_child:
        site_base, jobs = args.rules_stall_child
        print(json.dumps(_stall_child("", int(jobs), site_base)))
        return 0
    if args.rules:
        figures = measure_rule_stalls(args.chapters, args.jobs, repeat=args.repeat)
        print(json.dumps(figures, indent=2))
        return 0
    if args.launch_child is not None:
        print(json.dumps(_launch_child(args.launch_child)))
        return 0
    figures = measure(args.chapters, args.jobs, args.launches, args.repeat)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"Medians of {figures['repeat']} runs. Download of {figures['chapters']:,} "
        f"sample chapters at -j {figures['jobs']}, "
        f"zero latency: {figures['download_s']:.2f} s "
        f"({figures['chapters'] / figures['download_s']:,.0f} chapters/s), "
        f"book written after {figures['total_s']:.2f} s\n"
        f"  event-loop stall while downloading: max {figures['max_stall_ms']:.1f} ms, "
        f"p99 {figures['p99_stall_ms']:.1f} ms, median {figures['median_stall_ms']:.2f} ms "
        f"({figures['repeat']} runs, {figures['samples']:,} probes; worst max "
        f"{figures['worst_max_stall_ms']:.1f} ms; goal: max under 50 ms)\n"
        f"  while finishing the EPUB (worker thread): max {figures['write_max_stall_ms']:.1f} ms, "
        f"p99 {figures['write_p99_stall_ms']:.1f} ms\n"
        f"  progress-bar updates: {figures['bar_updates']} "
        f"({figures['bar_updates'] / figures['download_s']:.1f} per second)\n"
        f"Launch to window shown: median {figures['launch_s']:.2f} s "
        f"(min {figures['launch_min_s']:.2f}, max {figures['launch_max_s']:.2f}, "
        f"{figures['launches']} launches; imports alone {figures['imports_s']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
