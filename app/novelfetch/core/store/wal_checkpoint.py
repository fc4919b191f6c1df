"""The store's write-ahead log checkpointed off the event loop during a download.

By default SQLite checkpoints in the commit that takes the log past 1,000 pages (about 4 MB,
some 450 chapters): that commit copies the pages into the database and syncs both files,
12-17 ms instead of about 1 ms, on the event loop the window and the downloads share (the
longest stalls of benchmark case 5). While a ``WalCheckpointer`` runs, the store's own
connection never checkpoints; a connection of its own does, a passive checkpoint at most
every ``interval`` seconds after a commit, run by ``run_blocking`` (a worker thread; the
window passes the helper that keeps the garbage collector out of it). A passive checkpoint
never blocks a writer and changes nothing the commits guarantee: a committed chapter is in
the log and survives a kill, checkpointed or not.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from novelfetch.core.store.chapter_store import BUSY_TIMEOUT, Store

log = logging.getLogger(__name__)

INTERVAL = 0.25  # seconds between checkpoints while commits come in
RunBlocking = Callable[..., Awaitable[Any]]


class WalCheckpointer:
    """``start()``; ``nudge()`` after each commit (on the loop); ``await stop()`` at the end."""

    def __init__(
        self,
        store: Store,
        run_blocking: RunBlocking = asyncio.to_thread,
        interval: float = INTERVAL,
    ) -> None:
        self._store, self._run_blocking, self._interval = store, run_blocking, interval
        self._running: asyncio.Future[Any] | None = None
        self._next = 0.0  # loop time before which no checkpoint starts
        self._started = False
        self._pending = False  # commits since the last checkpoint began
        # Opened and used in worker threads, one checkpoint at a time, under ``_using``.
        self._db: sqlite3.Connection | None = None
        self._using = threading.Lock()
        self._closed = False
        #: Checkpoints run so far (for tests).
        self.checkpoints = 0

    def start(self) -> None:
        self._store.checkpoint_on_commit(False)
        self._started, self._closed = True, False

    def nudge(self) -> None:
        """A commit happened: start a checkpoint unless one runs or one ran just now."""
        self._pending = True
        if not self._started or (self._running is not None and not self._running.done()):
            return
        loop = asyncio.get_running_loop()
        if loop.time() < self._next:
            return
        self._next = loop.time() + self._interval
        self._start_checkpoint()

    def _start_checkpoint(self) -> None:
        self._pending = False
        self._running = asyncio.ensure_future(self._run_blocking(self._checkpoint))
        self._running.add_done_callback(_log_failure)

    async def stop(self) -> None:
        """Wait for a checkpoint under way, checkpoint the last commits here too, then let
        commits checkpoint again.

        Without the last checkpoint the first commit after the download (the library's
        record, on the loop) would copy the log's last pages itself: 20 ms after a fast one.
        """
        if not self._started:
            return
        self._started = False
        try:
            if self._running is not None:
                # Even when the job is cancelled: the connection belongs to the worker until
                # it returns.
                await asyncio.gather(asyncio.shield(self._running), return_exceptions=True)
            if self._pending:
                self._start_checkpoint()
                await asyncio.gather(asyncio.shield(self._running), return_exceptions=True)
        finally:
            running, self._running = self._running, None
            if running is None or running.done():
                self._close()
            else:  # cancelled again while waiting: closed once the worker is done with it
                running.add_done_callback(lambda _done: self._close())
            self._store.checkpoint_on_commit(True)

    def _close(self) -> None:
        # Waits for a checkpoint still in its thread (a few milliseconds at most): its task
        # may be over before it, cancelled (the loop's shutdown cancels every task, as after
        # a second Ctrl-C), and SQLite crashes the process on a connection closed in use.
        with self._using:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None

    def _checkpoint(self) -> None:
        with self._using:
            if self._closed:
                return  # started before the stop, run after it
            if self._db is None:
                self._db = sqlite3.connect(
                    self._store.path,
                    timeout=BUSY_TIMEOUT,
                    isolation_level=None,
                    check_same_thread=False,  # worker threads in turn, never two at once
                )
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.checkpoints += 1


def _log_failure(future: asyncio.Future[Any]) -> None:
    # Nothing is lost: the log keeps every commit, and once stopped the commits checkpoint
    # as SQLite always does.
    if not future.cancelled() and future.exception() is not None:
        log.info("background checkpoint of the store failed: %s", future.exception())
