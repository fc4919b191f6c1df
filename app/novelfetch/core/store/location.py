"""Where the chapter store lives: the user's data folder, moved there from the cache folder once.

A serialised novel's early chapters may vanish from the source; the store is then the only copy,
so it must not sit where cache cleaners delete things. Older versions kept it in the cache
folder. ``store_folder`` moves such a store on first start: only while no other process has it
open (SQLite refuses to leave WAL mode while another connection is open, which is the test), and
only when the data folder holds no store yet. A store that cannot be moved is used where it is,
and the caller is told why.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from novelfetch.core.errors import StoreError
from novelfetch.core.store.files import STORE_FILE, opening_lock
from novelfetch.core.user_folders import default_data_dir

log = logging.getLogger(__name__)

__all__ = ["StoreLocation", "migrate_store", "old_cache_dir", "store_folder"]


def old_cache_dir() -> Path:
    """Where versions before the library kept the store."""
    return Path(user_cache_dir("novelfetch", appauthor=False))


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """The folder to open, and what happened to an old store on the way (for the user)."""

    folder: Path
    moved_from: Path | None = None  # the old store was moved from here just now
    notice: str = ""  # why an old store was left where it is ("" when nothing to say)


def store_folder(explicit: Path | None = None, data_dir: Path | None = None) -> StoreLocation:
    """The store's folder: ``explicit`` (``--store-dir``) if given, else the data folder.

    Only the default data folder takes over the old default cache store: a folder the user
    named is theirs to fill.
    """
    if explicit is not None:
        return StoreLocation(Path(explicit))
    if data_dir is not None:
        return StoreLocation(Path(data_dir))
    return migrate_store(old_cache_dir(), default_data_dir())


def migrate_store(old_dir: Path, new_dir: Path) -> StoreLocation:
    """Move ``old_dir``'s store into ``new_dir`` if there is one to move and it is free."""
    old, new = old_dir / STORE_FILE, new_dir / STORE_FILE
    if not old.exists() or old_dir.resolve() == new_dir.resolve():
        return StoreLocation(new_dir)
    if new.exists():
        return StoreLocation(
            new_dir,
            notice=f"an older chapter store is still at {old}; it was not moved because "
            f"{new} exists (move its chapters by hand, or delete it)",
        )
    try:
        new_dir.mkdir(parents=True, exist_ok=True)
        with opening_lock(old):
            if not _checkpoint_alone(old):
                return StoreLocation(
                    old_dir,
                    notice=f"the chapter store {old} is in use by another program, so it stays "
                    f"there this time; it moves to {new_dir} once nothing else has it open",
                )
            _move_file(old, new)
    except (OSError, sqlite3.Error, StoreError) as error:
        return StoreLocation(
            old_dir, notice=f"could not move the chapter store {old} to {new_dir}: {error}"
        )
    log.info("moved the chapter store from %s to %s", old, new)
    with contextlib.suppress(OSError):
        old.with_name(old.name + ".lock").unlink()
    return StoreLocation(new_dir, moved_from=old_dir)


def _checkpoint_alone(path: Path) -> bool:
    """Fold the WAL into the main file and leave WAL mode; False if another process has it open.

    Afterwards the store is one self-contained file (no ``-wal``/``-shm``) that can be moved.
    """
    db = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return False
        raise
    finally:
        db.close()
    if mode.lower() != "delete":
        return False  # SQLite keeps WAL mode (and says so) while others hold the file open
    return not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))


def _move_file(old: Path, new: Path) -> None:
    """Rename, or copy to a temporary name, flush and rename across file systems."""
    try:
        os.replace(old, new)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    temp = new.with_name(f".{new.name}.moving")
    try:
        shutil.copyfile(old, temp)
        with open(temp, "r+b") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, new)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    old.unlink()
