"""The async work behind the Library page: the books, their covers, checks, updates, exports.

Like ``JobController`` it knows no widgets and reports through signals. Checks and updates
go through ``core.library.updates.update_books``: books of different sources at once, books of one
source one after another, every request through the window's politeness gates (shared with
the Book page's download and the searches), so a source never sees more than its limit.

The store is the window's (one connection, used on the loop's thread); exporting a big book
is blocking work, so it runs in a worker thread over a connection of its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.export import prepare_output_folder
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.library.book_files import BookOutcome, WouldShrinkError, export_from_store
from novelfetch.core.library.library import Library, LibraryEntry
from novelfetch.core.library.updates import BookUpdate, update_books
from novelfetch.core.models import Book
from novelfetch.core.net.gates import Gates
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.options import TextOptions
from novelfetch.gui.app.core_messages import error_text
from novelfetch.gui.app.i18n import fill
from novelfetch.gui.app.tasks import ErrorReporter, TaskKeeper
from novelfetch.gui.app.worker_thread import in_worker_thread
from novelfetch.gui.pages.search.controller import decode_thumbnail
from novelfetch.gui.window.message_bar import Level

log = logging.getLogger(__name__)

BookKey = tuple[str, str]  # (source, book id)
#: Library covers are shown at this size (decoded at twice it, sharp at 200 %).
LIBRARY_COVER = QSize(42, 56)
OptionsFactory = Callable[[str, int], DownloadOptions]


def _decode_all(covers: list[tuple[BookKey, bytes]]) -> list[tuple[BookKey, QImage]]:
    decoded = []
    for key, data in covers:
        image = decode_thumbnail(data, LIBRARY_COVER * 2)
        if image is not None:
            decoded.append((key, image))
    return decoded


def _export_in_thread(store_path: Path, book: Book, target: BookTarget, force: bool) -> BookOutcome:
    # A connection of this thread's own: a store connection is used from one thread only.
    with Store(store_path) as store:
        return export_from_store(store, Library(store), book, target, force=force)


class LibraryController(QObject):
    entries_changed = Signal(object)  # list[LibraryEntry]
    cover_ready = Signal(object, object)  # BookKey, QImage
    run_started = Signal(object, bool)  # [BookKey], check only
    book_done = Signal(object, int, int)  # BookUpdate, books done, books in the run
    run_finished = Signal(bool, int, int)  # check only, books done, books failed
    exported = Signal(object)  # BookOutcome
    #: An export would replace a book file holding more chapters: entry, BookTarget, why.
    export_would_shrink = Signal(object, object, str)
    removed = Signal(object)  # LibraryEntry
    message = Signal(object, str)  # Level, text

    def __init__(
        self,
        open_store: Callable[[], Store],
        registry: SourceRegistry,
        gates: Gates,
        options: OptionsFactory,
        concurrency: Callable[[], int],
        on_error: ErrorReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        #: The window's politeness gates: a check and a download on one source share one.
        self.gates = gates
        self._open_store = open_store
        self._options = options
        self._concurrency = concurrency
        self.tasks = TaskKeeper(on_error)
        self.entries: list[LibraryEntry] = []
        self._covers: dict[BookKey, QImage] = {}
        self._cover_asked: set[BookKey] = set()
        self._run_task: asyncio.Task[None] | None = None
        #: The book being downloaded elsewhere in the window (never updated at the same time).
        self.busy_book: Callable[[], BookKey | None] = lambda: None

    # --- the books ------------------------------------------------------------------------

    def _library(self) -> Library | None:
        try:
            return Library(self._open_store())
        except NovelFetchError as error:
            self.message.emit(Level.ERROR, error_text(error))
            return None

    def refresh(self) -> None:
        """Read the library again; ``entries_changed`` with every book, covers as decoded."""
        library = self._library()
        if library is None:
            return
        self.entries = library.entries()
        self.entries_changed.emit(self.entries)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # built outside a loop (a script): covers come at the next refresh
            return
        wanted = []
        for entry in self.entries:
            if entry.key not in self._cover_asked:
                self._cover_asked.add(entry.key)
                data = library.store.load_cover(entry.book)
                if data:
                    wanted.append((entry.key, data))
        if wanted:
            self.tasks.spawn(self._decode(wanted), name="library covers")

    def _refresh_one(self, library: Library, key: BookKey) -> None:
        """Read one book again (a check of many books re-reads each as it finishes)."""
        fresh = library.entry(*key)
        self.entries = [
            fresh if entry.key == key else entry
            for entry in self.entries
            if fresh is not None or entry.key != key
        ]
        self.entries_changed.emit(self.entries)

    def cover(self, key: BookKey) -> QImage | None:
        return self._covers.get(key)

    async def _decode(self, covers: list[tuple[BookKey, bytes]]) -> None:
        for key, image in await in_worker_thread(_decode_all, covers):
            self._covers[key] = image
            self.cover_ready.emit(key, image)

    def entry(self, key: BookKey) -> LibraryEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)

    # --- checking and updating ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._run_task is not None

    def check(self, entries: Sequence[LibraryEntry] | None = None) -> None:
        """Look for new chapters of ``entries`` (None: every book); fetch nothing."""
        self._start(entries, check_only=True)

    def update(self, entries: Sequence[LibraryEntry] | None = None) -> None:
        """Fetch the new chapters of ``entries`` and rewrite the files written for them."""
        self._start(entries, check_only=False)

    def cancel(self) -> None:
        if self._run_task is not None:
            self._run_task.cancel()

    def _start(self, entries: Sequence[LibraryEntry] | None, check_only: bool) -> None:
        if self._run_task is not None:
            self.message.emit(
                Level.WARNING, self.tr("A check or update is running: wait for it or stop it.")
            )
            return
        if entries is None:
            self.refresh()
            entries = self.entries
        if not entries:
            self.message.emit(
                Level.WARNING, self.tr("The library is empty: every book you download joins it.")
            )
            return
        busy = self.busy_book()
        chosen = [entry for entry in entries if check_only or entry.key != busy]
        for skipped in (entry for entry in entries if entry not in chosen):
            template = self.tr(
                "%1 is being downloaded on the Book page: update it once that has finished."
            )
            self.message.emit(Level.WARNING, fill(template, skipped.book.title))
        if not chosen:
            return
        self.run_started.emit([entry.key for entry in chosen], check_only)
        self._run_task = self.tasks.spawn(
            self._run(chosen, check_only), name="library check" if check_only else "update"
        )

    async def _run(self, entries: list[LibraryEntry], check_only: bool) -> None:
        done = failed = 0
        try:
            store = self._open_store()
            library = Library(store)

            def open_job(entry: LibraryEntry) -> Downloader:
                options = self._options(entry.book.source, self._concurrency())
                return Downloader(store, options, registry=self.registry, gates=self.gates)

            reports = update_books(
                library,
                entries,
                open_job,
                check_only=check_only,
                per_source=1,
                run_blocking=in_worker_thread,
            )
            async for report in reports:
                done += 1
                failed += not report.ok
                self._log(report, check_only)
                self._refresh_one(library, report.entry.key)  # its counts, at once
                self.book_done.emit(report, done, len(entries))
        except NovelFetchError as error:
            self.message.emit(Level.ERROR, error_text(error))
        finally:
            if self._run_task is asyncio.current_task():
                self._run_task = None
            self.run_finished.emit(check_only, done, failed)

    def _log(self, report: BookUpdate, check_only: bool) -> None:
        title = report.entry.book.title
        if report.error:
            log.warning("%s", fill(self.tr("%1: not checked: %2"), title, report.error))
        elif check_only:
            log.info("%s", fill(self.tr("%1: %n chapter(s) to fetch", "", report.new), title))
        else:
            fetched = self.tr("%1: %n new chapter(s) fetched", "", report.fetched)
            log.info("%s", fill(fetched, title))

    # --- one book -------------------------------------------------------------------------

    def export(
        self,
        entry: LibraryEntry,
        fmt: str,
        folder: Path,
        encoding: str,
        text: TextOptions,
        force: bool = False,
    ) -> None:
        """Write the book from the store (no network) into ``folder``."""
        self.export_to(entry, BookTarget(fmt, folder, encoding, text), force)

    def export_to(self, entry: LibraryEntry, target: BookTarget, force: bool = False) -> None:
        """Export to ``target``; ``force`` replaces a book file holding more chapters."""
        self.tasks.spawn(self._export(entry, target, force), name=f"export {entry.book.book_id}")

    async def _export(self, entry: LibraryEntry, target: BookTarget, force: bool) -> None:
        try:
            prepare_output_folder(Path(target.out_dir))
            path = self._open_store().path
            outcome = await in_worker_thread(_export_in_thread, path, entry.book, target, force)
        except WouldShrinkError as error:  # the user decides (the window asks)
            self.export_would_shrink.emit(entry, target, str(error))
            return
        except (NovelFetchError, OSError) as error:
            self.message.emit(
                Level.ERROR,
                fill(self.tr("Cannot export %1: %2"), entry.book.title, error),
            )
            return
        log.info("%s", fill(self.tr("Exported %1 to %2"), entry.book.title, outcome.path))
        self.refresh()
        self.exported.emit(outcome)

    def remove(self, entry: LibraryEntry) -> None:
        """Forget the book and its stored chapters; its files stay on disk."""
        library = self._library()
        if library is None:
            return
        try:
            library.remove(entry.book)
        except NovelFetchError as error:
            self.message.emit(Level.ERROR, error_text(error))
            return
        self._covers.pop(entry.key, None)
        self._cover_asked.discard(entry.key)
        log.info("%s", fill(self.tr("Removed %1 from the library"), entry.book.title))
        self.refresh()
        self.removed.emit(entry)

    async def shutdown(self) -> None:
        await self.tasks.cancel_all()
