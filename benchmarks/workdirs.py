"""Fresh, empty folders for each measured run, removed afterwards."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def fresh_workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="novelfetch-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
