"""The cookies the user gave each source, and each source's cookie jar, kept across runs.

``cookies.json`` in the data folder, apart from ``sources.json`` (which holds rule files and may
be shared): written whole, readable by the user only (0600, where the system has such modes),
and never logged: every value is registered with ``redaction`` as soon as it is read.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from novelfetch.core.errors import BadInputError, StoreError
from novelfetch.core.json_file import write_json_atomically
from novelfetch.core.net.cookies import JarDocument, check_cookie_header
from novelfetch.core.net.redaction import cookie_secrets, register_secrets

log = logging.getLogger(__name__)

COOKIES_FILE = "cookies.json"
_FILE_VERSION = 1


class SourceCookieStore:
    """Per-source cookies in ``data_dir`` (None: in memory, for this process only)."""

    def __init__(self, data_dir: Path | None) -> None:
        self.path = data_dir / COOKIES_FILE if data_dir is not None else None
        self._sources: dict[str, dict[str, Any]] = {}
        self._read()

    def cookie(self, source_id: str) -> str:
        """The cookie header the user saved for ``source_id`` ("" if none)."""
        value = self._sources.get(source_id, {}).get("cookie", "")
        return value if isinstance(value, str) else ""

    def jar(self, source_id: str) -> JarDocument:
        jar = self._sources.get(source_id, {}).get("jar", {})
        return jar if isinstance(jar, dict) else {}

    def set_cookie(self, source_id: str, text: str) -> None:
        """Save (or, with "", forget) the user's cookie; the site's jar starts afresh too, so a
        newly pasted login is not shadowed by what the site set for the old one."""
        try:
            text = check_cookie_header(text)
        except ValueError as error:
            raise BadInputError(f"cookie for {source_id}: {error}") from None
        register_secrets(cookie_secrets(text))
        self._read()
        if text or self.held(source_id):
            self._sources[source_id] = {"cookie": text, "held": True} if text else {"held": True}
        else:
            self._sources.pop(source_id, None)
        self._write()

    def held(self, source_id: str) -> bool:
        """Whether the source holds the user's cookie or ever held one (saved, or given for
        one run: ``mark_held``). What its scripts read then, the cookie or a signed-in page,
        may be kept with its books (``java.put``, a chapter's address) and sent by a later
        run, so it stays confined to its own site (``SourceEntry.network_policy``)."""
        record = self._sources.get(source_id, {})
        return record.get("held") is True or bool(self.cookie(source_id))

    def mark_held(self, source_id: str) -> None:
        """A cookie was given for one run (``--cookie``): the source has held one."""
        if not self.held(source_id):
            self._read()
            self._sources.setdefault(source_id, {})["held"] = True
            self._write()

    def save_jar(self, source_id: str, jar: JarDocument, *, login: str | None = None) -> None:
        """Keep what a source's site set (called when a job on it ends). ``login``: the cookie
        the job sent; unless that is the one saved now, the jar is not kept. What a site sets
        in answer to a login is as good as the login, and must not outlive it: a cookie given
        for one run, or one forgotten or replaced meanwhile (``set_cookie`` starts the jar
        afresh). Kept, later runs would send it, and their scripts read it, though the user
        took the login back."""
        self._read()
        if login is not None and self.cookie(source_id) != login:
            return
        record = self._sources.setdefault(source_id, {})
        record["jar"] = jar
        try:
            self._write()
        except StoreError as error:  # a jar is a convenience: the job itself did not fail
            log.warning("%s", error)

    def forget(self, source_id: str) -> None:
        """Drop everything kept for a removed source, but that it held a cookie: its books
        (and what it kept with them) stay, and a source imported again takes the same id."""
        self._read()
        record = self._sources.pop(source_id, None)
        if record is not None:
            if record.get("held") is True or record.get("cookie"):
                self._sources[source_id] = {"held": True}
            self._write()

    def _read(self) -> None:
        if self.path is None:
            return
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except ValueError as error:
            # Damaged: set aside (never deleted), and the sources work without their cookies.
            aside = self.path.with_name(COOKIES_FILE + ".damaged")
            log.warning("saved cookies %s damaged (%s); moved to %s", self.path, error, aside)
            try:
                os.replace(self.path, aside)
            except OSError as moving:
                raise StoreError(f"cannot set aside {self.path}: {moving}") from None
            self._sources = {}
            return
        except OSError as error:
            raise StoreError(f"cannot read the saved cookies {self.path}: {error}") from None
        sources = document.get("sources") if isinstance(document, dict) else None
        sources = sources if isinstance(sources, dict) else {}
        self._sources = {
            key: value
            for key, value in sources.items()
            if isinstance(key, str) and isinstance(value, dict)
        }
        secrets: list[str] = []
        for record in self._sources.values():
            secrets += cookie_secrets(str(record.get("cookie", "")))
            jar = record.get("jar")
            if isinstance(jar, dict):
                secrets += [str(k.get("value", "")) for k in jar.values() if isinstance(k, dict)]
        register_secrets(secrets)

    def _write(self) -> None:
        if self.path is None:
            return
        document = {"version": _FILE_VERSION, "sources": self._sources}
        try:
            write_json_atomically(self.path, document)  # a mkstemp file: 0600 from the start
            os.chmod(self.path, 0o600)
        except OSError as error:
            raise StoreError(f"cannot save the cookies {self.path}: {error}") from None
