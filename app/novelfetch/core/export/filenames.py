"""Book titles as file names that are safe on Windows, macOS and Linux.

Titles come from a web source, so they are untrusted: they may hold path separators, ``..``,
characters Windows forbids, device names such as ``CON``, or be hundreds of bytes long. The
output must always be one plain file inside the folder the user chose.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from novelfetch.core.errors import ExportError
from novelfetch.core.text.cleaning import single_line, without_bidi_controls

__all__ = ["MAX_NAME_BYTES", "output_path", "safe_filename"]

#: Cap on the UTF-8 length of a whole name. Most file systems allow 255 bytes; the margin leaves
#: room for the temporary ``.<name>.<random>.part`` name used while writing.
MAX_NAME_BYTES = 200

# Separators, characters Windows forbids, and control characters (single_line already removes
# most of those; this is the guarantee). A run becomes one "_".
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_UNDERSCORES = re.compile(r"_{2,}")
# Windows device names, also reserved with any extension ("con.txt") and in any case. Windows
# treats the superscript digits as digits here too (COM¹, LPT²); COM0/LPT0 are listed as well.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³")}
)
# Leading dots would make a hidden file (and "." / ".." are not names at all); trailing dots and
# spaces are silently dropped by Windows, so a name ending in them would not round-trip.
# Underscores go too, so "../x" ends up as "x" rather than "_x".
_EDGE_JUNK = " ._"


def _sanitize_stem(title: str) -> str:
    name = unicodedata.normalize("NFC", without_bidi_controls(single_line(title)))
    name = _FORBIDDEN.sub("_", name)
    name = _UNDERSCORES.sub("_", name)
    return name.strip(_EDGE_JUNK)


def _truncate_utf8(text: str, max_bytes: int) -> str:
    """Cut ``text`` to at most ``max_bytes`` UTF-8 bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    # "ignore" drops the trailing partial sequence the byte cut may have left.
    return encoded[:max_bytes].decode("utf-8", "ignore")


def _is_reserved(name: str) -> bool:
    # Windows looks at the part before the first dot, ignoring trailing spaces ("CON .txt").
    return name.split(".", 1)[0].rstrip(" ").casefold() in _RESERVED


def safe_filename(title: str, extension: str, fallback: str = "book") -> str:
    """A file name for ``title`` with ``extension`` (given without a dot) safe on every OS.

    Separators and characters Windows forbids become ``_``; leading dots, trailing dots and
    spaces go; Windows device names get a ``_`` prefix; the whole name is capped at
    ``MAX_NAME_BYTES`` UTF-8 bytes. A title with nothing usable left gives ``fallback``.
    """
    suffix = "." + _sanitize_stem(extension) if extension.strip(" .") else ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = _sanitize_stem(title)
    if not stem:
        stem = _sanitize_stem(fallback) or "book"
    if _is_reserved(stem):
        stem = "_" + stem
    stem = _truncate_utf8(stem, budget).rstrip(_EDGE_JUNK)
    if not stem:
        stem = "book"
    return stem + suffix


def output_path(out_dir: Path, title: str, extension: str) -> Path:
    """``out_dir / safe_filename(...)``, verified to be a direct child of ``out_dir``.

    ``safe_filename`` already makes escaping impossible; this check is the belt to those braces,
    so that a future change there cannot turn into writing outside the user's folder.
    """
    name = safe_filename(title, extension)
    candidate = out_dir / name
    # Resolve the folder, not the candidate: an existing symlink with the book's name is replaced
    # by os.replace, never followed, so following it here would give a false alarm.
    if candidate.name != name or candidate.parent.resolve() != out_dir.resolve():
        raise ExportError(f"refusing to write {name!r}: it would land outside {out_dir}")
    return candidate
