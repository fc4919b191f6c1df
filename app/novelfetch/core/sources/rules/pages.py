"""Fetching a site's page and reading it as a browser would: charset, final URL, anti-bot walls.

Reading the bytes (charset, walls) is ``page_text.py``'s, which worker processes import
without the networking here; its names are re-exported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp

from novelfetch.core.errors import PermanentFetchError
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.net.http import HttpSettings, fetch_bytes
from novelfetch.core.sources.rules.data_urls import data_url_body, is_data_url
from novelfetch.core.sources.rules.page_text import (
    Page,
    RawPage,
    check_not_blocked,
    check_page_budget,
    decode_page,
    normalise_charset,
    read_page,
)

if TYPE_CHECKING:
    from novelfetch.core.sources.rules.urls import RequestSpec

__all__ = [
    "Page",
    "RawPage",
    "check_not_blocked",
    "check_page_budget",
    "decode_page",
    "fetch_page",
    "fetch_raw",
    "normalise_charset",
    "read_page",
]


async def fetch_raw(
    session: aiohttp.ClientSession,
    spec: RequestSpec,
    settings: HttpSettings,
    cookies: SiteCookies | None = None,
) -> RawPage:
    """Fetch what ``spec`` asks for (method, url, body, headers), unread. ``cookies``: the
    source's own, which go only to its own site (see ``net/cookies.py``)."""
    method = spec.method.upper()
    if is_data_url(spec.url):  # the rule wrote the page itself: no network (data_urls.py)
        try:
            body = data_url_body(spec.url, settings.max_body_bytes)
        except ValueError as error:
            raise PermanentFetchError(str(error)) from None
        return RawPage(spec.url, body, "text/plain; charset=us-ascii")
    if not spec.url.lower().startswith(("http://", "https://")):
        raise PermanentFetchError(f"not a web address: {spec.url[:200]!r}")
    headers = dict(spec.headers)
    named = {key.lower() for key in headers}
    if spec.body is not None and method == "POST" and "content-type" not in named:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    answer = await fetch_bytes(
        session,
        spec.url,
        method=method,
        data=spec.body,
        headers=headers,
        settings=settings,
        cookies=cookies,
    )
    return RawPage(
        answer.url, answer.body, answer.content_type, answer.set_cookies, answer.status,
        answer.headers,
    )  # fmt: skip


async def fetch_page(
    session: aiohttp.ClientSession,
    spec: RequestSpec,
    settings: HttpSettings,
    cookies: SiteCookies | None = None,
) -> Page:
    """Fetch what ``spec`` asks for and read it as text."""
    return read_page(await fetch_raw(session, spec, settings, cookies))
