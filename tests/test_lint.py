"""The code base stays ruff clean; the suite enforces it so CI does too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    folders = [
        name for name in ("app", "tests", "benchmarks", "packaging") if (ROOT / name).is_dir()
    ]
    completed = subprocess.run([ruff, "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
