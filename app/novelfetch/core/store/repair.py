"""Getting a damaged chapter store back: repaired in place when SQLite can, else salvaged.

A damaged index (every row still readable) used to cost the whole library, since the file was
moved aside and a fresh one made. Now SQLite's ``REINDEX`` is tried first; if the file still
fails its check, it is moved aside as before and every row that can still be read is copied
into the fresh store, so the message can say how many chapters came back.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The chapter store's tables, copied first (books before their chapters).
_TABLES = ("books", "catalog", "book_memory", "chapters", "paid_chapters", "source_limits")
# Rows skipped past a damaged spot of a table before reading on.
_SKIP_ROWIDS = 64
# Damaged spots tolerated in one table before giving the rest of it up.
_MAX_DAMAGED_SPOTS = 10_000


@dataclass(frozen=True, slots=True)
class Recovery:
    """What became of a damaged store: repaired in place, or moved aside and salvaged."""

    moved_to: Path | None
    chapters: int  # chapters in the store afterwards (repaired) or copied out (salvaged)

    def message(self, path: Path) -> str:
        if self.moved_to is None:
            return (
                f"The chapter store {path} was damaged and has been repaired in place; "
                f"its {self.chapters:,} chapters are kept."
            )
        return (
            f"The chapter store was damaged beyond repair and moved to {self.moved_to}; "
            f"{self.chapters:,} chapters were recovered from it into a fresh store."
        )


def try_reindex(path: Path) -> bool:
    """Rebuild every index of the file at ``path``; True if it then passes its check."""
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        db.execute("REINDEX")
        return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error as error:
        log.info("REINDEX of %s did not help: %s", path, error)
        return False
    finally:
        db.close()


def count_chapters(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM chapters").fetchone()[0])


def salvage(broken: Path, fresh: sqlite3.Connection) -> int:
    """Copy every readable row of the store at ``broken`` into ``fresh`` (already set up):
    the store's own tables and those others keep in it (the library's); the number of
    chapters copied."""
    # Reading a WAL-mode file makes SQLite create side files; those it made go afterwards,
    # so the damaged file is kept exactly as it was found.
    sides = [broken.with_name(broken.name + suffix) for suffix in ("-wal", "-shm")]
    found = {side for side in sides if side.exists()}
    try:
        old = sqlite3.connect(f"{broken.as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as error:
        log.warning("cannot open the damaged store %s to salvage it: %s", broken, error)
        return 0
    copied = 0
    try:
        fresh.execute("BEGIN IMMEDIATE")
        for table, create in _tables(old):
            if create:  # a table the fresh store lacks until its owner opens it
                fresh.execute(create.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
            count = 0
            for row in _readable_rows(old, table):
                marks = ", ".join("?" * len(row))
                fresh.execute(f'INSERT OR IGNORE INTO "{table}" VALUES ({marks})', row)
                count += 1
            if table == "chapters":
                copied = count
        fresh.execute("COMMIT")
    except sqlite3.Error as error:
        with contextlib.suppress(sqlite3.Error):
            fresh.execute("ROLLBACK")
        log.warning("salvaging %s failed: %s", broken, error)
        return 0
    finally:
        old.close()
        for side in sides:
            if side not in found:
                side.unlink(missing_ok=True)
    return copied


def _tables(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """The tables to copy, with the statement that makes each: from the damaged file's own
    schema when it can be read, else the chapter store's tables (which the fresh one has)."""
    try:
        found = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql LIKE 'CREATE TABLE%'"
        ).fetchall()
    except sqlite3.DatabaseError:
        return [(table, "") for table in _TABLES]
    order = {table: position for position, table in enumerate(_TABLES)}
    return sorted(((name, sql) for name, sql in found), key=lambda t: order.get(t[0], 99))


def _readable_rows(db: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    """The rows of ``table`` that can be read, walking the table itself (no index) by rowid
    and stepping over damaged spots."""
    rows: list[tuple[object, ...]] = []
    after = 0
    for _ in range(_MAX_DAMAGED_SPOTS):
        try:
            cursor = db.execute(
                f'SELECT rowid, * FROM "{table}" NOT INDEXED WHERE rowid > ? ORDER BY rowid',
                (after,),
            )
            for rowid, *values in cursor:
                rows.append(tuple(values))
                after = rowid
            return rows
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorname != "SQLITE_CORRUPT":
                return rows  # no such table, or unreadable as a whole: what was read stands
            after += _SKIP_ROWIDS
    return rows
