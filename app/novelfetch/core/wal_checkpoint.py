"""The store's write-ahead log checkpointed by a thread of its own during a download.

By default SQLite checkpoints in the commit that takes the log past 1,000 pages (about 4 MB,
some 450 chapters): that commit copies the pages into the database and syncs both files,
10-20 ms instead of about 1 ms, on the event loop the window and the downloads share (the
longest stalls of benchmark case 5). While a ``WalCheckpointer`` runs, the store's own
connection never checkpoints; a thread with a connection of its own does, a passive
checkpoint at most every ``interval`` seconds after a commit. A passive checkpoint never
blocks a writer and changes nothing the commits guarantee: a committed chapter is in the log
and survives a kill, checkpointed or not.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Self

from .store import BUSY_TIMEOUT, Store

log = logging.getLogger(__name__)

INTERVAL = 0.25  # seconds between checkpoints while commits come in


class WalCheckpointer:
    """``with WalCheckpointer(store) as checkpoints: … checkpoints.nudge()`` after commits."""

    def __init__(self, store: Store, interval: float = INTERVAL) -> None:
        self._store, self._interval = store, interval
        self._committed = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: Checkpoints the thread ran, and an event set after each (for tests).
        self.checkpoints = 0
        self.checkpointed = threading.Event()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._store.checkpoint_on_commit(False)
        self._thread = threading.Thread(target=self._run, name="store checkpoints", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """A commit happened: the log may be worth checkpointing (cheap: sets an event)."""
        self._committed.set()

    def stop(self) -> None:
        """Stop the thread (after a checkpoint under way) and let commits checkpoint again."""
        if self._thread is None:
            return
        self._stopping.set()
        self._committed.set()
        self._thread.join()
        self._thread = None
        self._store.checkpoint_on_commit(True)

    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        try:
            while True:
                self._committed.wait()
                if self._stopping.is_set():
                    return
                self._committed.clear()
                if db is None:
                    db = sqlite3.connect(
                        self._store.path, timeout=BUSY_TIMEOUT, isolation_level=None
                    )
                db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                self.checkpoints += 1
                self.checkpointed.set()
                if self._stopping.wait(self._interval):
                    return
        except sqlite3.Error as error:
            # Nothing is lost: the log keeps every commit, and the next commit after ``stop``
            # checkpoints as SQLite always does.
            log.warning("background checkpoint of %s failed: %s", self._store.path, error)
        finally:
            if db is not None:
                db.close()
