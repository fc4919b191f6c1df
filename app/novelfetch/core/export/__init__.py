"""Exporters: turn a book and its chapter texts into one EPUB or TXT file.

``export_book`` is the single entry point the CLI and GUI use: it checks the request before
anything touches the disk, picks a safe file name inside the chosen folder, and writes the file
atomically (an existing file of the same name is replaced only once the new one is complete).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from novelfetch.core.errors import BadInputError, ExportError
from novelfetch.core.export.epub import write_epub
from novelfetch.core.export.filenames import output_path
from novelfetch.core.export.txt import check_encoding, write_txt
from novelfetch.core.models import Book, ChapterText

__all__ = ["FORMATS", "export_book", "prepare_output_folder"]

FORMATS = ("epub", "txt")


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


def export_book(
    book: Book,
    chapters: Iterable[ChapterText],
    fmt: str,
    out_dir: Path,
    *,
    encoding: str = "utf-8",
    cover: bytes | None = None,
) -> Path:
    """Write ``book`` as ``fmt`` (``"epub"`` or ``"txt"``) into ``out_dir``; return the file.

    ``encoding`` applies to TXT only, ``cover`` to EPUB only. Raises ``BadInputError`` for an
    unknown format or encoding and ``ExportError`` when the file cannot be written; in both
    cases no file (complete or partial) is left behind.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format {fmt!r} (choose {' or '.join(FORMATS)})")
    if fmt == "txt":
        check_encoding(encoding)
    out_dir = Path(out_dir)
    _check_folder(out_dir)
    path = output_path(out_dir, book.title or book.book_id, fmt)
    if fmt == "epub":
        write_epub(book, chapters, path, cover=cover)
    else:
        write_txt(book, chapters, path, encoding=encoding)
    return path
