"""Rules with scripts in them evaluate as Legado's do: steps, result, templates, bridges."""

from __future__ import annotations

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, RuleContext, RuleError
from novelfetch.core.sources.rules.js.host import HttpAnswer
from novelfetch.core.sources.rules.js_rules import ScriptContext, script_steps

PAGE = """<html><body><h1> 长夜 </h1>
<ul id="toc"><li><a href="/c/1.html">第一章</a></li><li><a href="/c/2.html">第二章</a></li></ul>
<div id="content" data-enc="56ys5LiA5q61">x</div></body></html>"""
URL = "https://site.example/book/1/"
JSON_PAGE = '{"data": {"list": [{"name": "甲", "id": 7}, {"name": "乙", "id": 8}]}}'


def test_script_steps_split_like_legado() -> None:
    assert script_steps("tag.h1@text<js>result.trim()</js>##x") == [
        ("rule", "tag.h1@text"), ("js", "result.trim()"), ("rule", "##x"),
    ]  # fmt: skip
    assert script_steps("$.a@js:result + 1") == [("rule", "$.a"), ("js", "result + 1")]
    assert script_steps("tag.h1@text") is None


def test_rule_then_script_gets_the_value_as_result() -> None:
    page = Analyzer(PAGE, URL)
    assert page.string("tag.h1@text<js>result.trim() + '!'</js>") == "长夜!"
    assert page.string("@js:result.length > 10") == "true"


def test_a_jsonpath_list_reaches_the_next_script_as_its_items() -> None:
    # ``$.data.list<js>…</js>`` (a real catalog rule): result is the list's objects.
    page = Analyzer(JSON_PAGE, "https://api.example/s")
    items = page.elements("$.data.list<js>result.filter(x => x.id > 7)</js>")
    assert [page.string("$.name", item) for item in items] == ["乙"]


def test_elements_a_script_gives_back_are_read_by_the_next_step() -> None:
    # ``…@a<js>let lst = result; … lst</js>a`` (a real catalog rule): jsoup reads the
    # elements' HTML; it failed with "_Element is not JSON serializable".
    page = Analyzer(PAGE, URL)
    items = page.elements(
        "id.toc@tag.li<js>let lst = result; lst == '' ? '<a>none</a>' : lst</js>a"
    )
    assert [page.string("text", item) for item in items] == ["第一章", "第二章"]


def test_script_then_rule_reads_what_the_script_gave() -> None:
    page = Analyzer(PAGE, URL)
    assert page.string("<js>'<p class=\"a\">hi</p>'</js>class.a@text") == "hi"


def test_list_rule_from_json_parse() -> None:
    page = Analyzer(JSON_PAGE, "https://api.example/s")
    items = page.elements("@js:JSON.parse(result).data.list")
    assert [page.string("$.name", item) for item in items] == ["甲", "乙"]
    assert page.string("@js:'https://api.example/b/' + result.id", items[1]) == (
        "https://api.example/b/8"
    )


def test_list_items_that_are_json_text_are_read_as_json() -> None:
    page = Analyzer(JSON_PAGE, "https://api.example/s")
    items = page.elements("<js>JSON.parse(result).data.list.map(x => JSON.stringify(x))</js>\n$.*")
    assert [page.string("$.name", item) for item in items] == ["甲", "乙"]


def test_base64_content_decoded_with_java() -> None:
    page = Analyzer(PAGE, URL)
    assert page.string("id.content@data-enc@js:java.base64Decode(result)") == "第一段"


def test_element_bridge_select_attr_text_and_iteration() -> None:
    page = Analyzer(PAGE, URL)
    script = """@js:
      let out = [];
      for (const a of java.getElements('id.toc@tag.a')) out.push(a.text() + '=' + a.attr('href'));
      const doc = java.getElement('id.toc');
      out.push(doc.select('li').size(), doc.selectFirst('a').absUrl('href'));
      out.join('|')"""
    assert page.string(script) == (
        "第一章=/c/1.html|第二章=/c/2.html|2|https://site.example/c/1.html"
    )


def test_a_list_rule_may_return_elements() -> None:
    page = Analyzer(PAGE, URL)
    items = page.elements("@js:java.getElements('id.toc@tag.li')")
    assert [page.string("tag.a@text", item) for item in items] == ["第一章", "第二章"]


def test_java_put_and_at_get_share_one_store_across_steps() -> None:
    context = RuleContext()
    page = Analyzer(PAGE, URL, context)
    page.string("@js:java.put('bid', '42'); ''")
    assert context.variables == {"bid": "42"}
    assert page.string("@get:{bid}") == "42"
    assert Analyzer(PAGE, URL, context).string("{{java.get('bid')}}-x") == "42-x"


def test_js_templates_in_rules() -> None:
    page = Analyzer(PAGE, URL, RuleContext(key="k", page=2))
    assert page.string("https://x/{{(page - 1) * 20 + Math.max(1, 0)}}/{{key}}") == "https://x/21/k"
    assert page.string("{{baseUrl}}") == URL


def test_set_content_then_get_string() -> None:
    page = Analyzer(PAGE, URL)
    script = "@js:java.setContent('{\"t\": \"新\"}'); java.getString('$.t')"
    assert page.string(script) == "新"


def test_ajax_through_the_context_fetch() -> None:
    def fetch(method: str, url: str, headers: dict, body: str | None) -> HttpAnswer:
        return HttpAnswer(url, 200, {}, '{"chapters": ["一", "二"]}')

    context = RuleContext(scripts=ScriptContext(fetch=fetch))
    page = Analyzer(PAGE, URL, context)
    items = page.elements("@js:JSON.parse(java.ajax(baseUrl + 'api')).chapters")
    assert [page.string("@js:result", item) for item in items] == ["一", "二"]


def test_a_failing_script_is_a_rule_error_naming_the_rule() -> None:
    page = Analyzer(PAGE, URL)
    with pytest.raises(RuleError, match=r"the script failed: .*nope"):
        page.string("tag.h1@text@js:throw new Error('nope')")


def test_sources_do_not_see_each_others_state() -> None:
    first, second = RuleContext(), RuleContext()
    Analyzer(PAGE, URL, first).string("@js:source.setVariable('secret'); java.put('a', 'b')")
    probe = "@js:[source.getVariable(), java.get('a'), typeof secret].join('|')"
    assert Analyzer(PAGE, URL, second).string(probe) == "||undefined"
    assert Analyzer(PAGE, URL, first).string(probe) == "secret|b|undefined"


def test_jsoup_parse_gives_a_document_to_select_in() -> None:
    page = Analyzer(PAGE, URL)
    script = """@js:
      const doc = org.jsoup.Jsoup.parse('<title>T</title><div class="c"><p>一</p><p>二</p></div>');
      doc.title() + ':' + doc.select('div.c p').eachText().join(',') + ':' + doc.body().tagName()"""
    assert page.string(script) == "T:一,二:body"


def test_templates_inside_a_script_are_filled_before_it_runs() -> None:
    page = Analyzer('{"Id": 12345, "name": "书"}', "https://api.example/b")
    page.context.variables["v"] = "7"
    assert page.string("<js>Math.floor({{$.Id}}/1000)+1 + '@get:{v}'</js>") == "137"


def test_source_fields_and_get_source() -> None:
    context = RuleContext(
        scripts=ScriptContext(source={"bookSourceComment": "function d(x){return x+'!'}"})
    )
    page = Analyzer(PAGE, URL, context)
    assert page.string("@js:eval(String(source.getSource().bookSourceComment)); d('a')") == "a!"


def test_element_navigation_aliases() -> None:
    page = Analyzer(PAGE, URL)
    script = "@js:const a = java.getElement('id.toc@tag.li.0'); "
    script += "[a.parentNode().id(), a.nextElementSibling().text(), a.child(0).attr('href')].join()"
    assert page.string(script) == "toc,第二章,/c/1.html"


def test_a_reversed_list_rule_with_a_script() -> None:
    page = Analyzer(PAGE, URL)
    items = page.elements("-+@js:java.getElements('id.toc@tag.li')")
    assert [page.string("tag.a@text", item) for item in items] == ["第二章", "第一章"]
