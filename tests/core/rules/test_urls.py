"""Legado URL rules to requests; the simple templates; throttling values."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novelfetch.core.errors import BadInputError
from novelfetch.core.sources.rules.document import absolute_url
from novelfetch.core.sources.rules.model import RateLimit, RuleFileError
from novelfetch.core.sources.rules.rate import parse_concurrent_rate
from novelfetch.core.sources.rules.templates import TemplateError, evaluate
from novelfetch.core.sources.rules.urls import (
    UrlNeedsBrowserError,
    UrlNeedsJavaScriptError,
    build_request,
    split_url_rule,
)

BASE = "https://www.example.test/"


def test_plain_get_with_key_and_page():
    request = build_request("/search?q={{key}}&p={{page}}", BASE, key="斗破苍穹", page=3)
    assert request.method == "GET"
    assert (
        request.url == "https://www.example.test/search?q=%E6%96%97%E7%A0%B4%E8%8B%8D%E7%A9%B9&p=3"
    )
    assert request.body is None
    assert request.charset == ""


def test_gbk_charset_encodes_the_key_in_the_query():
    request = build_request("/s.php?k={{key}}&t=1,{'charset': 'gbk'}", BASE, key="斗破 苍穹")
    assert request.url == "https://www.example.test/s.php?k=%B6%B7%C6%C6+%B2%D4%F1%B7&t=1"
    assert request.charset == "gb18030"
    assert parse_qs(urlsplit(request.url).query, encoding="gbk")["k"] == ["斗破 苍穹"]


def test_gb18030_also_encodes_characters_gbk_lacks():
    request = build_request('/s?k={{key}},{"charset": "gb2312"}', BASE, key="😀")
    assert request.url == "https://www.example.test/s?k=%949%FC6"
    assert parse_qs(urlsplit(request.url).query, encoding="gb18030")["k"] == ["😀"]


def test_post_form_body_in_the_charset():
    rule = (
        "/modules/search.php,"
        "{'method': 'post', 'body': 'searchkey={{key}}&type=all', 'charset': 'gbk'}"
    )
    request = build_request(rule, BASE, key="凡人")
    assert request.method == "POST"
    assert request.url == "https://www.example.test/modules/search.php"
    assert request.body == "searchkey=凡人&type=all".replace("凡人", "%B7%B2%C8%CB").encode()
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}


def test_post_json_object_body_becomes_json():
    rule = '/api/search,{"method": "POST", "body": {"keyword": "{{key}}", "page": "{{page}}"}}'
    request = build_request(rule, BASE, key='say "hi"', page=2)
    assert json.loads(request.body) == {"keyword": 'say "hi"', "page": "2"}
    assert request.headers["Content-Type"] == "application/json; charset=UTF-8"


def test_post_json_text_body_and_explicit_content_type():
    rule = (
        "/api,{'method':'POST','body':'{\"q\":\"{{key}}\"}',"
        "'headers':{'Content-Type':'text/plain; charset=gbk'}}"
    )
    request = build_request(rule, BASE, key="书")
    assert request.body == '{"q":"书"}'.encode("gbk")
    assert request.headers == {"Content-Type": "text/plain; charset=gbk"}


def test_headers_merge_source_headers_and_option_headers():
    rule = (
        "/s?q={{key}},{'headers': {'Referer': 'https://www.example.test/', 'X-Page': '{{page}}'}}"
    )
    request = build_request(rule, BASE, key="a", page=4, headers={"User-Agent": "UA"})
    assert request.headers == {
        "User-Agent": "UA",
        "Referer": "https://www.example.test/",
        "X-Page": "4",
    }


def test_headers_option_may_itself_be_json_text():
    rule = "/s,{'headers': '{\"Cookie\": \"a=1\"}'}"
    assert build_request(rule, BASE).headers == {"Cookie": "a=1"}


@pytest.mark.parametrize(
    ("page", "url"),
    [
        (1, "https://www.example.test/list/index.html"),
        (2, "https://www.example.test/list/index_2.html"),
        (3, "https://www.example.test/list/index_3.html"),
        (9, "https://www.example.test/list/index_3.html"),  # past the end: the last one
    ],
)
def test_page_list_picks_by_page(page, url):
    assert build_request("/list/index<,_2,_3>.html", BASE, page=page).url == url


def test_page_list_after_templates():
    rule = "/b/{{key}}/<1,{{page}}>.html"
    assert build_request(rule, BASE, key="x", page=5).url == "https://www.example.test/b/x/5.html"


@pytest.mark.parametrize(
    ("template", "page", "expected"),
    [
        ("{{page}}", 3, "3"),
        ("{{page-1}}", 3, "2"),
        ("{{page+1}}", 3, "4"),
        ("{{(page-1)*20}}", 3, "40"),
        ("{{page*10/4}}", 3, "7.5"),
        ("{{page==1?'':'_'+page}}", 1, ""),
        ("{{page==1?'':'_'+page}}", 2, "_2"),
        ("{{page>1?page:''}}", 1, ""),
        ("{{'p'+(page+1)}}", 1, "p2"),
        ("{{1+'1'}}", 1, "11"),
        ("{{page=='2'?'y':'n'}}", 2, "y"),
        ("{{page===2?'y':'n'}}", 2, "y"),
        ("{{page==='2'?'y':'n'}}", 2, "n"),
    ],
)
def test_simple_template_evaluation(template, page, expected):
    assert evaluate(template[2:-2], {"key": "k", "page": page}) == expected


def test_encode_uri_templates():
    assert evaluate("encodeURI(key)", {"key": "a b/中", "page": 1}) == "a%20b/%E4%B8%AD"
    assert evaluate("encodeURIComponent(key)", {"key": "a b/中", "page": 1}) == "a%20b%2F%E4%B8%AD"
    url = build_request("/s/{{encodeURI(key)}}", BASE, key="中 文").url
    assert url == "https://www.example.test/s/%E4%B8%AD%20%E6%96%87"


def test_already_encoded_query_values_are_kept_without_charset():
    request = build_request("/s?q=%E4%B8%AD&r={{key}}", BASE, key="x y")
    assert request.url == "https://www.example.test/s?q=%E4%B8%AD&r=x+y"


@pytest.mark.parametrize(
    "body", ["alert(1)", "key.length", "page()", "book.name=1", "eval('x')", ""]
)
def test_anything_else_is_not_a_template(body):
    with pytest.raises(TemplateError):
        evaluate(body, {"key": "k", "page": 1})


def test_embedded_rules_are_resolved_by_the_callback():
    seen = []

    def resolve(rule: str) -> str:
        seen.append(rule)
        return "4711"

    request = build_request("/book/{{$.id}}/toc?k={{key}}", BASE, key="x", resolve=resolve)
    assert request.url == "https://www.example.test/book/4711/toc?k=x"
    assert seen == ["$.id"]
    with pytest.raises(RuleFileError, match="needs the page it reads from"):
        build_request("/book/{{@css:a@href}}", BASE)


@pytest.mark.parametrize(
    "rule",
    [
        "<js>'https://a.test/s?q='+key</js>",
        "@js:java.ajax(baseUrl)",
        "/s?q={{key}}&t={{new Date().getTime()}}",
        "/s,{'js': 'java.headerMap.put(1, 2)'}",
    ],
)
def test_javascript_in_urls_is_refused(rule):
    with pytest.raises(UrlNeedsJavaScriptError, match="needs JavaScript"):
        build_request(rule, BASE, key="k")


def test_web_view_needs_a_browser():
    with pytest.raises(UrlNeedsBrowserError) as refused:
        build_request("/s?q={{key}},{'webView': true}", BASE, key="k")
    assert str(refused.value).endswith("needs a browser (webView), which NovelFetch does not have")
    # webView false is just a normal fetch
    assert build_request("/s,{'webView': false}", BASE).url == "https://www.example.test/s"


@pytest.mark.parametrize(
    ("rule", "base"),
    [
        ("file:///etc/passwd", BASE),
        ("javascript:alert(1)", BASE),
        ("/relative/only", ""),
        ("ftp://files.example.test/x", BASE),
    ],
)
def test_only_http_addresses_are_allowed(rule, base):
    with pytest.raises(BadInputError, match="is not an http\\(s\\) address"):
        build_request(rule, base)


def test_relative_urls_resolve_against_the_base_without_its_options_or_tag():
    assert build_request("chapter_2.html", "https://a.test/book/1/index.html").url == (
        "https://a.test/book/1/chapter_2.html"
    )
    assert build_request("/x", "https://a.test/s,{'method':'POST'}").url == "https://a.test/x"
    assert build_request("/x", "https://a.test#tag").url == "https://a.test/x"


def test_retry_option_and_unknown_charset():
    assert build_request("/s,{'retry': 3}", BASE).retry == 3
    with pytest.raises(RuleFileError, match="unknown charset 'klingon'"):
        build_request("/s,{'charset': 'klingon'}", BASE)


def test_escape_charset_uses_javascript_escape():
    request = build_request("/s?q={{key}},{'charset': 'escape'}", BASE, key="中a b")
    assert request.url == "https://www.example.test/s?q=%u4E2Da%20b"


def test_options_split_skips_templates():
    assert split_url_rule("/s?q={{key}},{'method':'POST'}") == ("/s?q={{key}}", "{'method':'POST'}")
    assert split_url_rule("/s/<1,{{page}}>") == ("/s/<1,{{page}}>", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1000", RateLimit(min_interval=1.0)),
        (" 250 ", RateLimit(min_interval=0.25)),
        ("20/60000", RateLimit(max_requests=20, per_seconds=60.0)),
        ("0", RateLimit()),
        (None, RateLimit()),
        ("", RateLimit()),
    ],
)
def test_parse_concurrent_rate(value, expected):
    assert parse_concurrent_rate(value) == expected


@pytest.mark.parametrize("value", ["abc", "-5", "20/0", "0/100", "1.5", "1/2/3", True])
def test_bad_concurrent_rates_raise_a_rule_error(value):
    with pytest.raises(RuleFileError, match="is not a rate"):
        parse_concurrent_rate(value)


@pytest.mark.parametrize("key", ["C# & C++", "a=b?c", "<1,2>", "100%", "{{page}}"])
def test_a_key_is_data_never_url_syntax(key):
    get = build_request("/s?q={{key}}&p={{page}}", BASE, key=key, page=2)
    assert parse_qs(urlsplit(get.url).query) == {"q": [key], "p": ["2"]}
    post = build_request(
        "/s,{'method': 'POST', 'body': 'q={{key}}&p=<1,2,3>'}", BASE, key=key, page=2
    )
    assert parse_qs(post.body.decode()) == {"q": [key], "p": ["2"]}
    path = build_request("/book/{{key}}/x", BASE, key=key)
    assert urlsplit(path.url).query == "" and urlsplit(path.url).fragment == ""


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            "http://h/site/book/9/index_1.html",
            "https://a.b:81/x/y/",
            "http://h",
            "http://h/",
            "http://u:p@h/a/b?q=1#f",
            "https://h/a/b/c.php?x=/y/z",
            "http://[::1]:8/a/b",
            "https://例子.中国/目录/页.html",
            "relative/page.html",
            "",
        ]
    ),
    st.one_of(
        st.text(min_size=1, max_size=12),
        st.builds("{}{}".format, st.sampled_from(["http://", "https://h", "HTTP://h/"]), st.text()),
    ),
)
def test_a_link_resolves_as_urljoin_resolves_it(base: str, link: str) -> None:
    # absolute_url's shortcut for file-name links (a catalog's hundreds of them) must give
    # exactly what urljoin gives, whatever the link holds.
    stripped = link.strip()
    if not stripped or stripped[:11].lower().startswith(("javascript", "data:")) or not base:
        return
    try:
        expected = urljoin(base, stripped)
    except ValueError:
        expected = stripped
    assert absolute_url(base, link) == expected
