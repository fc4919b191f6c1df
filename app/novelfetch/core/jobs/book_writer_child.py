"""What runs in the book writer's own process (``book_writing.ProcessWriting``).

One writer per process: ``open_writer`` makes it, ``add_stored`` feeds it chapters read from
the store (the process has a read connection of its own; the download commits them in the
app's process first), ``finish`` or ``discard`` ends it. Each call returns the warnings the
writer gave since the last one (a replacement rule skipped), for the app to pass on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from novelfetch.core.export import BookWriter, open_book_writer
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.options import TextOptions

_writer: BookWriter | None = None
_reader: Store | None = None
_warnings: list[str] = []


def start() -> None:
    """Set the process up (its executor's initializer).

    Ctrl-C reaches every process of the terminal's group, and so does a SIGTERM sent to the
    group (``timeout``, a service manager): the app decides what stops, and tells this one (a
    ``discard``, which deletes the temporary file), so the process neither prints a traceback
    of its own nor dies leaving its temporary file. And it ends with the app: its executor's
    queue never reports a killed app (this process holds both ends of it), so a thread waits
    for the app's process to end, and ends this one then; the temporary file is swept by the
    next writer of the same book.
    """
    for number in _LEFT_TO_THE_APP:
        signal.signal(number, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _LEFT_TO_THE_APP)  # see signals_held
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


#: Signals the app handles for this process as well (as multiprocessing's resource tracker).
_LEFT_TO_THE_APP = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Start the process with those signals blocked: it inherits the mask, and until ``start``
    ignores them (a tenth of a second of imports) a Ctrl-C would stop it with a traceback on
    the terminal. This thread only (the app's others still take them), a few milliseconds.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process group signals
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _LEFT_TO_THE_APP)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _end_with(parent: BaseProcess) -> None:
    wait([parent.sentinel])
    os._exit(1)


def open_writer(
    store_path: Path,
    book: Book,
    fmt: str,
    out_dir: Path,
    encoding: str,
    text: TextOptions,
    stem: str | None,
) -> tuple[Path, list[str]]:
    global _writer, _reader
    _writer = open_book_writer(
        book, fmt, out_dir, encoding=encoding, text=text, on_warning=_warnings.append, stem=stem
    )
    _reader = Store.reader_of(store_path)
    return _writer.path, _taken_warnings()


def add_stored(book: Book, chapters: list[Chapter]) -> tuple[list[int], list[str]]:
    """The chapters' stored texts, into the book; returns the positions in ``chapters`` of
    those added (one whose text is gone from the store is left out): numbers cost the app
    less to read back than the chapters."""
    assert _writer is not None and _reader is not None
    position = {id(chapter): i for i, chapter in enumerate(chapters)}
    added = []
    for item in _reader.iter_texts(book, chapters):
        _writer.add(item)
        added.append(position[id(item.chapter)])
    return added, _taken_warnings()


def finish(cover: bytes | None) -> tuple[Path, list[str]]:
    assert _writer is not None
    try:
        return _writer.finish(cover), _taken_warnings()
    finally:
        _close_reader()


def discard() -> None:
    try:
        if _writer is not None:
            _writer.discard()
    finally:
        _close_reader()


def _close_reader() -> None:
    global _reader
    if _reader is not None:
        _reader.close()
        _reader = None


def _taken_warnings() -> list[str]:
    taken = list(_warnings)
    _warnings.clear()
    return taken
