"""What a script reads of a JSON page, followed through its names (``corpus_json_reads``),
so the dry run's synthetic JSON holds it as the site's answer does."""

from __future__ import annotations

from benchmarks.corpus_json_reads import json_reads, script_reads

from benchmarks import corpus

from .test_corpus_rehearsal import _source


def test_reads_are_followed_through_variables_loops_and_callbacks() -> None:
    script = (
        "let data = JSON.parse(result).data; let out = [];"
        " for (var v of data) { v.chapters.forEach(c => out.push(c.title)) }"
    )
    assert ["data", None, "chapters", None, "title"] in json_reads(script)
    script = "let $ = JSON.parse(result).data; $.list.map(function (x) { return x.id })"
    assert ["data", "list", None, "id"] in json_reads(script)
    script = "list = JSON.parse(result); for (i in list) { list[i].title.indexOf('a') }"
    assert [None, "title"] in json_reads(script)


def test_result_after_a_jsonpath_step_stands_for_that_place() -> None:
    rule = "$.data<js>result.forEach(b => b.chapter_list.forEach(c => c.chapter_name))</js>"
    assert ["data", None, "chapter_list", None, "chapter_name"] in script_reads([rule])


def test_a_json_page_holds_what_the_list_script_reads() -> None:
    # 宜搜小说 & co.: the catalog is made by a script from keys no rule names.
    script = (
        "<js>let $ = JSON.parse(result); let list = [];"
        " $.data.volumes.forEach(v => v.chapters.forEach(c =>"
        " list.push({name: c.name, url: c.id}))); list</js>"
    )
    toc = {"chapterList": script, "chapterName": "$.name", "chapterUrl": "$.url"}
    run = corpus.dry_run(_source(ruleToc=toc))
    assert run.failures == []
