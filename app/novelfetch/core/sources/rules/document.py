"""One fetched page, parsed once: HTML into an lxml tree shaped like jsoup's, or JSON.

The tree is what rules written for Legado expect: jsoup puts ``<tbody>`` into every table,
so rules copied from a browser say ``table > tbody > tr``; lxml does not, so it is inserted
here. Comments and processing instructions are dropped (no rule output shows them).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

#: Characters libxml2 refuses in a text document; a page containing them still parses.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class JsonNode:
    """One value (object, list, string, number …) of a JSON page, as a list rule's item."""

    value: Any


@dataclass(frozen=True, slots=True)
class RegexNode:
    """One match of an all-in-one (``:regex``) list rule: group 0, then every group."""

    groups: tuple[str, ...]


def new_html_parser() -> etree.HTMLParser:
    # A parser per document: lxml parsers must not be shared between threads.
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def parse_html(text: str) -> etree._Element:
    """Parse HTML (or an HTML fragment) into a tree whose root is ``<html>``."""
    cleaned = _XML_DECLARATION.sub("", _CONTROL_CHARS.sub("", text), count=1)
    root = None
    if cleaned.strip():
        root = etree.fromstring(cleaned, new_html_parser())
    if root is None:  # libxml2 gives no tree for input without any markup or text
        root = etree.fromstring("<html><body></body></html>", new_html_parser())
    insert_tbody(root)
    return root


def insert_tbody(root: etree._Element) -> None:
    """Wrap the rows a table holds directly in ``<tbody>``, as jsoup's parser does."""
    for table in root.iter("table"):
        run: list[etree._Element] = []
        for child in list(table):
            if child.tag == "tr":
                run.append(child)
                continue
            _wrap_rows(table, run)
            run = []
        _wrap_rows(table, run)


def _wrap_rows(table: etree._Element, rows: list[etree._Element]) -> None:
    if not rows:
        return
    body = etree.Element("tbody")
    table.insert(table.index(rows[0]), body)
    for row in rows:
        body.append(row)  # moves the row, its tail text included


def looks_like_json(text: str) -> bool:
    """Legado's test: the trimmed text is bracketed like a JSON object or array."""
    stripped = text.strip()
    return (stripped.startswith("{") and stripped.endswith("}")) or (
        stripped.startswith("[") and stripped.endswith("]")
    )


# A link that is a file name only: no scheme, no slash, no query or fragment, not a dot
# segment. Resolved against a page, it is the page's directory followed by the name.
_FILE_NAME = re.compile(r"[^/\\:;?#.\s\x00-\x1f\x7f][^/\\:;?#\x00-\x1f\x7f]*")
# An http(s) address urljoin gives back unchanged: a host, no parameters, no white space or
# control characters (and, checked apart, no empty query or fragment).
_PLAIN_ABSOLUTE = re.compile(r"https?://[^/?#\s;\x00-\x1f\x7f][^\s;\x00-\x1f\x7f]*")


@functools.lru_cache(maxsize=64)
def _directory_of(base: str) -> str:
    """``base`` up to the last slash of its path ("" if it is not an absolute address)."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return ""
    if not parts.scheme or not parts.netloc:
        return ""
    path = parts.path or "/"
    return f"{parts.scheme}://{parts.netloc}{path[: path.rfind('/') + 1]}"


def absolute_url(base: str, link: str) -> str:
    """``link`` resolved against the page URL, as Legado's NetworkUtils does."""
    link = link.strip()
    if not link:
        return ""
    lowered = link[:11].lower()
    if lowered.startswith("javascript"):
        return ""
    if lowered.startswith("data:") or not base:
        return link
    if _FILE_NAME.fullmatch(link) and (directory := _directory_of(base)):
        return directory + link  # what urljoin gives, for a catalog's hundreds of such links
    if _PLAIN_ABSOLUTE.fullmatch(link) and "?#" not in link and link[-1] not in "?#":
        return link  # (a link resolved once already is resolved again by the next step)
    try:
        return urljoin(base, link)
    except ValueError:  # malformed (e.g. a bad IPv6 literal): keep it as the site wrote it
        return link


class Document:
    """A page's text and final URL; its HTML tree or JSON value, each built on first use.

    Plain lazy attributes, not ``functools.cached_property``: before Python 3.12 that takes
    one lock for every instance of the class, so worker threads parsing different pages
    would queue behind each other (and behind libxml2 parsing with the GIL released).
    A document is read by one thread at a time.
    """

    def __init__(self, text: str, url: str) -> None:
        self.text = text.removeprefix("\ufeff")
        self.url = url
        self._json: Any = _UNSET
        self._is_json: bool | None = None
        self._html_root: etree._Element | None = None

    @property
    def json_value(self) -> Any:
        """The parsed JSON, or a ``ValueError`` when the page is not JSON."""
        if self._json is _UNSET:
            self._json = json.loads(self.text, strict=False)
        return self._json

    @property
    def is_json(self) -> bool:
        if self._is_json is None:
            self._is_json = looks_like_json(self.text) and self._parses_as_json()
        return self._is_json

    def _parses_as_json(self) -> bool:
        try:
            self.json_value  # noqa: B018 - parse once; the value is kept
        except ValueError:
            return False
        return True

    @property
    def html_root(self) -> etree._Element:
        if self._html_root is None:
            self._html_root = parse_html(self.text)
        return self._html_root


_UNSET = object()
