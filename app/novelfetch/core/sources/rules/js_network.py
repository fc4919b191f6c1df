"""The seam between scripts and the app's network: java.ajax & co. as the flow's requests.

A script runs in a rule worker (or, for a URL rule's script, a parsing thread); its
requests come back to this process as host calls (``host_calls``), are built like any URL
rule, then handed to the event loop that owns the job's session, so they pass the same
path as every page: the session's connector (with its network policy), the source's headers
and cookie, size caps, anti-bot wall detection. The job's politeness gate is held around the
whole adapter call that runs the script, as for the pages it fetches.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from novelfetch.core.budgets import MAX_SCRIPT_REQUESTS_PER_PAGE, SCRIPT_REQUESTS_SECONDS_PER_PAGE
from novelfetch.core.errors import BudgetExceededError
from novelfetch.core.models import Chapter
from novelfetch.core.net import slot
from novelfetch.core.net.cookies import SiteCookies, set_cookie_pairs
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.analyze import RuleContext
from novelfetch.core.sources.rules.extract import scripted_request
from novelfetch.core.sources.rules.js.host import Fetch, HttpAnswer
from novelfetch.core.sources.rules.js_rules import (
    ScriptContext,
    source_facts,
    url_needs_scripts,
)
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.pages import RawPage, fetch_raw, read_page
from novelfetch.core.sources.rules.urls import RequestSpec, build_request

#: How long a script waits for one answer before giving up (the sandbox's wall clock also
#: bounds the evaluation as a whole).
SCRIPT_REQUEST_SECONDS = 60.0


_BOOK_FACTS = {"name": "name", "author": "author", "intro": "intro", "tocUrl": "toc_url",
               "coverUrl": "cover_url", "kind": "kind"}  # fmt: skip


def source_scripts(rule: RuleSource) -> ScriptContext:
    """What the scripts of one source share (its variable, cache, cookies): no other source."""
    return ScriptContext(source=source_facts(rule), library=rule.script_library)


async def request_for(
    url_rule: str,
    base: str,
    context: RuleContext,
    rule: RuleSource,
    in_worker: Callable[[str, str, RuleContext], Awaitable[RequestSpec]],
) -> RequestSpec:
    """The request for a URL rule; one whose scripts run (and may fetch) is built
    ``in_worker`` (``extract.url_request`` in a worker process), off the event loop."""
    if url_needs_scripts(url_rule):
        return await in_worker(url_rule, base, context)
    if "cookie.removeCookie(" in url_rule and context.scripts.cookies is not None:
        # ``{{cookie.removeCookie(source.getKey())}}``, a template that gives nothing, clears
        # what the site and scripts set before this request, as in Legado (not the user's).
        context.scripts.cookies.forget(rule.url)
    return scripted_request(url_rule, base, context, rule)  # no script runs: build_request's


def bind_scripts(
    scripts: ScriptContext,
    context: RuleContext,
    session: aiohttp.ClientSession,
    settings: SourceSettings,
    rule: RuleSource,
    cookies: SiteCookies | None = None,
) -> None:
    """Give ``context`` the source's scripts, with a fetch through ``session`` (made on the
    first request: it needs the running loop) sending ``cookies`` only to the source's site;
    the scripts' ``cookie`` object reads and writes that same jar."""
    if scripts.fetch is None:
        loop = asyncio.get_running_loop()
        scripts.fetch = thread_fetch(session, settings, rule, loop, cookies)
        scripts.cookies = cookies
    if context.scripts.state is not scripts.state:
        context.scripts = scripts
    context.scripts.fetch = scripts.fetch
    context.scripts.cookies = scripts.cookies


def host_calls(
    scripts: ScriptContext, place: slot.Slot | None = None
) -> dict[str, Callable[..., Any]]:
    """What a worker reading this source's pages may ask of this process while its scripts
    run (``child.ask_parent``), by name: the allow-list. A request through the job's session
    (bound by ``bind_scripts``: its network policy, the source's cookies, size caps and wall
    detection, within ``SCRIPT_REQUEST_SECONDS``), made holding ``place`` at the source's gate
    (the page's own, given back while the page is read), and the scripts' ``cookie`` calls on
    the jar those requests send (``extract.HostCookies``)."""
    fetch = scripts.fetch
    if fetch is None:
        raise RuntimeError("bind_scripts first: the fetch needs the job's loop")
    budget = _RequestBudget()

    def fetch_in_place(*args: Any) -> HttpAnswer:
        budget.spend()
        return fetch(*args, place=place) if place else fetch(*args)  # type: ignore[call-arg]

    calls: dict[str, Callable[..., Any]] = {"fetch": fetch_in_place}
    jar = scripts.cookies
    if jar is not None:
        calls["cookie.read"] = jar.read
        calls["cookie.write"] = lambda url, cookie, merge: jar.write(url, cookie, merge=merge)
        calls["cookie.forget"] = jar.forget
    return calls


class _RequestBudget:
    """What one page's scripts may still fetch (``budgets.py``), kept in this process: the
    worker asks once per address, so no way of splitting the work goes around it."""

    def __init__(self) -> None:
        self.left = MAX_SCRIPT_REQUESTS_PER_PAGE
        self.until: float | None = None  # set by the first request
        self._lock = threading.Lock()  # host calls are answered in threads

    def spend(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self.until is None:
                self.until = now + SCRIPT_REQUESTS_SECONDS_PER_PAGE
            if self.left <= 0:
                raise BudgetExceededError(
                    f"the scripts of one page may make {MAX_SCRIPT_REQUESTS_PER_PAGE} requests"
                )
            if now > self.until:
                raise BudgetExceededError(
                    f"the scripts of one page may fetch for {SCRIPT_REQUESTS_SECONDS_PER_PAGE:g} s"
                )
            self.left -= 1


def for_book(scripts: ScriptContext, book_url: str, facts: dict[str, str]) -> ScriptContext:
    """The source's script context, with ``book`` telling what is known of one book."""
    book = {key: facts.get(name, "") for key, name in _BOOK_FACTS.items()}
    book["bookUrl"] = book_url
    # Legado's Book.origin is its source's URL (scripts build addresses with it)
    book["origin"] = scripts.source.get("bookSourceUrl", "")
    book["originName"] = scripts.source.get("bookSourceName", "")
    return dataclasses.replace(scripts, book=book)


def for_chapter(context: RuleContext, chapter: Chapter, chapter_count: int = 0) -> RuleContext:
    """``context`` for one chapter: what templates (``{{title}}``, ``{{chapter.url}}``) and
    scripts (``chapter``; Legado's index is 0-based) read of it, and the book's number of
    chapters when its catalog is known (``book.totalChapterNum``: comic sources count the
    chapters from the end with it)."""
    names = {"title": chapter.title, "chapter.title": chapter.title}
    context.names.update(names, **{"chapter.url": chapter.chapter_id})
    facts = {"title": chapter.title, "url": chapter.chapter_id, "index": chapter.index - 1}
    book = context.scripts.book
    if chapter_count:
        book = {**book, "totalChapterNum": chapter_count}
    context.scripts = dataclasses.replace(context.scripts, chapter=facts, book=book)
    return context


def thread_fetch(
    session: aiohttp.ClientSession,
    settings: SourceSettings,
    rule: RuleSource,
    loop: asyncio.AbstractEventLoop,
    cookies: SiteCookies | None = None,
) -> Fetch:
    """A ``Fetch`` for scripts running in a thread: the request runs on ``loop``."""

    async def gated(spec: RequestSpec, place: slot.Slot | None, jsoup: bool) -> RawPage:
        # Legado's two clients: OkHttp (ajax, connect) follows redirects and answers an error
        # status with its page; jsoup (get, post, head) does neither.
        http = dataclasses.replace(
            settings.http, follow_redirects=not jsoup, error_answers=not jsoup
        )
        async with slot.borrowed(place):
            return await fetch_raw(session, spec, http, cookies)

    def fetch(
        method: str,
        url_rule: str,
        headers: dict[str, str],
        body: str | None,
        jsoup: bool = False,
        binary: bool = False,
        place: slot.Slot | None = None,
    ) -> HttpAnswer:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:  # waiting here for the loop would wait for ourselves
            raise RuntimeError("a script may not fetch from the event loop's thread")
        spec = build_request(url_rule, rule.url, headers={**rule.headers, **headers})
        if method.upper() in ("POST", "HEAD") or body is not None:
            spec = dataclasses.replace(
                spec,
                method=method.upper() if method.upper() != "GET" else "POST",
                body=body.encode(spec.charset or "utf-8") if body is not None else spec.body,
            )
        future = asyncio.run_coroutine_threadsafe(gated(spec, place, jsoup), loop)
        try:
            raw = future.result(timeout=SCRIPT_REQUEST_SECONDS)
        except TimeoutError:
            future.cancel()  # nobody waits for it any more
            raise TimeoutError(
                f"no answer from {spec.url} within {SCRIPT_REQUEST_SECONDS:g} s"
            ) from None
        cookies_set = set_cookie_pairs(raw.set_cookies)
        answer_headers = {name.lower(): value for name, value in raw.headers}
        answer_headers["content-type"] = raw.content_type
        if binary:  # bytes the script reads as such (an archive): not a page to decode
            return HttpAnswer(raw.url, raw.status, answer_headers, "", cookies_set, raw.body)
        page = read_page(raw)
        return HttpAnswer(page.url, raw.status, answer_headers, page.text, cookies_set)

    return fetch
