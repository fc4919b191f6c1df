"""Faults the sample server can be told to answer with (errors, resets, truncation, walls),
and the counters of what it served."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from aiohttp import web

FAULT_KINDS = (
    "500",  # also "502", "503": any 5xx status given as digits
    "429",  # Retry-After in seconds
    "429-date",  # Retry-After as an HTTP date
    "reset",  # the connection is dropped without an answer
    "hang",  # no answer until well past any read timeout
    "truncated",  # half the JSON body
    "html",  # an HTML page with status 200, as an anti-bot wall would
    "empty",  # content field present but empty
    "missing",  # content field absent
    "redirect-loop",
    "redirect-away",  # a redirect to the same path at FaultPlan.redirect_to (another origin)
    "huge",  # a 50 MB body
)


RANDOM_FAULT_KINDS = ("500", "503", "429", "reset", "truncated", "html", "missing")


@dataclass
class FaultPlan:
    """Which requests fail, and how.

    ``scripted`` maps a chapter ID (or ``"getDetail"``/``"getCatalog"``) to the faults its
    successive requests get; once the list is used up the requests succeed. Cover requests
    are keyed ``"cover:<book ID>"``. ``rate`` adds random faults drawn from ``kinds`` to any
    chapter request, reproducibly from ``seed``; ``max_random_per_key`` bounds how many one
    chapter gets, so a client that retries at least that often must always finish.
    """

    scripted: dict[str, list[str]] = field(default_factory=dict)
    rate: float = 0.0
    kinds: tuple[str, ...] = RANDOM_FAULT_KINDS
    seed: int = 0
    retry_after: int = 1
    hang_seconds: float = 3600.0
    max_random_per_key: int | None = None
    redirect_to: str = ""

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._used: Counter[str] = Counter()
        self._random_used: Counter[str] = Counter()

    def next_fault(self, key: str) -> str | None:
        planned = self.scripted.get(key)
        if planned is not None and self._used[key] < len(planned):
            self._used[key] += 1
            return planned[self._used[key] - 1]
        bound = self.max_random_per_key
        if (
            self.rate
            and key not in ("getDetail", "getCatalog")
            and not key.startswith("cover:")
            and (bound is None or self._random_used[key] < bound)
            and self._random.random() < self.rate
        ):
            self._random_used[key] += 1
            return self._random.choice(self.kinds)
        return None


@dataclass
class ServerStats:
    """What the server saw, for tests that measure the client from the outside."""

    requests: Counter[str] = field(default_factory=Counter)
    chapter_requests: Counter[str] = field(default_factory=Counter)
    site_pages: Counter[str] = field(default_factory=Counter)  # HTML site: requests per path
    faults: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    user_agents: set[str] = field(default_factory=set)
    referers: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    cover_requests: int = 0
    cover_cookies: list[str] = field(default_factory=list)
    # Authorization / Proxy-Authorization values that reached this server (any route).
    credentials: list[str] = field(default_factory=list)
    # Requests refused for the hidden capacity (429) or rate cap (503), and when every API
    # request arrived (time.monotonic), for tests of pacing.
    refused: int = 0
    arrivals: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


def json_response(payload: dict[str, Any], status: int = 200) -> web.Response:
    try:
        body = json.dumps(payload, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        # Text with lone surrogates goes out as "\ud800" escapes, as some real APIs send it.
        body = json.dumps(payload).encode()
    # The real site has not always said application/json; neither do we.
    return web.Response(body=body, status=status, content_type="text/plain", charset="utf-8")


async def respond(
    request: web.Request, payload: dict[str, Any], fault: str | None, plan: FaultPlan
) -> web.StreamResponse:
    if fault is None:
        return json_response(payload)
    if fault == "429":
        return web.Response(status=429, headers={"Retry-After": str(plan.retry_after)})
    if fault.isdigit():
        return web.Response(status=int(fault), text="server error")
    if fault == "429-date":
        when = formatdate(time.time() + plan.retry_after, usegmt=True)
        return web.Response(status=429, headers={"Retry-After": when})
    if fault == "reset":
        if request.transport:
            request.transport.abort()
        raise asyncio.CancelledError  # nothing more to say on a dropped connection
    if fault == "hang":
        await asyncio.sleep(plan.hang_seconds)
        return json_response(payload)
    if fault == "truncated":
        body = json.dumps(payload, ensure_ascii=False).encode()
        return web.Response(body=body[: len(body) // 2], content_type="text/plain")
    if fault == "html":
        page = "<!DOCTYPE html><html><body>请输入验证码</body></html>"
        return web.Response(text=page, content_type="text/html")
    if fault in ("empty", "missing"):
        novel = payload.get("data", {}).get("novel", {})
        if fault == "empty":
            novel["content"] = ""
        else:
            novel.pop("content", None)
        return json_response(payload)
    if fault == "redirect-loop":
        raise web.HTTPFound(location=str(request.rel_url))
    if fault == "redirect-away":
        raise web.HTTPFound(location=plan.redirect_to.rstrip("/") + str(request.rel_url))
    if fault == "huge":
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        block = b" " * (1024 * 1024)
        try:
            for _ in range(50):
                await response.write(block)
            await response.write_eof()
        except ConnectionError:
            pass  # the client stopped reading at its size cap, as it should
        return response
    raise ValueError(f"unknown fault kind {fault!r}")
