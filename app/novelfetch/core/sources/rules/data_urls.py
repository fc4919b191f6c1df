"""Legado's ``data:`` URLs: a page a rule writes itself, answered without any network.

What Legado's AnalyzeUrl does (read in gedoor/legado, 2022 on): an address starting with
``data:`` is not resolved against the page; when the rule asks for the answer's bytes (a
``type`` option, whatever its value, even ``""``), the Base64 after ``;base64,`` on the
address's first line is decoded instead of fetched, and, as for every ``type`` answer, the
page the rules then read is those bytes written in hex (a script turns them back with
``java.hexDecodeToString(result)``). Without ``type``, or without ``;base64,``, Legado hands
the address to its HTTP client, which cannot load it; here that is refused with a message
saying so. Decoding is bounded by the page budget (``HttpSettings.max_body_bytes``).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping
from typing import Any

from novelfetch.core.errors import BudgetExceededError
from novelfetch.core.sources.rules.model import RuleFileError

_BASE64_PART = re.compile(r"data:.*?;base64,(.*)")  # '.' stops at a line break, as in Kotlin
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")  # Android's decoder skips what is not Base64


def is_data_url(url: str) -> bool:
    return url.startswith("data:")


def data_url_problem(url: str, options: Mapping[str, Any]) -> str | None:
    """Why Legado could not load the ``data:`` URL ``url`` either, or None."""
    if options.get("type") is None:
        return 'is a data: URL without a "type" option, which Legado\'s client cannot load'
    if _BASE64_PART.match(url) is None:
        return "is a data: URL without ';base64,', which Legado's client cannot load"
    return None


def checked_data_url(url: str, options: Mapping[str, Any]) -> str:
    """``url``, or RuleFileError when Legado could not load it either."""
    problem = data_url_problem(url, options)
    if problem:
        short = url if len(url) <= 60 else url[:59] + "…"
        raise RuleFileError(f"URL {short} {problem}")
    return url


def data_url_body(url: str, max_bytes: int) -> bytes:
    """The page a ``data:`` URL with a ``type`` option answers: its bytes, in hex (ASCII)."""
    match = _BASE64_PART.match(url)
    if match is None:
        raise ValueError(f"{url[:60]!r} {data_url_problem(url, {'type': ''})}")
    text = _NOT_BASE64.sub(b"", match.group(1).partition("=")[0].encode("ascii", "ignore"))
    if len(text) * 3 // 4 * 2 > max_bytes:
        raise BudgetExceededError(
            f"the data: URL holds more than {max_bytes:,} bytes once written in hex"
        )
    try:
        data = binascii.a2b_base64(text + b"=" * (-len(text) % 4))
    except binascii.Error:  # one letter too many: Android's decoder refuses it too
        raise ValueError(f"{url[:60]!r} is not valid Base64") from None
    return data.hex().encode("ascii")
