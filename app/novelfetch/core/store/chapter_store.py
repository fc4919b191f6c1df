"""The on-disk chapter store (SQLite): every fetched chapter is committed as it arrives.

WAL mode lets a second process (or the exporter) read while a download writes; a killed
process loses at most the chapter whose commit had not returned. A file that is not our
store is repaired in place when SQLite can; otherwise (and for another program's database) it
is moved aside and a fresh one made, holding whatever rows of a damaged one could still be read.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from novelfetch.core.errors import StoreError
from novelfetch.core.models import Book, Chapter, ChapterText
from novelfetch.core.store.files import STORE_FILE, opening_lock
from novelfetch.core.store.repair import Recovery, count_chapters, salvage, try_reindex

log = logging.getLogger(__name__)

# "NvFt": marks the file as ours, so a foreign SQLite file is recognised.
APPLICATION_ID = 0x4E764674
SCHEMA_VERSION = 1
# Seconds to wait for another process that is writing the store.
BUSY_TIMEOUT = 30.0
# What SQLite says when the file itself is bad. Anything else (busy, locked, full, read-only,
# cannot open) is a problem of the moment or of the disk, and never a reason to move it aside.
_DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS books (
    source TEXT NOT NULL, book_id TEXT NOT NULL,
    title TEXT NOT NULL, author TEXT NOT NULL, intro TEXT NOT NULL, cover_url TEXT NOT NULL,
    cover BLOB, updated_at REAL NOT NULL,
    PRIMARY KEY (source, book_id)
);
CREATE TABLE IF NOT EXISTS catalog (
    source TEXT NOT NULL, book_id TEXT NOT NULL, position INTEGER NOT NULL,
    chapter_id TEXT NOT NULL, title TEXT NOT NULL, volume TEXT NOT NULL, paid INTEGER NOT NULL,
    PRIMARY KEY (source, book_id, position)
);
CREATE TABLE IF NOT EXISTS book_memory (
    source TEXT NOT NULL, book_id TEXT NOT NULL, facts TEXT NOT NULL,
    PRIMARY KEY (source, book_id)
);
CREATE TABLE IF NOT EXISTS chapters (
    source TEXT NOT NULL, book_id TEXT NOT NULL, chapter_id TEXT NOT NULL,
    content TEXT NOT NULL, fetched_at REAL NOT NULL,
    PRIMARY KEY (source, book_id, chapter_id)
);
CREATE TABLE IF NOT EXISTS paid_chapters (
    source TEXT NOT NULL, book_id TEXT NOT NULL, chapter_id TEXT NOT NULL,
    cookie_hash TEXT NOT NULL, marked_at REAL NOT NULL,
    PRIMARY KEY (source, book_id, chapter_id)
);
CREATE TABLE IF NOT EXISTS source_limits (
    source TEXT NOT NULL PRIMARY KEY, settled_limit INTEGER NOT NULL, updated_at REAL NOT NULL
);
"""


class Store:
    """One connection to the store file. Use from one thread; open another for another."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: Where a damaged or foreign file was moved, if opening had to do that.
        self.moved_aside: Path | None = None
        #: How a damaged store was got back (repaired, or how many chapters were salvaged).
        self.recovery: Recovery | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Checking a store and setting up a new one happen one process at a time: two
            # downloads starting together would otherwise see each other's half-made store as
            # foreign or damaged and move it aside.
            with opening_lock(path):
                try:
                    self._db = self._connect()
                except sqlite3.DatabaseError as error:
                    if not _is_damage(error):
                        raise
                    self._db = self._recover(error)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the chapter store {path}: {error}") from None

    @classmethod
    def in_folder(cls, folder: Path | None = None) -> Store:
        """The store in ``folder``; None: the user's data folder (the old cache store moved
        there on first use, see ``core/store/location.py``)."""
        if folder is None:
            from novelfetch.core.store.location import store_folder

            location = store_folder()
            if location.notice:
                log.warning("%s", location.notice)
            folder = location.folder
        return cls(folder / STORE_FILE)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != APPLICATION_ID and (app_id != 0 or tables):
                raise _UnusableStore(_FOREIGN)
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _UnusableStore("the store file is damaged")
            db.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process; only power loss may drop the
            # last commits, and never corrupts.
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    def _recover(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        """A usable connection after ``error`` said the file is bad: the file repaired in
        place (REINDEX) when SQLite can, else a fresh store holding every row still readable
        from the old one, which is kept aside. Another program's database is only moved."""
        foreign = isinstance(error, _UnusableStore) and error.args == (_FOREIGN,)
        if not foreign and try_reindex(self.path):
            db = self._connect()
            self.recovery = Recovery(None, count_chapters(db))
            return db
        self.moved_aside = self._move_aside(str(error))
        db = self._connect()
        if not foreign:
            self.recovery = Recovery(self.moved_aside, salvage(self.moved_aside, db))
        return db

    def _move_aside(self, reason: str) -> Path:
        target = self.path.with_name(f"{self.path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        log.warning("chapter store %s unusable (%s); moved to %s", self.path, reason, target)
        self.path.replace(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        self._db.close()

    def reader(self) -> Store:
        """Another connection to this store, opened and checked already, for reading from
        worker threads, one at a time."""
        return Store.reader_of(self.path)

    @staticmethod
    def reader_of(path: Path) -> Store:
        """A connection for reading a store another connection opened and checked already
        (in this process or another: the book writer's), from one thread at a time."""
        other = object.__new__(Store)
        other.path, other.moved_aside = path, None
        try:
            other._db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the chapter store {path}: {error}") from None
        return other

    def checkpoint_on_commit(self, enabled: bool) -> None:
        """Whether this connection's commits checkpoint the log past 1,000 pages (SQLite's
        default); off while ``wal_checkpoint.WalCheckpointer`` does it in a thread."""
        self._db.execute(f"PRAGMA wal_autocheckpoint = {1000 if enabled else 0}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- books and catalogs --------------------------------------------------------------

    def save_book(self, book: Book, chapters: Iterable[Chapter]) -> None:
        """Record details and replace the catalog; stored chapter texts are kept."""
        rows = [
            (book.source, book.book_id, c.index, c.chapter_id, c.title, c.volume, int(c.paid))
            for c in chapters
        ]
        with self._write():
            self._db.execute(
                "INSERT INTO books VALUES (?, ?, ?, ?, ?, ?, NULL, ?) "
                "ON CONFLICT (source, book_id) DO UPDATE SET title = excluded.title, "
                "author = excluded.author, intro = excluded.intro, "
                "cover_url = excluded.cover_url, updated_at = excluded.updated_at",
                (
                    book.source,
                    book.book_id,
                    book.title,
                    book.author,
                    book.intro,
                    book.cover_url,
                    time.time(),
                ),
            )
            self._db.execute(
                "DELETE FROM catalog WHERE source = ? AND book_id = ?", (book.source, book.book_id)
            )
            self._db.executemany("INSERT INTO catalog VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def load_book(self, source: str, book_id: str) -> tuple[Book, list[Chapter]] | None:
        row = self._db.execute(
            "SELECT title, author, intro, cover_url FROM books WHERE source = ? AND book_id = ?",
            (source, book_id),
        ).fetchone()
        if row is None:
            return None
        chapters = [
            Chapter(index=r[0], chapter_id=r[1], title=r[2], volume=r[3], paid=bool(r[4]))
            for r in self._db.execute(
                "SELECT position, chapter_id, title, volume, paid FROM catalog "
                "WHERE source = ? AND book_id = ? ORDER BY position",
                (source, book_id),
            )
        ]
        return Book(source, book_id, *row), chapters

    def save_cover(self, book: Book, image: bytes) -> None:
        with self._write():
            self._db.execute(
                "UPDATE books SET cover = ? WHERE source = ? AND book_id = ?",
                (image, book.source, book.book_id),
            )

    def load_cover(self, book: Book) -> bytes | None:
        row = self._db.execute(
            "SELECT cover FROM books WHERE source = ? AND book_id = ?",
            (book.source, book.book_id),
        ).fetchone()
        return row[0] if row else None

    # --- what sources remember about a book (see sources/memory.py) ------------------------

    def recall(self, source: str, book_id: str) -> dict[str, str]:
        row = self._db.execute(
            "SELECT facts FROM book_memory WHERE source = ? AND book_id = ?", (source, book_id)
        ).fetchone()
        try:
            facts = json.loads(row[0]) if row else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in facts.items()} if isinstance(facts, dict) else {}

    def remember(self, source: str, book_id: str, facts: Mapping[str, str]) -> None:
        merged = {**self.recall(source, book_id), **facts}
        with self._write():
            self._db.execute(
                "INSERT OR REPLACE INTO book_memory VALUES (?, ?, ?)",
                (source, book_id, json.dumps(merged, ensure_ascii=False)),
            )

    # --- chapters -------------------------------------------------------------------------

    def save_chapter(self, book: Book, chapter: Chapter, text: str) -> None:
        with self._write():
            self._db.execute(
                "INSERT OR REPLACE INTO chapters VALUES (?, ?, ?, ?, ?)",
                (book.source, book.book_id, chapter.chapter_id, text, time.time()),
            )

    def save_chapters(self, book: Book, texts: Iterable[tuple[Chapter, str]]) -> None:
        """Several chapters in one transaction: all of them are stored, or none."""
        now = time.time()
        rows = [(book.source, book.book_id, c.chapter_id, text, now) for c, text in texts]
        with self._write():
            self._db.executemany("INSERT OR REPLACE INTO chapters VALUES (?, ?, ?, ?, ?)", rows)

    def stored_ids(self, book: Book) -> set[str]:
        return {
            row[0]
            for row in self._db.execute(
                "SELECT chapter_id FROM chapters WHERE source = ? AND book_id = ?",
                (book.source, book.book_id),
            )
        }

    def iter_texts(self, book: Book, chapters: Iterable[Chapter]) -> Iterator[ChapterText]:
        """Stored texts of ``chapters``, in the order given; chapters not stored are skipped.

        Reads one chapter at a time so a 15-million-character book never sits in memory twice.
        """
        for chapter in chapters:
            text = self.load_text(book, chapter)
            if text is not None:
                yield ChapterText(chapter, text)

    def load_text(self, book: Book, chapter: Chapter) -> str | None:
        """The stored text of one chapter, or None if it is not stored."""
        row = self._db.execute(
            "SELECT content FROM chapters WHERE source = ? AND book_id = ? AND chapter_id = ?",
            (book.source, book.book_id, chapter.chapter_id),
        ).fetchone()
        return None if row is None else row[0]

    # --- paid chapters --------------------------------------------------------------------
    # A chapter the source refused for payment is remembered with a hash of the cookie it was
    # asked with (never the cookie): with the same cookie, asking again cannot help.

    def mark_paid(self, book: Book, chapter: Chapter, cookie_hash: str) -> None:
        with self._write():
            self._db.execute(
                "INSERT OR REPLACE INTO paid_chapters VALUES (?, ?, ?, ?, ?)",
                (book.source, book.book_id, chapter.chapter_id, cookie_hash, time.time()),
            )

    def paid_ids(self, book: Book, cookie_hash: str) -> set[str]:
        """Chapters of ``book`` refused for payment when asked with this cookie."""
        return {
            row[0]
            for row in self._db.execute(
                "SELECT chapter_id FROM paid_chapters "
                "WHERE source = ? AND book_id = ? AND cookie_hash = ?",
                (book.source, book.book_id, cookie_hash),
            )
        }

    # --- politeness ----------------------------------------------------------------------

    def load_source_limit(self, source: str) -> int | None:
        """How many requests in flight ``source`` settled at last time, if known."""
        row = self._db.execute(
            "SELECT settled_limit FROM source_limits WHERE source = ?", (source,)
        ).fetchone()
        return None if row is None else int(row[0])

    def save_source_limit(self, source: str, limit: int) -> None:
        with self._write():
            self._db.execute(
                "INSERT OR REPLACE INTO source_limits VALUES (?, ?, ?)",
                (source, limit, time.time()),
            )

    # --- for modules that keep their own tables here (library.py) -------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection; write only inside ``transaction()``."""
        return self._db

    def transaction(self) -> _Transaction:
        """``with store.transaction(): …``: one ``BEGIN IMMEDIATE`` … ``COMMIT``."""
        return self._write()

    # --- plumbing -------------------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self._db, self.path)


_FOREIGN = "not a NovelFetch store"


class _UnusableStore(sqlite3.DatabaseError):
    """The file opens, but it is another program's database or fails its integrity check."""


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    return isinstance(error, _UnusableStore) or error.sqlite_errorname in _DAMAGE_CODES


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; errors become a ``StoreError`` naming the file."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db, self._path = db, path

    def __enter__(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(f"cannot write the chapter store {self._path}: {error}") from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self._db.execute("COMMIT")
            else:
                self._db.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise StoreError(f"cannot write the chapter store {self._path}: {error}") from None
