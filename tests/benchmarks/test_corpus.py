"""``python -m benchmarks.corpus``: the compatibility figure over a collection of rule files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = Path(__file__).parent / "corpus_sample"


def test_counts_distinct_accepted_refused_and_failing_sources() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.corpus", str(SAMPLE), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    figures = json.loads(completed.stdout)
    assert figures["distinct"] == 4  # the repeated bookSourceUrl counts once
    assert figures["accepted"] == 2
    assert figures["refused"] == {"needs java.webView": 1, "not a text source": 1}
    assert (figures["javascript_accepted"], figures["javascript_accepted_but_failing"]) == (0, 0)
    # Its chapter list's second alternative runs on a page without the first: it fails there.
    assert figures["accepted_but_failing"] == 1
    assert figures["failing_by_class"] == {"CSS selector unreadable": 1}
    assert figures["optional_fields_dropped"] == {"ruleSearch.kind": 1}


def test_prints_a_readable_report() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.corpus", str(SAMPLE / "sources.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "distinct sources: 3" in completed.stdout
    assert "accepted but failing the dry run: 1 (50.0 % of accepted)" in completed.stdout
