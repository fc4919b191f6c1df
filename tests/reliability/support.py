"""What the reliability tests share: running the real CLI, reading books and stores back.

``TALLY`` counts what the suite did (faults injected, processes killed, inputs generated); the
``conftest`` prints it at the end of the run, which is where the README's numbers come from.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from novelfetch.core.sources.sample_library import SampleBook
from novelfetch.core.sources.sample_server import SampleServer
from novelfetch.core.store import STORE_FILE

TALLY: Counter[str] = Counter()

# dcterms:modified is the export time: the only part of an EPUB that differs between runs.
_MODIFIED = re.compile(rb'<meta property="dcterms:modified">[^<]*</meta>')


@dataclass(frozen=True, slots=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def path(self) -> Path:
        """The book the run wrote (the CLI prints its path on stdout)."""
        return Path(self.out.strip())


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "novelfetch", *map(str, args)]


async def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    preexec_fn: Callable[[], None] | None = None,
) -> CliResult:
    process = await asyncio.create_subprocess_exec(
        *cli_command(*args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return CliResult(process.returncode, out.decode(), err.decode())


async def start_cli(*args: str | Path, log: Path | None = None) -> asyncio.subprocess.Process:
    """A CLI process left running, for tests that kill it; its messages go to ``log``."""
    if log is None:
        return await asyncio.create_subprocess_exec(
            *cli_command(*args),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
    with open(log, "ab") as messages:
        return await asyncio.create_subprocess_exec(
            *cli_command(*args), stdout=asyncio.subprocess.DEVNULL, stderr=messages
        )


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


async def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Poll ``condition`` (a server counter, a file) until it holds, failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.002)


def total_chapter_requests(server: SampleServer) -> int:
    return sum(server.stats.chapter_requests.values())


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
