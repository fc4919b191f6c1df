"""Sources whose scripts fail in Legado too are refused at import, naming the problem: found by
the corpus dry run, each case a real source's rule (Rhino refuses the same code)."""

from __future__ import annotations

from typing import Any

import pytest

from novelfetch.core.sources.rules.js.syntax import syntax_error
from novelfetch.core.sources.rules.legado import parse_legado
from novelfetch.core.sources.rules.model import RuleSource


def source(**fields: Any) -> RuleSource:
    raw: dict[str, Any] = {
        "bookSourceUrl": "https://novel.example",
        "bookSourceName": "示例",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "class.item", "name": "tag.a@text", "bookUrl": "tag.a@href"},
        "ruleToc": {"chapterList": "id.list@tag.li", "chapterName": "tag.a@text",
                    "chapterUrl": "tag.a@href"},
        "ruleContent": {"content": "id.content@html"},
    }  # fmt: skip
    for key, value in fields.items():
        raw[key] = {**raw[key], **value} if isinstance(value, dict) else value
    return parse_legado(raw, label="示例")


@pytest.mark.parametrize(
    ("content", "where"),
    [
        # 飘天文字网: the regex's closing '/' is escaped, so it never ends.
        ("@js:result=result.match(/<br>([\\s\\S]+)<\\/div>[\\s\\S]+!-- 翻页上\\/)[1]", "line 1"),
        # 大家读吧: ``@js:`` takes the rest of the rule, the '||' alternative with it.
        ("a.0@href@js:if(/x/.test(baseUrl)){baseUrl}else{result}||class.dl@a@href",
         "at '||class.dl@a@href'"),
        # 笔趣阁 (biquge.tw): a ``{{…}}`` script escaped twice: /^https?:\\/\\//.
        ("{{(()=>{var u=src; if(/^https?:\\\\/\\\\//.test(u)) return u; return ''})()}}",
         "at '/\\\\/'"),
    ],
)  # fmt: skip
def test_a_core_script_that_does_not_compile_refuses_the_source(content: str, where: str) -> None:
    parsed = source(ruleContent={"content": content})
    assert not parsed.usable
    (problem,) = parsed.problems
    assert problem.startswith("ruleContent.content cannot be read: its script does not compile")
    assert where in problem


def test_scripts_that_compile_are_accepted_whatever_they_use() -> None:
    for content in (
        "@js:result.match(/<br>([\\s\\S]+)<\\/div>/)[1]",
        "id.c@html<js>let a = result?.length ?? 0n;\r\nresult + `${a}`</js>##广告",
        "@js:var a\u200bb = 1; ab",  # a zero-width space, which Rhino skips
        "{{(()=>{ return src })()}}",
        "<js>'{{$.id}}' +)</js>",  # filled in before it runs: not code yet
    ):
        parsed = source(ruleContent={"content": content})
        assert parsed.usable, (content, parsed.problems)


def test_a_text_script_is_read_up_to_its_replacement_and_a_list_script_whole() -> None:
    # makeUpRule cuts a text rule's script at '##'; getElements does not cut a list's.
    assert source(ruleContent={"content": "@js:result##(广告##"}).usable
    parsed = source(ruleToc={"chapterList": "@js:[1]##(x##"})
    assert not parsed.usable
    assert parsed.problems[0].startswith("ruleToc.chapterList cannot be read: its script")


def test_a_search_url_or_js_lib_that_does_not_compile_refuses_the_source() -> None:
    parsed = source(searchUrl="@js:'/s?q=' + key +")
    assert parsed.problems[0].startswith("searchUrl cannot be read: its script does not compile")
    parsed = source(jsLib="function a() { return 1", ruleContent={"content": "@js:a()"})
    assert parsed.problems[0].startswith("jsLib cannot be read: its script does not compile")
    assert source(jsLib='{"lib": "https://x.example/lib.js"}').usable  # a map, not code


def test_java_classes_in_a_field_the_scripts_eval_refuse_the_source() -> None:
    # 移动阅读·出版: every script begins by evaluating its bookSourceComment (after a zero-width
    # space in ``getSource\u200b()``), and the comment sets up ``new JavaImporter()`` first.
    script = "@js:eval(String(source.getSource\u200b().bookSourceComment)); getUrl(result)"
    comment = "var j = new JavaImporter(); function getUrl(u) { return u }"
    parsed = source(bookSourceComment=comment, ruleContent={"content": script})
    assert parsed.problems == (
        "bookSourceComment needs Java classes (Packages, java.lang …): not available in"
        " NovelFetch (its scripts run it with eval)",
    )
    assert source(bookSourceComment="function getUrl(u) { return u }",
                  ruleContent={"content": script}).usable  # fmt: skip
    # Other missing names there may sit in functions only a button calls (番茄's loginUrl).
    login = "function my() { java.startBrowserAwait(source.bookSourceUrl, 'key') }"
    assert source(loginUrl=login, ruleContent={"content": "@js:eval(String(source.loginUrl))"
                                               "; result"}).usable  # fmt: skip


def test_syntax_errors_name_the_line_and_what_is_missing() -> None:
    assert syntax_error("var a = 1;\nvar b = (2") is not None
    assert syntax_error("a = 1\rb = 2") is None  # a bare carriage return ends a line
    assert syntax_error("x".join(["(" * 5000, ")" * 5000])) is None  # deep, not recursive
