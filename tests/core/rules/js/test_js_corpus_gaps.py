"""Where NovelFetch read a real source's scripts differently from Legado (found by the corpus
dry run, ``python -m benchmarks.corpus``): each case is the source's idiom, checked against
Legado's Kotlin (AnalyzeByJSonPath, JsExtensions, AnalyzeUrl) and jsoup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core.errors import (
    NetworkError,
    PermanentFetchError,
    RefusedAddressError,
)
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.walls import blocked
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.rules import js_network
from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext, RuleError
from novelfetch.core.sources.rules.extract import scripted_request
from novelfetch.core.sources.rules.js.host import Fetch, HttpAnswer
from novelfetch.core.sources.rules.js_rules import url_needs_scripts
from novelfetch.core.sources.rules.legado import parse_legado
from novelfetch.core.sources.rules.model import NEEDS_BROWSER, UrlNeedsBrowserError
from novelfetch.core.sources.search import SearchOutcome, search_sources
from novelfetch.core.store.chapter_store import Store

URL = "https://site.example/book/1/"
QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
RESULTS = "<html><body><ul><li><a href='/book/1'>书一</a></li></ul></body></html>"
ITEMS = '{"items": [{"novelname": "甲", "novelintro": "简介"}]}'


def test_get_string_with_a_rule_jayway_cannot_read_gives_nothing() -> None:
    # 晋江文学城Android: ``java.getString('@text.wap阅读点击：@a@text')`` on its JSON search
    # answer: Legado reads it as JSONPath, finds nothing and gives '' (the script goes on).
    page = Analyzer(ITEMS, URL)
    script = (
        "@js:'[' + java.getString('@text.wap阅读点击：@a@text') + ']'"
        " + java.getString('$.items[0].novelname')"
    )
    assert page.string(script) == "[]甲"


def test_css_rules_on_an_object_an_init_script_made_give_nothing() -> None:
    # 趣书网: its book page's ``init`` script returns an object; ``.mlist h1@text`` over it is a
    # key Legado does not find (an empty name: the search result's stays), never an error.
    page = Analyzer("<html><body><h1>书</h1></body></html>", URL)
    [book] = page.elements("<js>({name: '书名', author: '作者'})</js>")
    assert page.string(".mlist h1@text##\\s.*", book) == ""
    assert page.string("author", book) == "作者"


def failing_fetch(error: Exception) -> Fetch:
    def fetch(
        method: str, url: str, headers: dict[str, str], body: str | None, *_: bool
    ) -> HttpAnswer:
        raise error

    return fetch


REFUSED = RefusedAddressError("refused: 192.168.1.1 is a local network address")


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (REFUSED, "java.net.ConnectException: refused by NovelFetch's network policy"),
        (PermanentFetchError("HTTP 404 Not Found", status=404), "java.io.IOException: HTTP 404"),
        (NetworkError("cannot connect to a.example"), "java.io.IOException: the request failed"),
        (TimeoutError("no answer within 60 s"), "java.net.SocketTimeoutException: timeout"),
        (
            blocked("https://a.example/z", "cf-chl"),
            "java.io.IOException: the site answered with an anti-bot check",
        ),
    ],
)
def test_ajax_and_connect_give_a_failed_requests_text_and_get_raises(
    error: Exception, text: str
) -> None:
    # JsExtensions.kt: ajax is runCatching {…}.getOrElse { its text }, connect answers
    # StrResponse(url, text) (code 200); get/post/head (Jsoup's execute) and ajaxAll throw.
    page = Analyzer("<p>页</p>", URL, RuleContext())
    page.context.scripts.fetch = failing_fetch(error)
    script = (
        '@js:var r = java.connect(\'https://a.example/x?p=1,2,{"method":"GET"}\');'
        " var got = ''; try { java.get('https://a.example/y', {}) } catch (e) { got = String(e) }"
        " [java.ajax('https://a.example/z'), r.code(), r.body(), r.url(), got].join('|')"
    )
    ajax, code, body, url, raised = page.string(script).split("|")
    assert (ajax, code, body, url) == (text, "200", text, "https://a.example/x?p=1,2")
    if error is REFUSED:  # the script never reads the address it was refused
        assert raised == f"Error: http: {text}"
    assert "192.168" not in page.string(script)


def test_ajax_of_a_list_fetches_its_first_address() -> None:
    # JsExtensions.ajax(url: Any): a List (java.getStringList's) gives its first element.
    asked: list[str] = []

    def fetch(method: str, url: str, headers: dict[str, str], body: str | None) -> HttpAnswer:
        asked.append(url)
        return HttpAnswer(url, 200, {}, "页")

    page = Analyzer('{"urls": ["https://a.example/1", "https://a.example/2"]}', URL)
    page.context.scripts.fetch = fetch
    assert page.string("@js:java.ajax(java.getStringList('$.urls'))") == "页"
    assert asked == ["https://a.example/1"]


def test_a_request_needing_a_browser_still_says_so() -> None:
    # Not a failed request but what NovelFetch lacks: ajax raises it, as before, by name.
    page = Analyzer("<p>页</p>", URL, RuleContext())
    page.context.scripts.fetch = failing_fetch(UrlNeedsBrowserError(f"URL x {NEEDS_BROWSER}"))
    with pytest.raises(RuleError, match="needs a browser"):
        page.string("@js:java.ajax('https://a.example/,{\"webView\": true}')")


def test_a_script_failing_after_a_failed_request_says_what_the_request_met() -> None:
    page = Analyzer("<p>页</p>", URL, RuleContext())
    page.context.scripts.fetch = failing_fetch(REFUSED)
    with pytest.raises(RuleError) as caught:
        page.string("@js:JSON.parse(java.ajax('http://router.example/')).name")
    message = str(caught.value)
    assert "SyntaxError" in message  # the script's own failure, then why its data is missing
    assert "after a request failed: http://router.example/: refused: 192.168.1.1" in message


NESTED = "<div id=a><p>一</p><div id=b><p>二</p></div></div><p>三</p>"


def test_nested_matches_are_dropped_with_parents_contains_and_list_remove() -> None:
    # 曦灵's content script (書趣网, QQ阅读 …): jsoup's parents() with List.contains (jsoup's
    # equals: the same element) and List.remove(index), which leaves the document alone.
    page = Analyzer("<p>页</p>", URL)
    script = (
        "@js:var r = org.jsoup.Jsoup.parse('" + NESTED + "');"
        " var lr = r.select('div, p');"
        " for (var c = lr.first(), v = 1; v < lr.size(); v++)"
        "   if (lr.get(v).parents().contains(c)) { lr.remove(v); v-- } else c = lr.get(v);"
        " [lr.size(), r.select('p').size(), lr.first().id(), lr.get(1).text(),"
        "  lr.get(1).parents().size(),"
        "  r.select('p').get(0).equals(r.select('p').first())].join('|')"
    )
    assert page.string(script) == "2|3|a|三|2|true"


def test_elements_remove_without_an_index_still_takes_them_out_of_the_document() -> None:
    page = Analyzer("<p>页</p>", URL)
    script = (
        "@js:var r = org.jsoup.Jsoup.parse('" + NESTED + "'); var ps = r.select('p');"
        " var gone = ps.remove(ps.get(0)); r.select('p').remove();"
        " [gone, ps.size(), r.text()].join('|')"
    )
    assert page.string(script) == "true|2|"


def test_text_nodes_are_an_elements_own_texts() -> None:
    # 奇怪小说: ``e.select('.book-desc').textNodes().toArray().join("")``, and the first text
    # node of a <dd> as text (jsoup's TextNode: toString is its markup).
    page = Analyzer("<p>页</p>", URL)
    script = (
        "@js:var e = org.jsoup.Jsoup.parse('<div class=book-desc>甲<br>乙 &amp; <b>丙</b>丁</div>"
        "<dl><dd> 3 天前 <i>更</i></dd></dl>'), dd = e.select('dd').textNodes();"
        " [e.select('.book-desc').textNodes().toArray().join(''), String(dd[0]).trim(),"
        "  dd.length, JSON.stringify(dd[0].getWholeText())].join('|')"
    )
    # getString unescapes the markup's &amp;, as Legado's does (unescapeHtml4)
    assert page.string(script) == '甲乙 & 丁|3 天前|1|" 3 天前 "'


def test_a_login_header_a_script_puts_sends_its_cookie_and_reads_back() -> None:
    # 一读小说: after a cookie challenge, ``source.putLoginHeader(JSON.stringify({Cookie: …}))``
    # then java.ajax: BaseSource.putLoginHeader puts the Cookie in the source's cookie store.
    context = RuleContext()
    context.scripts.source = {"bookSourceUrl": "https://a.example"}
    page = Analyzer("<p>页</p>", URL, context)
    assert page.string("@js:String(source.getLoginHeaderMap())") == "null"
    script = (
        "@js:source.putLoginHeader(JSON.stringify({Cookie: 't=1;r=2', 'X-A': 'b'}));"
        " [cookie.getCookie(source.getKey()), source.getLoginHeaderMap().get('X-A'),"
        "  source.getLoginHeader()].join('|')"
    )
    assert page.string(script) == 't=1; r=2|b|{"Cookie":"t=1;r=2","X-A":"b"}'
    script = (
        "@js:source.removeLoginHeader();"
        " [cookie.getCookie(source.getKey()), source.getLoginHeader()].join('|')"
    )
    assert page.string(script) == "|"


def test_the_file_cache_and_the_books_custom_variable() -> None:
    # 奇怪小说's jsLib: ``cache.getFile(name) || cache.get(name)``; 晋江文学城Android's catalog:
    # ``book.putCustomVariable(…)`` (BaseBook's putVariable("custom", …)).
    page = Analyzer("<p>页</p>", URL)
    script = (
        "@js:var before = cache.getFile('v'); cache.putFile('v', '{\"a\":1}');"
        " book.putCustomVariable('开启购买');"
        " [before, cache.getFile('v'), cache.get('v'), book.getVariable('custom'),"
        "  book.getCustomVariable()].join('|')"
    )
    assert page.string(script) == '|{"a":1}||开启购买|开启购买'


def test_the_js_url_option_rewrites_the_address_in_the_sandbox() -> None:
    # 晋江文学城Android's chapter link script writes ``,{"js":"book?result:toReview(…)",…}``:
    # AnalyzeUrl runs it with ``result`` the address built and fetches its value. (A js option
    # written in the rule file itself is still refused at import: the source may run no
    # script otherwise, and its jsLib is not loaded then.)
    source = {
        "bookSourceUrl": "https://a.example",
        "bookSourceName": "链接脚本",
        "jsLib": "function toReview(id) { return 'https://a.example/review/' + id }",
        "ruleToc": {"chapterList": "li", "chapterName": "a@text",
                    "chapterUrl": "a@href@js:result + ',{\"js\":\"book.name ? …\"}'"},
        "ruleContent": {"content": "p@text"},
    }  # fmt: skip
    rule = parse_legado(source, label="t")
    assert rule.usable, rule.problems
    context = RuleContext(scripts=js_network.source_scripts(rule))
    url = '/c/1.html,{"js":"book.name ? result + \'?v=2\' : toReview(7)","type":"x"}'
    spec = scripted_request(url, "https://a.example/b/", context, rule)
    assert (spec.url, spec.options) == ("https://a.example/review/7", {"type": "x"})
    context.scripts = js_network.for_book(context.scripts, "https://a.example/b/", {"name": "书"})
    spec = scripted_request(url, "https://a.example/b/", context, rule)
    assert spec.url == "https://a.example/c/1.html?v=2"
    assert url_needs_scripts(url) and not url_needs_scripts('/c/1.html,{"type":"x"}')


def test_get_string_reads_the_content_it_is_given() -> None:
    # ``java.getString("text", h[k])`` over getElements' items, ``java.getString("#htmlContent
    # @html", src)``: AnalyzeRule.getString(rule, mContent, isUrl) reads mContent; a boolean
    # second argument is its other overload's ``unescape``, not isUrl.
    page = Analyzer("<div id=t>页</div><a href='/b/1'>一</a><a href='/b/2'>二</a>", URL)
    script = (
        "@js:var h = java.getElements('tag.a'), out = [];"
        " for (var k = 0; k < h.size(); k++) out.push(java.getString('text', h[k]));"
        " out.concat([java.getString('tag.i@text', '<i>斜</i>'),"
        "  java.getString('tag.div@id', true), java.getString('tag.a.1@text', h, true)]).join('|')"
    )
    # (isUrl, the third argument, makes a value an address: "二" read as one, on the page's)
    assert page.string(script) == "一|二|斜|t|https://site.example/book/1/二"


async def results(request: web.Request) -> web.Response:
    return web.Response(text=RESULTS, content_type="text/html")


async def search_with(
    tmp_path: Path, routes: list[web.RouteDef], search_url: str
) -> tuple[SearchOutcome, list[str]]:
    """A search through the app's whole path (registry, worker, session, policy) on a site of
    ``routes`` and a ``/result`` page listing one book, by a source with this ``searchUrl``;
    and the requests the site saw ("METHOD path?query body")."""
    seen: list[str] = []

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        seen.append(f"{request.method} {unquote(request.path_qs)} {await request.text()}".strip())
        return await handler(request)

    app = web.Application(middlewares=[record])
    app.router.add_routes(routes)
    app.router.add_get("/result", results)
    async with TestServer(app, host="127.0.0.1") as site:
        source = {
            "bookSourceUrl": str(site.make_url("/")),
            "bookSourceName": "脚本搜索",
            "searchUrl": search_url,
            "ruleSearch": {"bookList": "tag.li", "name": "tag.a@text", "bookUrl": "tag.a@href"},
            "ruleBookInfo": {"name": "tag.h1@text"},
            "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "a@href"},
            "ruleContent": {"content": "tag.p@text"},
        }
        registry = SourceRegistry(tmp_path / "data")
        (line,) = registry.import_text(json.dumps(source, ensure_ascii=False), "t").lines
        assert line.usable and line.source_id, line
        (entry,) = [e for e in registry.entries() if e.id == line.source_id]
        with Store(tmp_path / "store.sqlite3") as store:
            [outcome] = [o async for o in search_sources([entry], "青云", http=QUICK, memory=store)]
    return outcome, seen


async def test_java_post_answers_a_redirect_without_following_it(tmp_path: Path) -> None:
    # 35xss, 大河文学: ``$ = java.post(url, body, head).headers(); url = $.Location||$.location``:
    # Legado's java.post is jsoup's with followRedirects(false): the 302 is the answer.
    async def search(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"{request.url.origin()}/result?id=1")

    outcome, seen = await search_with(
        tmp_path,
        [web.post("/search", search)],
        "@js:var r = java.post(source.getKey() + 'search', 'q=' + key, {});"
        " var h = r.headers(); String(h.Location || h.location) + '&code=' + r.statusCode()"
        " + '&list=' + String(r.headers('location')).replace(/^\\[.*(result).*\\]$/, '$1')",
    )
    assert outcome.ok, outcome.error
    assert [r.title for r in outcome.results] == ["书一"]
    # one POST, whose redirect the script read (302 and its Location), then the flow's GET
    assert seen == ["POST /search q=青云", "GET /result?id=1&code=302&list=result"]


async def test_ajax_and_connect_answer_an_error_status_with_its_page_and_get_raises(
    tmp_path: Path,
) -> None:
    # OkHttp (Legado's ajax, connect) gives a 404's page and code; jsoup (get) throws.
    async def api(request: web.Request) -> web.Response:
        return web.json_response({"msg": "无此书"}, status=404)

    outcome, seen = await search_with(
        tmp_path,
        [web.get("/api", api)],
        "@js:var api = source.getKey() + 'api', c = java.connect(api);"
        " var got = 'no'; try { java.get(api, {}) } catch (e) { got = 'raised' }"
        " source.getKey() + 'result?m=' + JSON.parse(java.ajax(api)).msg"
        " + '&c=' + c.code() + '&g=' + got",
    )
    assert outcome.ok, outcome.error
    assert seen[-1] == "GET /result?m=无此书&c=404&g=raised", seen
