"""How big and how often: the three modes of a run, and the options that adjust them."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Settings:
    """Sizes, latency and repeat counts for one run of the suite."""

    mode: str
    latency: float  # seconds the server waits before each answer, in the latency-bound cases
    latency_chapters: int  # case 1
    latency_jobs: int
    growth_chapters: tuple[int, ...]  # case 6: the latency-bound case at these sizes
    cpu_chapters: int  # case 2
    cpu_jobs: int
    naive_chapters: int  # case 3
    naive_concurrency: int  # the tutorial's semaphore
    default_jobs: int  # the command line's default -j
    memory_chapters: int  # case 4
    repeat: int  # runs of each cheap measurement
    repeat_expensive: int  # runs of the largest growth size and the memory download
    window_chapters: int  # case 5, handed to benchmarks.window
    window_launches: int
    polite_chapters: int  # case 7: against a hidden capacity and a rate cap
    polite_ceiling: int
    polite_capacity: int
    polite_rate_cap: float  # requests a second
    polite_deadline: float  # seconds before a fixed -j ceiling run is stopped
    rules_chapters: int  # case 8: a rule source over HTML pages of 30 KB


FULL = Settings(
    mode="full",
    latency=0.05,
    latency_chapters=2000,
    latency_jobs=32,
    growth_chapters=(500, 2000, 8000),
    cpu_chapters=5000,
    cpu_jobs=64,
    naive_chapters=500,
    naive_concurrency=5,
    default_jobs=8,
    memory_chapters=5000,
    repeat=3,
    repeat_expensive=1,
    window_chapters=2000,
    window_launches=5,
    polite_chapters=2000,
    polite_ceiling=32,
    polite_capacity=6,
    polite_rate_cap=110.0,
    polite_deadline=30.0,
    rules_chapters=2000,
)

# The same cases at a fraction of the size: a minute, for checking a change before a full run.
QUICK = replace(
    FULL,
    mode="quick",
    latency_chapters=500,
    growth_chapters=(200, 500, 2000),
    cpu_chapters=1000,
    naive_chapters=100,
    memory_chapters=1000,
    repeat=1,
    window_chapters=500,
    window_launches=3,
    polite_chapters=500,
    rules_chapters=500,
)

# Tiny sizes that only prove the machinery works (the test suite runs this); the figures
# mean nothing.
SMOKE = replace(
    FULL,
    mode="smoke",
    latency=0.005,
    latency_chapters=24,
    growth_chapters=(8, 24),
    cpu_chapters=30,
    cpu_jobs=8,
    naive_chapters=10,
    memory_chapters=30,
    repeat=1,
    window_chapters=20,
    window_launches=1,
    polite_chapters=24,
    polite_ceiling=8,
    polite_capacity=3,
    polite_rate_cap=400.0,
    polite_deadline=0.5,  # a fixed -j 8 against capacity 3 only has to show its row
    rules_chapters=12,
)

MODES = {settings.mode: settings for settings in (FULL, QUICK, SMOKE)}


def choose(mode: str, repeat: int | None = None) -> Settings:
    settings = MODES[mode]
    if repeat is not None:
        settings = replace(settings, repeat=repeat, repeat_expensive=repeat)
    return settings
