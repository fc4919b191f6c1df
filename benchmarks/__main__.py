"""``python -m benchmarks``: run the cases and print a table of medians, ratios and goals.

Run it from the repository root, in the environment the README sets up. Progress goes to
standard error, the table (Markdown) to standard output.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

from . import (
    case_cpu,
    case_latency,
    case_memory,
    case_naive,
    case_polite,
    case_rules,
    case_window,
)
from .figures import Figure, render
from .settings import Settings, choose

# Case numbers as the issue numbers them; 1 and 6 share their runs.
CASES: dict[str, str] = {
    "1": "latency-bound download through the command line, against the ideal",
    "2": "CPU-bound: the pipeline against a bare aiohttp loop",
    "3": "default settings against a tutorial-style loop",
    "4": "peak memory and export time of a big book",
    "5": "window stalls and launch time (benchmarks/window.py)",
    "6": "growth: case 1 at several sizes",
    "7": "adaptive politeness against a hidden capacity and a rate cap",
    "8": "a rule source over 30 KB HTML pages: wall, parse cost, window stalls",
}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="How close NovelFetch's download pipeline gets to the network's limit.",
        epilog="cases: " + "; ".join(f"{k}: {v}" for k, v in CASES.items()),
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--quick", action="store_true", help="smaller books, one run each (about a minute)"
    )
    size.add_argument(
        "--smoke",
        action="store_true",
        help="tiny books: proves the machinery works, figures mean nothing",
    )
    parser.add_argument("--repeat", type=int, metavar="N", help="runs of every measurement")
    parser.add_argument(
        "--cases", default=",".join(CASES), metavar="LIST", help="e.g. 1,2,6 (default: all)"
    )
    args = parser.parse_args(argv)
    args.cases = [case.strip() for case in args.cases.split(",") if case.strip()]
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def run_cases(settings: Settings, cases: list[str]) -> list[Figure]:
    """Every chosen case's figures, in case order."""
    runners: list[tuple[str, Callable[[], list[Figure]]]] = [
        ("2", lambda: case_cpu.run(settings)),
        ("3", lambda: case_naive.run(settings)),
        ("4", lambda: case_memory.run(settings)),
        ("5", lambda: case_window.run(settings)),
        ("7", lambda: case_polite.run(settings)),
        ("8", lambda: case_rules.run(settings)),
    ]
    figures: list[Figure] = []
    if "1" in cases or "6" in cases:
        latency = case_latency.run(settings, growth="6" in cases)
        if "1" not in cases:
            latency = [f for f in latency if f.case != case_latency.CASE_1]
        figures += latency
    for case, runner in runners:
        if case in cases:
            figures += runner()
    return sorted(figures, key=lambda figure: figure.case[0])  # stable: rows keep their order


def describe_machine(settings: Settings) -> str:
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; mode {settings.mode}, "
        f"{settings.repeat} run(s) per measurement ({settings.repeat_expensive} of the largest)"
    )


def load_average() -> str:
    """The 1-minute load average: other work on the machine inflates every wall time."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return f"{os.getloadavg()[0]:.1f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    settings = choose(mode, args.repeat)
    started, load_before = time.perf_counter(), load_average()
    figures = run_cases(settings, args.cases)
    print(describe_machine(settings))
    print()
    print(render(figures))
    print()
    print(
        f"Finished in {time.perf_counter() - started:.0f} s; "
        f"load average {load_before} at the start, {load_average()} at the end."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
