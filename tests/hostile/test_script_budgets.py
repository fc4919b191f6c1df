"""A rule's scripts spend budgets counted where they cannot be split away: in the app's process.

A script asks for requests from a worker process one host call at a time, and the worker's
own clock stops while one is answered. ``java.ajaxAll`` is one call of the sandbox however
many addresses it is given, so the sandbox's count of host calls and its wall clock never saw
what it made the app fetch: the budget of one page's script requests is kept here instead.
"""

from __future__ import annotations

import asyncio
import html
import random
import re
import time
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core.budgets import MAX_SCRIPT_REQUESTS_PER_PAGE, MAX_SCRIPT_STATE_CHARS
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.rules import js_network
from novelfetch.core.sources.rules.js import codecs
from novelfetch.core.sources.rules.js.host import JsHost, ScriptState
from novelfetch.core.sources.rules.js.sandbox import run_script
from novelfetch.core.sources.search import search_sources
from novelfetch.core.workers.pool import WorkerPool
from tests.core.pools import evaluating_with
from tests.hostile.sites import Site, rule, rule_file, serving

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


async def search_author(tmp_path: Path, own: Site, script: str) -> str:
    """The author the hostile source's search result gets from ``script``, read in a worker."""
    hostile = rule(own.base)
    hostile["ruleSearch"]["author"] = "@js:" + script
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(rule_file(hostile), "test").lines
    assert line.usable and line.source_id, line
    with evaluating_with(WorkerPool(1)):
        (outcome,) = [
            o
            async for o in search_sources(
                [registry.get(line.source_id)], "青云", http=QUICK, timeout=60, memory=MemoryDict()
            )
        ]
    assert outcome.ok and outcome.results, outcome.error
    (author,) = {result.author for result in outcome.results}
    return author


def ajax_all(count: int) -> str:
    return (
        f"var urls = []; for (var i = 0; i < {count}; i++)"
        " urls.push(source.bookSourceUrl + 'search?n=' + i);"
        " try { 'got ' + java.ajaxAll(urls).length } catch (e) { 'stopped: ' + e }"
    )


async def test_ajax_all_with_thousands_of_addresses_stops_at_the_page_s_budget(
    tmp_path: Path,
) -> None:
    async with serving(Site(), "127.0.0.2") as own:
        author = await search_author(tmp_path, own, ajax_all(MAX_SCRIPT_REQUESTS_PER_PAGE + 300))
    fetched = own.paths().count("/search") - 1  # the search page itself, then the script's
    assert fetched == MAX_SCRIPT_REQUESTS_PER_PAGE
    assert author.startswith("stopped: ") and f"{MAX_SCRIPT_REQUESTS_PER_PAGE}" in author, author


async def test_splitting_the_requests_over_many_calls_spends_the_same_budget(
    tmp_path: Path,
) -> None:
    script = (
        "var got = 0, refused = '';"
        f"for (var i = 0; i < {MAX_SCRIPT_REQUESTS_PER_PAGE // 100 + 2}; i++) {{"
        "  var urls = []; for (var j = 0; j < 100; j++)"
        "    urls.push(source.bookSourceUrl + 'search?n=' + j);"
        "  try { got += java.ajaxAll(urls).length } catch (e) { refused = String(e) } }"
        "got + ' ' + refused"
    )
    async with serving(Site(), "127.0.0.2") as own:
        author = await search_author(tmp_path, own, script)
    assert own.paths().count("/search") - 1 == MAX_SCRIPT_REQUESTS_PER_PAGE
    assert author.startswith(f"{MAX_SCRIPT_REQUESTS_PER_PAGE} "), author


class SlowSite(Site):
    """Each script request (``?n=``) is answered after ``delay`` seconds."""

    delay = 0.2

    async def _search(self, request: web.Request) -> web.Response:
        if "n" in request.query:
            await asyncio.sleep(self.delay)
        return await super()._search(request)


async def test_a_page_s_script_requests_stop_when_their_time_is_spent(
    tmp_path: Path, monkeypatch: object
) -> None:
    """The sandbox's wall clock is read between its host calls only; ``ajaxAll`` of slow
    addresses is one call. The page's requests have a time budget of their own."""
    monkeypatch.setattr(js_network, "SCRIPT_REQUESTS_SECONDS_PER_PAGE", 0.5)  # type: ignore[attr-defined]
    async with serving(SlowSite(), "127.0.0.2") as own:
        author = await search_author(tmp_path, own, ajax_all(40))
    assert author.startswith("stopped: ") and "0.5 s" in author, author
    assert 1 <= own.paths().count("/search") - 1 <= 4  # 0.5 s of 0.2 s answers, not 40


# --- what scripts keep -------------------------------------------------------------------
# A script's puts outlive it: they travel back to the app's process with the page's result,
# stay with the source for the whole job and go out again with every later page's task.


def keep(script: str, state: ScriptState) -> object:
    return run_script(script, {}, JsHost(state))


def kept_chars(state: ScriptState) -> int:
    stores = (state.cache, state.variables, state.source, state.book_variables)
    return sum(
        len(k) + len(v) for store in (*stores, state.chapter_variables) for k, v in store.items()
    )


@pytest.mark.parametrize(
    "put",
    [
        "cache.put('k' + i, s)",
        "cache.putMemory('k' + i, s)",
        "java.put('k' + i, s)",
        "source.put('k' + i, s)",
        "book.putVariable('k' + i, s)",
        "chapter.putVariable('k' + i, s)",
        "java.put('k', s); cache.put('k' + i, s)",
    ],
)
def test_what_scripts_keep_is_bounded(put: str) -> None:
    state = ScriptState()
    script = (
        "var s = 'x'.repeat(1000000), kept = 0, refused = '';"
        f"try {{ for (var i = 0; i < 12; i++) {{ {put}; kept++ }} }}"
        " catch (e) { refused = String(e) } kept + ' ' + refused"
    )
    value = str(keep(script, state))
    assert "may keep" in value and f"{MAX_SCRIPT_STATE_CHARS:,}" in value, value
    assert int(value.split()[0]) < 12
    assert kept_chars(state) <= MAX_SCRIPT_STATE_CHARS


def test_a_source_variable_as_large_as_the_budget_is_refused() -> None:
    state = ScriptState()
    value = keep(
        f"try {{ source.setVariable('x'.repeat({MAX_SCRIPT_STATE_CHARS + 1})) }}"
        " catch (e) { String(e) }",
        state,
    )
    assert "may keep" in str(value) and state.source == {}


def test_replacing_and_removing_values_stays_within_the_budget() -> None:
    state = ScriptState()
    script = (
        "var s = 'x'.repeat(1000000);"
        "for (var i = 0; i < 12; i++) {"
        "  cache.put('k', s); cache.put('k' + i, s); cache.delete('k' + i) }"
        "'done'"
    )
    assert keep(script, state) == "done"
    assert set(state.cache) == {"k"}


def test_tagged_cookies_keep_no_more_than_a_site_s_jar() -> None:
    """``cookie.setCookie`` under a tag that is no web address keeps values in the source's
    state too: a pair larger than a site's jar would keep is dropped there as well."""
    state = ScriptState()
    script = (
        "var big = 'v'.repeat(60000);"
        "for (var i = 0; i < 50; i++) cookie.setCookie('tag' + i, 'a=' + big + '; b=1');"
        "cookie.getCookie('tag0', 'b') + cookie.getCookie('tag0', 'a').length"
    )
    assert keep(script, state) == "10"
    assert (
        sum(len(v) for pairs in state.tagged_cookies._by_tag.values() for v in pairs.values())
        < 1000
    )


# --- host calls run outside QuickJS's clock -------------------------------------------------


def test_html_format_reads_unclosed_markup_in_proportion_to_its_length() -> None:
    """``java.htmlFormat`` runs in Python, where the sandbox's CPU limit does not reach; its
    patterns were quadratic in ``<`` without ``>`` (a million of them: minutes)."""
    started = time.monotonic()
    for hostile in ("<" * 400_000, "<img" * 100_000 + ">", "<p" * 200_000):
        codecs.html_format(hostile)
    assert time.monotonic() - started < 5  # before: 0.56 s for 40,000 "<", x100 for x10


def test_html_format_still_reads_markup_as_before() -> None:
    chance = random.Random(7)
    pieces = ["<p>", "</p>", "<br/>", '<img src="a.png">', "<IMG alt=x src='b'>", "text",
              "&amp;", "<div class='x'>", "</div>", "<", ">", "\n", " ", "<h2>"]  # fmt: skip
    for _ in range(2000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 12)))
        assert codecs.html_format(text) == old_html_format(text), text


def old_html_format(text: str) -> str:
    """``codecs.html_format`` as it was, with ``re``'s quadratic patterns."""
    images: list[str] = []

    def keep(match: re.Match[str]) -> str:
        images.append(f'<img src="{match.group(1)}">')
        return f"\x00{len(images) - 1}\x00"

    text = re.sub(r"(?i)<img\b[^>]*?\bsrc\s*=\s*['\"]([^'\"]+)['\"][^>]*>", keep, text)
    text = re.sub(r"(?i)<\s*(?:br|/p|p|/div|div|/h\d|h\d|/li)\b[^>]*>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00a0", " ")
    text = re.sub(r"\x00(\d+)\x00", lambda m: images[int(m.group(1))], text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join("\u3000\u3000" + line for line in lines if line)
