"""Where a book is written while it downloads: a thread of the app's process, or a process of
its own.

Writing a chapter into an EPUB (reading it back from the store, rendering, deflating) costs
about 150 µs. In a thread it shares the app's GIL with the event loop: at zero latency the
loop then waits for the writer far longer than the writer's own Python work, every time the
loop lets go of the GIL for a socket call (benchmark case 2: a 5,000-chapter book's writing
made the download 0.85 s longer though it took 0.3 s of GIL time). A process of its own costs
a start (about 0.1 s before the first request: the download waits for the book to be open,
so that a folder that cannot be written is reported before anything is fetched, as with a
thread) and nothing on the loop after, so a long book is written there; a short one, where
the start would cost more than it saves, in a thread.

Either way the writer is fed the same way (``add_stored``: chapters committed to the store,
read back with a connection of the writer's own), and either way it belongs to its thread or
process while a call runs: ``discard`` waits for that call, and a ``finish`` begun completes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol

from novelfetch.core.errors import ExportError
from novelfetch.core.export import BookWriter, book_file_path, open_book_writer
from novelfetch.core.jobs import book_writer_child
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.options import TextOptions
from novelfetch.core.workers.start import main_module_hidden

RunBlocking = Callable[..., Awaitable[Any]]
Warn = Callable[[str], None]

#: Chapters a book must have for its writer to get a process of its own: below this, the
#: process's start (about 0.3 s of CPU) costs more than the GIL it would spare the loop.
OWN_PROCESS_FROM = 1000


class BookWriting(Protocol):
    """A book being written from the store while it downloads."""

    count: int  # chapters added so far

    @property
    def path(self) -> Path: ...

    async def opened(self) -> None: ...

    async def add_stored(self, chapters: list[Chapter]) -> list[Chapter]: ...

    async def finish(self, cover: bytes | None) -> Path: ...

    async def discard(self) -> None: ...


def open_writing(
    store: Store,
    book: Book,
    fmt: str,
    out_dir: Path,
    *,
    encoding: str,
    text: TextOptions,
    on_warning: Warn,
    stem: str | None,
    run_blocking: RunBlocking,
    own_process: bool,
) -> BookWriting:
    """Start writing ``book``; raises what ``open_book_writer`` raises (a bad format or
    encoding, a folder that cannot be written) before anything is fetched, either way."""
    if own_process:
        path = book_file_path(
            book, fmt, out_dir, encoding=encoding, text=text, on_warning=on_warning, stem=stem
        )
        return ProcessWriting(
            store.path, book, path, (fmt, out_dir, encoding, text, stem), on_warning
        )
    writer = open_book_writer(
        book, fmt, out_dir, encoding=encoding, text=text, on_warning=on_warning, stem=stem
    )
    return ThreadWriting(writer, store, book, run_blocking)


class ThreadWriting:
    """The writer in the app's process, each call run by ``run_blocking`` (a worker thread)."""

    def __init__(self, writer: BookWriter, store: Store, book: Book, run: RunBlocking) -> None:
        self._writer, self._store, self._book, self._run = writer, store, book, run
        self._reader: Store | None = None

    @property
    def count(self) -> int:
        return self._writer.count

    @property
    def path(self) -> Path:
        return self._writer.path

    async def opened(self) -> None:
        pass  # open_writing opened it

    async def add_stored(self, chapters: list[Chapter]) -> list[Chapter]:
        return await self._run(self._add_stored, chapters)

    def _add_stored(self, chapters: list[Chapter]) -> list[Chapter]:
        if self._reader is None:
            self._reader = self._store.reader()
        added = []
        for item in self._reader.iter_texts(self._book, chapters):
            self._writer.add(item)
            added.append(item.chapter)
        return added

    async def finish(self, cover: bytes | None) -> Path:
        try:
            return await self._run(self._writer.finish, cover)
        finally:
            self._close_reader()

    async def discard(self) -> None:
        self._writer.discard()
        self._close_reader()

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class ProcessWriting:
    """The writer in a process of its own (``book_writer_child``), started at once: it opens
    the book (``opened`` says when). Calls run in the order made, one at a time."""

    def __init__(
        self,
        store_path: Path,
        book: Book,
        path: Path,
        how: tuple[str, Path, str, TextOptions, str | None],
        on_warning: Warn,
    ) -> None:
        self.count = 0
        self._book, self._path, self._on_warning = book, path, on_warning
        self._executor = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=book_writer_child.start,
        )
        # The process starts with the first call, Ctrl-C held off until it can ignore it.
        with main_module_hidden(), book_writer_child.signals_held():
            self._opened = self._executor.submit(
                book_writer_child.open_writer, store_path, book, *how
            )

    @property
    def path(self) -> Path:
        return self._path

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return await self._result(self._executor.submit(function, *args))
        except BrokenProcessPool:  # from submit: the process died before this call
            raise self._stopped() from None

    async def _result(self, call: Future[Any]) -> Any:
        try:
            return await asyncio.wrap_future(call)
        except BrokenProcessPool:
            raise self._stopped() from None

    def _stopped(self) -> ExportError:
        return ExportError(f"the process writing {self._path.name} stopped unexpectedly")

    async def opened(self) -> None:
        """Wait for the book to be open (about 0.1 s, the process's start): raises what
        ``open_book_writer`` raises for a folder that cannot be written."""
        await self._opening()

    async def _opening(self) -> None:
        await self._result(self._opened)

    async def add_stored(self, chapters: list[Chapter]) -> list[Chapter]:
        await self._opening()
        added, warnings = await self._run(book_writer_child.add_stored, self._book, chapters)
        self._warn(warnings)
        self.count += len(added)
        return [chapters[i] for i in added]

    async def finish(self, cover: bytes | None) -> Path:
        try:
            await self._opening()
            path, warnings = await self._run(book_writer_child.finish, cover)
            self._warn(warnings)
            return path
        finally:
            await self._shut_down()

    async def discard(self) -> None:
        try:
            await self._run(book_writer_child.discard)
        except ExportError:
            pass  # the process is gone: its temporary file is swept by the next writer
        finally:
            await self._shut_down()

    async def _shut_down(self) -> None:
        # Waits for the process to exit (at once, its work done), in a thread.
        await asyncio.to_thread(self._executor.shutdown)

    def _warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self._on_warning(warning)
