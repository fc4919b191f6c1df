"""Legado parity, rule by rule: what real sources write and Legado accepts (issue 19's table).

Each test names the class of the table it covers; the flow-level classes (optional fields,
a search landing on the book page, a book opened by its address) are in
``test_legado_parity_flow.py``, covers in ``tests/core/test_covers.py``.
"""

from __future__ import annotations

import json

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.gson_lenient import LenientJsonError, loads_gson_lenient
from novelfetch.core.sources.rules.model import RuleSource
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.core.sources.rules.urls import build_request

BASE = "http://127.0.0.2/"


def one(**extra: object) -> RuleSource:
    source = {
        "bookSourceUrl": "https://parity.example.test",
        "bookSourceName": "Parity",
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "id.content@html"},
    }
    source.update(extra)
    [entry] = parse_rule_document(json.dumps(source, ensure_ascii=False))
    assert entry.source is not None, entry.error
    return entry.source


# -- `@put` map with unquoted values ----------------------------------------------------------


def test_put_map_with_unquoted_values_stores_what_get_reads() -> None:
    """``$.Name@put:{a:$.Id}``: Gson's lenient reader takes the unquoted rule."""
    page = json.dumps({"Name": "青云志", "Id": 8848})
    analyzer = Analyzer(page, BASE)
    assert analyzer.string("$.Name@put:{a:$.Id}") == "青云志"
    assert analyzer.string("/book/@get:{a}/") == "/book/8848/"


def test_put_map_with_unquoted_values_in_default_syntax() -> None:
    analyzer = Analyzer('<div id="b" data-id="42"><a href="/b/42">书</a></div>', BASE)
    [item] = analyzer.elements("id.b")
    assert analyzer.string("tag.a@text@put:{bid:data-id}", item) == "书"
    assert analyzer.context.variables == {"bid": "42"}


def test_a_put_map_no_reader_takes_is_ignored_as_legado_does() -> None:
    analyzer = Analyzer(json.dumps({"Name": "书"}), BASE)
    assert analyzer.string("$.Name@put:{a:[}") == "书"
    assert analyzer.context.variables == {}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("{a:$.Id}", {"a": "$.Id"}),
        ("{bid:class.x@a@href, n:2}", {"bid": "class.x@a@href", "n": 2}),
        ("{'method':'POST'; 'body':'k={{key}}'}", {"method": "POST", "body": "k={{key}}"}),
        ('{"a" => "b", c = d,}', {"a": "b", "c": "d"}),
    ],
)
def test_gson_lenient_reader(text: str, value: object) -> None:
    assert loads_gson_lenient(text) == value


@pytest.mark.parametrize("text", ["{a://x}", "{a:b", "[1,2", "{a b}", "", "[" * 100_000])
def test_gson_lenient_reader_refuses_what_gson_refuses(text: str) -> None:
    with pytest.raises(LenientJsonError):
        loads_gson_lenient(text)


# -- a `{$.x}` key or a `||` alternative missing on some pages --------------------------------


def test_a_missing_inner_json_key_gives_nothing() -> None:
    """``…/book/{$.id}/chapter`` on an item without ``id``: Legado gives ''."""
    analyzer = Analyzer(json.dumps({"name": "书"}), BASE)
    assert analyzer.string("/book/{$.id}/chapter") == ""
    assert analyzer.strings("/book/{$.id}/chapter") == []
    present = Analyzer(json.dumps({"id": 7}), BASE)
    assert present.string("/book/{$.id}/chapter") == "/book/7/chapter"


def test_a_json_template_on_an_html_page_gives_nothing() -> None:
    """``{{$.}}dir.html`` (a real tocUrl): a JSONPath read of HTML is '' in Legado."""
    analyzer = Analyzer("<html><body>书</body></html>", "http://127.0.0.2/book/1/")
    assert analyzer.string("{{$.}}dir.html", is_url=True) == "http://127.0.0.2/book/1/dir.html"


def test_an_alternative_repeating_the_json_prefix_is_read() -> None:
    analyzer = Analyzer(json.dumps({"b": [{"n": 1}]}), BASE)
    found = analyzer.elements("@json:$.a[*]||@json:$.b[*]")
    assert [node.value for node in found] == [{"n": 1}]


def test_an_index_range_on_an_empty_list_finds_nothing() -> None:
    analyzer = Analyzer("<html><body><p>x</p></body></html>", BASE)
    assert analyzer.elements("class.none[1:]") == []


# -- jsoup-isms cssselect rejects ---------------------------------------------------------------


def test_star_nth_of_type() -> None:
    analyzer = Analyzer("<div id=d><p>a</p><span>b</span><p>c</p><span>d</span></div>", BASE)
    assert analyzer.strings("@css:#d > *:nth-of-type(2)@text") == ["c", "d"]
    assert analyzer.strings("@css:#d > *:last-of-type@text") == ["c", "d"]


def test_class_and_id_names_starting_with_a_digit() -> None:
    analyzer = Analyzer('<div class="0"><i id="1x">a</i></div><div class="1">b</div>', BASE)
    assert analyzer.string("@css:.0 #1x@text") == "a"
    assert analyzer.string("@css:div.1@text") == "b"


def test_attribute_name_prefix() -> None:
    analyzer = Analyzer('<p data-chapter="1">a</p><p>b</p>', BASE)
    assert analyzer.strings("@css:p[^data-]@text") == ["a"]


# -- JsoupXpath leniencies lxml rejects -----------------------------------------------------------


def test_three_slashes_in_xpath() -> None:
    analyzer = Analyzer('<table><tr><td><a href="/b/1">一</a></td></tr></table>', BASE)
    assert analyzer.strings("///td[1]/a/text()") == ["一"]
    assert analyzer.string("///td[1]/a/@href") == "http://127.0.0.2/b/1"


# -- invalid regular expressions are replaced as text ---------------------------------------------


def test_a_replacement_pattern_java_refuses_is_replaced_as_plain_text() -> None:
    """``##+番外``: Java cannot compile it; Legado then replaces the text itself."""
    analyzer = Analyzer("<p>书名+番外</p>", BASE)
    assert analyzer.string("tag.p@text##+番外") == "书名"


# -- URL options: `;`, headers as a string, unreadable options ------------------------------------


def test_url_options_separated_by_semicolons() -> None:
    spec = build_request("/s.php,{'method':'POST';'body':'k={{key}}'}", BASE, key="书")
    assert (spec.method, spec.body) == ("POST", b"k=%E4%B9%A6")


def test_hostile_url_options_are_ignored_not_a_crash() -> None:
    source = one(
        searchUrl="/s?q={{key}},{" + "a:{" * 50_000,
        ruleSearch={"bookList": "tag.li", "name": "tag.a@text", "bookUrl": "tag.a@href"},
    )
    assert source.usable and any("searchUrl options" in note for note in source.dropped)


def test_headers_option_given_as_text() -> None:
    spec = build_request('/s,{"headers":"{\\"Referer\\":\\"http://x.test/\\"}"}', BASE)
    assert spec.headers["Referer"] == "http://x.test/"


def test_url_options_nothing_reads_are_ignored_with_a_note() -> None:
    source = one(
        searchUrl="/s?q={{key}},{method: POST body}",
        ruleSearch={"bookList": "tag.li", "name": "tag.a@text", "bookUrl": "tag.a@href"},
    )
    assert source.usable, source.problems
    assert any("searchUrl options" in note for note in source.dropped)
    spec = build_request(source.search.url, BASE, key="书")  # type: ignore[union-attr]
    assert spec.method == "GET" and spec.url == "http://127.0.0.2/s?q=%E4%B9%A6"


# -- trivial templates treated as JavaScript ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "rule"),
    [
        ("searchUrl", "/s?q={{java.encodeURI(key)}}"),
        ("searchUrl", "{{cookie.removeCookie(source.getKey())}}\n/search.php?q={{key}}"),
        ("searchUrl", "{{url=source.getKey();\ncookie.removeCookie(url)}}/s/?q={{key}}"),
        ("content", "id.content@html##{{book.name}}|{{title}}"),
        ("content", "<p>{{baseUrl}}</p>"),
    ],
)
def test_trivial_templates_are_not_javascript(field: str, rule: str) -> None:
    search = {"bookList": "tag.li", "name": "tag.a@text", "bookUrl": "tag.a@href"}
    if field == "searchUrl":
        source = one(searchUrl=rule, ruleSearch=search)
    else:
        source = one(ruleContent={"content": rule})
    assert source.usable, source.problems


def test_trivial_templates_evaluate_to_what_legado_binds() -> None:
    context = RuleContext(names={"book.name": "青云志", "title": "第一章"})
    analyzer = Analyzer(
        "<div id=content>青云志 第一章 正文</div>", "http://127.0.0.2/c/1.html", context
    )
    assert analyzer.string("id.content@text##{{book.name}}|{{title}}").strip() == "正文"
    assert analyzer.string("{{baseUrl}}") == "http://127.0.0.2/c/1.html"


def test_java_encode_uri_in_a_url_is_encoded_once() -> None:
    gbk = build_request("/s?q={{java.encodeURI(key, 'gbk')}},{'charset':'gbk'}", BASE, key="书 名")
    assert gbk.url == "http://127.0.0.2/s?q=%CA%E9+%C3%FB"
    utf8 = build_request("/s?q={{java.encodeURI(key)}}", BASE, key="书")
    assert utf8.url == "http://127.0.0.2/s?q=%E4%B9%A6"


def test_clearing_cookies_before_a_search_gives_nothing() -> None:
    spec = build_request(
        "{{cookie.removeCookie(source.getKey())}}\n/search.php?q={{key}}",
        "http://127.0.0.2/",
        key="书",
        variables={"source.key": "http://127.0.0.2"},
    )
    assert spec.url == "http://127.0.0.2/search.php?q=%E4%B9%A6"


def test_real_javascript_runs_in_the_sandbox_and_what_it_lacks_is_refused() -> None:
    source = one(ruleContent={"content": "id.content@html##{{baseUrl.replace(/a/, 'b')}}"})
    assert source.usable and source.scripted == ("ruleContent.content",)
    source = one(ruleContent={"content": "id.content@html##{{java.webView('', baseUrl, '')}}"})
    assert not source.usable
    assert "java.webView (a browser)" in source.problems[0]


# -- strict where it matters: a core rule no engine can read is refused, with the reason ----------


def test_a_core_xpath_no_engine_reads_is_refused_at_import() -> None:
    source = one(ruleContent={"content": '//*[@id="content"]@html'})
    assert not source.usable
    assert source.problems == (
        "ruleContent.content cannot be read: not a valid XPath (Invalid expression)",
    )


def test_an_empty_css_part_before_a_script_is_refused_at_import() -> None:
    # A real source (掌阅书城m): Legado cuts the empty part after && at its '@' and throws.
    toc = {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "href"}
    next_toc = "@css:.pages@totalpage&&<js>result</js>"
    source = one(ruleToc={**toc, "nextTocUrl": next_toc})
    assert source.problems == (
        "ruleToc.nextTocUrl cannot be read: an @CSS: rule has an empty part (a stray &&):"
        " Legado fails",
    )
    source = one(ruleToc={**toc, "nextTocUrl": "@css:.pages@totalpage<js>result</js>"})
    assert source.usable, source.problems


def test_a_broken_later_alternative_is_not_refused() -> None:
    """``a||b``: b runs only when a finds nothing, so a broken b fails only then."""
    source = one(ruleContent={"content": "id.content@html||.x@y@@html"})
    assert source.usable, source.problems


def test_an_optional_field_no_engine_reads_is_dropped_with_a_note() -> None:
    source = one(
        searchUrl="/s?q={{key}}",
        ruleSearch={
            "bookList": "tag.li",
            "name": "tag.a@text",
            "bookUrl": "tag.a@href",
            "kind": "@css:.core span@text&&.desc .item.0@.right em@text",
        },
    )
    assert source.usable
    assert source.search is not None and source.search.kind == ""
    assert any(note.startswith("ruleSearch.kind cannot be read") for note in source.dropped)


def test_rule_errors_still_name_the_rule() -> None:
    analyzer = Analyzer("<p>x</p>", BASE)
    with pytest.raises(RuleError, match="not a CSS selector"):
        analyzer.string("p:bogus(1)@text")


def test_a_selector_may_reach_above_the_list_item_as_in_jsoup() -> None:
    """``ul.list > li > a@href`` as a bookUrl on each ``ul.list > li`` item (QQ文学网)."""
    analyzer = Analyzer(
        '<ul class="list"><li><a href="/b/1">一</a></li><li><a href="/b/2">二</a></li></ul>', BASE
    )
    items = analyzer.elements("ul.list > li")
    assert [analyzer.string("ul.list > li > a@href", item) for item in items] == [
        "http://127.0.0.2/b/1",
        "http://127.0.0.2/b/2",
    ]


# -- a book opened by its address: its name from the page's standard markup ----------------------


@pytest.mark.parametrize(
    ("head", "body", "name"),
    [
        ('<meta property="og:novel:book_name" content="青云志">', "<h1>别的</h1>", "青云志"),
        ('<meta property="og:title" content="青云志最新章节_示例书站">', "", "青云志"),
        ("<title>示例书站</title>", "<h1>青云志</h1>", "青云志"),
        ("<title>青云志最新章节列表_青云志全文阅读_示例书站</title>", "", "青云志"),
        ("<title>《青云志》全文免费阅读 - 示例书站</title>", "", "青云志"),
        ("<title>The Quiet Tower - Read Online | NovelSite</title>", "", "The Quiet Tower"),
    ],
)
def test_page_metadata_names_the_book(head: str, body: str, name: str) -> None:
    from novelfetch.core.sources.rules.page_metadata import page_metadata

    analyzer = Analyzer(f"<html><head>{head}</head><body>{body}</body></html>", BASE)
    assert page_metadata(analyzer.document.html_root, "示例书站").name == name
