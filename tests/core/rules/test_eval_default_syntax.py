"""Legado's default (JSOUP-style) rule syntax: steps, indexes, outputs, combinators."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleError

PAGE_URL = "https://books.example/dir/list.html"
LIST_PAGE = """<html><head><title>T</title></head><body>
<div class="list main" id="books"><ul>
  <li class="item"><a href="/b/1.html">Book One</a><span class="author">Ann</span></li>
  <li class="item"><a href="b/2.html">Book Two</a><span class="author">Bob</span></li>
  <li class="item"><a href="https://other.example/3">Book Three</a>
    <span class="author">Cy</span></li>
  <li class="item"><a href="/b/4.html" data-id="44">Book Four</a><span class="author">Di</span></li>
</ul></div>
<div class="nav"><a href="?page=2">下一页</a> <a href="javascript:void(0)">noop</a></div>
<table id="toc"><tr><td><a href="/c/1">第一章</a></td></tr>
<tr><td><a href="/c/2">第二章</a></td></tr></table>
</body></html>"""


@pytest.fixture
def page() -> Analyzer:
    return Analyzer(LIST_PAGE, PAGE_URL)


def names(page: Analyzer, rule: str) -> list[str]:
    return page.strings(rule)


def test_steps_search_inside_the_previous_results(page: Analyzer) -> None:
    items = page.elements("class.list@tag.li")
    assert len(items) == 4
    assert [page.string("tag.a@text", item) for item in items] == [
        "Book One",
        "Book Two",
        "Book Three",
        "Book Four",
    ]
    assert page.string("class.author@text", items[1]) == "Bob"
    assert page.elements("id.books@class.item@tag.a")[0].get("href") == "/b/1.html"


def test_plain_css_steps_and_children(page: Analyzer) -> None:
    assert names(page, "div.list li > span@text") == ["Ann", "Bob", "Cy", "Di"]
    assert names(page, "id.books@tag.ul@children@tag.span@text") == ["Ann", "Bob", "Cy", "Di"]


def test_text_step_finds_elements_by_their_own_text(page: Analyzer) -> None:
    assert page.string("text.下一页@href") == "https://books.example/dir/list.html?page=2"
    assert page.strings("text.book t@text") == ["Book Two", "Book Three"]  # case-insensitive


def test_dot_index_picks_and_negative_counts_from_the_end(page: Analyzer) -> None:
    assert names(page, "tag.li.0@tag.a@text") == ["Book One"]
    assert names(page, "tag.li.-1@tag.a@text") == ["Book Four"]
    assert names(page, "class.item.2@tag.a@text") == ["Book Three"]
    assert names(page, "li.1@a@text") == ["Book Two"]
    # A ':'-list of single indexes, kept in the order written.
    assert names(page, "tag.li.-1:0@tag.a@text") == ["Book Four", "Book One"]


def test_bang_index_excludes(page: Analyzer) -> None:
    assert names(page, "tag.li!0@tag.a@text") == ["Book Two", "Book Three", "Book Four"]
    assert names(page, "tag.li!0:-1@tag.a@text") == ["Book Two", "Book Three"]


def test_bracket_indexes_ranges_and_exclusions(page: Analyzer) -> None:
    assert names(page, "tag.li[0, 2]@tag.a@text") == ["Book One", "Book Three"]
    assert names(page, "tag.li[1:2]@tag.a@text") == ["Book Two", "Book Three"]
    assert names(page, "tag.li[0:3:2]@tag.a@text") == ["Book One", "Book Three"]
    assert names(page, "tag.li[-1:0]@tag.a@text") == [
        "Book Four",
        "Book Three",
        "Book Two",
        "Book One",
    ]
    assert names(page, "tag.li[!0, -1]@tag.a@text") == ["Book Two", "Book Three"]
    assert names(page, "tag.li[:1]@tag.a@text") == ["Book One", "Book Two"]
    # Out-of-range indexes are ignored, as in Legado.
    assert names(page, "tag.li[9, 1]@tag.a@text") == ["Book Two"]
    # A trailing [attr] is an attribute selector, not an index list.
    assert names(page, "a[data-id]@text") == ["Book Four"]


def test_nested_lists_with_indexes(page: Analyzer) -> None:
    table_rows = page.elements("id.toc@tag.tr")
    assert [page.string("tag.a.0@text", row) for row in table_rows] == ["第一章", "第二章"]
    assert page.strings("tag.div.0@tag.li.1@tag.span@text") == ["Bob"]


def test_a_table_without_tbody_answers_tbody_rules(page: Analyzer) -> None:
    assert names(page, "@css:#toc > tbody > tr a@text") == ["第一章", "第二章"]
    assert names(page, "id.toc@tag.tbody@tag.a@text") == ["第一章", "第二章"]
    assert page.strings("//table/tbody/tr/td/a/text()") == ["第一章", "第二章"]


def test_outputs_text_owntext_textnodes_attributes() -> None:
    page = Analyzer(
        "<div id='c'>  first <b>bold</b> line<br>second&nbsp;line <p>para</p></div>",
        "https://x.example/a/b",
    )
    assert page.string("id.c@text") == "first bold line second line para"
    assert page.string("id.c@ownText") == "first line second line"
    assert page.string("id.c@textNodes") == "first\nline\nsecond line"
    assert page.string("id.c@html").splitlines() == ["first bold line", "second line", "para"]


def test_links_are_absolute_and_javascript_links_dropped(page: Analyzer) -> None:
    assert page.strings("tag.li@tag.a@href") == [
        "https://books.example/b/1.html",
        "https://books.example/dir/b/2.html",
        "https://other.example/3",
        "https://books.example/b/4.html",
    ]
    assert page.strings("class.nav@tag.a@href") == ["https://books.example/dir/list.html?page=2"]
    assert page.string("tag.li.3@tag.a@data-id") == "44"
    assert page.string("tag.li.1@tag.a@abs:href") == "https://books.example/dir/b/2.html"


def test_is_url_makes_any_result_absolute_and_takes_the_first(page: Analyzer) -> None:
    assert page.string("tag.li@tag.a@href", is_url=True) == "https://books.example/b/1.html"
    assert page.strings("class.nav@tag.a@href##\\?page=2##?page=3", is_url=True) == [
        "https://books.example/dir/list.html?page=3"
    ]


def test_and_concatenates_or_falls_back_percent_interleaves(page: Analyzer) -> None:
    assert names(page, "tag.li.0@tag.a@text&&tag.li.0@class.author@text") == ["Book One", "Ann"]
    assert page.string("tag.li.0@tag.a@text&&tag.li.0@class.author@text") == "Book One\nAnn"
    assert names(page, "class.missing@text||class.author.0@text") == ["Ann"]
    assert names(page, "tag.li@tag.a.0@text%%class.author@text")[:4] == [
        "Book One",
        "Ann",
        "Book Two",
        "Bob",
    ]
    list_rule = "class.nothing||class.item"
    assert len(page.elements(list_rule)) == 4


def test_combinators_inside_brackets_are_part_of_the_selector() -> None:
    page = Analyzer("<a title='x&&y' href='/1'>A</a><a title='z' href='/2'>B</a>", "https://x/")
    assert page.strings("@css:a[title=x&&y]@text") == ["A"]


def test_leading_minus_reverses_a_list(page: Analyzer) -> None:
    items = page.elements("-class.item")
    assert [page.string("tag.a@text", item) for item in items[:2]] == ["Book Four", "Book Three"]
    assert len(page.elements("+class.item")) == 4


def test_nothing_found_gives_empty_results(page: Analyzer) -> None:
    assert page.string("class.none@text") == ""
    assert page.strings("class.none@text") == []
    assert page.elements("class.none") == []
    assert page.string("") == ""
    assert page.strings("") == []
    assert page.elements("") == []


@pytest.mark.parametrize("rule", ["class.@text", "tag.li[@text", "@css:li", "li:eq(x)@text"])
def test_malformed_rules_are_rule_errors_naming_the_rule(page: Analyzer, rule: str) -> None:
    with pytest.raises(RuleError) as caught:
        page.strings(rule)
    assert repr(rule) in str(caught.value) or rule[:20] in str(caught.value)
