"""JSON pages: JSONPath rules, bare keys, item-relative rules, and JSON templates."""

from __future__ import annotations

import json

import pytest

from novelfetch.core.sources.rules.analyze import Analyzer, JsonNode, RuleContext, RuleError

SEARCH_ANSWER = json.dumps(
    {
        "a": [
            {"id": 11, "name": "星河", "author": {"name": "甲"}, "tags": ["科幻", "长篇"]},
            {"id": 12, "name": "山海", "author": {"name": "乙"}, "tags": [], "vip": True},
        ],
        "data": {
            "volumes": [{"chapters": [{"t": "一"}, {"t": "二"}]}, {"chapters": [{"t": "三"}]}]
        },
        "total": 2,
        "missing": None,
    },
    ensure_ascii=False,
)
URL = "https://api.example/search?q=x"


@pytest.fixture
def page() -> Analyzer:
    return Analyzer(SEARCH_ANSWER, URL, RuleContext(key="星"))


def test_a_list_rule_gives_one_node_per_item(page: Analyzer) -> None:
    items = page.elements("$.a[*]")
    assert [type(item) for item in items] == [JsonNode, JsonNode]
    assert [page.string("$.name", item) for item in items] == ["星河", "山海"]
    assert page.elements("$.a") == items  # a definite path to a list: its items


def test_bare_keys_work_on_a_json_page(page: Analyzer) -> None:
    items = page.elements("a")
    assert [page.string("name", item) for item in items] == ["星河", "山海"]
    assert page.string("author.name", items[1]) == "乙"
    assert page.string("total") == "2"
    assert page.string("@Json:$.total") == "2"


def test_values_print_like_legado(page: Analyzer) -> None:
    items = page.elements("$.a[*]")
    assert page.string("$.vip", items[1]) == "true"
    assert page.string("$.id", items[0]) == "11"
    assert page.string("$.missing") == ""
    assert page.string("$.nope") == ""
    assert page.strings("$.tags", items[0]) == ["科幻", "长篇"]
    assert page.string("$.tags", items[0]) == "科幻\n长篇"
    assert page.strings("$.tags[*]", items[1]) == []
    assert json.loads(page.string("$.author", items[0])) == {"name": "甲"}


def test_nested_lists_with_indexes_and_filters(page: Analyzer) -> None:
    assert page.strings("$.data.volumes[*].chapters[*].t") == ["一", "二", "三"]
    assert page.string("$.data.volumes[0].chapters[1].t") == "二"
    assert page.strings("$..t") == ["一", "二", "三"]
    assert page.strings("$.a[?(@.id == 12)].name") == ["山海"]
    assert page.strings("$.a[0,1].id") == ["11", "12"]
    volumes = page.elements("$.data.volumes[*]")
    assert [page.strings("$.chapters[*].t", volume) for volume in volumes] == [["一", "二"], ["三"]]


def test_combinators_on_json(page: Analyzer) -> None:
    assert page.strings("$.a[0].name&&$.a[1].name") == ["星河", "山海"]
    assert page.string("$.nope||$.total") == "2"
    assert page.strings("$.a[*].name%%$.a[*].id") == ["星河", "11", "山海", "12"]
    # && inside a filter belongs to the filter.
    assert page.strings("$.a[?(@.id > 10 && @.id < 12)].name") == ["星河"]


def test_templates_fill_urls_from_the_item(page: Analyzer) -> None:
    item = page.elements("$.a[*]")[1]
    assert (
        page.string("/book/{{$.id}}.html", item, is_url=True) == "https://api.example/book/12.html"
    )
    assert page.string("https://x.example/b/{$.id}/{$.author.name}", item) == (
        "https://x.example/b/12/乙"
    )
    assert page.string("{{$.name}}·{{$.author.name}}", item) == "山海·乙"


def test_reversed_json_list(page: Analyzer) -> None:
    items = page.elements("-$.a[*]")
    assert [page.string("$.name", item) for item in items] == ["山海", "星河"]


def test_a_json_array_page() -> None:
    page = Analyzer('[{"n": "a"}, {"n": "b"}]', URL)
    assert [page.string("$.n", item) for item in page.elements("$[*]")] == ["a", "b"]


def test_json_rules_on_html_are_rule_errors() -> None:
    page = Analyzer("<html><body>not json</body></html>", URL)
    with pytest.raises(RuleError, match="not JSON"):
        page.string("$.a")


def test_a_path_that_does_not_parse_reads_as_nothing(page: Analyzer) -> None:
    # Legado's AnalyzeByJSonPath catches Jayway's exceptions, a parse error included, and
    # gives nothing: a CSS-looking rule on a JSON value (趣书网's ``.mlist h1@text`` over its
    # init object) is an empty field, not a failed book.
    assert page.strings("$.a[?(@.id == )]") == []
    assert page.string(".mlist h1@text") == ""
    assert page.string(".mlist h1@text||$.total") == "2"
    assert page.elements("$.a[?(@.id == )]") == []


def test_a_key_right_after_a_bracket_reads_as_jayway_reads_it(page: Analyzer) -> None:
    # Jayway takes ``[*]name`` as ``[*].name`` (real comic sources write ``$.data.list.[*]url``).
    assert page.strings("$.a.[*]name") == ["星河", "山海"]
    assert page.strings("a[*]author.name") == ["甲", "乙"]
    assert page.strings("$.data.volumes[0]chapters[*]t") == ["一", "二"]
    assert page.strings("$.a[?(@.name == '星河')]id") == ["11"]  # quoted text untouched
