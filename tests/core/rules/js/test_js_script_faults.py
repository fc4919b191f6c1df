"""Scripts that failed the corpus dry run for a reason of ours, not the page's: each case is a
real source's idiom, checked against Legado's AnalyzeRule.kt, BaseSource.kt, JsExtensions.kt."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleError
from novelfetch.core.sources.rules.js.host import HttpAnswer, JsHost, ScriptState
from novelfetch.core.sources.rules.js.sandbox import ScriptError, run_script

URL = "https://site.example/book/1/"
JSON_PAGE = '{"data": {"list": [{"name": "甲", "id": 7}, {"name": "乙", "id": 8}]}}'


def js(script: str, **host_options: object) -> object:
    host = JsHost(ScriptState(), **host_options)  # type: ignore[arg-type]
    return run_script(script, {"source": {"bookSourceUrl": "https://a.example"}}, host)


def test_a_jsonpath_list_reaches_a_script_as_json_text_as_in_legado() -> None:
    # 相思雨后, 网易云: ``$.result.list@js:JSON.parse(result).forEach(…)``: Legado hands the
    # script json-smart's JSONArray, whose toString is its JSON.
    page = Analyzer(JSON_PAGE, "https://api.example/s")
    rule = "$.data.list@js:JSON.parse(result).map(o => ({n: o.name + o.id}))"
    assert [page.string("$.n", item) for item in page.elements(rule)] == ["甲7", "乙8"]
    item = page.elements("$.data.list")[1]
    assert page.string("@js:JSON.parse(result).id + String(result)", item) == (
        '8{"name":"乙","id":8}'
    )
    # Still an array of objects to read: its length, their keys.
    items = page.elements("$.data.list@js:[{n: result.length + result[0].name}]")
    assert [page.string("$.n", item) for item in items] == ["2甲"]


def test_login_maps_are_null_when_no_one_has_logged_in() -> None:
    # 书耽: ``getLoginHeaderMap() != null ? map.get("login_token") : "<default token>"``.
    script = (
        "[source.getLoginHeaderMap(), source.getLoginInfoMap(),"
        " source.getLoginHeaderMap() != null ? 'logged in' : 'anonymous']"
    )
    assert js(script) == [None, None, "anonymous"]


def test_ajax_all_gives_responses_with_their_methods() -> None:
    # 晋江文学城: ``java.ajaxAll(urls).forEach(x => String(x.body()))``.
    def fetch(method: str, url: str, headers: dict, body: str | None) -> HttpAnswer:
        return HttpAnswer(url, 200, {}, "page " + url[-1])

    script = "java.ajaxAll(['https://a.example/1', 'https://a.example/2']).map(r => r.body())"
    assert js(script, fetch=fetch) == ["page 1", "page 2"]


def test_a_script_giving_null_ends_the_rule_as_in_legado() -> None:
    # AnalyzeRule's ``result ?: continue``: no step after a null value runs (微白雪诗:
    # ``<js>eval(String(java.get('code')))</js>$.content`` with no code gives nothing,
    # not the page's text read as JSON).
    page = Analyzer("<html><body><p>正文</p></body></html>", URL)
    assert page.string("<js>undefined</js>tag.p@text") == ""
    assert page.strings("<js>null</js>tag.p@text") == []
    assert page.elements("<js>null</js>tag.p") == []
    assert page.string("<js>'<p>甲</p>'</js>tag.p@text") == "甲"


def test_an_empty_script_is_skipped_by_string_lists_and_ends_a_text() -> None:
    # 第一版主: ``…@href##…##$3_$4.html<js></js>##$##,{"webView":true}``: getStringList skips an
    # empty rule, so the options reach the next page's address; getString evaluates it (null).
    page = Analyzer('<a href="/c/2.html">下一页</a>', URL)
    assert page.strings("tag.a@href<js></js>##$##,x", is_url=True) == [
        "https://site.example/c/2.html,x"
    ]
    assert page.string("tag.a@href<js></js>##$##,x") == ""


@pytest.mark.parametrize(
    ("script", "where"),
    [
        # 纵横中文, 塔读: JSON.parse of an HTML answer.
        ("JSON.parse('<html></html>')", "(in JSON.parse: the text is not JSON)"),
        ("[1].map(x => JSON.parse('{a}'))", "(in JSON.parse: the text is not JSON)"),
        # 艾途小说: ``eval('(' + r + ')')`` of what the site sent.
        ("var r = '1}'; eval('(' + r + ')')", "(in code it evals)"),
        ("function f() { eval('1}') } f()", "(in code it evals)"),
        ("eval('next_page = a')", "(in code it evals)"),
        ("new RegExp('(')", "(in a regular expression it builds)"),
    ],
)
def test_an_error_says_where_it_arose_when_not_in_the_scripts_own_code(
    script: str, where: str
) -> None:
    with pytest.raises(ScriptError) as raised:
        js(script)
    assert str(raised.value).endswith(where)


@pytest.mark.parametrize("script", ["var a = 1 +", "x.y", "function f() { return q } f()"])
def test_an_error_in_the_scripts_own_code_has_no_such_note(script: str) -> None:
    with pytest.raises(ScriptError) as raised:
        js(script)
    assert "(in " not in str(raised.value)


def test_a_rule_step_error_still_names_the_rule() -> None:
    page = Analyzer(JSON_PAGE, URL)
    with pytest.raises(RuleError, match=r"in JSON\.parse"):
        page.string("@js:JSON.parse('<p>')")


def test_a_scripts_value_is_rhinos_the_last_expression_statement_it_ran() -> None:
    # 第一版主: ``result = result.replace(…); if (un.length != 0) {…}``: ES2015 gives undefined
    # after an if that ran nothing (the rule would end with no value); Rhino gives the last
    # expression statement's value.
    page = Analyzer("<p>正文甲</p>", URL)
    script = "tag.p@text<js>result = result + '!'; if (result.length > 99) { result = '长' }</js>"
    assert page.string(script + "##甲") == "正文!"
    # 69书吧: ``try {…} finally { result + ",{'webView': true}" }``: the finally's value.
    assert page.string("@js:try { result = 'a' } finally { result + 'b' }") == "ab"
    # A loop's header is not a statement of its own; functions' statements give nothing.
    assert page.string("@js:var s = ''; for (var i = 0; i < 2; i++) { s += i }") == "01"
    assert page.string("@js:x = 1; function f() { x = 2 } if (false) {}") == "1"
    assert page.string("@js:'use strict'; var n = 1; n + 1") == "2"


def test_code_made_with_filled_in_values_says_so_when_it_does_not_compile() -> None:
    # 雁北堂: ``d-id@js:"/book/readbook/"+@get:{book}+"/"+result``: Legado pastes the search's
    # book id into the code; without one the code is not JavaScript, and the error says why.
    page = Analyzer('<p d-id="7">x</p>', URL)
    rule = 'tag.p@d-id@js:"/b/"+@get:{book}+"/"+result'
    with pytest.raises(RuleError, match=r"\(in code with values filled in\)$"):
        page.string(rule)
    page.context.variables["book"] = "12"
    assert page.string(rule) == "/b/12/7"
