"""``python -m benchmarks`` still runs end to end. Tiny books: no figure is checked, only that
every case ran and made its rows (timings here would only measure the CI machine's mood)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = (
    "1 latency-bound",
    "2 CPU-bound",
    "3 vs tutorial",
    "4 memory",
    "5 window",
    "6 growth",
    "7 adaptive",
    "8 rule source",
)


@pytest.mark.slow
def test_smoke_run_prints_a_row_for_every_case() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    table = [line for line in completed.stdout.splitlines() if line.startswith("| ")]
    cases = {row.split("|")[1].strip() for row in table[2:]} - {""}
    assert cases == set(CASES)
    assert all(row.count("|") == 7 for row in table)
