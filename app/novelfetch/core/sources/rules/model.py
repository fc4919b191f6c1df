"""One model for every rule file: Legado book sources and so-novel rules compile into it.

Every rule string here is in Legado's rule language (the evaluation engine in ``analyze.py``
reads it); so-novel selectors are translated into that language by ``sonovel.py``. An empty
string means "no rule". JavaScript in rules runs only in the sandbox (``js/``); rules
needing what it lacks make a source unusable (``problems``) or drop an optional field
(``dropped``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from novelfetch.core.errors import BadInputError
from novelfetch.core.messages import Message
from novelfetch.core.pattern_budget import PatternError, compile_bounded


class RuleFileError(BadInputError):
    """A rule file (or one source in it) is malformed; the message names source and field."""


class UrlNeedsBrowserError(RuleFileError):
    """A URL rule asks for a web view (``webView``): only a real browser could load it."""


#: What a request asking for a web view at run time is told (a script built its URL).
NEEDS_BROWSER = "needs a browser (webView), which NovelFetch does not have"


class UrlNeedsJavaScriptError(RuleFileError):
    """A URL rule holds JavaScript, which NovelFetch never runs."""


@dataclass(frozen=True)
class SearchRules:
    url: str  # a URL rule: ``url,{options}`` with ``{{key}}``/``{{page}}`` templates
    book_list: str
    name: str
    author: str
    kind: str
    word_count: str
    last_chapter: str
    intro: str
    cover_url: str
    book_url: str
    check_key_word: str
    # so-novel only: links to the other result pages, all fetched at once (Legado pages
    # through ``{{page}}`` in ``url`` instead).
    next_url: str = ""


@dataclass(frozen=True)
class BookInfoRules:
    init: str
    name: str
    author: str
    kind: str
    word_count: str
    last_chapter: str
    intro: str
    cover_url: str
    toc_url: str
    # so-novel only: the catalog's URL built from the book ID (group 1 of
    # ``RuleSource.book_url_pattern``), written ``{{bookId}}``; pass the ID to
    # ``urls.build_request(..., variables={"bookId": id})``. '' = use ``toc_url``.
    toc_url_template: str = ""


@dataclass(frozen=True)
class TocRules:
    chapter_list: str  # a leading '-' reverses the list (Legado)
    chapter_name: str
    chapter_url: str
    next_toc_url: str
    is_volume: str
    is_vip: str
    is_pay: str


@dataclass(frozen=True)
class ContentRules:
    content: str
    title: str
    next_content_url: str
    replace_regex: str  # Legado ``##regex##replacement`` form, applied to the text
    # so-novel filterTag: CSS of elements to drop inside the content element (not the
    # element itself) before its text is taken
    remove_selectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateLimit:
    """How gently to ask: at most one request per ``min_interval`` seconds, at most
    ``max_requests`` per ``per_seconds`` seconds, at most ``max_concurrency`` at once."""

    min_interval: float | None = None
    max_requests: int | None = None
    per_seconds: float | None = None
    max_concurrency: int | None = None


@dataclass(frozen=True)
class RuleSource:
    id: str  # stable slug derived from kind + URL: safe as a key, never used as a path
    name: str
    url: str  # the site's base URL, without Legado's '#tag'
    kind: Literal["legado", "sonovel"]
    group: str
    enabled: bool
    headers: dict[str, str]
    book_url_pattern: str  # regex of the site's book URLs; '' if none
    rate: RateLimit
    search: SearchRules | None
    book_info: BookInfoRules
    toc: TocRules
    content: ContentRules
    raw: Mapping[str, Any]  # the original JSON object, to persist and re-parse
    charset: str = ""  # the site's encoding hint ('' = unknown / utf-8)
    language: str = ""  # so-novel ``language`` (zh-CN, zh-TW, zh-Hant …)
    cookie_jar: bool = False  # Legado ``enabledCookieJar``: keep the site's cookies
    problem_messages: tuple[Message, ...] = ()  # why it is not usable
    dropped_messages: tuple[Message, ...] = ()  # optional fields left out (need JavaScript …)
    scripted: tuple[str, ...] = ()  # fields whose rules run JavaScript (sandboxed)
    script_library: str = ""  # Legado ``jsLib``: functions every script of the source sees

    @property
    def usable(self) -> bool:
        return not self.problem_messages

    @property
    def problems(self) -> tuple[str, ...]:
        """Why it is not usable, in English."""
        return tuple(map(str, self.problem_messages))

    @property
    def dropped(self) -> tuple[str, ...]:
        """The optional fields left out and why, in English."""
        return tuple(map(str, self.dropped_messages))

    def claims_url(self, url: str) -> bool:
        """Whether ``url`` is one of this site's book pages: Legado matches
        ``bookUrlPattern`` against the whole URL, so-novel searches for ``book.url``."""
        if not self.book_url_pattern:
            return False
        try:
            compiled = compile_bounded(self.book_url_pattern)
            if self.kind == "legado":
                found = compiled.fullmatch(url.strip(), timeout=1.0)
            else:
                found = compiled.search(url.strip(), timeout=1.0)
        except (PatternError, TimeoutError):
            return False
        return found is not None

    def book_id(self, book_url: str) -> str | None:
        """Group 1 (or the whole match) of ``book_url_pattern`` in ``book_url``; None if no
        pattern or no match."""
        if not self.book_url_pattern:
            return None
        try:
            match = compile_bounded(self.book_url_pattern).search(book_url, timeout=1.0)
        except (PatternError, TimeoutError):
            return None
        if match is None:
            return None
        return match.group(1) if match.re.groups else match.group(0)


@dataclass(frozen=True)
class ParsedEntry:
    """One object of a rule file: a source, or the reason it could not be read."""

    source: RuleSource | None
    label: str  # the source's name or URL (or its position) for messages
    reason: Message | None = None  # why it could not be read (naming the label)

    @property
    def error(self) -> str | None:
        """``reason`` in English."""
        return None if self.reason is None else str(self.reason)


def source_id(kind: str, url: str) -> str:
    """A short, stable, path-free key for a source: ``<host>-<hash>``.

    The hash covers the kind and the full URL (Legado's ``#tag`` included, since tags tell
    apart several sources of one site)."""
    host = urlsplit(url.strip()).hostname or ""
    slug = re.sub(r"[^a-z0-9.-]+", "-", host.lower()).strip(".-")[:40] or "source"
    digest = hashlib.sha1(f"{kind}\n{url.strip()}".encode()).hexdigest()[:10]
    return f"{slug}-{digest}"


def dump_raw(source: RuleSource) -> dict[str, Any]:
    """The source's original JSON object (a deep copy), to store and parse again later."""
    return copy.deepcopy(dict(source.raw))


def raw_as_json(source: RuleSource) -> str:
    """``dump_raw`` as JSON text, for a database column or a file."""
    return json.dumps(dump_raw(source), ensure_ascii=False)
