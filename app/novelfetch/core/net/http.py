"""The one HTTP path every source uses: a configured session and a single JSON GET.

One attempt per call; retrying is the caller's business (see ``retry.py``). Every failure
comes out as a typed ``FetchError`` with a message fit for a user.
"""

from __future__ import annotations

import asyncio
import json
import re
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

from novelfetch.core.budgets import MAX_PAGE_BYTES, REQUEST_DEADLINE
from novelfetch.core.errors import (
    BudgetExceededError,
    CertificateError,
    MalformedResponseError,
    NetworkError,
    PermanentFetchError,
    RefusedAddressError,
    TransientFetchError,
)
from novelfetch.core.net.cookies import SiteCookies, with_own_cookie
from novelfetch.core.net.failures import describe_certificate, describe_failure, without_password
from novelfetch.core.net.policy import (
    LocalAddressRefused,
    NetworkPolicy,
    PolicyConnector,
    policy_of,
    refused_reason,
)
from novelfetch.core.net.walls import blocked, wall_marker
from novelfetch.core.text.cleaning import terminal_safe

BROWSER_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """How requests are made. Timeouts are split so a slow body is not a slow connect."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    user_agent: str = BROWSER_USER_AGENT
    proxy: str | None = None
    # Honour HTTP(S)_PROXY / NO_PROXY from the environment (the "system proxy"); see proxy_for.
    trust_env: bool = True
    max_body_bytes: int = MAX_PAGE_BYTES
    max_redirects: int = 5
    # False: a redirect is the answer (its status, its Location), not followed; Legado's
    # java.get/post/head (jsoup, followRedirects(false)) give it so to a script.
    follow_redirects: bool = True
    # True: an error status (4xx, 5xx; an anti-bot wall still raises) is an answer like any,
    # as OkHttp gives it to Legado's java.ajax/connect.
    error_answers: bool = False
    # The whole request, first byte to last: read_timeout is only the gap between bytes.
    request_deadline: float = REQUEST_DEADLINE


def open_session(
    settings: HttpSettings,
    connection_limit: int,
    per_host: int = 0,
    *,
    policy: NetworkPolicy | None = None,
) -> aiohttp.ClientSession:
    """The job's single shared session. TLS verification is aiohttp's default: always on.

    ``per_host`` caps the connections to one host (0: only ``connection_limit``). ``policy``:
    where its connections may go (a rule source's; see ``policy.py``). A session with a policy
    serves that one source only. None: anywhere (built-in sources, the user's own imports).
    """
    timeout = aiohttp.ClientTimeout(
        total=None, sock_connect=settings.connect_timeout, sock_read=settings.read_timeout
    )
    limits = {"limit": max(1, connection_limit), "limit_per_host": per_host}
    connector = (
        aiohttp.TCPConnector(**limits) if policy is None else PolicyConnector(policy, **limits)
    )
    return aiohttp.ClientSession(
        timeout=timeout,
        connector=connector,
        headers={"User-Agent": settings.user_agent},
        # Never aiohttp's trust_env: it looks the proxy and ~/.netrc up in a worker thread on
        # every request, two thread hand-offs per chapter that halved throughput (measured by
        # benchmarks/). proxy_for looks the system proxy up once per host instead.
        trust_env=False,
        cookie_jar=aiohttp.DummyCookieJar(),  # sent per request by the source that owns them
    )


ProxyChoice = tuple[str | None, aiohttp.BasicAuth | None]
# Per session, so each job sees the proxy settings current when it started.
_system_proxies: weakref.WeakKeyDictionary[
    aiohttp.ClientSession, dict[tuple[str, str], ProxyChoice]
] = weakref.WeakKeyDictionary()


def _system_proxy(url: URL) -> ProxyChoice:
    try:
        proxy, auth = get_env_proxy_for_url(url)
    except LookupError:  # no proxy for this scheme, or NO_PROXY covers the host
        return None, None
    return str(proxy), auth


async def proxy_for(
    session: aiohttp.ClientSession, url: str, settings: HttpSettings
) -> ProxyChoice:
    """The proxy for ``url`` and its credentials: the configured one, else the system one.

    The system proxy (environment, and the registry or system settings where ``urllib`` reads
    them) is looked up once per session and host, in a thread since it may block.
    """
    if settings.proxy:
        return settings.proxy, None
    if not settings.trust_env:
        return None, None
    target = URL(url)
    key = (target.scheme, target.host or "")
    known = _system_proxies.setdefault(session, {})
    if key not in known:
        known[key] = await asyncio.to_thread(_system_proxy, target)
    return known[key]


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


async def read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The whole body, or ``PermanentFetchError`` as soon as it grows past ``limit`` bytes."""
    if response.content_length is not None and response.content_length > limit:
        raise PermanentFetchError(
            f"response too large ({response.content_length:,} bytes, limit {limit:,})"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise PermanentFetchError(f"response too large (over {limit:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_json(body: bytes) -> Any:
    """Decode a JSON body, naming what came instead (an HTML page means a block or captcha)."""
    head = body.lstrip()[:64].lower()
    if head.startswith((b"<!doctype", b"<html", b"<")):
        raise MalformedResponseError("got a web page instead of data (blocked, or a captcha?)")
    if not head:
        raise MalformedResponseError("got an empty answer")
    try:
        # Invalid UTF-8 becomes U+FFFD rather than failing the chapter; lone surrogates from
        # bad "\ud800" escapes pass through json and are dropped by text cleaning.
        return json.loads(body.decode("utf-8", errors="replace"))
    except ValueError as error:
        raise MalformedResponseError(f"got broken data ({error.msg})") from None


async def get_json(
    session: aiohttp.ClientSession,
    url: str,
    *,
    params: dict[str, str],
    headers: dict[str, str],
    settings: HttpSettings,
) -> Any:
    """One GET returning parsed JSON, or a typed ``FetchError``."""
    answer = await fetch_bytes(session, url, params=params, headers=headers, settings=settings)
    return decode_json(answer.body)


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful answer: its body, final address, content type and ``Set-Cookie`` lines."""

    body: bytes
    url: str
    content_type: str
    set_cookies: tuple[str, ...] = ()
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()  # every header of the answer, as sent


async def fetch_bytes(
    session: aiohttp.ClientSession,
    url: str,
    *,
    method: str = "GET",
    params: dict[str, str] | None = None,
    data: bytes | None = None,
    headers: dict[str, str],
    settings: HttpSettings,
    cookies: SiteCookies | None = None,
) -> Answer:
    """One request (size-capped) following redirects, or a typed ``FetchError``.

    ``cookies``: the source's own cookies, sent on each hop only if it goes to the source's
    own site (merged under a Cookie ``headers`` name, whose pairs win, as Legado merges its
    cookie store with a rule's Cookie header), and fed what that site sets.

    Redirects are followed here, not by aiohttp, so that the source's cookie never follows one
    to another origin whatever the aiohttp version: aiohttp only began dropping an explicit
    Cookie header on cross-origin redirects in 2026 (aio-libs/aiohttp#12146 and #12550), and
    the versions this project allows include older ones that forward it. A 301-303 turns a
    POST into a GET, as browsers do.
    """
    bad = next((k for k, v in headers.items() if _HEADER_BREAK.search(f"{k}{v}")), None)
    if bad is not None:
        raise PermanentFetchError(f"the request header {bad[:60]!r} holds a line break")
    try:
        async with asyncio.timeout(settings.request_deadline):
            return await _fetch_following_redirects(
                session, url, method, params, data, headers, settings, cookies
            )
    except TimeoutError:
        # Not retried: the answer was coming, only too slowly, and would again.
        raise BudgetExceededError(
            f"no complete answer within {settings.request_deadline:g} s (the limit for one request)"
        ) from None


_HEADER_BREAK = re.compile("[\r\n\x00]")


async def _fetch_following_redirects(
    session: aiohttp.ClientSession,
    url: str,
    method: str,
    params: dict[str, str] | None,
    data: bytes | None,
    headers: dict[str, str],
    settings: HttpSettings,
    cookies: SiteCookies | None,
) -> Answer:
    target: str | URL = url
    query: dict[str, str] | None = params
    sent = dict(headers)
    policy = policy_of(session)
    try:
        for _ in range(settings.max_redirects + 1):
            if policy is not None:
                policy.check_site(URL(target))
            proxy, proxy_auth = await proxy_for(session, str(target), settings)
            if policy is not None and proxy:
                policy.trust_proxy(proxy)
                policy.check_proxied(URL(target))
            elif policy is not None:
                policy.check_direct(URL(target))
            hop = with_own_cookie(sent, cookies.header_for(URL(target)) if cookies else "")
            async with session.request(
                method,
                target,
                params=query,
                data=data,
                headers=hop,
                proxy=proxy,
                proxy_auth=proxy_auth,
                allow_redirects=False,
            ) as response:
                set_cookies = tuple(response.headers.getall("Set-Cookie", ()))
                if cookies is not None:
                    cookies.take(response.url, set_cookies)
                redirect = _redirect_target(response) if settings.follow_redirects else None
                if redirect is None:
                    body = await _read_answer(response, settings)
                    kind = response.headers.get("Content-Type", "")
                    facts = (response.status, tuple(response.headers.items()))
                    return Answer(body, str(response.url), kind, set_cookies, *facts)
                if response.status in (301, 302, 303) and method != "GET":
                    method, data = "GET", None
            if redirect.origin() != response.url.origin():
                sent = {k: v for k, v in sent.items() if k.lower() not in _ORIGIN_BOUND_HEADERS}
            target, query = redirect, None
        raise PermanentFetchError("too many redirects")
    except aiohttp.InvalidURL as error:
        # The bad address may be the proxy's, with a password in it.
        raise PermanentFetchError(f"invalid address {without_password(error.url)}") from None
    except aiohttp.ClientConnectorCertificateError as error:
        raise CertificateError(describe_certificate(error)) from None
    except LocalAddressRefused as error:  # a proxied request, checked before it was sent
        raise RefusedAddressError(str(error)) from None
    except (TimeoutError, aiohttp.ClientError) as error:
        refused = refused_reason(error)
        if refused:
            raise RefusedAddressError(refused) from None
        raise NetworkError(describe_failure(error)) from None


async def _read_answer(response: aiohttp.ClientResponse, settings: HttpSettings) -> bytes:
    status = response.status
    if status in _WALL_STATUSES:
        await _refuse_walls(response)
    if settings.error_answers:
        return await read_capped(response, settings.max_body_bytes)
    if status == 429 or status == 408 or status >= 500:
        raise TransientFetchError(
            f"HTTP {status} {_reason(response)}".strip(),
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            status=status,
        )
    if status >= 400:
        raise PermanentFetchError(f"HTTP {status} {_reason(response)}".strip(), status=status)
    return await read_capped(response, settings.max_body_bytes)


def _reason(response: aiohttp.ClientResponse) -> str:
    """The reason phrase, shortened and made safe to print (a server chooses it freely)."""
    return terminal_safe(response.reason or "")[:100]


_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# The statuses anti-bot walls answer with; their pages are short, so reading one costs little.
_WALL_STATUSES = frozenset({403, 429, 503})
_WALL_PAGE_MAX_BYTES = 64 * 1024


async def _refuse_walls(response: aiohttp.ClientResponse) -> None:
    """Raise ``BlockedError`` if an error answer is an anti-bot check rather than an outage."""
    where = str(response.url)
    if response.headers.get("cf-mitigated", "").lower() == "challenge":
        raise blocked(where, "cf-mitigated: challenge")
    if "html" not in response.headers.get("Content-Type", "").lower():
        return
    try:
        body = await read_capped(response, _WALL_PAGE_MAX_BYTES)
    except PermanentFetchError:
        return  # too long to be a wall
    marker = wall_marker(body.decode("utf-8", errors="replace"))
    if marker:
        raise blocked(where, marker)


# Credentials meant for one origin: dropped when a redirect leads to another.
_ORIGIN_BOUND_HEADERS = frozenset({"cookie", "authorization"})


def _redirect_target(response: aiohttp.ClientResponse) -> URL | None:
    """The absolute address a redirect points to, or None if the answer is no redirect."""
    location = response.headers.get("Location")
    if response.status not in _REDIRECT_STATUSES or not location:
        return None
    try:
        target = response.url.join(URL(location))
    except ValueError:
        raise PermanentFetchError("redirected to an invalid address") from None
    if target.scheme not in ("http", "https") or not target.host:
        raise PermanentFetchError(f"redirected to a non-web address ({target.scheme}:)")
    return target
