"""A fetched page's bytes read as a browser would: charset, and anti-bot walls.

The charset comes from the HTTP header, then the page's ``<meta>``, then detection; GBK and
GB2312 are read as their superset gb18030, since sites label GB18030 text as GBK all the time.
A Cloudflare check or a captcha is an answer, not a chapter: it is reported, never stored
(``core/net/walls.py``). A page with more tags than ``MAX_PAGE_TAGS`` is refused before it
is parsed (``check_page_budget``). No networking here: worker processes (``extract.py``)
import this, and ``pages.py`` does the fetching.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from novelfetch.core.budgets import MAX_PAGE_TAGS
from novelfetch.core.errors import BudgetExceededError
from novelfetch.core.net.walls import blocked, wall_marker
from novelfetch.core.sources.rules.urls import is_text_encoding

# The first bytes of a page are where a <meta> charset must stand (HTML says 1024).
_META_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


@dataclass(frozen=True, slots=True)
class RawPage:
    """A fetched answer before it is read: its final address, bytes and declared type (and
    the cookies it set, which scripts may read)."""

    url: str
    body: bytes
    content_type: str
    set_cookies: tuple[str, ...] = ()
    status: int = 200  # what a script's request reads (java.get's statusCode, headers)
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page as text, with the address it finally came from (after redirects)."""

    url: str
    text: str
    charset: str


def normalise_charset(name: str) -> str | None:
    """Python's codec name for a charset label, with GBK/GB2312 widened; None if unknown."""
    label = name.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Only text encodings: "hex" or "base64" are codecs too, and a page naming one is detected.
    return info.name if is_text_encoding(info) else None


def check_page_budget(raw: RawPage) -> None:
    """``BudgetExceededError`` when the page holds more tags than a parse may cost."""
    tags = raw.body.count(b"<")  # counted in the bytes, before any parse can cost memory
    if tags > MAX_PAGE_TAGS:
        raise BudgetExceededError(
            f"the page {raw.url[:200]} holds {tags:,} tags (the limit is {MAX_PAGE_TAGS:,})"
        )


def decode_page(body: bytes, content_type: str = "", seen: str = "") -> tuple[str, str]:
    """The page's text and the charset it was read with.

    ``seen`` is what detection found on this site's earlier pages: tried (strictly) before
    detecting again, since detection costs more than parsing the page and a site rarely mixes
    encodings across its pages.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    declared = _HEADER_CHARSET.search(content_type)
    charset = normalise_charset(declared.group(1)) if declared else None
    if charset is None:
        meta = _META_CHARSET.search(body[:_META_WINDOW])
        charset = normalise_charset(meta.group(1).decode("ascii", "ignore")) if meta else None
    if charset is None and seen:
        try:
            return body.decode(seen), seen
        except UnicodeDecodeError:
            pass
    if charset is None:
        charset = _detect(body)
    return body.decode(charset, errors="replace"), charset


def _detect(body: bytes) -> str:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    found = normalise_charset(best.encoding) if best is not None else None
    # A Chinese page that is not UTF-8 is GB-family far more often than anything else; the
    # detector sometimes names a narrower cousin (gb2312, big5 for short pages).
    return found if found and found not in ("ascii",) else "gb18030"


def check_not_blocked(page: Page) -> Page:
    """``page`` itself, or ``BlockedError`` when it is an anti-bot wall."""
    marker = wall_marker(page.text)
    if marker:
        raise blocked(page.url, marker)
    return page


def read_page(raw: RawPage, detected: dict[str, str] | None = None) -> Page:
    """Decode a fetched answer and refuse an anti-bot wall. CPU work (detecting a charset can
    take milliseconds): worker processes call it too (``extract.py``).

    ``detected`` maps a host to the charset its pages were last read with (see ``decode_page``).
    """
    check_page_budget(raw)
    host = urlsplit(raw.url).netloc
    seen = detected.get(host, "") if detected is not None else ""
    text, charset = decode_page(raw.body, raw.content_type, seen)
    if detected is not None:
        detected[host] = charset
    return check_not_blocked(Page(raw.url, text, charset))
