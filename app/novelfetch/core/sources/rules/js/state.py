"""What a source's scripts keep between evaluations: ``ScriptState`` (never shared between
sources), its count against ``MAX_SCRIPT_STATE_CHARS``, and the cookie jars scripts see:
``CookieJar`` (the source's site, ``net.cookies.SiteCookies``) and ``MemoryCookies`` (values
under a tag that is no web address, which no request carries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from novelfetch.core.net.cookies import (
    COOKIE_MAX_BYTES,
    JAR_MAX_COOKIES,
    check_cookie_header,
    parse_cookie_header,
    site_of,
)


class CookieJar(Protocol):
    """The source's cookies as its scripts see them (Legado's ``cookie`` object), by URL.

    ``net.cookies.SiteCookies`` is the real one: what a script sets is sent with the source's
    next requests to that site, and only there; a URL off the source's site reads nothing and
    keeps nothing."""

    def read(self, url: str) -> str: ...
    def write(self, url: str, cookie: str, *, merge: bool = False) -> bool: ...
    def forget(self, url: str) -> None: ...


class MemoryCookies:
    """A jar that sends nothing anywhere: for scripts run without a network (dry runs), and
    for Legado's non-URL tags (``cookie.setCookie("token", …)``), which no request carries."""

    def __init__(self) -> None:
        self._by_tag: dict[str, dict[str, str]] = {}

    @staticmethod
    def _tag(url: str) -> str:
        return site_of(url) or url.strip()

    def read(self, url: str) -> str:
        pairs = self._by_tag.get(self._tag(url), {})
        return "; ".join(f"{name}={value}" for name, value in pairs.items())

    def write(self, url: str, cookie: str, *, merge: bool = False) -> bool:
        tag = self._tag(url)
        try:  # bounded as a site's jar is: a script must not grow it without end
            new = parse_cookie_header(check_cookie_header(cookie))
        except ValueError:
            return False
        if tag not in self._by_tag and len(self._by_tag) >= JAR_MAX_COOKIES:
            return False
        pairs = self._by_tag.setdefault(tag, {})
        if not merge:
            pairs.clear()
        fitting = [(k, v) for k, v in new.items() if len(k) + len(v) <= COOKIE_MAX_BYTES]
        pairs.update(fitting[: JAR_MAX_COOKIES - len(pairs)])
        return True

    def forget(self, url: str) -> None:
        self._by_tag.pop(self._tag(url), None)


@dataclass
class ScriptState:
    """State a source's scripts share across evaluations (never across sources)."""

    variables: dict[str, str] = field(default_factory=dict)  # java.put / java.get, @put/@get
    # source.setVariable: a dict, so per-evaluation copies of the state share it
    source: dict[str, str] = field(default_factory=dict)
    cache: dict[str, str] = field(default_factory=dict)
    # Cookies under a tag that is no web address; those of a site are the jar's (``JsHost``).
    tagged_cookies: MemoryCookies = field(default_factory=MemoryCookies)
    book_variables: dict[str, str] = field(default_factory=dict)
    chapter_variables: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def state_chars(state: ScriptState) -> int:
    """Characters of the keys and values ``state`` keeps (``MAX_SCRIPT_STATE_CHARS``)."""
    stores = (state.variables, state.source, state.cache)
    return sum(
        len(key) + len(value)
        for store in (*stores, state.book_variables, state.chapter_variables)
        for key, value in store.items()
    )
