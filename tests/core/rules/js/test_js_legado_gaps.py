"""Script rules where Legado's reading differs from a plain JavaScript one (found by the
corpus dry run): each case is a real source's idiom, checked against AnalyzeRule.kt."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleError
from novelfetch.core.sources.rules.legado import parse_legado

PAGE = """<html><body><div class="content">他说&ldquo;走吧&rdquo;。</div>
<a id="go" onclick="location.href='/c/2.html'">下一章</a></body></html>"""
URL = "https://site.example/book/1/"


def test_a_script_in_a_text_rule_ends_at_its_replacement() -> None:
    # 格格党: ``@js:result+'↔'##\&.*ldquo;##“``: makeUpRule cuts the script at ``##`` too.
    page = Analyzer("<p>甲&amp;ldquo;乙</p>", URL)
    assert page.string("tag.p@text@js:result+'↔'##\\&.*ldquo;##“") == "甲“乙↔"
    # ``java.put(…)##精校全本``: the code runs, then its value loses the pattern.
    assert page.string("@js:java.put('n', '书名精校全本')##精校全本") == "书名"
    assert page.context.variables["n"] == "书名精校全本"


def test_a_script_step_of_only_a_replacement_replaces_in_the_value_before_it() -> None:
    # 天籁小说: ``onclick<js>##location.href='|'</js>``: no code runs, the value is cleaned.
    page = Analyzer(PAGE, URL)
    assert page.string("id.go@onclick<js>##location.href='|'</js>") == "/c/2.html"


def test_a_list_rule_script_is_not_cut_at_its_hashes() -> None:
    # getElements does not make up the rule: ``##`` in a list script is JavaScript's.
    page = Analyzer(PAGE, URL)
    items = page.elements("@js:['a##b'].map(s => ({n: s}))")
    assert [page.string("$.n", item) for item in items] == ["a##b"]


FORM = """<html><body><form><input name="_token" value="t0k"/><textarea name="q">问</textarea>
</form><div id="nr1"><p>广告</p>正文一<p>广告</p>正文二</div></body></html>"""


def test_jsoup_val_reads_a_form_field() -> None:
    # 一二三读, 磨铁: ``Jsoup.parse(html).select("[name=_token]").val()`` before searching.
    page = Analyzer(FORM, URL)
    script = (
        "@js:var d = org.jsoup.Jsoup.parse(src);"
        " d.select('[name=_token]').val() + d.select('textarea').val()"
    )
    assert page.string(script) == "t0k问"


def test_jsoup_remove_takes_elements_out_and_keeps_the_text_between() -> None:
    # 天籁小说, 魄岁冰桐: ``doc.select("p").remove()`` then read what is left.
    page = Analyzer(FORM, URL)
    script = (
        "@js:var d = org.jsoup.Jsoup.parse(src).select('#nr1'); d.select('p').remove(); d.text()"
    )
    assert page.string(script) == "正文一正文二"


def test_book_set_reverse_toc_false_keeps_the_order_and_true_says_it_is_missing() -> None:
    # 曦灵's sources call ``book.setReverseToc(false)`` unless the reader asked for reversal.
    page = Analyzer(PAGE, URL)
    assert page.string("@js:book.setReverseToc(false); book.getReverseToc() + ''") == "false"
    with pytest.raises(RuleError, match="setReverseToc"):
        page.string("@js:book.setReverseToc(true)")


def test_format_characters_in_a_script_are_skipped_as_rhino_does() -> None:
    # 移动阅读·出版: ``source.getSource\u200b()`` (a zero-width space in the name).
    page = Analyzer(PAGE, URL)
    assert page.string("@js:var a\u200bb = 'ok'; ab + '\u200d'") == "ok"


def test_a_js_lib_using_java_classes_refuses_the_source_naming_them() -> None:
    # 七猫, 番茄 (fanqie.mduge.com): every script runs after a jsLib calling
    # ``Packages.android.text.TextUtils``; without Java classes none of them can run.
    source = {
        "bookSourceUrl": "https://lib.example",
        "bookSourceName": "库",
        "jsLib": "function empty(v) { return Packages.android.text.TextUtils.isEmpty(v) }",
        "ruleToc": {"chapterList": "@js:[]", "chapterName": "a@text", "chapterUrl": "a@href"},
        "ruleContent": {"content": "id.c@text"},
    }
    parsed = parse_legado(source, label="库")
    assert not parsed.usable
    assert parsed.problems == ("jsLib needs Java classes (Packages, java.lang …): "
                               "not available in NovelFetch",)  # fmt: skip
    source["jsLib"] = "function twice(v) { return v + v }"
    assert parse_legado(source, label="库").usable


def test_set_content_of_nothing_is_a_clear_script_error() -> None:
    # 石头阅读: ``java.setContent(JSON.parse(result).html)`` on a page without ``html``.
    page = Analyzer(PAGE, URL)
    with pytest.raises(RuleError, match="content cannot be null"):
        page.string("@js:java.setContent(undefined); java.getString('tag.a@text')")


def test_a_regex_quickjs_would_loop_on_for_ever_is_refused_with_a_clear_error() -> None:
    # 飞速中文: ``/var data = (\{(.*\s*)*?\})/`` runs in Java; QuickJS's engine, which its
    # time limit does not reach, loops for ever on it. (On "b" it would still end.)
    page = Analyzer(PAGE, URL)
    script = "@js:try { /(a*)*?b/.exec('b'); 'ran' } catch (e) { String(e) }"
    assert "would loop for ever" in page.string(script)
    # Lazy repeats of groups that cannot match nothing, and everything else, run as before.
    assert page.string("@js:'xababc'.match(/(ab)*?c/)[0] + 'a1b2'.replace(/\\d/g, '#')") == (
        "ababca#b#"
    )
