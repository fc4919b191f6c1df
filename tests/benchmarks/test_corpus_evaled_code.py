"""Code a script cuts out of the page and evals assigns what the script reads after it: the
dry run's page holds that assignment (快看漫画's ``window.__NUXT__=…``), with the keys the
script and the JSONPath steps after it read."""

from __future__ import annotations

from benchmarks import corpus, corpus_evaled, corpus_pages, corpus_scripts

from .test_corpus_rehearsal import _source

_EVAL = "eval(result.match(/__NUXT__[^<]*/)[0]);"


def test_the_evaled_code_assigns_the_keys_read_after_it() -> None:
    script = f"@js:{_EVAL} __NUXT__.data[0].topicInfo.title"
    run = corpus.dry_run(_source(ruleBookInfo={"name": script}))
    assert run.failures == []
    [made] = corpus_evaled.eval_samples([script, f"@js:{_EVAL} __NUXT__.data[0].author"])
    assert made.startswith("__NUXT__={") and '"title"' in made and '"author"' in made


def test_a_list_read_from_what_the_evaled_code_assigned_is_on_an_html_page() -> None:
    chapters = "<js>" + _EVAL + " result=JSON.stringify(__NUXT__);</js>$.data[*].comicList[*]"
    toc = {"chapterList": chapters, "chapterName": "$.title", "chapterUrl": "$.id"}
    run = corpus.dry_run(_source(ruleToc=toc))
    assert run.failures == []


def test_each_sample_stops_where_a_statement_and_its_element_end() -> None:
    page = corpus_pages.html_page("", [], [], extra=["__NUXT__={}", "x=.;", "__NUXT__2"])
    assert "<div>__NUXT__={};</div>\n<div>x=.;</div>" in page


def test_a_match_held_in_a_name_then_evaled_is_a_literal() -> None:
    # 九四阅读: ``var next=src.match(/next_page =.*?;/); eval(next?next[0]:"")``: the site's
    # code assigns a value there, not a name the page never defines
    script = 'var next=src.match(/next_page =.*?;/)\neval(next?next[0]:"")\nnext_page'
    assert corpus_evaled.eval_samples([script]) == ['next_page =["2"];']
    run = corpus.dry_run(_source(ruleContent={"content": "id.content@html", "nextContentUrl":
                                              "text.下一页@href@js:" + script}))  # fmt: skip
    assert run.failures == []


def test_a_text_rewritten_with_a_capture_holds_what_the_pattern_matches() -> None:
    # 云轩阁: ``.page-link.0@text##.*\/(\d+)$##$1`` then ``JSON.parse(result)``: the site's
    # link text ends in a page number
    rule = ".page-link.0@text##.*\\/(\\d+)$##$1\n@js:\nres = JSON.parse(result); res + 1"
    assert corpus_scripts.text_replaced(rule, "示例文字") == "示例文字 a/2"
    assert corpus_scripts.text_replaced(".a@text##广告", "示例文字") == "示例文字"
    run = corpus.dry_run(_source(ruleToc={"nextTocUrl": rule}))
    assert run.failures == []


def test_json_a_list_script_cuts_out_of_the_page_is_json_on_an_html_page() -> None:
    # 百度图片: the group captures the JSON the steps after it read, the pattern writing its
    # last item and closing brackets after its run
    cut = "result.match(/flip.setData\\('imgData',( [\\s\\S]+?,\\{\\}\\]\\})\\)\\;/)[1];"
    chapters = f"<js>{cut}</js>$.data[*]"
    toc = {"chapterList": chapters, "chapterName": "$.title", "chapterUrl": "$.id"}
    [made] = corpus_evaled.evaled_json_samples(chapters, ["$.title", "$.id"])
    assert made.startswith("flip") and made.endswith(",{}]});")
    run = corpus.dry_run(_source(ruleToc=toc))
    assert [failure for failure in run.failures if "ruleToc list" in failure[1]] == []
