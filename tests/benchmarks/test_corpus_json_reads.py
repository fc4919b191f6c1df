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


def test_what_the_book_page_keeps_for_the_catalog_comes_from_its_usual_page() -> None:
    # 得间小说: the book page's ``java.getElement("$.newest")`` object goes to the memory
    # cache; the catalog's script reads its url. The page has the keys the script reads of
    # that object, and the bare page's run (which kept an empty one) is undone after it.
    keep = (
        "@js:obj = java.getElement('$.newest'); obj.url = obj.lastChapterUrl;"
        " cache.putMemory('last', obj); obj.name"
    )
    toc = {
        "chapterList": "$.list<js>String(cache.getFromMemory('last').url)"
        ".match(/(\\d+)\\.html/)[1]; result</js>",
        "chapterName": "$.n",
        "chapterUrl": "https://novel.example/c{{$.u##\\.html}}",
    }
    source = _source(ruleBookInfo={"name": "$.name", "lastChapter": keep}, ruleToc=toc)
    run = corpus.dry_run(source)
    assert run.failures == []
    assert ["newest", "lastChapterUrl"] in script_reads([keep])


def test_the_page_holds_what_is_read_of_it_not_of_an_answer_the_script_fetched() -> None:
    # 番茄分类: ``JSON.parse(result).data.allItemIds`` is the page's; ``JSON.parse(response)
    # .data.forEach(…)`` an answer's: on one page the two ``data`` would clash.
    script = (
        "let res = JSON.parse(result); let ids = res.data.allItemIds;"
        " let data = JSON.parse(java.ajax('/all?ids=' + ids)).data; data.forEach(x => x.title)"
    )
    assert script_reads([script], page_only=True) == [["data", "allItemIds"]]
    assert ["data", None, "title"] in script_reads([script])
    toc = {"chapterList": f"<js>{script}; [{{n: ids.length}}]</js>", "chapterName": "$.n"}
    run = corpus.dry_run(_source(ruleToc={**toc, "chapterUrl": "$.n"}))
    assert run.failures == []


def test_reads_are_followed_into_a_functions_parameter() -> None:
    # 榜单数据: ``function parseComments(n) { … var o = n[e]; o.createrId.userName … }``,
    # called as ``parseComments(data.data.comments)``.
    script = (
        "function parse(n) { for (var c = [], e = 0; e < n.length; e++) { var o = n[e];"
        " c.push(o.creator.name) } return c }"
        " var data = JSON.parse(result); parse(data.data.comments)"
    )
    assert ["data", "comments", None, "creator", "name"] in json_reads(script)
