"""Legado's ``js`` URL option written in the rule file itself (猫眼看书's, 大美书网's
``,{"js": "java.toast('正在搜索中…')"}``): the source is accepted, the code runs sandboxed once
the address is made, and its value, if it gives one, is the address fetched."""

from __future__ import annotations

from pathlib import Path

from novelfetch.core.sources.rules.legado import parse_legado
from tests.core.rules.js.test_js_corpus_gaps import search_with

BASE = {
    "bookSourceUrl": "https://a.example",
    "bookSourceName": "链接脚本",
    "ruleToc": {"chapterList": "li", "chapterName": "a@text", "chapterUrl": "a@href"},
    "ruleContent": {"content": "p@text"},
}


async def test_a_js_option_that_gives_nothing_leaves_the_address(tmp_path: Path) -> None:
    outcome, seen = await search_with(
        tmp_path, [], '/result?q={{key}},{\n  "js": "java.toast(\'正在搜索中，请稍等！\');"\n}'
    )
    assert outcome.ok, outcome.error
    assert [r.title for r in outcome.results] == ["书一"]
    assert seen == ["GET /result?q=青云"]


async def test_a_js_option_value_is_the_address_fetched(tmp_path: Path) -> None:
    outcome, seen = await search_with(
        tmp_path, [], "/result?q={{key}},{'js': \"java.toast('搜'); result + '&from=' + page\"}"
    )
    assert outcome.ok, outcome.error
    assert seen == ["GET /result?q=青云&from=1"]


def test_a_js_option_is_refused_only_for_what_nowhere_runs() -> None:
    def problems(search_url: str) -> tuple[str, ...]:
        search = {"bookList": "li", "name": "a@text", "bookUrl": "a@href"}
        source = {**BASE, "searchUrl": search_url, "ruleSearch": search}
        return parse_legado(source, label="t").problems

    assert problems("/s?q={{key}},{'js': 'result'}") == ()
    (refused,) = problems("/s?q={{key}},{'js': \"java.webView('', result, '')\"}")
    assert "searchUrl needs java.webView (a browser)" in refused
    (refused,) = problems("/s?q={{key}},{'webJs': 'document.title'}")
    assert "needs a browser (webJs)" in refused
    book_info = {"tocUrl": "a@href,{'js': 'result'}"}
    rule = parse_legado({**BASE, "ruleBookInfo": book_info}, label="t")
    assert rule.usable and "ruleBookInfo.tocUrl" in rule.scripted  # its jsLib is loaded
