"""Exporters: turn a book and its chapter texts into one EPUB or TXT file.

``open_book_writer`` is the single entry point (``export_book`` drives it over stored texts;
``live_export`` drives it while the book downloads): it checks the request before
anything touches the disk, picks a safe file name inside the chosen folder, and writes the file
atomically (an existing file of the same name is replaced only once the new one is complete).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from novelfetch.core.errors import BadInputError, ExportError
from novelfetch.core.export.epub import EpubBookWriter
from novelfetch.core.export.filenames import output_path
from novelfetch.core.export.txt import TxtBookWriter, check_encoding
from novelfetch.core.export.writer import BookWriter, TextChangingWriter, write_all
from novelfetch.core.models import Book, ChapterText
from novelfetch.core.text.options import TextOptions

__all__ = [
    "FORMATS",
    "BookWriter",
    "book_file_path",
    "check_output_folder",
    "export_book",
    "open_book_writer",
    "prepare_output_folder",
]

FORMATS = ("epub", "txt")


def check_output_folder(out_dir: Path) -> None:
    """The mistake ``prepare_output_folder`` would find (a file where a folder should be),
    found without making anything: checked before any chapter is fetched, while a book that
    turns out not to exist leaves no folder. A folder that cannot be written is reported by
    the book's writer, before its first chapter (the chapters fetched stay stored)."""
    existing = Path(out_dir).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ExportError(f"cannot create the output folder {out_dir}: {existing} is not a folder")


def prepare_output_folder(out_dir: Path) -> None:
    """Make the output folder (and its parents) if missing, as a user who typed it expects."""
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot create the output folder {out_dir}: {reason}") from None


def _check_folder(out_dir: Path) -> None:
    if not out_dir.exists():
        raise ExportError(f"cannot write to {out_dir}: the folder does not exist")
    if not out_dir.is_dir():
        raise ExportError(f"cannot write to {out_dir}: it is not a folder")


def open_book_writer(
    book: Book,
    fmt: str,
    out_dir: Path,
    *,
    encoding: str = "utf-8",
    text: TextOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
    stem: str | None = None,
) -> BookWriter:
    """Start writing ``book`` as ``fmt`` (``"epub"`` or ``"txt"``) into ``out_dir``.

    Checks the request before anything touches the disk and picks a safe file name inside the
    folder. Until ``finish`` only a hidden temporary file exists; an existing book of the same
    name is replaced when ``finish`` returns. ``text`` changes titles, metadata and chapter
    texts as they are written (replacement rules, 简/繁 conversion; the EPUB's language follows
    the conversion); a rule that fails is reported through ``on_warning`` and skipped. Raises
    ``BadInputError`` for an unknown format, an unknown encoding or one that cannot hold the
    book's text, ``ExportError`` when the folder cannot be written.
    """
    options = text or TextOptions()
    book_text = options.for_book(book, on_warning)
    book = book_text.metadata(book)
    path = _checked_path(book, fmt, out_dir, encoding, options, stem)
    writer: BookWriter
    if fmt == "epub":
        writer = EpubBookWriter(book, path, language=options.language)
    else:
        writer = TxtBookWriter(book, path, encoding=encoding)
    return TextChangingWriter(writer, book_text) if book_text.changes_anything else writer


def book_file_path(
    book: Book,
    fmt: str,
    out_dir: Path,
    *,
    encoding: str = "utf-8",
    text: TextOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
    stem: str | None = None,
) -> Path:
    """Where ``open_book_writer`` with the same arguments will write the book, after the same
    checks (raising the same errors), without touching the disk: for a writer opened
    elsewhere (in a process of its own) to be checked before the download starts."""
    options = text or TextOptions()
    book = options.for_book(book, on_warning).metadata(book)
    return _checked_path(book, fmt, out_dir, encoding, options, stem)


def _checked_path(
    book: Book, fmt: str, out_dir: Path, encoding: str, options: TextOptions, stem: str | None
) -> Path:
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format {fmt!r} (choose {' or '.join(FORMATS)})")
    if fmt == "txt":
        check_encoding(encoding, traditional=options.traditional, title=book.title)
    out_dir = Path(out_dir)
    _check_folder(out_dir)
    return output_path(out_dir, stem or book.title or book.book_id, fmt)


def export_book(
    book: Book,
    chapters: Iterable[ChapterText],
    fmt: str,
    out_dir: Path,
    *,
    encoding: str = "utf-8",
    cover: bytes | None = None,
    text: TextOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Path:
    """Write ``book`` as ``fmt`` (``"epub"`` or ``"txt"``) into ``out_dir``; return the file.

    ``encoding`` applies to TXT only, ``cover`` to EPUB only. Raises ``BadInputError`` for an
    unknown format or encoding and ``ExportError`` when the file cannot be written; in both
    cases no file (complete or partial) is left behind.
    """
    writer = open_book_writer(
        book, fmt, out_dir, encoding=encoding, text=text, on_warning=on_warning
    )
    return write_all(writer, chapters, cover)
