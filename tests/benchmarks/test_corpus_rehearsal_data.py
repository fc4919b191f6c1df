"""The dry run's synthetic pages hold what a real site of the source's shape holds where its
scripts read it (the "data-dependent" classes): each case is a real source's idiom."""

from __future__ import annotations

import re

import lxml.html

from benchmarks import corpus, corpus_pages, corpus_scripts

from .test_corpus_rehearsal import _source

DATA_DEPENDENT = "data-dependent: a script reads what the synthetic page lacks"


def test_a_rule_before_a_script_shapes_the_page_the_script_reads_from() -> None:
    # 笔趣阁ibiquge: ``text.下一@href @js: …result[0].includes("_")``: the page has the link
    # the rule before the script reads (the script is not part of the attribute's name).
    script = 'text.下一@href @js: if(result){ result=result[0].includes("_")?result:""; }'
    run = corpus.dry_run(_source(ruleContent={"nextContentUrl": script}))
    assert run.failures == []


def test_the_page_address_is_kept_when_the_scripts_patterns_already_find_it() -> None:
    # 话本小说 & co. read the book page's address by pattern and by its parts: a made-up
    # address (from the patterns' samples) is only for patterns the usual one does not meet.
    script = "@js:baseUrl.match(/(\\d+)\\.html/)[1] + baseUrl.split('/book/')[1].length"
    run = corpus.dry_run(_source(ruleBookInfo={"name": script}))
    assert run.failures == []


def test_every_link_on_a_synthetic_page_leads_somewhere() -> None:
    # The same sources pick a page's links by their href; a site's links all have one, also
    # those a rule reads only the text of and those a script's pattern made (``<a[^>]+>``).
    page = corpus_pages.html_page("", [], ["tag.h3@tag.a@text"], extra=["<a 1>"])
    links = lxml.html.fromstring(page).iter("a")
    assert [link.get("href") for link in links] == [corpus_pages.SAMPLE_LINK] * 2


def test_text_a_script_evals_out_of_a_pattern_is_an_object_literal() -> None:
    # 艾途小说 & co.: ``eval('(' + r.match(/_txt_call\(([\s\S]+\})\)/)[1] + ')')``: on the
    # site, what ends at that brace is an object; "1}" would not even parse.
    assert corpus_scripts.sample(r"_txt_call\(([\s\S]+\})\)") == "_txt_call({})"
    assert corpus_scripts.sample(r"var d = (\{.*\});") == "var d = {a};"
    script = (
        "<js>var r = String(java.ajax(baseUrl).match(/_txt_call\\(([\\s\\S]+\\})\\)/)[1]);"
        " r = eval('(' + r + ')'); r.content == null ? '无' : r.content</js>"
    )
    run = corpus.dry_run(_source(ruleContent={"content": script}))
    assert run.failures == []


def test_an_attribute_a_script_reads_holds_what_its_pattern_looks_for() -> None:
    # 阅友小说: ``.v-list-item`` (CSS on an HTML page, though it looks like JSON keys), then
    # ``@onclick@js:result.match(/\('(.*?)', '', ''\)/)[1]``: the site's onclick holds a call.
    run = corpus.dry_run(
        _source(
            ruleSearch={
                "bookList": ".v-list-item",
                "bookUrl": "@onclick@js:result.match(/\\('(.*?)', '', ''\\)/)[1]",
            }
        )
    )
    assert run.failures == []


def test_a_page_count_read_by_a_pattern_is_more_than_one() -> None:
    # 猫咪AV: ``new Array(count - 2)`` for pages 2 … count: a site shows a last-page link
    # only when there are pages after the first.
    assert corpus_scripts.sample(r"(/artty.*?\d+-)(\d+)") == "/arttya2-2"
    script = (
        "tag.a.-1@href<js>var sa = /(\\/artty.*?\\d+-)(\\d+)/.exec(String(result));"
        " var list = new Array(Number(sa[2]) - 2); list</js>"
    )
    run = corpus.dry_run(_source(ruleToc={"nextTocUrl": script}))
    assert run.failures == []


def test_text_made_for_patterns_ends_each_piece_as_a_statement() -> None:
    # 古风漫画: ``eval(result.match(/chapterImages\s*=\s*[^;]*/)[0])``: on the site the
    # statement ends at ";", so the match is one statement, not the rest of the page.
    page = corpus_pages.html_page("", [], [], extra=["chapterImages = 2", "chapterPath = 2"])
    found = re.search(r"chapterImages\s*=\s*[^;]*", page)
    assert found is not None and found.group(0) == "chapterImages = 2"


def test_a_list_sits_a_few_levels_deep_in_the_page() -> None:
    # 轻之文库: ``result.parentNode()`` five times, then ``.select('h2')``: a site's list is
    # nested in its layout, not a child of body.
    script = (
        "@js:var t = result.parentNode().parentNode().parentNode().parentNode().parentNode();"
        " t.select('h2').text() + result.text()"
    )
    run = corpus.dry_run(_source(ruleToc={"chapterList": ".chapter", "chapterName": script}))
    assert run.failures == []
    # A rule naming body or html still finds its elements right under body.
    page = corpus_pages.html_page("body > ul > li", [], [])
    assert "<body><ul><li>" in page


def test_a_book_page_without_init_holds_what_its_rules_read() -> None:
    # 宝书轩: ``id.lastchapter@tag.a.-1@href<js>result.match(/book\/(\d+)\/\d+/)[1]…``: with
    # no init rule the book page itself is what the rules read; it has their elements.
    script = "id.last@tag.a.-1@href<js>result.match(/book\\/(\\d+)\\/\\d+/)[1]</js>"
    run = corpus.dry_run(_source(ruleBookInfo={"name": "tag.h1@text", "tocUrl": script}))
    assert run.failures == []


def test_a_page_address_keeps_its_id_when_a_pattern_wants_more() -> None:
    # 豆瓣阅读: ``id = baseUrl.match(/(\d+)/)[1]; if (baseUrl.match(/ebook/)) …``: the address
    # made for the second pattern still has the book's number the first one reads.
    script = "@js:var id = baseUrl.match(/(\\d+)/)[1]; baseUrl.match(/ebook/) ? id : 'x'"
    run = corpus.dry_run(_source(ruleBookInfo={"name": "tag.h1@text", "tocUrl": script}))
    assert run.failures == []


def test_a_pattern_kept_in_a_variable_and_a_split_separator_are_on_the_page() -> None:
    # 一品侠: ``var regex = /第\d+.(\d+)页/; src.match(regex)[1]``; 手机小说:
    # ``const parts = text.split(' | '); parts[1].split('：')[1]``.
    script = (
        "@js:var regex = /第\\d+.(\\d+)页/; var n = src.match(regex)[1];"
        " n + result.split(' | ')[1].trim()"
    )
    run = corpus.dry_run(_source(ruleToc={"nextTocUrl": script}))
    assert run.failures == []


def test_a_list_step_with_an_index_finds_its_element() -> None:
    # 拨云搜索: ``class.details-keys.1@tag.li!-1@tag.a``: a site has a second block, and a
    # last item the rule leaves out; the items' links are what the script reads.
    toc = {
        "chapterList": "class.details-keys.1@tag.li!-1@tag.a",
        "chapterUrl": "href@js:result.match(/(\\d+)\\.html/)[1]",
    }
    run = corpus.dry_run(_source(ruleToc=toc))
    assert run.failures == []


def test_a_list_scripts_selects_are_inside_its_items() -> None:
    # 17K小说: ``.textlist!0 <js>result.toArray().map(o => … o.select('dt a').attr('href')``.
    script = (
        ".textlist!0<js>result.toArray().map(o => ({name: o.select('dt a').text(),"
        " url: String(o.select('dt a').attr('href')).match(/\\d+/)[0]}))</js>"
    )
    search = {"bookList": script, "name": "name", "bookUrl": "url", "author": "name"}
    run = corpus.dry_run(_source(ruleSearch=search))
    assert run.failures == []


def test_what_a_pages_script_selects_is_on_the_page() -> None:
    # 当书小说: ``var J = Jsoup.parse(result); var o = s => String(J.select(s).text());
    # o('.cl1 ul').match(/作者：(.*)\s大小/)[1]``: the book page has that block, with that text.
    script = (
        "<js>var J = org.jsoup.Jsoup.parse(result); var o = s => String(J.select(s).text());"
        " var b = {name: o('.info h1'), author: o('.cl1 ul').match(/作者：(.*)\\s大小/)[1]};"
        " JSON.stringify(b)</js>"
    )
    info = {"init": script, "name": "$.name", "author": "$.author"}
    run = corpus.dry_run(_source(ruleBookInfo=info))
    assert run.failures == []


def test_json_a_script_cuts_out_of_the_page_is_the_json_its_rules_read() -> None:
    # 番茄小说 (fanqienovel.com): ``init: result.match(/__INITIAL_STATE__=.*;/g)[0]
    # .slice(18, -1)``, then ``$.page.bookName``: the site's page embeds that state.
    info = {
        "init": "<js>result.match(/__INITIAL_STATE__=.*;/g)[0].slice(18,-1);</js>",
        "name": "$.page.bookName",
        "author": "$.page.author",
    }
    run = corpus.dry_run(_source(ruleBookInfo=info))
    assert run.failures == []


def test_a_simple_xpath_list_finds_its_items_on_the_page() -> None:
    # 黑岩小说: ``//li[span]/a`` then ``href<js>… result.match(/\d+$/)[0]``: the catalog has
    # the links an XPath walks to, with the text the item's script looks for.
    toc = {
        "chapterList": "//li[span]/a",
        "chapterName": "text",
        "chapterUrl": "href<js>'https://a.example/c/' + result.match(/\\d+$/)[0]</js>",
    }
    run = corpus.dry_run(_source(ruleToc=toc))
    assert run.failures == []
    page = corpus_pages.html_page("", [], ["//div[@class='intro']/p[2]/text()"])
    assert '<div class="intro"><p>' in page and page.count("<p>") == 2


def test_an_id_attribute_holds_a_number() -> None:
    # 雁北堂: ``d-id@put:{book:d-id}``, then ``@js:"/book/readbook/"+@get:{book}+"/"+result``:
    # the value is pasted into the code, where the site's number reads as a number.
    search = {"bookList": "class.item", "name": "tag.a@text", "bookUrl": "d-id@put:{book:d-id}"}
    toc = {"chapterUrl": 'd-id@js:"/book/readbook/"+@get:{book}+"/"+result'}
    run = corpus.dry_run(_source(ruleSearch=search, ruleToc=toc))
    assert run.failures == []
