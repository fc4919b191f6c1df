"""The dry run reads a rule step by step: what a script fetched or made is read by the step
after it, and ``a||b`` is two places of the page, not one path. Each case is a real source's
idiom (灯读文学, 爱发电, 阅友小说)."""

from __future__ import annotations

import json

from benchmarks.corpus_network import FakeNetwork

from benchmarks import corpus, corpus_evaled, corpus_pages, corpus_scripts, corpus_variants

from .test_corpus_rehearsal import _source

_FETCHED = "$.data.current.link||$.data.chapter_link<js>java.ajax(result)</js>$.chapter_info.body"


def test_the_page_a_script_fetched_holds_what_the_step_after_it_reads() -> None:
    network = FakeNetwork(_source(ruleContent={"content": _FETCHED}))
    assert "body" in json.loads(network.json).get("chapter_info", {})


def test_either_alternative_before_a_script_is_a_place_of_its_own() -> None:
    reads = corpus_scripts.json_chains(["$.data.current||$.data.chapter<js>result.link</js>"])
    assert reads == [["data", "current", "link"]]
    page = json.loads(corpus_pages.json_page("", [], [_FETCHED], [], []))
    assert page["data"] == {"current": {"link": corpus_pages.SAMPLE_LINK},
                            "chapter_link": corpus_pages.SAMPLE_LINK}  # fmt: skip


def test_a_fetch_by_a_link_the_page_holds_passes_and_fails_only_on_the_bare_page() -> None:
    # On the bare page the link is missing: java.ajax('') answers the failure's text, which
    # $.chapter_info.body cannot read. Legado finds no content there either.
    run = corpus.dry_run(_source(ruleContent={"content": _FETCHED}))
    assert run.failures == []
    assert [kind for kind, _ in run.bare_only] == ["JSONPath rule on an HTML page"]


def test_a_list_a_script_reads_whole_stays_a_list() -> None:
    # 爱发电: ``$.data.list`` then ``String(result).replace(/\[/, '[{…},')`` then ``$.[*]``:
    # the step before the script shapes the place; reading it whole adds no text there.
    toc = {
        "chapterList": '$.data.list<js>result=String(result).replace(/\\[/,\'[{"t":"x"},\')'
        "</js>$.[*]",
        "chapterName": "$.title||$.t",
        "chapterUrl": "$.url||$.t",
    }
    run = corpus.dry_run(_source(ruleToc=toc))
    assert [where for _, where in run.failures] == []


def test_a_template_with_alternatives_reads_each_from_the_top() -> None:
    # 阅友小说: ``"bookId={{$.bookId||$.id}}"`` in code: each key holds a value, not the other.
    page = json.loads(corpus_pages.json_page("", ['@js:"id={{$.bookId||$.id}}"'], [], [], []))
    assert page == {"bookId": 1, "id": 1}


def test_what_a_script_sorts_is_a_list_of_items_both_comparator_names_read() -> None:
    # 值得阅读: ``JSON.parse(…).data.sort((a, b) => Date.parse(b.updated_at…) - …)`` then
    # ``sourceList[0].site_path``: a site's answer has a list there, not a text.
    script = (
        "x = JSON.parse(java.ajax('u')).data.sort((a, b) => Date.parse(b.updated_at)"
        " - Date.parse(a.updated_at)); x[0].site_path"
    )
    chains = corpus_scripts.json_chains([script])
    assert ["data", None, "updated_at"] in chains and ["data", None, "site_path"] in chains
    assert all("sort" not in chain for chain in chains)


def test_a_pattern_on_captured_text_finds_it_in_what_the_page_pattern_captures() -> None:
    # 女读小说: ``s = result.match(/replace.*?\{(.*?)\}/)[1]`` then ``s.match(/"(.*?)":"(.*?)"/)
    # [2]``: the page's text holds the one inside the other, quotes as a site writes them.
    script = (
        "<js>result = java.ajax(baseUrl); s = result.match(/replace.*?\\{(.*?)\\}/)[1];"
        ' m = s.match(/"(.*?)":"(.*?)"/); m[2]</js>'
    )
    run = corpus.dry_run(_source(ruleContent={"content": "id.content@html" + script}))
    assert run.failures == []
    page = corpus_pages.html_page("", ["tag.a@text"], [], extra=['"a":"a"'])
    assert "&quot;" not in page  # a text node's quotes are quotes


def test_a_value_a_script_reads_on_the_page_is_not_shaped_by_rules_reading_its_output() -> None:
    # 指尖阅读: ``<js>aes(JSON.parse(result).data, …)</js>data``: the page's data is the text
    # the script decrypts; the items' rules read what it gives, not the page.
    init = "<js>String(JSON.parse(result).data)</js>data"
    page = json.loads(corpus_variants.page_variants(init, ["title", "author"], [], True, [])[0])
    assert isinstance(page["data"], str)


def test_code_a_script_evals_out_of_the_page_assigns_a_list_of_texts() -> None:
    # 古风漫画: ``eval(result.match(/chapterImages\s*=\s*[^;]*/)[0])``, then
    # ``chapterImages.map(…)`` and ``chapterPath + uri``; a quoted run stays a text (一百零一).
    script = (
        "@js:eval(result.match(/chapterImages\\s*=\\s*[^;]*/)[0]);"
        " eval(result.match(/chapterPath\\s*=\\s*[^;]*/)[0]);"
        " chapterImages.map(u => chapterPath + u).join('\\n')"
    )
    run = corpus.dry_run(_source(ruleContent={"content": script}))
    assert run.failures == []
    quoted = corpus_evaled.eval_samples(['eval(result.match(/text=new Array\\(".*?"\\)/)[0])'])
    assert quoted == []
