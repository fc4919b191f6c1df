"""The engine must never pull in Qt: the CLI and headless uses rely on it."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, novelfetch.core, novelfetch.core.jobs.downloader, novelfetch.core.export, "
        "novelfetch.core.sources.sample, novelfetch.cli.entry\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync', 'shiboken')))\n"
        "assert not bad, bad"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
