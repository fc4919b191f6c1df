"""What the reliability tests share: running the real CLI, reading books and stores back.

``TALLY`` counts what the suite did (faults injected, processes killed, inputs generated); the
``conftest`` prints it at the end of the run, which is where the README's numbers come from.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from novelfetch.core.store.chapter_store import STORE_FILE
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.cli_support import CliResult

TALLY: Counter[str] = Counter()

# dcterms:modified is the export time: the only part of an EPUB that differs between runs.
_MODIFIED = re.compile(rb'<meta property="dcterms:modified">[^<]*</meta>')


def download_args(
    server: SampleServer, book_id: str, out: Path, cache: Path, *extra: str | Path
) -> list[str | Path]:
    return [
        "download",
        book_id,
        "-q",
        "--api-base",
        server.api_base,
        "-o",
        out,
        "--cache-dir",
        cache,
        *extra,
    ]


def assert_clear_failure(result: CliResult, code: int, *phrases: str) -> None:
    """The run failed with ``code`` and a message containing ``phrases``, no traceback."""
    assert result.code == code, result.err
    assert "Traceback" not in result.err and "Warning:" not in result.err, result.err
    for phrase in phrases:
        assert phrase in result.err, result.err


# --- reading results back -------------------------------------------------------------------


def epub_members(path: Path) -> dict[str, bytes]:
    """Every file in the EPUB by name, with the export timestamp blanked out."""
    with zipfile.ZipFile(path) as book:
        return {name: _MODIFIED.sub(b"", book.read(name)) for name in book.namelist()}


def store_path(cache: Path) -> Path:
    return cache / STORE_FILE


def integrity(cache: Path) -> str:
    db = sqlite3.connect(store_path(cache))
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def stored_chapters(cache: Path) -> dict[str, str]:
    """chapter ID -> stored text, read with plain sqlite3 (not through the code under test)."""
    db = sqlite3.connect(store_path(cache))
    try:
        return dict(db.execute("SELECT chapter_id, content FROM chapters"))
    finally:
        db.close()


def visible_files(folder: Path) -> list[str]:
    """Names in ``folder`` a user would see as books (hidden temporary files excluded)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# --- books ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BookWithEmptyChapters(SampleBook):
    """A sample book whose chapters listed in ``empty`` have no text at the source."""

    empty: frozenset[int] = frozenset()

    def chapter_text(self, index: int) -> str:
        return "" if index in self.empty else SampleBook.chapter_text(self, index)
