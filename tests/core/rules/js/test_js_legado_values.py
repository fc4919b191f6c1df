"""Values scripts hand to the rule after them, and values rules hand to scripts, shaped as
Legado's AnalyzeRule passes them (found by the corpus dry run; each a real source's idiom)."""

from __future__ import annotations

from novelfetch.core.sources.rules.analyze import Analyzer

URL = "https://site.example/book/1/"
TOC = """<html><body><ul class="list"><li><a href="/c/1.html">第一章</a></li>
<li><a href="/c/2.html">第二章</a></li></ul></body></html>"""


def test_a_rule_after_a_script_reads_the_elements_the_script_gave_back() -> None:
    # 芙蓉中文: ``class.list@tag.li <js>let lst = result; … lst</js> a``: the script returns
    # the elements it got; Legado's next rule reads them as a document of their HTML.
    page = Analyzer(TOC, URL)
    rule = "class.list@tag.li\n<js>\nlet lst = result\nif(lst==''){lst='<a>-</a>'}\nlst\n</js>\na"
    items = page.elements(rule)
    assert [page.string("text", item) for item in items] == ["第一章", "第二章"]
    assert [page.string("href", item) for item in items] == [
        "https://site.example/c/1.html",
        "https://site.example/c/2.html",
    ]


def test_a_script_after_a_json_list_step_gets_the_items_values() -> None:
    # 息壤中文: ``$.data <js> result.forEach(v => v.chapter_list.forEach(…))</js>``: Legado
    # hands the script JSONPath's list of objects, not their descriptions.
    page = Analyzer('{"data": [{"v": "卷一", "list": [{"n": 1}, {"n": 2}]}]}', URL)
    rule = (
        "$.data<js>let a = []; result.forEach(v => v.list.forEach(c =>"
        " a.push({name: v.v + c.n}))); a</js>"
    )
    items = page.elements(rule)
    assert [page.string("$.name", item) for item in items] == ["卷一1", "卷一2"]


def test_a_script_after_a_regex_list_step_gets_each_matchs_groups() -> None:
    # AnalyzeByRegex.getElements gives each match's groups (0, 1 …) as a list.
    page = Analyzer("<p>a=1;b=2;</p>", URL)
    items = page.elements(":(\\w)=(\\d);<js>result.map(g => ({k: g[1] + g[2]}))</js>")
    assert [page.string("$.k", item) for item in items] == ["a1", "b2"]


def test_cache_put_memory_keeps_the_value_itself_apart_from_the_text_cache() -> None:
    # 得间小说: the book page's script ``cache.putMemory("lastChapter", obj)``; the catalog's
    # ``cache.getFromMemory("lastChapter").url``, then ``cache.deleteMemory``.
    page = Analyzer(TOC, URL)
    page.string("@js:cache.putMemory('last', {url: '/c/9.html', n: [1, 2]}); ''")
    script = (
        "@js:var o = cache.getFromMemory('last'); cache.deleteMemory('last');"
        " [o.url, o.n.length, cache.get('last'), cache.getFromMemory('last')].join('|')"
    )
    assert page.string(script) == "/c/9.html|2||"


def test_get_element_on_a_json_page_gives_the_value_at_the_path() -> None:
    # 得间小说: ``obj = java.getElement("$.newestChapter"); obj.url = obj.lastChapterUrl``:
    # Legado reads the JSON object (getObject), getElements the list's objects.
    page = Analyzer('{"newest": {"name": "第9章", "id": 9}, "list": [{"n": 1}, {"n": 2}]}', URL)
    script = (
        "@js:var o = java.getElement('$.newest'); o.name = o.name + '!';"
        " o.name + o.id + '|' + java.getElements('$.list').map(x => x.n).join(',')"
    )
    assert page.string(script) == "第9章!9|1,2"
    # On an HTML page both still give jsoup's Elements.
    html = Analyzer(TOC, URL)
    assert html.string("@js:java.getElements('tag.li').size() + java.getElement('tag.a').text()")


def test_jsoup_elements_eq_keeps_the_element_at_an_index() -> None:
    # 当书小说: ``J.select('.down a').eq(0).attr('href')`` (jsoup's Elements.eq).
    page = Analyzer(TOC, URL)
    script = "@js:var a = org.jsoup.Jsoup.parse(src).select('a'); a.eq(1).text() + a.eq(5).size()"
    assert page.string(script) == "第二章0"
