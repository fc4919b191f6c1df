"""A file read out of a zip archive for a script (Legado's ``java.getZipStringContent``).

The archive is a site's (or a script's hex string), so it is hostile: it is opened in the
worker process that runs the script, and the file read from it may not grow past
``MAX_ZIP_ENTRY_BYTES``, whatever the archive says of its size (a zip bomb stops there).
"""

from __future__ import annotations

import io
import zipfile

from novelfetch.core.budgets import MAX_ZIP_ENTRY_BYTES
from novelfetch.core.errors import BudgetExceededError
from novelfetch.core.sources.rules.page_text import decode_page, normalise_charset


def zip_entry(archive: bytes, path: str) -> bytes | None:
    """The bytes of the file at ``path`` in ``archive``; None when there is none (Legado's
    answer then is the empty text). ``ValueError`` when ``archive`` is not a zip archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            try:
                info = opened.getinfo(path)
            except KeyError:
                return None
            with opened.open(info) as entry:
                data = entry.read(MAX_ZIP_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise ValueError(f"not a zip archive NovelFetch can read ({error})") from None
    if len(data) > MAX_ZIP_ENTRY_BYTES:
        raise BudgetExceededError(
            f"{path[:100]!r} in the zip archive is over {MAX_ZIP_ENTRY_BYTES:,} bytes"
        )
    return data


def entry_text(data: bytes, charset: str | None) -> str:
    """The file's text: in ``charset`` when the script names one, else the charset detected
    as for a page."""
    named = normalise_charset(charset) if charset else None
    if named is not None:
        return data.decode(named, errors="replace")
    return decode_page(data)[0]


def archive_bytes(hex_text: str) -> bytes:
    """Legado's other form of the archive: its bytes as a hex string."""
    try:
        return bytes.fromhex(hex_text.strip())
    except ValueError:
        raise ValueError("neither an address nor a hex string of a zip archive") from None
