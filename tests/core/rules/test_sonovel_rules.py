"""so-novel rules compiled into the shared model (as Legado rule strings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from novelfetch.core.sources.rules.model import RateLimit, RuleSource
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.core.sources.rules.sonovel import first_of, selector_rule
from novelfetch.core.sources.rules.urls import build_request

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sources() -> list[RuleSource]:
    entries = parse_rule_document((DATA / "sonovel_rules.json").read_text(encoding="utf-8"))
    assert [e.error for e in entries] == [None, None]
    return [e.source for e in entries]


def one(rule: dict) -> RuleSource:
    [entry] = parse_rule_document(json.dumps(rule, ensure_ascii=False))
    assert entry.error is None, entry.error
    return entry.source


def base_rule(**sections) -> dict:
    rule = {
        "url": "https://s.example.test/",
        "name": "S",
        "toc": {"item": "#list a"},
        "chapter": {"content": "#content"},
    }
    rule.update(sections)
    return rule


def test_top_level_fields(sources):
    first, second = sources
    assert first.kind == "sonovel"
    assert first.name == "示例小说网"
    assert first.url == "https://books.example.test/"
    assert first.language == "zh-TW"
    assert first.enabled and not second.enabled  # "disabled": true
    assert first.usable
    assert first.id.startswith("books.example.test-")


def test_crawl_becomes_the_rate_limit(sources):
    assert sources[0].rate == RateLimit(min_interval=0.4, max_concurrency=3)
    assert sources[1].rate == RateLimit()


def test_get_search_with_percent_s(sources):
    search = sources[0].search
    assert search.url == "https://books.example.test/search.php?q={{key}}"
    assert search.book_list == "@css:#results > table > tbody > tr"
    assert search.name == "@css:td.title > a@text"
    assert search.book_url == "@css:td.title > a@href"  # the book link is the name's link
    assert search.author == "@css:td:nth-of-type(3)@text"
    assert search.last_chapter == "@css:td.last > a@text"
    assert search.next_url == "@css:#pages > a@href"
    request = build_request(search.url, sources[0].url, key="凡人 修仙")
    assert (
        request.url
        == "https://books.example.test/search.php?q=%E5%87%A1%E4%BA%BA+%E4%BF%AE%E4%BB%99"
    )


def test_js_in_an_optional_selector_drops_it(sources):
    assert sources[0].search.kind == ""
    assert sources[0].dropped == ("search.category needs JavaScript (@js:)",)


def test_post_search_with_loose_data_and_cookies(sources):
    search = sources[1].search
    request = build_request(search.url, sources[1].url, key="三体")
    assert request.method == "POST"
    assert request.url == "http://post.example.test/modules/article/search.php"
    assert request.body == b"searchkey=%E4%B8%89%E4%BD%93&searchtype=all"
    assert request.headers["Cookie"] == "waf=; seen=1"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_xpath_selectors_stay_xpath(sources):
    search = sources[1].search
    assert search.book_list == "@XPath:(//table[@class='grid']//tr)[position()>1]"
    assert search.name == "@XPath://td[1]/a//text()"
    assert search.book_url == "@XPath://td[1]/a/@href"
    assert sources[0].toc.next_toc_url == (
        "@XPath://select[@id='pages']/option/@href||//select[@id='pages']/option/@value"
    )


def test_book_url_regex_and_toc_template(sources):
    source = sources[0]
    assert source.book_url_pattern == r"https://books.example.test/book/(\d+)/"
    book_id = source.book_id("https://books.example.test/book/777/")
    assert book_id == "777"
    template = source.book_info.toc_url_template
    assert template == "https://books.example.test/index/{{bookId}}/"
    request = build_request(template, source.url, variables={"bookId": book_id})
    assert request.url == "https://books.example.test/index/777/"


def test_book_metadata_reads_meta_content_and_cover_src(sources):
    info = sources[0].book_info
    assert info.name == '@css:meta[property="og:novel:book_name"]@content'
    assert info.author == '@css:meta[property="og:novel:author"]@content'
    assert info.intro == "@css:#intro > p@text"
    assert info.cover_url == "@css:#cover > img@src"


def test_toc_list_item_order_and_paging(sources):
    toc = sources[0].toc
    # list + item distribute over the list's comma; isDesc reverses (Legado's leading '-').
    assert toc.chapter_list == "-@css:#list dd > a, #list2 dd > a"
    assert (toc.chapter_name, toc.chapter_url) == ("text", "href")


def test_chapter_filters_and_paging(sources):
    content = sources[0].content
    assert content.content == "@css:#content@html"
    assert content.title == "@css:.bookname > h1@text"
    assert content.replace_regex == r"##本站网址：\S+|\(本章完\)"
    assert content.remove_selectors == ("div", "script", "p")
    assert content.next_content_url == "@css:#next_url@href"


def test_js_in_chapter_content_makes_the_rule_unusable(sources):
    assert not sources[1].usable
    assert sources[1].problems == ("chapter.content needs JavaScript (@js:)",)


def test_next_page_is_ignored_without_pagination():
    source = one(
        base_rule(chapter={"content": "#content", "nextPage": "#next", "pagination": False})
    )
    assert source.content.next_content_url == ""


def test_missing_toc_item_and_content_are_problems():
    source = one({"url": "https://s.example.test/", "name": "S", "toc": {}, "chapter": {}})
    assert source.problems == ("toc.item is empty", "chapter.content is empty")


def test_toc_url_with_id_but_no_book_pattern_is_a_problem():
    source = one(base_rule(toc={"item": "a", "url": "https://s.example.test/toc/%s/"}))
    assert source.problems == ("toc.url needs the book ID, but book.url gives no pattern",)


def test_older_script_separator_counts_as_javascript():
    source = one(base_rule(toc={"item": "#list a##function func(r){return r}"}))
    assert source.problems == ("toc.item needs JavaScript (##)",)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"crawl": {"concurrency": "lots"}}, "crawl.concurrency must be a whole number"),
        ({"chapter": {"content": ["#content"]}}, "S: chapter.content must be text"),
        ({"toc": "#list a"}, "S: toc must be an object"),
        ({"url": "file:///etc/"}, "is not an http(s) address"),
    ],
)
def test_wrong_types_are_reported(rule, expected):
    [entry] = parse_rule_document(json.dumps(base_rule(**rule)))
    problems = entry.source.problems if entry.source else (entry.error,)
    assert any(expected in problem for problem in problems), problems


def test_search_data_as_real_json_and_get_method():
    source = one(
        base_rule(
            search={
                "url": "https://s.example.test/search",
                "method": "get",
                "data": '{"q": "%s", "type": "all books"}',
                "result": "li",
                "bookName": "a",
            }
        )
    )
    assert source.search.url == "https://s.example.test/search?q={{key}}&type=all%20books"


@pytest.mark.parametrize(
    ("selector", "output", "rule"),
    [
        ("div.title > a", "text", "@css:div.title > a@text"),
        ("meta[name='x']", "text", "@css:meta[name='x']@content"),
        ("//div[@id='c']", "html", "@XPath://div[@id='c']"),
        ("(//a)[1]", "href", "@XPath:(//a)[1]/@href"),
        ("/html/body//h1", "text", "@XPath:/html/body//h1//text()"),
        ("#list a", "", "@css:#list a"),
    ],
)
def test_selector_translation(selector, output, rule):
    assert selector_rule(selector, output) == rule


def test_alternatives_carry_the_mode_prefix_once_as_legado_reads_it():
    assert first_of("#p option", ("href", "value")) == "@css:#p option@href||#p option@value"
    assert first_of("//option", ("href", "value")) == "@XPath://option/@href||//option/@value"


def test_claims_url_searches_the_book_pattern(sources):
    assert sources[0].claims_url("https://books.example.test/book/777/")
    assert sources[0].claims_url("https://books.example.test/book/777/index.html")
    assert not sources[0].claims_url("https://books.example.test/search.php")
    assert not sources[1].claims_url("http://post.example.test/book/1/")  # no book.url
