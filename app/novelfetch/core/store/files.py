"""The store's file on disk: its name, and the lock held while a process opens it."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from novelfetch.core.errors import StoreError

STORE_FILE = "chapters.sqlite3"
# Seconds to wait for another process that is opening the store.
OPEN_LOCK_TIMEOUT = 30.0


@contextlib.contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<store>.lock`` while the store is opened and checked.

    An OS lock, so a killed process never leaves it held. Polled rather than blocking, so a
    stuck process costs a clear error after ``OPEN_LOCK_TIMEOUT`` instead of a hang.
    """
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        deadline = time.monotonic() + OPEN_LOCK_TIMEOUT
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise StoreError(
                    f"cannot open the chapter store {path}: another process keeps it locked"
                )
            time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(handle)


if os.name == "nt":
    import msvcrt

    def _try_lock(handle: BinaryIO) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: BinaryIO) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
