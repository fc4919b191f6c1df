"""Which file a book is written to, so that two books never share one file.

Two books may have the same title: the same novel from two sources (a rule source and the
built-in one, two rule files for one site), or two novels of one name. The first to be written
into a folder gets the plain name, ``书名.epub``; another book of that title is named apart by
where it comes from, ``书名 (sample).epub`` or ``书名 (www.example.com).epub`` (a part:
``书名 (sample, 第1-100章).epub``), and should that name be another's too, by the book's own
key as well: ``书名 (sample 3).epub``. A book that already has a file in that folder keeps
writing to it, so its name never moves between runs.

A name is another book's when the library records its file for another book, or when it is an
EPUB that NovelFetch wrote for another book (its identifier says which). Other files there are
left to the whole-book rule (``bookfile``), as before.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from novelfetch.core.export.epub import book_identifier
from novelfetch.core.export.filenames import output_path
from novelfetch.core.library.library import Library
from novelfetch.core.models import Book

__all__ = ["FileName", "choose_file_name"]

_PLAIN_KEY = re.compile(r"[\w-]{1,24}")
_IDENTIFIER = re.compile(rb"urn:uuid:[0-9a-f-]{36}")


@dataclass(frozen=True, slots=True)
class FileName:
    stem: str
    path: Path
    #: The plain name's file, when another book holds it and this one was named apart.
    apart_from: Path | None = None
    #: Whose book that file is, ``(source, book_id)``, when the library knows.
    other_book: tuple[str, str] | None = None


def _site(book: Book) -> str:
    """Where the book comes from, as a file name can say it: a site's host, or the source."""
    host = (urlsplit(book.book_id).hostname or "") if "://" in book.book_id else ""
    return host.removeprefix("www.") or book.source


def _key(book: Book) -> str:
    """The book's own ID when it is short and plain, else a short hash of source and ID."""
    if _PLAIN_KEY.fullmatch(book.book_id):
        return book.book_id
    return hashlib.sha1(f"{book.source}:{book.book_id}".encode()).hexdigest()[:8]


def _stems(book: Book, title: str, label: str) -> list[str]:
    part = f", {label}" if label else ""
    return [
        f"{title} ({label})" if label else title,
        f"{title} ({_site(book)}{part})",
        f"{title} ({_site(book)} {_key(book)}{part})",
    ]


def _epub_owner(path: Path) -> bytes | None:
    """The identifier NovelFetch gave the EPUB at ``path``, if it is one of ours."""
    try:
        with zipfile.ZipFile(path) as epub:
            package = [name for name in epub.namelist() if name.endswith(".opf")]
            found = _IDENTIFIER.search(epub.read(package[0])) if package else None
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
        return None
    return found.group() if found else None


def _holder(library: Library, path: Path, book: Book) -> tuple[str, str] | bool | None:
    """Another book holding ``path``: its key when the library knows it, True when only the
    file says so; None when the name is free for ``book`` (or already its own)."""
    if not path.exists():
        return None
    known = library.file_at(path)
    if known is not None:
        return None if known[0] == (book.source, book.book_id) else known[0]
    if path.suffix.lower() == ".epub":
        owner = _epub_owner(path)
        if owner is not None and owner != book_identifier(book).encode():
            return True
    return None


def choose_file_name(
    library: Library, book: Book, out_dir: Path, fmt: str, title: str, label: str
) -> FileName:
    """The file ``book`` (titled ``title`` as written) goes to in ``out_dir``; ``label`` names
    the part ("" for the whole book)."""
    stems = _stems(book, title, label)
    paths = [output_path(Path(out_dir), stem, fmt) for stem in stems]
    for stem, path in zip(stems, paths, strict=True):
        known = library.file_at(path)
        if known is not None and known[0] == (book.source, book.book_id) and path.exists():
            return FileName(stem, path)  # its own file from an earlier run: the name stays
    first = _holder(library, paths[0], book)
    if first is None:
        return FileName(stems[0], paths[0])
    other = first if isinstance(first, tuple) else None
    for stem, path in zip(stems[1:], paths[1:], strict=True):
        if path == paths[-1] or _holder(library, path, book) is None:
            return FileName(stem, path, paths[0], other)
    raise AssertionError("unreachable: the last name is always chosen")
