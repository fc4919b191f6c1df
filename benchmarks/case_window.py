"""Case 5: the window. Measured by ``benchmarks/window.py`` (the GUI's own benchmark); this
module only calls its ``measure`` and puts the figures in the table.

HOOK: ``benchmarks.window.measure(chapters, jobs, launches)`` returns ``max_stall_ms`` and
``p99_stall_ms`` (event-loop stalls while the window downloads ``chapters`` sample chapters at
``-j jobs``, one download) and ``launch_s`` (median launch to window shown over ``launches``
cold starts). Where that module is missing the rows say "not measured".
"""

from __future__ import annotations

import importlib
from typing import Any

from .figures import Figure, Goal
from .progress import say
from .settings import Settings

CASE = "5 window"
MODULE = "benchmarks.window"
JOBS = 32
# key in measure()'s answer, label, unit, goal
_ROWS = (
    ("max_stall_ms", "longest event-loop stall while downloading", "ms", Goal(50)),
    ("p99_stall_ms", "99th-percentile event-loop stall", "ms", Goal(16)),
    ("launch_s", "launch to window shown", "s", Goal(1.0)),
)


def run(settings: Settings) -> list[Figure]:
    try:
        window: Any = importlib.import_module(MODULE)
    except ModuleNotFoundError as error:
        if error.name != MODULE:
            raise
        missing = f"not measured: {MODULE} missing"
        return [Figure(CASE, label, None, unit, goal, 0, missing) for _, label, unit, goal in _ROWS]
    chapters, launches = settings.window_chapters, settings.window_launches
    say(f"window: {chapters} chapters at -j {JOBS}, {launches} launch(es)")
    measured = window.measure(chapters, JOBS, launches)
    runs = {"launch_s": launches}  # the stalls come from one download
    return [
        Figure(
            CASE,
            f"{label} ({chapters:,} chapters)" if "stall" in key else label,
            measured.get(key),
            unit,
            goal,
            runs.get(key, 1),
        )
        for key, label, unit, goal in _ROWS
    ]
