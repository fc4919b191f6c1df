"""What the suite is doing right now, on standard error (the table goes to standard output)."""

from __future__ import annotations

import sys
import time

_started = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - _started:6.1f} s] {message}", file=sys.stderr, flush=True)
