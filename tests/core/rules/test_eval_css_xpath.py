"""@CSS: rules with jsoup's extra selectors, and XPath rules scoped like Legado's."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleError

PAGE = """<html><body>
<ul id="chapters">
  <li><a href="/c/1">第1章 开始</a></li>
  <li><a href="/c/2">第2章 中间</a></li>
  <li><a href="/c/3" class="vip">第3章 VIP</a></li>
</ul>
<div class="pager"><a href="/p/1">上一页</a><a href="/p/3">下一页&gt;&gt;</a></div>
<div class="info"><span>作者：<em>张三</em></span><p>简介</p></div>
</body></html>"""


@pytest.fixture
def page() -> Analyzer:
    return Analyzer(PAGE, "https://site.example/book/9/")


def test_css_output_suffixes(page: Analyzer) -> None:
    assert page.strings("@CSS:#chapters li a@text") == ["第1章 开始", "第2章 中间", "第3章 VIP"]
    assert page.string("@css:#chapters a.vip@href") == "https://site.example/c/3"
    assert page.string("@css:.info span@ownText") == "作者："
    assert "<em>" not in page.string("@css:.info@html")
    assert page.elements("@css:#chapters li")[0].tag == "li"


def test_jsoup_sibling_index_pseudos(page: Analyzer) -> None:
    assert page.strings("@css:#chapters li:eq(1) a@text") == ["第2章 中间"]
    assert page.strings("@css:#chapters li:lt(1) a@text") == ["第1章 开始"]
    assert page.strings("@css:#chapters li:gt(0) a@text") == ["第2章 中间", "第3章 VIP"]


def test_jsoup_text_pseudos(page: Analyzer) -> None:
    # Unquoted text with characters CSS would not allow, matched case-insensitively.
    assert page.string("@css:.pager a:contains(下一页>>)@href") == "https://site.example/p/3"
    assert page.strings("@css:a:contains(vip)@text") == ["第3章 VIP"]
    assert page.strings("@css:span:containsOwn(作者)@text") == ["作者：张三"]
    assert page.strings("@css:span:containsOwn(张三)@text") == []
    assert page.strings(r"@css:#chapters a:matches(第[12]章)@text") == ["第1章 开始", "第2章 中间"]
    assert page.strings("@css:li:not(:contains(VIP)) a@href") == [
        "https://site.example/c/1",
        "https://site.example/c/2",
    ]


def test_attribute_regex_and_unquoted_values(page: Analyzer) -> None:
    assert page.strings(r"@css:a[href~=/c/[23]$]@text") == ["第2章 中间", "第3章 VIP"]
    assert page.strings("@css:a[href*=/p/]@text") == ["上一页", "下一页>>"]
    assert page.strings("a[href^=/c/].2@text") == ["第3章 VIP"]  # same in the default syntax


def test_jsoup_not_takes_a_selector_list() -> None:
    # 曦灵's sources: ``head>:not(meta,title)`` and ``a:not(:matches(\\S),[href~=^javascript])``.
    page = Analyzer(
        '<html><head><meta name="k"/><title>t</title><link href="s.css"/></head><body>'
        '<a href="javascript:x">1</a><a href="/p2">下一页</a><a href="/p3"><img/></a>'
        "</body></html>",
        "https://site.example/",
    )
    assert page.strings("@css:head>:not(meta,title)@href") == ["https://site.example/s.css"]
    links = page.strings("@css:a:not(:matches(\\S), [href~=^javascript])@href")
    assert links == ["https://site.example/p3"]
    # …and nests: links of short text, but not "目录" unless it also says "分类".
    page = Analyzer(
        '<a href="/1">下一页</a><a href="/2">目录</a><a href="/3">目录分类</a>',
        "https://site.example/",
    )
    nested = "@css:a:matches(^\\S{1,4}$):not(:matches(目[錄录]):not(:contains(分类)))@text"
    assert page.strings(nested) == ["下一页", "目录分类"]


def test_a_catastrophic_matches_pattern_is_stopped() -> None:
    page = Analyzer(f"<p>{'a' * 5000}b</p>", "https://x.example/")
    with pytest.raises(RuleError, match="longer than"):
        page.strings("@css:p:matches((a+)+$)@text")


def test_xpath_on_the_page(page: Analyzer) -> None:
    assert page.strings("//ul[@id='chapters']/li/a/text()") == [
        "第1章 开始",
        "第2章 中间",
        "第3章 VIP",
    ]
    assert page.strings("@XPath://a[@class='vip']/@href") == ["https://site.example/c/3"]
    assert page.string("//div[@class='info']/span/allText()") == "作者：张三"
    assert page.string("@XPath:count(//li)") == "3"
    assert len(page.elements("//ul/li")) == 3


def test_xpath_on_an_item_searches_only_that_item(page: Analyzer) -> None:
    items = page.elements("//ul[@id='chapters']/li")
    assert [page.string("//a/text()", item) for item in items] == [
        "第1章 开始",
        "第2章 中间",
        "第3章 VIP",
    ]
    assert [page.string("/a/@href", item) for item in items][1] == "https://site.example/c/2"
    assert page.string("@XPath:a/text()", items[2]) == "第3章 VIP"
    # Inside a predicate an absolute path is left alone.
    assert page.string("//a[contains(@href, '/c/')]/text()", items[0]) == "第1章 开始"


def test_xpath_element_results_read_as_text_lines(page: Analyzer) -> None:
    assert page.string("//div[@class='info']") == "作者：张三\n简介"


def test_xpath_combinators(page: Analyzer) -> None:
    assert page.strings("//em/text()&&//p/text()") == ["张三", "简介"]
    assert page.strings("//nothing/text()||//p/text()") == ["简介"]
    # '|' inside XPath is a union, not a rule combinator.
    assert page.strings("//em/text() | //p/text()") == ["张三", "简介"]


@pytest.mark.parametrize("rule", ["//a[", "@XPath:///", "@css:a:eq(x)@text", "@css:a[@text"])
def test_malformed_css_and_xpath_are_rule_errors(page: Analyzer, rule: str) -> None:
    with pytest.raises(RuleError):
        page.strings(rule)
