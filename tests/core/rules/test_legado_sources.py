"""Legado book sources: fields, lenient parts, and what needs JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from novelfetch.core.sources.rules.model import RateLimit, RuleSource
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.core.sources.rules.urls import build_request
from novelfetch.core.sources.rules.usability import javascript_in

DATA = Path(__file__).parent / "data"


def one(source: dict) -> RuleSource:
    [entry] = parse_rule_document(json.dumps(source, ensure_ascii=False))
    assert entry.error is None, entry.error
    assert entry.source is not None
    return entry.source


def minimal(**extra) -> dict:
    source = {
        "bookSourceUrl": "https://min.example.test",
        "bookSourceName": "Minimal",
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "id.content@html"},
    }
    source.update(extra)
    return source


def test_single_source_fields_are_read():
    [entry] = parse_rule_document((DATA / "legado_single.json").read_text(encoding="utf-8"))
    source = entry.source
    assert source.url == "https://www.example-gbk.test"  # the '#tag' is not part of the URL
    assert source.name == "示例 GBK 书站"
    assert source.group == "测试,GBK"
    assert source.enabled
    assert source.headers == {
        "User-Agent": "Mozilla/5.0 NovelFetchTest",
        "Referer": "https://www.example-gbk.test/",
    }
    assert source.rate == RateLimit(min_interval=1.5)
    assert source.book_url_pattern == r"https?://www\.example-gbk\.test/book/(\d+)/?"
    assert source.book_id("https://www.example-gbk.test/book/1234/") == "1234"
    assert source.book_id("https://elsewhere.test/book/1234/") is None
    assert source.charset == "gb18030"
    assert source.search is not None
    assert source.search.url.startswith("/modules/article/search.php?searchkey={{key}}")
    assert source.search.book_list == "class.grid@tag.tr!0"
    assert source.search.check_key_word == "我的"
    assert source.book_info.intro == "id.intro@html##<a.*?</a>"
    assert source.toc.chapter_list == "id.list@dd@a"
    assert source.content.next_content_url == "text.下一页@href"
    assert source.content.replace_regex == "##本站网址.*"
    assert source.kind == "legado"


def test_js_in_an_optional_field_is_kept_and_marked_as_a_script():
    [entry] = parse_rule_document((DATA / "legado_single.json").read_text(encoding="utf-8"))
    source = entry.source
    assert source.usable
    assert source.search.cover_url == "@js:'https://img.example-gbk.test/' + result"
    assert source.dropped == ()
    assert source.scripted == ("ruleSearch.coverUrl",)
    # exploreUrl is ignored: its JavaScript does not matter.
    assert all("explore" not in p for p in source.problems + source.dropped)


def test_sections_as_json_text_lenient_options_and_post_search():
    [entry] = parse_rule_document((DATA / "legado_lenient.json").read_text(encoding="utf-8"))
    source = entry.source
    assert source.usable
    assert source.rate == RateLimit(max_requests=20, per_seconds=60.0)
    assert source.toc.chapter_list == "//dl/dd/a"
    assert source.content.next_content_url == "{{@css:a.next@href}}"  # a rule, not JS
    request = build_request(source.search.url, source.url, key="三体")
    assert request.method == "POST"
    assert request.url == "https://post.example.test/search.html"
    assert request.body == b"searchkey=%E4%B8%89%E4%BD%93&searchtype=all"


def test_js_in_the_core_path_runs_but_a_browser_is_still_refused():
    entries = parse_rule_document((DATA / "legado_mixed.json").read_text(encoding="utf-8"))
    source = next(e.source for e in entries if e.label == "JS core")
    assert not source.usable
    assert source.problems == ("searchUrl needs a browser (webView)",)
    assert source.scripted == ("ruleToc.chapterList", "ruleContent.nextContentUrl")


def test_simple_templates_are_not_javascript_but_other_bodies_are():
    entries = parse_rule_document((DATA / "legado_mixed.json").read_text(encoding="utf-8"))
    source = next(e.source for e in entries if e.label == "Usable")
    assert source.usable
    assert source.search.book_url == "/book/{{$.id}}"
    assert source.dropped == ()
    assert source.scripted == ("ruleSearch.intro", "ruleToc.isVip", "ruleContent.title")


@pytest.mark.parametrize(
    "rule",
    [
        "{{key}}",
        "{{page}}",
        "{{page-1}}",
        "{{page+1}}",
        "{{(page-1)*20}}",
        "{{page==1?'':'_'+page}}",
        '{{page == 1 ? "index" : "index_" + page}}',
        "{{encodeURI(key)}}",
        "{{encodeURIComponent(key)}}",
        "{{'literal'}}",
        "{{@css:a.next@href}}",
        "{{$.data.id}}",
        "{{$[0].id}}",
        "{{//a/@href}}",
        "tag.a@text##广告##",
        "$.list[*]",
        "class.javascript-free@text",
        # What Legado binds for scripts, read without one (issue 19).
        "{{source.getKey()}}",
        "{{book.name}}",
        "{{baseUrl}}",
        "{{title}}",
        "{{java.encodeURI(key)}}",
        "{{cookie.removeCookie(source.getKey())}}",
    ],
)
def test_rules_accepted_without_javascript(rule):
    assert javascript_in(rule) is None


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("<js>result.trim()</js>", "<js>"),
        ("tag.a@text<JS>x</JS>", "<js>"),
        ("@js:result.replace('a','b')", "@js:"),
        ("tag.a@href@JS:result", "@js:"),
        ("{{java.timeFormat(1)}}", "java."),
        ("https://a.test/s?t={{new Date().getTime()}}", "{{new Date().getTime()}}"),
        ("{{String(new Date().getTime())}}", "{{String(new Date().getTi…}}"),
        ("{{Math.random()}}", "{{Math.random()}}"),
        ("{{source.getLoginInfo()}}", "{{source.getLoginInfo()}}"),
        ("{{book.name.length}}", "{{book.name.length}}"),
        ("{{baseUrl.replace('a','b')}}", "{{baseUrl.replace('a','b')}}"),
    ],
)
def test_rules_needing_javascript_say_why(rule, reason):
    assert javascript_in(rule) == reason


def test_non_text_source_types_are_not_usable():
    for source_type, label in ((1, "audio"), ("2", "image"), (3, "file download")):
        source = one(minimal(bookSourceType=source_type))
        assert not source.usable
        assert source.problems == (f"not a text source (bookSourceType {source_type}: {label})",)
    assert one(minimal(bookSourceType="0")).usable


def test_missing_catalog_or_text_rules_are_problems():
    source = one(minimal(ruleToc={}, ruleContent={"content": "  "}))
    assert source.problems == ("ruleToc.chapterList is empty", "ruleContent.content is empty")


def test_search_without_a_list_rule_is_left_out_not_fatal():
    source = one(minimal(searchUrl="/s?q={{key}}", ruleSearch={"name": "tag.a@text"}))
    assert source.search is None
    assert source.usable
    assert source.dropped == ("search (ruleSearch.bookList is empty)",)


def test_no_search_url_means_no_search():
    assert one(minimal()).search is None


@pytest.mark.parametrize(
    ("header", "headers", "dropped"),
    [
        ('{"User-Agent": "UA"}', {"User-Agent": "UA"}, ()),
        ({"Cookie": "a=1", "X-Num": 5}, {"Cookie": "a=1", "X-Num": "5"}, ()),
        ("<js>JSON.stringify({})</js>", {}, ("header needs JavaScript; default headers are used",)),
        ("@js:({})", {}, ("header needs JavaScript; default headers are used",)),
        ("User-Agent: UA", {}, ("header is not JSON; default headers are used",)),
        ("", {}, ()),
    ],
)
def test_header_is_read_leniently(header, headers, dropped):
    source = one(minimal(header=header))
    assert source.headers == headers
    assert source.dropped == dropped
    assert source.usable


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("1000", RateLimit(min_interval=1.0)),
        ("20/60000", RateLimit(max_requests=20, per_seconds=60.0)),
        ("0", RateLimit()),
        ("", RateLimit()),
        (300, RateLimit(min_interval=0.3)),
    ],
)
def test_concurrent_rate(rate, expected):
    assert one(minimal(concurrentRate=rate)).rate == expected


def test_a_bad_concurrent_rate_is_a_problem_on_that_source():
    source = one(minimal(concurrentRate="fast please"))
    assert source.rate == RateLimit()
    assert len(source.problems) == 1
    assert source.problems[0].startswith("concurrentRate 'fast please' is not a rate")


def test_enabled_accepts_text_booleans_and_invalid_book_url_pattern_is_dropped():
    source = one(minimal(enabled="false", bookUrlPattern="https://a.test/(\\d+"))
    assert source.enabled is False
    assert source.book_url_pattern == ""
    assert source.dropped == ("bookUrlPattern is not a valid regular expression",)


def test_url_options_that_are_not_json_are_ignored_as_legado_does():
    source = one(
        minimal(
            searchUrl="/s?q={{key}},{method: POST body}",
            ruleSearch={"bookList": "tag.li", "name": "tag.a@text", "bookUrl": "tag.a@href"},
        )
    )
    assert source.usable
    assert source.dropped == (
        "searchUrl options (not JSON even to Legado's lenient reader; ignored)",
    )


def test_init_and_toc_url_are_core_when_present():
    source = one(minimal(ruleBookInfo={"init": "@js:JSON.parse(result)", "tocUrl": "{{java.x()}}"}))
    assert source.problems == ("ruleBookInfo.tocUrl needs java.x: not available in NovelFetch",)


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("<js>java.webView(null, baseUrl, null)</js>", "java.webView (a browser)"),
        ("@js:java.startBrowserAwait(baseUrl, '')", "java.startBrowserAwait (a browser)"),
        ("@js:java.getVerificationCode(baseUrl)", "java.getVerificationCode (a person"),
        ("@js:java.queryTTF(result)", "java.queryTTF (font decoding)"),
        ("@js:new java.lang.String(result)", "Java classes"),
        ("@js:Packages.javax.crypto.Cipher", "Java classes"),
        ("so-novel@java:x", "Java code (@java:)"),
    ],
)
def test_scripts_needing_what_novelfetch_lacks_are_refused_by_name(rule, problem):
    source = one(minimal(ruleContent={"content": rule}))
    (found,) = source.problems
    assert found.startswith("ruleContent.content needs ") and problem in found


@pytest.mark.parametrize(
    "rule",
    [
        "@js:org.jsoup.Jsoup.parse(result).text()",
        "<js>java.base64Decode(java.ajax(baseUrl))</js>",
        "{{cookie.getKey(baseUrl, 'a')}}",
        "@js:JSON.parse(result).data.map(x => `${x.id}`)",
    ],
)
def test_scripts_within_the_sandbox_surface_are_accepted(rule):
    source = one(minimal(ruleContent={"content": rule}))
    assert source.usable and source.scripted == ("ruleContent.content",)


def test_claims_url_matches_the_whole_address_like_legado():
    source = one(
        minimal(bookUrlPattern=r"https://min\.example\.test/book/\d+/", enabledCookieJar=True)
    )
    assert source.claims_url("https://min.example.test/book/12/")
    assert not source.claims_url("https://min.example.test/book/12/extra")
    assert not source.claims_url("https://other.test/?u=https://min.example.test/book/12/")
    assert not one(minimal()).claims_url("https://min.example.test/book/12/")
    assert source.cookie_jar is True
    assert one(minimal()).cookie_jar is False


def test_deeply_nested_or_long_template_bodies_are_javascript_not_a_crash():
    assert javascript_in("{{" + "(" * 400 + "page" + ")" * 400 + "}}") is not None
    assert javascript_in("{{" + "-" * 5000 + "page}}") is not None
    assert javascript_in("{{" + "(" * 40 + "page" + ")" * 40 + "}}") is None


def test_web_view_in_a_rule_that_gives_a_url_makes_the_source_unusable():
    toc = {
        "chapterList": "tag.li",
        "chapterName": "text",
        "chapterUrl": 'tag.a@href,{"webView": true}',
    }
    source = one(minimal(ruleToc=toc))
    assert source.problems == ("ruleToc.chapterUrl needs a browser (webView)",)
    toc["chapterUrl"] = "tag.a@href,{'method': 'POST', 'body': 'x=1'}"
    assert one(minimal(ruleToc=toc)).usable


@pytest.mark.parametrize(
    "chapter_url",
    [
        "tag.a@href@js:result+',{webView:“true”}'",  # curly quotes, as real sources write
        'tag.a@href<js>result + ",{\\"webView\\": true}"</js>',
        "href@js:try{result=result.match(/.txt.+/)[0]}finally{result+\",{'webView': true}\"}",
        "{{@@href}},{{String(source.header).replace(/\\}/, ',\"webView\":true}')}}",
    ],
)
def test_a_script_that_asks_for_a_web_view_makes_the_source_unusable(chapter_url):
    toc = {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": chapter_url}
    source = one(minimal(ruleToc=toc))
    assert source.problems == ("ruleToc.chapterUrl needs a browser (its script asks for webView)",)


def test_a_web_view_in_any_branch_of_a_search_script_or_its_library_is_refused():
    search = (
        "<js>var html = String(key).length > 9 ? java.ajax(baseUrl + \",{'webView': true}\")"
        " : ''; '/s?q=' + key</js>"
    )
    ruled = {"bookList": "li", "name": "a@text", "bookUrl": "a@href"}
    source = one(minimal(searchUrl=search, ruleSearch=ruled))
    assert source.problems == ("searchUrl needs a browser (its script asks for webView)",)
    library = "function open(u) { return java.ajax(u + ',{\"webView\":true}') }"
    toc = {"chapterList": "@js:open(baseUrl)", "chapterName": "text", "chapterUrl": "href"}
    source = one(minimal(jsLib=library, ruleToc=toc))
    assert source.problems == ("jsLib needs a browser (its script asks for webView)",)


def test_a_web_view_option_that_is_off_or_in_an_optional_field_refuses_nothing():
    search = '<js>\'/s?q=\' + key + \',{"method": "POST", "webView": false}\'</js>'
    ruled = {
        "bookList": "li",
        "name": "a@text",
        "bookUrl": "a@href",
        "coverUrl": "img@src@js:result + ',{\"webView\": true}'",
    }
    source = one(minimal(searchUrl=search, ruleSearch=ruled))
    assert source.usable, source.problems
    assert source.search.cover_url == ""
    assert any("coverUrl needs a browser" in note for note in source.dropped)


def test_a_legado_2_file_is_one_entry_with_a_message_not_a_crash():
    old = {
        "bookSourceUrl": "https://old.test",
        "bookSourceName": "旧书源",
        "ruleBookName": "tag.h1@text",
    }
    [entry] = parse_rule_document(json.dumps(old, ensure_ascii=False))
    assert entry.source is None
    assert entry.error == (
        "旧书源: a Legado 2.x source (ruleBookName …); only Legado 3.x sources are read"
    )
