"""The corpus dry run rehearses a real run: scripts get a network that answers with pages
shaped as they read them, and pages holding what their regular expressions look for."""

from __future__ import annotations

import json
import re

from benchmarks.corpus_network import FakeNetwork
from benchmarks.corpus_pages import html_page
from benchmarks.corpus_report import classify

from benchmarks import corpus, corpus_pages, corpus_scripts
from novelfetch.core.sources.rules.rulefile import parse_rule_document


def _source(**rules: object):  # type: ignore[no-untyped-def]
    raw = {
        "bookSourceUrl": "https://novel.example",
        "bookSourceName": "示例",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "class.item", "name": "tag.a@text", "bookUrl": "tag.a@href"},
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {"chapterList": "id.list@tag.li", "chapterName": "tag.a@text",
                    "chapterUrl": "tag.a@href"},
        "ruleContent": {"content": "id.content@html"},
    }  # fmt: skip
    for section, values in rules.items():
        raw[section] = {**raw.get(section, {}), **values}  # type: ignore[dict-item]
    (entry,) = parse_rule_document(json.dumps([raw], ensure_ascii=False), origin="test")
    assert entry.source is not None and entry.source.usable, entry.source
    return entry.source


def test_a_sample_string_matches_each_pattern() -> None:
    for pattern in (
        r"共(\d+)页",
        r'initTxt\("([^"]+)","[^"]+"\)',
        r"book\/(.*?)\.html",
        r"(\d+)\/?$",
    ):
        text = corpus_scripts.sample(pattern)
        assert text is not None and re.search(pattern, text), pattern


def test_regexes_and_json_reads_are_found_in_scripts() -> None:
    script = (
        "n=result.match(/共(\\d+)页/)[1]; id=baseUrl.match(/(\\d+)$/)[1];"
        " d=JSON.parse(x); d.data.list"
    )
    assert corpus_scripts.regexes([script]) == [("result", "共(\\d+)页"), ("baseUrl", "(\\d+)$")]
    assert ["data", "list"] in corpus_scripts.json_chains([script])


def test_the_fake_network_answers_in_the_shape_the_scripts_read() -> None:
    script = (
        "<js>var h = java.ajax(baseUrl + '/all'); var t = org.jsoup.Jsoup.parse(h)"
        ".select('input.token').attr('value'); h.match(/total=(\\d+)/)[1] + t</js>"
    )
    network = FakeNetwork(_source(ruleContent={"content": script}))
    answer = network("GET", "https://novel.example/all", {}, None)
    assert answer.url == "https://novel.example/all"
    assert re.search(r"total=\d+", answer.body) and 'class="token"' in answer.body
    network.mode = "json"
    assert json.loads(network("GET", "https://novel.example/api", {}, None).body)


def test_a_script_that_fetches_and_matches_passes_the_dry_run() -> None:
    # Without the fake network the script fails ("no network here"); without the sample
    # text, match() finds nothing and [1] fails.
    script = "<js>var h = java.ajax(baseUrl + '?all=1'); h.match(/共(\\d+)页/)[1]</js>"
    run = corpus.dry_run(_source(ruleContent={"content": "id.content@html" + script}))
    assert run.failures == [] and run.bare_only == []


def test_a_script_failing_only_on_the_bare_page_is_counted_apart() -> None:
    script = "id.content@text<js>result.match(/第(\\d+)章/)[1]</js>"
    run = corpus.dry_run(_source(ruleContent={"content": script}))
    assert run.failures == []
    assert [kind for kind, _ in run.bare_only] == [
        "data-dependent: a script reads what the synthetic page lacks"
    ]


def test_when_json_parse_refused_the_html_answer_the_failure_with_json_is_reported() -> None:
    # 纵横中文, 塔读: the first answer is HTML (the request does not say which kind); the
    # script's JSON.parse refuses it. What the script then does with JSON is its failure.
    script = "<js>var d = JSON.parse(java.ajax(baseUrl + '/api')); d && undefinedName</js>"
    run = corpus.dry_run(_source(ruleContent={"content": "id.content@html" + script}))
    assert run.failures
    assert all(where.endswith("'undefinedName' is not defined") for _, where in run.failures)


def test_json_parse_and_eval_failures_are_data_dependent() -> None:
    # The sandbox notes where a script's error arose: in JSON.parse of a page's text, in
    # code the page held and the script evaluated (艾途小说's ``eval('(' + r + ')')``).
    data_dependent = "data-dependent: a script reads what the synthetic page lacks"
    for message in (
        "the script failed: SyntaxError: unexpected token: '<' (in JSON.parse: not JSON)",
        "the script failed: SyntaxError: expecting ')' (in code it evals)",
        "the script failed: SyntaxError: invalid … (in code with values filled in)",
    ):
        assert classify(message) == data_dependent
    assert classify("the script failed: SyntaxError: expecting ')'").startswith("other: ")
    # 石头阅读: ``java.setContent(JSON.parse(result).html)`` on a page without ``html``.
    assert classify("rule.setContent: content cannot be null") == data_dependent
    assert "QuickJS" in classify("/(.*\\s*)*?/ would loop for ever here")


def test_on_an_html_page_a_bare_word_rule_is_a_selector_or_an_attribute() -> None:
    # 轻之文库's chapterList ``.chapter``, 雁北堂's ``d-id``: not JSON keys on an HTML page.
    page = html_page(".chapter", ["a@href", "d-id"], [])
    assert '<div class="chapter"' in page and 'd-id="2"' in page  # an id: a number


def test_a_data_url_is_answered_as_the_real_fetch_answers_it() -> None:
    network = FakeNetwork(_source())
    answer = network("GET", 'data:;base64,MTIz,{"type":""}', {}, None)
    assert answer.body == "313233"  # the bytes in hex, not a page shaped from the rules


def test_the_list_rule_decides_the_page_kind_when_it_can_only_work_on_one() -> None:
    # A CSS list rule with an optional JSONPath field: the page is HTML (on a JSON page
    # Legado would read "#list li" as a path and fail); a wildcard path: the page is JSON.
    html = _source(ruleSearch={"bookList": "#list li", "lastChapter": "$.last"})
    assert corpus.dry_run(html).failures == []
    json_list = {"bookList": ".data_list[*]", "name": "book_name", "bookUrl": "url@js:result"}
    assert corpus.dry_run(_source(ruleSearch=json_list)).failures == []
    assert corpus_pages.list_page_kind("class.sone[0:19]") is None  # Legado's own indexes
    assert corpus_pages.list_page_kind("data.list[?(@.vip == false)]") == "json"


def test_a_script_reading_the_page_with_a_jsonpath_gets_a_json_page() -> None:
    # Legado reads ``java.getString("$…")`` only on a JSON page: the site answers JSON there.
    content = {"content": "<js>java.getString('$.data.text') + java.getStringList('$..t')</js>"}
    assert corpus.dry_run(_source(ruleContent=content)).failures == []
