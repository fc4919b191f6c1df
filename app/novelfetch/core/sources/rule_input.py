"""Where a rule file comes from: a path, standard input, or an address fetched once."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from novelfetch.core import messages as said
from novelfetch.core.budgets import MAX_RULE_DOCUMENT_BYTES
from novelfetch.core.errors import BadInputError
from novelfetch.core.net.http import HttpSettings

#: An address of a scheme other than file: (ftp://, data:…//); http(s) is fetched by the caller.
_OTHER_SCHEME = re.compile(r"(?!file:)[A-Za-z][A-Za-z0-9+.-]+://")


def read_rule_input(where: str, stdin_text: str | None = None) -> tuple[str, str]:
    """The text of a rule document from a path or ``-`` (URLs are fetched by the caller)."""
    if where == "-":
        return stdin_text or "", "standard input"
    if _OTHER_SCHEME.match(where):  # an address, not a path: say so, not "no such file"
        raise BadInputError(said.RULE_INPUT_NOT_WEB(url=where[:200]))
    path = _local_path(where)
    try:
        with path.open("rb") as file:
            # Read one byte past the budget: a larger file is refused before it fills memory.
            data = file.read(MAX_RULE_DOCUMENT_BYTES + 1)
        if len(data) > MAX_RULE_DOCUMENT_BYTES:
            mib = MAX_RULE_DOCUMENT_BYTES // 2**20
            raise BadInputError(said.RULE_INPUT_TOO_BIG(path=str(path), mib=mib))
        return data.decode("utf-8-sig"), str(path)
    except UnicodeDecodeError:
        raise BadInputError(said.RULE_INPUT_NOT_TEXT(path=str(path))) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise BadInputError(said.RULE_INPUT_UNREADABLE(path=str(path), reason=reason)) from None


def _local_path(where: str) -> Path:
    """A path as typed, or the file a ``file:`` address names (``file:///home/me/x.json``)."""
    if not where.lower().startswith("file:"):
        return Path(where).expanduser()
    address = urlsplit(where)
    if address.netloc not in ("", "localhost"):
        raise BadInputError(said.RULE_INPUT_NOT_LOCAL(where=where[:200]))
    return Path(url2pathname(address.path))


async def fetch_rule_document(url: str, http: HttpSettings | None = None) -> str:
    """A rule document from the web (http or https only, size-capped), as text."""
    from novelfetch.core.errors import FetchError
    from novelfetch.core.net.http import open_session
    from novelfetch.core.sources.rules.pages import fetch_page
    from novelfetch.core.sources.rules.urls import RequestSpec

    if urlsplit(url).scheme not in ("http", "https"):
        raise BadInputError(said.RULE_INPUT_NOT_WEB(url=url[:200]))
    settings = replace(http or HttpSettings(), max_body_bytes=MAX_RULE_DOCUMENT_BYTES)
    async with open_session(settings, 1) as session:
        try:
            page = await fetch_page(session, RequestSpec("GET", url, None, {}, ""), settings)
        except FetchError as error:
            raise BadInputError(
                said.RULE_INPUT_CANNOT_FETCH(url=url, error=said.message_of(error))
            ) from None
    return page.text
