"""Running a test's rule evaluation on a pool of its own (the app's shared pool swapped out)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TypeVar

from novelfetch.core.workers import pool as workers
from novelfetch.core.workers.pool import Evaluator

E = TypeVar("E", bound=Evaluator)


@contextlib.contextmanager
def evaluating_with(evaluator: E) -> Iterator[E]:
    """``evaluator`` as the shared pool for the body; then the one before, and it closed."""
    before = workers.use_shared_pool(evaluator)
    try:
        yield evaluator
    finally:
        workers.use_shared_pool(before)
        evaluator.close()
