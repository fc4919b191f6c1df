"""The whole-book rule: a book file is the whole book, and nothing silently makes it smaller.

- The book file (``书名.epub``) holds every stored chapter in the library's reading order
  (chapters the source dropped included). Fetching only some chapters ("only those not yet
  stored", "retry failed") still writes the whole book.
- Writing only part of a book goes to a file whose name says which part:
  ``书名 (第1-100章).epub`` for a run of chapters, ``书名 (12章选).epub`` for a hand-picked set.
- An existing file the library knows holds more of this book's chapters than the new one would
  is not replaced unless ``force`` is given (``WouldShrinkError`` says so before any request).
- When the new file would be the same as the one on disk, the file is left untouched and the
  outcome says ``unchanged``.

``write_book`` (download and write) and ``export_from_store`` (no network) are what the command
line and the window call; both record every file written in the library.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from novelfetch.core.errors import ExportError
from novelfetch.core.export import open_book_writer
from novelfetch.core.export.epub import book_identifier
from novelfetch.core.export.filenames import output_path
from novelfetch.core.export.txt import INDENT
from novelfetch.core.export.writer import write_all
from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.jobs.pipeline import BookTarget, RunBlocking, fetch_and_write
from novelfetch.core.jobs.progress import ProgressCallback
from novelfetch.core.jobs.results import DownloadResult, LoadedBook
from novelfetch.core.library.book_file_names import FileName, choose_file_name
from novelfetch.core.library.library import BookFile, Library, book_signature
from novelfetch.core.library.reading_order import OrderedChapter
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.text.cleaning import single_line
from novelfetch.core.text.options import TextOptions

__all__ = [
    "BookOutcome",
    "WouldShrinkError",
    "export_from_store",
    "part_label",
    "target_from_record",
    "target_options",
    "write_book",
]


class WouldShrinkError(ExportError):
    """Writing would replace a book file with one holding fewer of the book's chapters."""


@dataclass(frozen=True, slots=True)
class BookOutcome:
    path: Path | None  # the file (None: no chapter could be had, nothing written)
    chapters: int  # chapters the file holds
    whole: bool  # the whole book, or a part (``part`` says which)
    part: str = ""
    unchanged: bool = False  # the file on disk already was this book: left untouched
    result: DownloadResult | None = None  # None when nothing was fetched (export)
    #: Replacement rules reported and skipped while writing (bad pattern, too slow).
    warnings: tuple[str, ...] = ()
    #: The plain name's file, when another book of the same title holds it and this book's
    #: file was named apart from it (``book_file_names``); ``other_book`` is that book's key.
    apart_from: Path | None = None
    other_book: tuple[str, str] | None = None


def part_label(selection: Sequence[Chapter], order: Sequence[Chapter]) -> str:
    """What a file holding ``selection`` of ``order`` is called after the title; "" if whole."""
    chosen = {c.chapter_id for c in selection}
    positions = [number for number, c in enumerate(order, 1) if c.chapter_id in chosen]
    if len(positions) == len(order):
        return ""
    if not positions:
        return "0章"
    first, last = positions[0], positions[-1]
    if last - first + 1 == len(positions):
        return f"第{first}章" if first == last else f"第{first}-{last}章"
    return f"{len(positions)}章选"


def target_options(target: BookTarget) -> dict[str, Any]:
    """Everything of ``target`` but where it goes: what a rewrite must use again."""
    return {
        field.name: _plain(getattr(target, field.name))
        for field in dataclasses.fields(target)
        if field.name not in ("fmt", "out_dir")
    }


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def target_from_record(record: BookFile) -> BookTarget:
    """The target that writes ``record``'s file again with the same format and options."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(BookTarget):
        if field.name in ("fmt", "out_dir") or field.name not in record.options:
            continue
        value = record.options[field.name]
        if field.name == "text" and isinstance(value, dict):
            value = TextOptions.from_plain(value)
        values[field.name] = value
    return BookTarget(record.fmt, record.path.parent, **values)


@dataclass(frozen=True, slots=True)
class _Plan:
    chapters: list[Chapter]  # what the file holds once every wanted chapter is stored
    whole: bool
    part: str
    stem: str
    path: Path
    existing: BookFile | None  # the library's record of the file now at ``path``, if ours
    existing_count: int | None  # chapters of this book the file at ``path`` holds, if known
    name: FileName  # how the name was chosen (named apart from another book's file?)


def _plan(
    library: Library,
    book: Book,
    target: BookTarget,
    selection: Sequence[Chapter] | None,
    stem: str | None,
    order: Sequence[OrderedChapter] | None = None,
) -> _Plan:
    """``order``: the library's reading order when the caller has it (read from it if not)."""
    if order is None:
        order = library.reading_order(book)
    in_order = [item.chapter for item in order]
    label = "" if selection is None else part_label(selection, in_order)
    if label:
        chosen = {c.chapter_id for c in selection or ()}
        chapters = [c for c in in_order if c.chapter_id in chosen]
    else:
        chapters = in_order
    # Named as the written book is titled (简→繁 converts the title too).
    title = target.text.for_book(book).metadata(book).title or book.book_id
    if stem:  # an update rewriting a file in place
        name = FileName(stem, output_path(Path(target.out_dir), stem, target.fmt))
    else:
        name = choose_file_name(library, book, Path(target.out_dir), target.fmt, title, label)
    stem, path = name.stem, name.path
    known = library.file_at(path)
    existing = known[1] if known and known[0] == (book.source, book.book_id) else None
    if existing is not None and not existing.path.exists():
        existing = None
    count = existing.chapters if existing else _chapters_in_unknown_file(path, book, target)
    return _Plan(chapters, not label, label, stem, path, existing, count, name)


def _chapters_in_unknown_file(path: Path, book: Book, target: BookTarget) -> int | None:
    """How many chapters a book file the library has no record of holds, if it is this book's.

    An EPUB we wrote names the book (``book_identifier``) and keeps one page per chapter; a
    TXT starts with the title (so a same-titled TXT of another source counts too: erring on
    the side of keeping). Other files (or unreadable ones) give None: replaced as before.
    """
    if not path.is_file():
        return None
    try:
        if target.fmt == "epub":
            with zipfile.ZipFile(path) as epub:
                names = epub.namelist()
                package = [n for n in names if n.endswith(".opf")]
                if not package or book_identifier(book).encode() not in epub.read(package[0]):
                    return None
                return sum(bool(_CHAPTER_PAGE.search(n)) for n in names)
        with open(path, encoding=target.encoding, errors="replace") as text:
            if text.readline().strip() != single_line(book.title or book.book_id):
                return None
            # Each chapter block follows a blank line and starts unindented (txt.py's layout);
            # the intro's paragraphs are indented.
            count, previous_blank = 0, False
            for line in text:
                line = line.rstrip("\n")
                count += previous_blank and bool(line) and not line.startswith(INDENT)
                previous_blank = not line
            return count
    except (OSError, zipfile.BadZipFile, LookupError):
        return None


_CHAPTER_PAGE = re.compile(r"(^|/)c\d{5}\.xhtml$")


def _shrink_check(plan: _Plan, count: int, force: bool) -> None:
    existing = plan.existing_count
    if existing is not None and count < existing and not force:
        raise WouldShrinkError(
            f"{plan.path} holds {existing} chapters of this book; the new file would hold "
            f"{count}, so it was not replaced (use --force to replace it anyway)"
        )


def _same_as_on_disk(
    plan: _Plan, book: Book, target: BookTarget, written: Sequence[Chapter]
) -> bool:
    existing = plan.existing
    return (
        existing is not None
        and existing.unchanged_on_disk()
        and existing.signature == book_signature(book, written, target.fmt, target_options(target))
    )


async def write_book(
    job: Downloader,
    loaded: LoadedBook,
    library: Library,
    target: BookTarget,
    on_progress: ProgressCallback | None = None,
    *,
    selection: Sequence[Chapter] | None = None,
    fetch: Sequence[Chapter] | None = None,
    force: bool = False,
    stem: str | None = None,
    run_blocking: RunBlocking = asyncio.to_thread,
) -> BookOutcome:
    """Record ``loaded`` in the library, fetch what is missing and write the book by the rule.

    ``selection`` None (or every chapter): the whole book; else the part, under its own name.
    ``fetch`` limits the fetching (default: what the file should hold and is not stored).
    ``stem`` writes to that file name instead (an update rewriting a file in place).
    """
    book = loaded.book
    order = library.record_catalog(book, job.source.book_reference(book.book_id), loaded.chapters)
    plan = _plan(library, book, target, selection, stem, order)
    todo = loaded.missing(plan.chapters) if fetch is None else list(fetch)
    _shrink_check(plan, len(plan.chapters), force)
    if not todo:
        written = [c for c in plan.chapters if c.chapter_id in loaded.stored]
        if _same_as_on_disk(plan, book, target, written):
            return _outcome(plan, len(written), unchanged=True)

    def before_commit(written: Sequence[Chapter]) -> bool:
        _shrink_check(plan, len(written), force)
        return not _same_as_on_disk(plan, book, target, written)

    outcome = await fetch_and_write(
        job,
        loaded,
        plan.chapters,
        target,
        on_progress,
        # Every chosen chapter: the job skips the stored ones itself and counts them.
        fetch=plan.chapters if fetch is None else todo,
        run_blocking=run_blocking,
        stem=plan.stem,
        before_commit=before_commit,
    )
    if outcome.result.fetched:
        library.mark_updated(book)
    if outcome.path is None:
        return BookOutcome(
            None, 0, plan.whole, plan.part, result=outcome.result, warnings=outcome.warnings
        )
    if not outcome.kept_existing:
        _record(library, book, target, plan, outcome.path, outcome.written)
    return _outcome(
        plan,
        outcome.chapters_written,
        outcome.path,
        unchanged=outcome.kept_existing,
        result=outcome.result,
        warnings=outcome.warnings,
    )


def export_from_store(
    store: Store,
    library: Library,
    book: Book,
    target: BookTarget,
    *,
    selection: Sequence[Chapter] | None = None,
    force: bool = False,
    stem: str | None = None,
) -> BookOutcome:
    """Write ``book`` from the store alone (no network), by the same rule as ``write_book``.

    Blocking; use from the store's thread. Raises ``ExportError`` when no chapter is stored.
    """
    plan = _plan(library, book, target, selection, stem)
    stored = store.stored_ids(book)
    written = [c for c in plan.chapters if c.chapter_id in stored]
    if not written:
        raise ExportError(f"no chapter of {book.title} is stored, so there is nothing to write")
    _shrink_check(plan, len(written), force)
    if _same_as_on_disk(plan, book, target, written):
        return _outcome(plan, len(written), unchanged=True)
    writer = open_book_writer(
        book, target.fmt, Path(target.out_dir), encoding=target.encoding, stem=plan.stem
    )
    cover = store.load_cover(book) if target.fmt == "epub" else None
    path = write_all(writer, store.iter_texts(book, written), cover)
    _record(library, book, target, plan, path, written)
    return _outcome(plan, len(written), path)


def _outcome(plan: _Plan, chapters: int, path: Path | None = None, **details: Any) -> BookOutcome:
    name = plan.name
    return BookOutcome(
        path or name.path,
        chapters,
        plan.whole,
        plan.part,
        apart_from=name.apart_from,
        other_book=name.other_book,
        **details,
    )


def _record(
    library: Library,
    book: Book,
    target: BookTarget,
    plan: _Plan,
    path: Path,
    written: Sequence[Chapter],
) -> None:
    library.record_file(
        book,
        path,
        target.fmt,
        target_options(target),
        written,
        whole=plan.whole,
        part=plan.part,
    )
