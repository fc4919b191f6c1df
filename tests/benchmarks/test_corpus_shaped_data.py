"""The dry run's pages hold data in the shape a source's scripts read it, derived from the
scripts themselves: a call a page's code makes, evaled out of a quoted text; JSONP where the
script asks for a callback."""

from __future__ import annotations

import base64
import json

from benchmarks.corpus_crypto import Rewrite
from benchmarks.corpus_network import FakeNetwork

from benchmarks import (
    corpus,
    corpus_decoded,
    corpus_embedded,
    corpus_evaled,
    corpus_scripts,
    corpus_values,
    corpus_variants,
)
from novelfetch.core.sources.rules.rulefile import parse_rule_document

from .test_corpus_rehearsal import _source

# 全本小说网: the page's ``"load_more(123)"`` is evaled with the script's own function, whose
# address asks for a JSONP answer; the script cuts the JSON out of the callback's call.
_JSONP = (
    "@js:\nfunction load_more(book){ return `/list?callback=${callback}&id=${book}` }\n"
    "const callback = result.match(/var callback='(.*?)'/)?.[1]\n"
    'const more = result.match(/"(load_more\\(.*?\\))"/)?.[1]\n'
    "let html = java.ajax(source.getKey() + eval(more))\n"
    "JSON.parse(html.match(/\\((\\{.*\\})\\)/)?.[1]).content"
)


def test_a_quoted_call_whose_group_is_evaled_is_code() -> None:
    assert corpus_evaled.eval_samples([_JSONP]) == ['"load_more(["2"])"']
    # a free run inside the quotes stays a text, which no literal fills
    quoted = 'eval(result.match(/new Array\\(".*?"\\)/)[0])'
    assert corpus_evaled.eval_samples([quoted]) == []


def test_an_address_with_a_callback_is_answered_with_jsonp() -> None:
    network = FakeNetwork(_source(ruleContent={"content": _JSONP}))
    network.mode = "json"
    answer = network("GET", "https://novel.example/list?callback=cb_1&id=2", {}, None)
    assert answer.body.startswith("cb_1(") and answer.body.endswith(")")
    assert "content" in json.loads(answer.body[5:-1])
    plain = network("GET", "https://novel.example/list?id=2", {}, None)
    assert json.loads(plain.body)


def test_a_script_reading_a_jsonp_answer_runs() -> None:
    run = corpus.dry_run(_source(ruleContent={"content": _JSONP}))
    assert run.failures == []


# 花火文学: the search page's last script holds the site's state as JSON
_SCRIPT_STATE = (
    "<js>data=JSON.parse(String(java.getElements('script.-1')).replace(/<\\/?script>/g,''));\n"
    "list=[];\nfor(d of data.my.search.result){ list.push({n: d.title, b: d.info.id}) }\nlist</js>"
)


def test_json_a_script_parses_out_of_a_script_element_is_in_the_page_s_last_one() -> None:
    assert corpus_embedded.script_json_reads([_SCRIPT_STATE])[-1] == [
        "my", "search", "result", None, "info", "id"
    ]  # fmt: skip
    page = corpus_variants.page_variants(_SCRIPT_STATE, ["n", "b"], [], False, [])[0]
    held = page.rsplit("<script>", 1)[1].split("</script>")[0]
    assert json.loads(held)["my"]["search"]["result"][0]["info"] == {"id": "/book/1/1.html"}
    search = {"bookList": _SCRIPT_STATE, "name": "n", "bookUrl": "b"}
    assert corpus.dry_run(_source(ruleSearch=search)).failures == []


def test_a_group_a_script_decodes_holds_the_encoded_json_it_reads() -> None:
    # 多看阅读: the answer's quoted text is Base64 of JSON whose ``p`` is the chapter's lines
    script = (
        "$.url@js:\nlet b64 = java.ajax(result)\n"
        "let str=java.base64Decode(b64.match(/'(.+?)'/)[1])\n"
        "let list=JSON.parse(str).p\nlet content=''\n"
        "for (i =0;i<list.length;i++){ content+= list[i].trim()+'\\n' }\ncontent"
    )
    [made] = corpus_decoded.decoded_samples([script])
    decoded = json.loads(base64.b64decode(made.strip("'")))
    assert isinstance(decoded["p"], list)
    run = corpus.dry_run(_source(ruleContent={"content": script}))
    assert run.failures == []


# 笔阅读器: the site answers plain JSON, or DES of it marked with a text the script tests for
_DECODE = (
    "function decode(str) { if (String(str).search(/JP2\\/W5V/) >= 0) {"
    " str = java.aesBase64DecodeToString(String(str).substring(3), '6CB1E21E',"
    " 'DES/CBC/PKCS5Padding', '1F0FB845') } return str }\n"
)


def test_the_page_parsed_through_the_source_s_own_function_is_json() -> None:
    script = f"<js>{_DECODE}result = JSON.parse(decode(result)).result.book;</js>"
    assert corpus_scripts.parses_page_as_json([script])
    assert ["result", "book"] in corpus_scripts.json_chains([script], True)
    page = corpus_variants.page_variants(script, ["$.name"], [], True, [])[0]
    assert json.loads(page)["result"]["book"]


def test_an_answer_holds_no_text_a_script_only_tests_for() -> None:
    script = (
        f"<js>{_DECODE}let t = java.ajax(baseUrl); t.match(/total=(\\d+)/)[1];"
        " JSON.parse(decode(java.ajax(baseUrl))).result.info.content</js>"
    )
    assert corpus_scripts.tested_patterns([script]) == {"JP2\\/W5V"}
    network = FakeNetwork(_source(ruleContent={"content": script}))
    assert "JP2/W5V" not in network.json and "total=2" in network.json
    assert "JP2/W5V" in network.html  # a page's text is left as it was
    run = corpus.dry_run(_source(ruleContent={"content": script}))
    assert run.failures == []


def test_a_key_a_script_makes_a_date_of_holds_a_time() -> None:
    # 纵横中文: ``new Date(o.updateTime).toISOString()`` over the site's answer
    script = (
        "<js>var books = JSON.parse(String(java.ajax('/api/search'))).list;\n"
        "books.map(o => ({name: o.name, url: o.id,"
        " latest: new Date(o.updateTime).toISOString() + new Date(o.ts * 1000)}))</js>"
    )
    assert corpus_values.time_keys([script]) == {"updateTime": 1_700_000_000_000,
                                                 "ts": 1_700_000_000}  # fmt: skip
    network = FakeNetwork(_source(ruleSearch={"bookList": script}))
    [item] = json.loads(network.json)["list"][:1]
    assert item["updateTime"] == 1_700_000_000_000 and isinstance(item["name"], str)
    search = {"bookList": script, "name": "name", "bookUrl": "url"}
    assert corpus.dry_run(_source(ruleSearch=search)).failures == []


def test_a_text_a_script_indexes_into_stays_a_text() -> None:
    # 塔读文学: ``text = data.content; text = text.replace(…)``, then ``text[i].charCodeAt(0)``
    # over each character: the content is a text, which no key or list of the page stands for
    script = (
        "@js:let data = JSON.parse(java.ajax('/api/chapter')).data;\n"
        "let text = data.content;\ntext = text.replace(/<p>/g, '');\nlet r = '';\n"
        "for (let i = 0; i < text.length; i++) { let c = text[i]; r += c.charCodeAt(0) }\nr"
    )
    assert corpus_scripts.json_chains([script]) == [["data"], ["data", "content"]]
    assert corpus.dry_run(_source(ruleContent={"content": script})).failures == []


def test_a_page_the_source_s_function_decrypts_whole_is_its_json_encrypted() -> None:
    # 书耽: ``<js>decode(result)</js>$.data.chapter_info.txt_content``, ``decode`` its jsLib's
    # AES: the site's page is the JSON those steps read, encrypted under that key
    library = (
        "function decode(word) { return java.createSymmetricCrypto('AES/CBC/PKCS5Padding',"
        " '0123456789abcdef', '0000000000000000').decryptStr(word) }"
    )
    raw = {
        "bookSourceUrl": "https://novel.example",
        "bookSourceName": "示例",
        "jsLib": library,
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "<js>decode(result)</js>$.data.list", "name": "$.name",
                       "bookUrl": "$.id"},
        "ruleBookInfo": {"init": "<js>decode(result)</js>$.data", "name": "$.name"},
        "ruleToc": {"chapterList": "<js>decode(result)</js>$.list[*]", "chapterName": "$.title",
                    "chapterUrl": "$.id"},
        "ruleContent": {"content": "<js>decode(result)</js>$.data.chapter.text"},
    }  # fmt: skip
    (entry,) = parse_rule_document(json.dumps([raw]), origin="test")
    assert entry.source is not None and entry.source.usable
    assert corpus_variants._decoded_json(raw["ruleContent"]["content"])
    run = corpus.dry_run(entry.source)
    assert run.failures == []


def test_an_address_holds_what_a_function_given_it_looks_for() -> None:
    # 晋江文学城: ``getNid(baseUrl)``, its jsLib's ``function getNid(d){ return
    # d.match(/novelId=(\d+)/)[1] }``: the catalog's address holds a novelId
    library = "function getNid(d) {\n  return d.match(/novelId=(\\d+)/)[1];\n}"
    rule = "@js:'/chapter?novelId=' + getNid(baseUrl) + '&id=' + result"
    [body] = corpus_scripts.address_readers([rule], [library])
    assert "baseUrl.match(/novelId=(\\d+)/)" in body  # ``\d`` is left as it was
    raw = {
        "bookSourceUrl": "https://novel.example",
        "bookSourceName": "示例",
        "jsLib": library,
        "ruleBookInfo": {"name": "tag.h1@text"},
        "ruleToc": {"chapterList": "id.list@tag.li", "chapterName": "tag.a@text",
                    "chapterUrl": "tag.a@href" + rule},
        "ruleContent": {"content": "id.content@html"},
    }  # fmt: skip
    (entry,) = parse_rule_document(json.dumps([raw]), origin="test")
    assert entry.source is not None and entry.source.usable
    assert corpus.dry_run(entry.source).failures == []


def test_a_short_input_is_encrypted_where_it_is_quoted_first() -> None:
    # 白马楼: ``d("<cipher>", "<seed>")``, the key the md5 of the seed: the sample's cipher,
    # ``a``, is the first quoted ``a``; the other letters of the page stay as they are
    assert Rewrite({"a": "X"})('<a>"a" \'a\' "a"</a>') == '<a>"X" \'a\' "a"</a>'
    assert Rewrite({"long text": "X"})("long text, long text") == "X, X"
    assert Rewrite({"a": "X"})('{"a": "a"}') == '{"a": "X"}'  # a JSON key is no input
    script = (
        '@js:data1=result.match(/C0NTENT\'\\).*?d\\("(.*?)"/)[1];\n'
        'data2=result.match(/C0NTENT\'\\).*?d\\(".*?,\\s*"(.*?)"/)[1];\n'
        "a=java.md5Encode(data2);\n"
        "java.aesBase64DecodeToString(data1,a.substring(16),'AES/CBC/PKCS5Padding',"
        "a.substring(0,16))"
    )
    assert corpus.dry_run(_source(ruleContent={"content": script})).failures == []


def test_an_address_whose_answer_a_script_parses_answers_json_among_pages() -> None:
    # 晋江文学城: one address's answer parsed as JSON, the others' read as HTML pages
    script = (
        "<js>let url = `https://api.novel.example/search?k=${key}&p=1`;\n"
        "let ids = JSON.parse(java.ajax(url)).items.map(x => x.id);\n"
        "ids.map(id => { java.setContent(java.ajax('https://novel.example/book/' + id));\n"
        "  return {name: java.getString('@text.书名：@a@text'), url: 'https://novel.example/'}"
        " })</js>"
    )
    network = FakeNetwork(_source(ruleSearch={"bookList": script}))
    assert network.json_addresses == ("https://api.novel.example/search?k=",)
    assert network("GET", "https://api.novel.example/search?k=2", {}, None).body.startswith("{")
    assert network("GET", "https://novel.example/book/2", {}, None).body.startswith("<html>")
    search = {"bookList": script, "name": "name", "bookUrl": "url"}
    assert corpus.dry_run(_source(ruleSearch=search)).failures == []
