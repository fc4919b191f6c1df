"""@put/@get, {{…}} templates, and rules that need JavaScript."""

from __future__ import annotations

import contextlib

import pytest

from novelfetch.core.sources.rules.analyze import (
    Analyzer,
    NeedsJavaScriptError,
    RegexNode,
    RuleContext,
    RuleError,
    needs_javascript,
)

BOOK_PAGE = """<html><head><meta property="og:novel:book_name" content="长夜"></head><body>
<div id="info" data-bid="4321"><h1>长夜</h1><a class="toc" href="/toc/4321/">目录</a></div>
</body></html>"""
URL = "https://site.example/book/4321.html"


def test_put_stores_and_yields_nothing_get_reads_later() -> None:
    context = RuleContext()
    info = Analyzer(BOOK_PAGE, URL, context)
    assert info.string('@put:{bid:"id.info@data-bid"}') == ""
    assert context.variables == {"bid": "4321"}
    # The same context on the next page of the flow.
    toc = Analyzer("<html><body><a href='/c/1'>一</a></body></html>", URL, context)
    assert toc.string("https://site.example/api/@get:{bid}/list") == (
        "https://site.example/api/4321/list"
    )
    assert toc.string("@get:{bid}") == "4321"
    assert toc.string("@get:{unknown}") == ""


def test_put_inside_a_rule_runs_and_the_rest_evaluates() -> None:
    context = RuleContext()
    page = Analyzer(BOOK_PAGE, URL, context)
    assert page.string('@put:{"name":"tag.h1@text"}class.toc@href') == (
        "https://site.example/toc/4321/"
    )
    assert context.variables["name"] == "长夜"
    assert page.put_rules("@put:{url:'class.toc@href'}tag.h1@text") == "tag.h1@text"
    assert context.variables["url"] == "https://site.example/toc/4321/"


def test_put_in_a_list_rule() -> None:
    context = RuleContext()
    page = Analyzer(BOOK_PAGE, URL, context)
    assert len(page.elements("@put:{n:'tag.h1@text'}id.info")) == 1
    assert context.variables["n"] == "长夜"


def test_get_after_regex_is_the_replacement() -> None:
    page = Analyzer(BOOK_PAGE, URL, RuleContext(variables={"suffix": "!"}))
    assert page.string("tag.h1@text##$##@get:{suffix}") == "长夜!"


def test_rule_templates_and_context_templates() -> None:
    page = Analyzer(BOOK_PAGE, URL, RuleContext(key="长 夜", page=3))
    assert page.string("{{key}}/{{page}}") == "长 夜/3"
    assert page.string("/search?q={{key}}&p={{ page }}", is_url=True) == (
        "https://site.example/search?q=长 夜&p=3"
    )
    assert page.string("{{@css:h1@text}}：{{//a/@href}}") == "长夜：https://site.example/toc/4321/"
    assert page.string("{{@@id.info@data-bid}}") == "4321"


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("<js>result.trim()</js>", "<js>"),
        ("tag.h1@text<js>result + 1</js>", "<js>"),
        ("@js:java.ajax('x')", "@js:"),
        ("tag.h1@text@JS:result", "@js:"),
        ("{{java.base64Decode(key)}}", "java."),
        ("https://x/{{Math.random()}}", "{{Math.random()}}"),
        ("so-novel@java:x", "@java:"),
        ("{{cookie.get('x')}}", "JavaScript"),
        ("class.x@text##a##{{result}}", "{{result}}"),
    ],
)
def test_javascript_rules_are_recognised(rule: str, reason: str) -> None:
    # They run in the sandbox now (tests/core/rules/js/test_js_rules.py); this names why.
    assert reason in (needs_javascript(rule) or "")


def test_so_novel_java_code_still_raises() -> None:
    page = Analyzer(BOOK_PAGE, URL)
    for evaluate in (page.string, page.strings, page.elements):
        with pytest.raises(NeedsJavaScriptError, match="@java:"):
            evaluate("so-novel@java:x")


@pytest.mark.parametrize(
    "rule", ["tag.h1@text", "{{$.a}}", "{{@css:a@href}}", "{{key}}", "@get:{x}", "//a/@href", ""]
)
def test_rules_without_javascript_are_not_flagged(rule: str) -> None:
    assert needs_javascript(rule) is None


def test_a_malformed_put_map_is_ignored_as_legado_does() -> None:
    page = Analyzer(BOOK_PAGE, URL)
    assert page.string("@put:{not a map}tag.h1@text") == page.string("tag.h1@text")
    assert page.context.variables == {}


@pytest.mark.parametrize(
    "rule", ["tag.", "[", "@css:", "@XPath:", "@Json:$..[", "text.", "li!x@text", "@put:{a:1"]
)
def test_rule_errors_never_leak_other_exception_types(rule: str) -> None:
    page = Analyzer(BOOK_PAGE, URL)
    for evaluate in (page.string, page.strings, page.elements):
        with contextlib.suppress(RuleError):  # any other exception type fails the test
            evaluate(rule)


def test_long_rules_are_cut_short_in_messages() -> None:
    page = Analyzer(BOOK_PAGE, URL)
    rule = "class." + "x" * 300 + "@text@java:1"
    with pytest.raises(NeedsJavaScriptError) as caught:
        page.string(rule)
    assert len(str(caught.value)) < 200


def test_all_in_one_regex_list_and_group_references() -> None:
    page = Analyzer(
        "<ul><li><a href='/b/1'>甲</a></li><li><a href='/b/2'>乙</a></li></ul>",
        "https://site.example/",
    )
    items = page.elements(r":<a href='([^']+)'>([^<]+)</a>")
    assert items == [
        RegexNode(("<a href='/b/1'>甲</a>", "/b/1", "甲")),
        RegexNode(("<a href='/b/2'>乙</a>", "/b/2", "乙")),
    ]
    assert [page.string("$2", item) for item in items] == ["甲", "乙"]
    assert page.string("$1", items[1], is_url=True) == "https://site.example/b/2"
    assert page.string("book-$1", items[0]) == "book-/b/1"


def test_rules_are_trimmed_and_put_rules_keeps_the_mode_prefix() -> None:
    context = RuleContext()
    page = Analyzer(BOOK_PAGE, URL, context)
    assert page.string("  tag.h1@text \n") == "长夜"
    assert page.string("\n//h1/text()") == "长夜"
    assert page.put_rules("@XPath://h1/text()@put:{b:'id.info@data-bid'}") == "@XPath://h1/text()"
    assert context.variables == {"b": "4321"}
