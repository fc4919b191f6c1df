"""Replacement rules: plain and regex, scope, order, switching off, Legado import, bad rules."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from novelfetch.core.errors import BadInputError
from novelfetch.core.models import Book
from novelfetch.core.text.replace_rules import (
    RULES_FILE,
    ReplaceRule,
    RuleRunner,
    java_replacement,
    load_rules,
    parse_rules,
    save_rules,
)

BOOK = Book("baidu", "1", "测试之书", "测试作者")
OTHER_BOOK = Book("baidu", "2", "另一本书")
OTHER_SOURCE = Book("sample", "1", "测试之书")


def run(rules: list[ReplaceRule], text: str, book: Book = BOOK, **kwargs: object) -> str:
    return RuleRunner(rules, book, **kwargs).text(text)  # type: ignore[arg-type]


def test_plain_rule_replaces_literally() -> None:
    rule = ReplaceRule("a.b", "[x]")
    assert run([rule], "a.b acb a.b") == "[x] acb [x]"


def test_regex_rule_with_groups() -> None:
    rule = ReplaceRule(r"第(\d+)章", r"Chapter \g<1>", is_regex=True)
    assert run([rule], "第12章 开始") == "Chapter 12 开始"


def test_rules_run_in_order_each_seeing_the_previous_result() -> None:
    later = ReplaceRule("b", "c", order=2)
    earlier = ReplaceRule("a", "b", order=1)
    assert run([later, earlier], "a") == "c"  # a→b first, then b→c
    assert run([ReplaceRule("a", "b", order=3), ReplaceRule("b", "c", order=1)], "a") == "b"


def test_a_disabled_rule_is_skipped() -> None:
    assert run([ReplaceRule("广告", "", enabled=False)], "正文广告") == "正文广告"


@pytest.mark.parametrize(
    ("rule", "applies"),
    [
        (ReplaceRule("x"), {BOOK, OTHER_BOOK, OTHER_SOURCE}),
        (ReplaceRule("x", source="baidu"), {BOOK, OTHER_BOOK}),
        (ReplaceRule("x", source="baidu", book_id="2"), {OTHER_BOOK}),
        (ReplaceRule("x", scope_text="另一本书"), {OTHER_BOOK}),
        (ReplaceRule("x", scope_text="别的书; 测试之书"), {BOOK, OTHER_SOURCE}),
        (ReplaceRule("x", scope_text="http://books.example/api"), {BOOK, OTHER_BOOK}),
        (ReplaceRule("x", scope_text="https://elsewhere.example"), set()),
        (ReplaceRule("x", exclude_text="测试之书"), {OTHER_BOOK}),
        (ReplaceRule("x", source="baidu", exclude_text="http://books.example/api"), set()),
    ],
)
def test_scope(rule: ReplaceRule, applies: set[Book]) -> None:
    def url_of(book: Book) -> str:
        return "http://books.example/api/v1" if book.source == "baidu" else ""

    for book in (BOOK, OTHER_BOOK, OTHER_SOURCE):
        result = RuleRunner([rule], book, source_url=url_of(book)).text("x")
        assert (result == "") is (book in applies), book


def test_title_and_text_scopes_are_separate() -> None:
    runner = RuleRunner([ReplaceRule("章", "回", on_text=False)], BOOK)
    assert runner.title("第一章") == "第一回" and runner.text("一章") == "一章"


def test_a_catastrophic_regex_times_out_is_reported_and_skipped() -> None:
    # Exponential backtracking: without a timeout this would run for years.
    slow = ReplaceRule(r"(a|aa)+$", "", is_regex=True, name="slow")
    fast = ReplaceRule("b", "B", order=1)
    heard: list[str] = []
    runner = RuleRunner([slow, fast], BOOK, warn=heard.append, timeout=0.2)
    text = "a" * 40 + "b"
    started = time.monotonic()
    results = [runner.text(text) for _ in range(5)]
    elapsed = time.monotonic() - started
    assert results == ["a" * 40 + "B"] * 5  # the rest of the rules still ran, every time
    assert len(heard) == 1 and "'slow'" in heard[0] and "longer than 0.2 s" in heard[0]
    assert runner.warnings == heard
    assert elapsed < 20  # timed out once, then skipped: never five (or more) full runs


def test_a_pattern_that_does_not_compile_is_reported_and_skipped() -> None:
    heard: list[str] = []
    rules = [ReplaceRule("(unclosed", "", is_regex=True), ReplaceRule("x", "y")]
    assert run(rules, "x(", warn=heard.append) == "y("
    assert len(heard) == 1 and "'(unclosed'" in heard[0] and "does not compile" in heard[0]


def test_a_replacement_naming_a_missing_group_is_reported_and_skipped() -> None:
    heard: list[str] = []
    runner = RuleRunner([ReplaceRule("a", r"\g<3>", is_regex=True)], BOOK, warn=heard.append)
    assert runner.text("abc") == "abc" and runner.text("a") == "a"
    assert len(heard) == 1 and "replacement cannot be used" in heard[0]


def test_legado_rules_import_with_java_replacements() -> None:
    legado = [
        {
            "id": 1,
            "name": "去广告",
            "pattern": "(本章未完)(.*)",
            "replacement": "$2$1\\$",
            "isRegex": True,
            "isEnabled": True,
            "scope": "测试之书,https://books.example",
            "scopeTitle": False,
            "scopeContent": True,
            "order": 5,
        },
        {"pattern": "某", "replacement": "$1", "isRegex": False, "isEnabled": False},
    ]
    first, second = parse_rules(json.dumps(legado, ensure_ascii=False))
    assert first == ReplaceRule(
        pattern="(本章未完)(.*)",
        replacement=r"\g<2>\g<1>$",
        is_regex=True,
        enabled=True,
        order=5,
        name="去广告",
        scope_text="测试之书,https://books.example",
        on_text=True,
        on_title=False,
    )
    assert second.replacement == "$1" and not second.is_regex and not second.enabled
    assert run([first], "本章未完点击下一页") == "点击下一页本章未完$"
    # A single object is one rule.
    assert parse_rules(json.dumps(legado[1])) == [second]


def test_java_replacement_syntax() -> None:
    assert java_replacement("$1-${name}") == r"\g<1>-\g<name>"
    assert java_replacement(r"\$1 \\ a") == r"$1 \\ a"


def test_saved_rules_round_trip_and_the_file_is_replaced_whole(tmp_path: Path) -> None:
    assert load_rules(tmp_path) == []
    rules = [ReplaceRule("一", "二", name="数字"), ReplaceRule("x", source="baidu", book_id="1")]
    path = save_rules(tmp_path / "data", rules)
    assert path == tmp_path / "data" / RULES_FILE
    assert load_rules(tmp_path / "data") == rules
    save_rules(tmp_path / "data", rules[:1])
    assert load_rules(tmp_path / "data") == rules[:1]
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [RULES_FILE]  # no temp left


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "is not JSON"),
        ("42", "holds no replacement rules"),
        ('[{"isRegex": true}]', "rule 1 has no pattern"),
        ('{"rules": [{"pattern": "a", "order": "x"}]}', "'order' must be int"),
        ("[1]", "rule 1 is not an object"),
    ],
)
def test_bad_rule_files_are_refused_with_a_message(data: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        parse_rules(data, what="rules.json")
