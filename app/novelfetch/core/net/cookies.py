"""A source's cookies and the one rule for where they go: only to the source's own site.

A cookie is the user's login at one site. It belongs to one source and is sent only to that
source's own site (the host of its address and its subdomains; a leading ``www.`` is not part of
the site), never to a host a page links to, a redirect leads to, or a cover lives on. The check is
made for every request and every redirect hop (``http.fetch_bytes`` asks ``header_for``).

A rule that asks for a cookie jar (Legado ``enabledCookieJar``) also keeps what its own site sets
(``Set-Cookie``) and sends it back, under the same rule; the jar is kept with the source across
runs (``SourceCookieStore``). Cookies a site sets are kept by name for the whole site: path and
domain attributes narrower than that are not honoured, expiry is.

The source's scripts (Legado's ``cookie`` object) read and write this same jar, by URL and
under the same rule: a script reads only what would be sent to its own site (the user's
cookie, what the site set, what scripts set) and what it sets is sent to that site only.
The user's cookie is never changed by a script.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie

from yarl import URL

from novelfetch.core.net.redaction import register_secrets

# A hostile site must not grow the jar (and the file it is kept in) without bound.
JAR_MAX_COOKIES = 50
COOKIE_MAX_BYTES = 4096

JarDocument = dict[str, dict[str, object]]


def site_of(address: str) -> str:
    """The site a source's address names: its host, without a leading ``www.``."""
    try:
        host = (URL(address.strip()).host or "").rstrip(".").lower()
    except ValueError:
        return ""
    bare = host.removeprefix("www.")
    return bare if "." in bare else host


def on_site(url: URL, site: str) -> bool:
    """Whether ``url``'s host is ``site`` (``site_of``'s answer) or one of its subdomains."""
    host = (url.host or "").rstrip(".").lower()
    return bool(site) and (host == site or host.endswith("." + site))


def parse_cookie_header(text: str) -> dict[str, str]:
    """``k=v; k2=v2`` as pairs, in order; pieces without a name are dropped."""
    pairs: dict[str, str] = {}
    for piece in text.split(";"):
        name, equals, value = piece.strip().partition("=")
        if name.strip() and equals:
            pairs[name.strip()] = value.strip()
    return pairs


def set_cookie_pairs(lines: Iterable[str]) -> dict[str, str]:
    """The names and values ``Set-Cookie`` lines set (what a script's ``.cookies()`` gives)."""
    pairs: dict[str, str] = {}
    for line in lines:
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(line)
        except CookieError:
            continue
        pairs.update((name, morsel.value) for name, morsel in parsed.items())
    return pairs


def with_own_cookie(headers: Mapping[str, str], own: str) -> dict[str, str]:
    """``headers`` with the source's own cookie (``own``, for this hop) merged under the Cookie
    they name, whose pairs win (Legado's order); a piece without ``=`` is dropped, as there."""
    sent = dict(headers)
    if not own:
        return sent
    name = next((key for key in sent if key.lower() == "cookie"), "Cookie")
    pairs = {**parse_cookie_header(own), **parse_cookie_header(sent.get(name, ""))}
    sent[name] = "; ".join(f"{key}={value}" for key, value in pairs.items())
    return sent


def check_cookie_header(text: str) -> str:
    """The cookie as a header value, or ``ValueError`` saying what is wrong with it."""
    text = text.strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError("a cookie is one line without control characters")
    if len(text.encode("utf-8")) > 16 * COOKIE_MAX_BYTES:
        raise ValueError("that cookie is too long")
    if text and not parse_cookie_header(text):
        raise ValueError("a cookie looks like name=value; name2=value2")
    return text


@dataclass(slots=True)
class _Kept:
    value: str
    expires: float | None  # epoch seconds; None: until the site says otherwise


@dataclass(slots=True)
class SiteCookies:
    """One source's cookies for one job: the user's, and (``jar`` on) what its site set."""

    site: str
    saved: str = ""
    keeps_jar: bool = False
    _jar: dict[str, _Kept] = field(default_factory=dict)
    changed: bool = False
    #: Called with the jar's document when the job ends and the jar changed.
    on_close: Callable[[JarDocument], None] | None = None
    # Scripts write through host calls, answered in threads of their own (workers/host_calls.py),
    # while the event loop reads for its requests.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def for_source(
        cls,
        address: str,
        saved: str = "",
        *,
        jar: Mapping[str, Mapping[str, object]] | None = None,
    ) -> SiteCookies:
        """``jar`` is the kept jar (None: the rule keeps none)."""
        cookies = cls(site_of(address), saved.strip(), keeps_jar=jar is not None)
        for name, kept in (jar or {}).items():
            value, expires = kept.get("value"), kept.get("expires")
            if isinstance(value, str) and (expires is None or isinstance(expires, int | float)):
                cookies._jar[name] = _Kept(value, None if expires is None else float(expires))
        return cookies

    def belongs(self, url: URL) -> bool:
        """Whether ``url`` is on this source's own site."""
        return on_site(url, self.site)

    def header_for(self, url: URL) -> str:
        """The Cookie header for a request to ``url``: empty unless it is the source's site."""
        if not self.belongs(url):
            return ""
        pairs = parse_cookie_header(self.saved)
        now = time.time()
        with self._lock:
            for name, kept in self._jar.items():
                if kept.expires is None or kept.expires > now:
                    pairs[name] = kept.value  # what the site set last is fresher than the paste
        return "; ".join(f"{name}={value}" for name, value in pairs.items())

    def take(self, url: URL, set_cookies: Iterable[str]) -> None:
        """Keep what an answer from ``url`` set, if this source keeps a jar and it is its site."""
        if not self.keeps_jar or not self.belongs(url):
            return
        with self._lock:
            for line in set_cookies:
                self._take_one(line)

    # -- the source's scripts: Legado's cookie.getCookie / setCookie / removeCookie ---------

    def read(self, url: str) -> str:
        """What a request to ``url`` would carry: nothing unless it is this source's site."""
        own = _own_url(self, url)
        return "" if own is None else self.header_for(own)

    def write(self, url: str, cookie: str, *, merge: bool = False) -> bool:
        """A script's cookie for ``url``, sent to this site from now on (kept with the jar when
        the source keeps one). Without ``merge`` (``setCookie``) it replaces what the site and
        scripts set before (``replaceCookie`` merges); the user's cookie stays. False, and
        nothing kept, when ``url`` is not this source's site or the cookie is malformed."""
        if _own_url(self, url) is None:
            return False
        try:
            pairs = parse_cookie_header(check_cookie_header(cookie))
        except ValueError:
            return False
        with self._lock:
            if not merge and self._jar:
                self._jar.clear()
                self.changed = True
            for name, value in pairs.items():
                if len(name) + len(value) > COOKIE_MAX_BYTES:
                    continue
                if name not in self._jar and len(self._jar) >= JAR_MAX_COOKIES:
                    continue
                register_secrets([value])
                if self._jar.get(name) != (kept := _Kept(value, None)):
                    self._jar[name] = kept
                    self.changed = True
        return True

    def forget(self, url: str) -> None:
        """A script's ``removeCookie``: drop what the site and scripts set (not the user's)."""
        if _own_url(self, url) is not None:
            with self._lock:
                self.changed |= bool(self._jar)
                self._jar.clear()

    def _take_one(self, line: str) -> None:
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(line)
        except CookieError:
            return
        for name, morsel in parsed.items():
            if len(name) + len(morsel.value) > COOKIE_MAX_BYTES:
                continue
            expires = _expiry(morsel["max-age"], morsel["expires"])
            if expires is not None and expires <= time.time():
                self.changed |= self._jar.pop(name, None) is not None
                continue
            if name not in self._jar and len(self._jar) >= JAR_MAX_COOKIES:
                continue
            kept = _Kept(morsel.value, expires)
            register_secrets([morsel.value])  # a session a site hands out is a secret too
            if self._jar.get(name) != kept:
                self._jar[name] = kept
                self.changed = True

    def jar_document(self) -> JarDocument:
        now = time.time()
        with self._lock:
            return {
                name: {"value": kept.value, "expires": kept.expires}
                for name, kept in self._jar.items()
                if kept.expires is None or kept.expires > now
            }

    def values(self) -> list[str]:
        """Every cookie value this job may send: what logs must never show."""
        with self._lock:
            kept = [k.value for k in self._jar.values()]
        return [*parse_cookie_header(self.saved).values(), *kept]

    def close(self) -> None:
        """The job is over: hand a changed jar to whoever keeps it."""
        if self.changed and self.on_close is not None:
            self.on_close(self.jar_document())
            self.changed = False


def _own_url(cookies: SiteCookies, url: str) -> URL | None:
    """``url`` as a web address on the source's own site, else None."""
    try:
        parsed = URL(url.strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https") or not cookies.belongs(parsed):
        return None
    return parsed


def _expiry(max_age: str, expires: str) -> float | None:
    if max_age:
        try:
            return time.time() + int(max_age)
        except ValueError:
            pass
    if expires:
        try:
            return parsedate_to_datetime(expires).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
    return None
