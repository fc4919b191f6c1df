"""The one HTTP path every source uses: a configured session and a single JSON GET.

One attempt per call; retrying is the caller's business (see ``retry.py``). Every failure
comes out as a typed ``FetchError`` with a message fit for a user.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from .errors import (
    MalformedResponseError,
    NetworkError,
    PermanentFetchError,
    TransientFetchError,
)

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
    # Honour HTTP(S)_PROXY / NO_PROXY from the environment (the "system proxy").
    trust_env: bool = True
    max_body_bytes: int = 8 * 1024 * 1024
    max_redirects: int = 5


def open_session(settings: HttpSettings, connection_limit: int) -> aiohttp.ClientSession:
    """The job's single shared session. TLS verification is aiohttp's default: always on."""
    timeout = aiohttp.ClientTimeout(
        total=None, sock_connect=settings.connect_timeout, sock_read=settings.read_timeout
    )
    connector = aiohttp.TCPConnector(limit=max(1, connection_limit))
    return aiohttp.ClientSession(
        timeout=timeout,
        connector=connector,
        headers={"User-Agent": settings.user_agent},
        trust_env=settings.trust_env,
        # Cookies are sent explicitly per request by the source that owns them.
        cookie_jar=aiohttp.DummyCookieJar(),
    )


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


def _describe(error: BaseException) -> str:
    if isinstance(error, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return "timed out"
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect to {error.host}:{error.port} ({error.os_error.strerror or error})"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(error, aiohttp.ClientPayloadError):
        return "the answer was cut off"
    return str(error) or type(error).__name__


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
    try:
        async with session.get(
            url,
            params=params,
            headers=headers,
            proxy=settings.proxy or None,
            max_redirects=settings.max_redirects,
        ) as response:
            status = response.status
            if status == 429 or status == 408 or status >= 500:
                raise TransientFetchError(
                    f"HTTP {status} {response.reason or ''}".strip(),
                    retry_after=parse_retry_after(response.headers.get("Retry-After")),
                )
            if status >= 400:
                raise PermanentFetchError(f"HTTP {status} {response.reason or ''}".strip())
            body = await read_capped(response, settings.max_body_bytes)
    except aiohttp.TooManyRedirects:
        raise PermanentFetchError("too many redirects") from None
    except aiohttp.InvalidURL as error:
        raise PermanentFetchError(f"invalid address {error}") from None
    except (TimeoutError, aiohttp.ClientError) as error:
        raise NetworkError(_describe(error)) from None
    return decode_json(body)
