"""Small JSON files the app keeps in the user's data folder (sources, rules, the queue), written
whole or not at all: a temporary file in the same folder, flushed to disk, renamed over the old.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_SUFFIX = ".tmp"
# ".sources-1234-k2j3h4.tmp"; older versions wrote ".sources-k2j3h4.tmp" (no process ID).
_TEMPORARY = re.compile(r"^\.[^/\\]+?-(?:(\d+)-)?[^-]+\.tmp$")
#: A temporary file without a live writer this old is a leftover whatever its name says.
STALE_AFTER_SECONDS = 3600.0


def write_json_atomically(path: Path, document: Any) -> None:
    """Replace ``path`` with ``document`` as JSON; raises ``OSError`` and leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The process ID in the name tells a killed run's leftover from a write under way.
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-{os.getpid()}-", suffix=_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_json_or_move_aside(path: Path) -> tuple[Any, str]:
    """The JSON document in ``path`` (None when there is no file) and, when the file is not
    JSON, what was done with it: renamed ``<name>.broken-<time>`` next to it, kept for the
    user to look at, and the document taken as None. ``OSError`` when it cannot be read or
    moved."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, ""
    except (ValueError, RecursionError) as error:
        target = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        path.replace(target)
        return None, f"it was not JSON ({str(error)[:200]}) and was moved to {target}"


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files killed runs left in ``folder`` (a killed import of a large
    source list left 40 MB); the number removed. A file whose writer still runs is kept."""
    removed = 0
    try:
        names = [entry for entry in folder.iterdir() if entry.name.endswith(_SUFFIX)]
    except OSError:
        return 0
    for entry in names:
        found = _TEMPORARY.match(entry.name)
        if found is None:
            continue
        pid = int(found.group(1)) if found.group(1) else None
        with contextlib.suppress(OSError):
            age = time.time() - entry.stat().st_mtime
            if age > STALE_AFTER_SECONDS or (pid is not None and not _running(pid)):
                entry.unlink()
                removed += 1
    return removed


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (on Windows, where asking would kill it: assumed yes)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
