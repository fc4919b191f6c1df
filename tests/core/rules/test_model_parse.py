"""Reading whole rule files: detection, per-entry errors, whole-file errors, persistence."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novelfetch.core.errors import BadInputError
from novelfetch.core.sources.rules.model import (
    RuleFileError,
    dump_raw,
    source_id,
)
from novelfetch.core.sources.rules.rulefile import parse_object, parse_rule_document

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_single_object_gives_one_entry():
    [entry] = parse_rule_document(read("legado_single.json"), origin="legado_single.json")
    assert entry.error is None
    assert entry.label == "示例 GBK 书站"
    assert entry.source is not None and entry.source.kind == "legado"
    assert entry.source.usable


def test_mixed_array_reports_each_entry_on_its_own():
    entries = parse_rule_document(read("legado_mixed.json"))
    outcome = {e.label: (e.source is not None and e.source.usable, e.error) for e in entries}
    assert outcome["Usable"] == (True, None)
    assert outcome["Audio"][0] is False
    assert outcome["JS core"][0] is False
    assert "Legado 2.x" in outcome["Legado 2"][1]
    assert outcome["No URL"][1] == "No URL: bookSourceUrl is missing"
    assert "ruleToc.chapterName" in outcome["Wrong types"][1]
    assert "Wrong types" in outcome["Wrong types"][1]
    assert outcome["source 7"][1] == "source 7: not a JSON object"
    assert outcome["source 8"][1] == "source 8: not a Legado or so-novel source"
    assert len(entries) == 8


def test_legado_and_sonovel_objects_can_share_one_array():
    legado = json.loads(read("legado_single.json"))
    sonovel = json.loads(read("sonovel_rules.json"))[0]
    entries = parse_rule_document(json.dumps([sonovel, legado]))
    assert [e.source.kind for e in entries if e.source] == ["sonovel", "legado"]


def test_bom_comments_and_single_quotes_are_accepted():
    raw = (DATA / "legado_lenient.json").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    [entry] = parse_rule_document(raw.decode("utf-8"))
    assert entry.error is None and entry.source is not None
    assert entry.source.search is not None
    assert entry.source.search.book_list == "#results li"  # section given as JSON text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body>Not found</body></html>", "the text is not JSON"),
        ("", "the text is not JSON"),
        ("[]", "it is empty"),
        ('{"name": "a playlist", "items": [1, 2]}', "no Legado or so-novel source"),
        ("[1, 2, 3]", "no Legado or so-novel source"),
        ('"bookSourceUrl"', "no Legado or so-novel source"),
    ],
)
def test_files_without_any_rule_object_are_refused_whole(text, expected):
    with pytest.raises(RuleFileError) as caught:
        parse_rule_document(text, origin="rules.json")
    message = str(caught.value)
    assert message.startswith("not a rule file: rules.json: ")
    assert expected in message
    assert isinstance(caught.value, BadInputError)


def test_a_section_that_is_text_but_not_json_is_an_entry_error():
    source = {"bookSourceUrl": "https://a.test", "bookSourceName": "A", "ruleToc": "{chapterList"}
    [entry] = parse_rule_document(json.dumps(source))
    assert entry.source is None
    assert entry.error == "A: ruleToc is text but not JSON"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("bookSourceName", 7, "bookSourceName must be text, not a number"),
        ("enabled", "maybe", "enabled must be true or false"),
        ("ruleContent", ["id.c@text"], "ruleContent must be an object, not a list"),
        ("searchUrl", {"url": "/s"}, "searchUrl must be text, not an object"),
        ("bookSourceUrl", "ftp://files.test/", "is not an http(s) address"),
    ],
)
def test_wrong_field_types_name_source_and_field(field, value, expected):
    source = {
        "bookSourceUrl": "https://typed.test",
        "bookSourceName": "Typed",
        "ruleToc": {"chapterList": "tag.li", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "id.c@text"},
        field: value,
    }
    [entry] = parse_rule_document(json.dumps(source))
    assert entry.source is None
    assert expected in entry.error
    assert entry.error.startswith(("Typed:", "https://typed.test:"))


def test_dump_raw_round_trips_to_an_equal_source():
    [entry] = parse_rule_document(read("legado_single.json"))
    raw = dump_raw(entry.source)
    raw["bookSourceName"] = "changed copy"  # a copy: the source is untouched
    assert entry.source.raw["bookSourceName"] == "示例 GBK 书站"
    again = parse_object(json.loads(json.dumps(dump_raw(entry.source))))
    assert again.source == entry.source


def test_ids_are_stable_short_and_path_free():
    [entry] = parse_rule_document(read("legado_single.json"))
    assert entry.source.id == source_id("legado", "https://www.example-gbk.test#手机版")
    assert entry.source.id.startswith("www.example-gbk.test-")
    assert "/" not in entry.source.id and "#" not in entry.source.id
    # Two tagged sources of one site, and one site in both formats, get distinct ids.
    assert source_id("legado", "https://a.test#1") != source_id("legado", "https://a.test#2")
    assert source_id("legado", "https://a.test") != source_id("sonovel", "https://a.test")
    weird = source_id("legado", "https://../../etc/passwd")
    assert "/" not in weird and ".." not in weird


def _generated_sources(count: int) -> tuple[list[object], dict[str, str]]:
    """Usable, JS-needing and malformed sources in turn, with the expected outcome."""
    sources: list[object] = []
    expected: dict[str, str] = {}
    for index in range(count):
        name = f"Generated {index}"
        source = {
            "bookSourceUrl": f"https://site{index}.example.test",
            "bookSourceName": name,
            "bookSourceGroup": "generated",
            "header": "{'User-Agent': 'Test'}",
            "concurrentRate": "500",
            "searchUrl": "/search?q={{key}}&p={{page}},{'method': 'GET', 'charset': 'gbk'}",
            "ruleSearch": {
                "bookList": "class.list@tag.li",
                "name": "tag.a@text",
                "bookUrl": "tag.a@href",
            },
            "ruleToc": json.dumps(
                {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"}
            ),
            "ruleContent": {"content": "id.content@html", "nextContentUrl": "text.下一页@href"},
            # Real sources carry kilobytes of ignored JavaScript and comments.
            "exploreUrl": "<js>" + "var list = [];\n" * 150 + "</js>",
            "bookSourceComment": "说明 " * 200,
        }
        kind = index % 3
        if kind == 1:
            source["ruleContent"] = {"content": "<js>java.webView(null, result, null)</js>"}
            expected[name] = "js"
        elif kind == 2:
            source["ruleToc"] = {"chapterList": 12}
            expected[name] = "malformed"
        else:
            expected[name] = "usable"
        sources.append(source)
    return sources, expected


def test_three_hundred_generated_sources_are_each_reported_correctly_and_fast():
    sources, expected = _generated_sources(300)
    text = json.dumps(sources, ensure_ascii=False, indent=1)
    started = time.perf_counter()
    entries = parse_rule_document(text)
    elapsed = time.perf_counter() - started
    assert len(entries) == 300
    for entry in entries:
        want = expected[entry.label]
        if want == "usable":
            assert entry.source is not None and entry.source.usable, entry
        elif want == "js":
            assert entry.source is not None
            assert entry.source.problems == (
                "ruleContent.content needs java.webView (a browser): not available in NovelFetch",
            )
        else:
            assert entry.source is None
            assert (
                entry.error
                == f"{entry.label}: ruleToc.chapterList must be a rule (text), not a number"
            )
    assert elapsed < 2.0, f"300 sources took {elapsed:.2f} s"


def test_three_hundred_lenient_sources_also_stay_under_two_seconds():
    sources, _ = _generated_sources(300)
    # Single-quoted JSON5 forces the slow lenient parser on the whole file.
    text = json.dumps(sources, ensure_ascii=False).replace('"bookSourceGroup"', "'bookSourceGroup'")
    started = time.perf_counter()
    entries = parse_rule_document(text)
    elapsed = time.perf_counter() - started
    assert len(entries) == 300 and sum(1 for e in entries if e.source and e.source.usable) == 100
    assert elapsed < 2.0, f"300 JSON5 sources took {elapsed:.2f} s"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_legado_keys = st.sampled_from(
    [
        "bookSourceUrl",
        "bookSourceName",
        "bookSourceType",
        "enabled",
        "header",
        "concurrentRate",
        "bookUrlPattern",
        "searchUrl",
        "ruleSearch",
        "ruleBookInfo",
        "ruleToc",
        "ruleContent",
        "url",
        "name",
        "search",
        "book",
        "toc",
        "chapter",
        "crawl",
        "language",
        "disabled",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_legado_keys, _json_values | st.just("https://x.test"), max_size=8))
def test_any_object_is_an_entry_or_a_rule_file_error_never_a_crash(obj):
    try:
        entries = parse_rule_document(json.dumps([obj]))
    except RuleFileError:
        return
    [entry] = entries
    assert (entry.source is None) != (entry.error is None)
    if entry.error is not None:
        assert "unreadable" not in entry.error, entry.error  # a bug, not a reported problem


def test_one_broken_item_in_an_array_is_one_entry_error():
    good = json.dumps(json.loads((DATA / "legado_single.json").read_text(encoding="utf-8")))
    text = (
        "[\n"
        + good
        # A missing comma: balanced, but not JSON.
        + ',\n{"bookSourceUrl": "https://broken.test" "bookSourceName": "坏的", "ruleToc": {}}\n'
        + ",\n{'bookSourceUrl': 'https://hex.test', bookSourceName: 'Hex', weight: 0x1F,"
        + " ruleToc: {chapterList: 'tag.li'}, ruleContent: {content: 'id.c@text'}}\n]"
    )
    entries = parse_rule_document(text)
    assert [e.label for e in entries] == ["示例 GBK 书站", "坏的", "Hex"]
    assert entries[0].source is not None and entries[0].source.usable
    assert entries[1].source is None and entries[1].error.startswith("坏的: not valid JSON (")
    assert entries[2].source is not None  # 0x1F: only json5 reads it, for that item alone


def test_a_large_array_with_one_json5_only_item_stays_fast():
    sources, _ = _generated_sources(300)
    text = json.dumps(sources, ensure_ascii=False)
    text = text.replace(
        '"bookSourceGroup": "generated"', '"bookSourceGroup": "generated", "w": +1', 1
    )
    started = time.perf_counter()
    entries = parse_rule_document(text)
    elapsed = time.perf_counter() - started
    assert len(entries) == 300 and all(
        e.error is None or "must be a rule" in e.error for e in entries
    )
    assert elapsed < 2.0, f"took {elapsed:.2f} s"


def test_an_array_whose_items_are_all_unreadable_is_not_a_rule_file():
    with pytest.raises(RuleFileError, match="the text is not JSON"):
        parse_rule_document("[{bookSourceUrl: }, {oops]")
