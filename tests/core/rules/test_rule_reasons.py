"""Why a source is skipped or not usable, as messages: every reason has an id the window can
translate, what the rule file wrote (a field, a Java name, an address) is a value and never
part of the sentence, and a problem several fields share is said once, naming them."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from typing import Any

import pytest

from novelfetch.core.errors import BadInputError
from novelfetch.core.messages import KINDS, Message
from novelfetch.core.sources.registry import SourceRegistry


def minimal(**extra: Any) -> dict[str, Any]:
    source: dict[str, Any] = {
        "bookSourceUrl": "https://min.example.test",
        "bookSourceName": "Minimal",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "class.item", "name": "tag.a@text", "bookUrl": "tag.a@href"},
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "id.content@html"},
    }
    for key, value in extra.items():
        if isinstance(value, dict):
            source[key] = {**source.get(key, {}), **value}
        else:
            source[key] = value
    return source


def import_one(source: dict[str, Any] | str) -> tuple[Message, ...]:
    text = source if isinstance(source, str) else json.dumps(source, ensure_ascii=False)
    (line,) = [
        line for line in SourceRegistry.builtin_only().import_text(text).lines if line.reasons
    ]
    assert not line.usable
    return line.reasons


def messages_in(said: object) -> Iterator[Message]:
    if isinstance(said, Message):
        yield said
        for value in said.values.values():
            yield from messages_in(value)


def template_words(said: Message) -> str:
    """The sentence's own words: every template in it, without the values."""
    return " ".join(
        "".join(text for text, *_ in string.Formatter().parse(m.template))
        for m in messages_in(said)
    )


WEB_VIEW = ',{"webView": true}'
REFUSED = {
    "browser": (
        minimal(ruleContent={"content": "<js>java.webView(null, baseUrl, null)</js>"}),
        "ruleContent.content needs java.webView (a browser): not available in NovelFetch",
        ("ruleContent.content", "java.webView"),
    ),
    "java classes": (
        minimal(ruleToc={"chapterList": "<js>Packages.java.lang.Thread.sleep(1)</js>"}),
        "ruleToc.chapterList needs Java classes (Packages, java.lang …): not available in "
        "NovelFetch",
        ("ruleToc.chapterList",),
    ),
    "unreadable field": (
        minimal(ruleToc={"chapterList": "//div[@class='list'"}),
        "ruleToc.chapterList cannot be read: has an unclosed '['",
        ("ruleToc.chapterList",),
    ),
    "script not compiling": (
        minimal(ruleToc={"chapterList": "<js>var a = (1;</js>"}),
        "ruleToc.chapterList cannot be read: its script does not compile (line 1: ')' is missing)",
        ("ruleToc.chapterList",),
    ),
    "not text": (
        minimal(bookSourceType=2),
        "not a text source (bookSourceType 2: image)",
        (),
    ),
    "bad rate": (
        minimal(concurrentRate="fast please"),
        "concurrentRate 'fast please' is not a rate (write milliseconds like \"1000\", "
        'or requests per milliseconds like "20/60000")',
        ("fast please",),
    ),
    "empty": (
        minimal(ruleContent={"content": ""}),
        "ruleContent.content is empty",
        ("ruleContent.content",),
    ),
    "skipped: address": (
        minimal(bookSourceUrl="搜书大全"),
        "bookSourceUrl '搜书大全' is not an http(s) address",
        ("bookSourceUrl", "搜书大全"),
    ),
    "skipped: a host no address has": (  # urlsplit refuses it (a full-width colon)
        minimal(bookSourceUrl="https://api.example.cc提示：点此切换"),
        "bookSourceUrl 'https://api.example.cc提示：点此切换' is not an http(s) address",
        ("bookSourceUrl",),
    ),
    "skipped: not text": (
        minimal(ruleToc={"isReverseOrder": True}),
        "ruleToc.isReverseOrder must be a rule (text), not true/false",
        ("ruleToc.isReverseOrder",),
    ),
    "skipped: Legado 2": (
        {"bookSourceUrl": "https://old.example.test", "ruleBookName": "x"},
        "a Legado 2.x source (ruleBookName …); only Legado 3.x sources are read",
        (),
    ),
    "so-novel": (
        {"name": "索", "url": "https://so.test", "toc": {"item": "@js:x"}, "chapter": {}},
        "toc.item needs JavaScript (@js:); chapter.content is empty",
        ("toc.item", "@js:", "chapter.content"),
    ),
    "skipped: so-novel address": (
        {"name": "索", "url": "so.test", "toc": {"item": "li"}, "chapter": {}},
        "url 'so.test' is not an http(s) address",
        ("so.test",),
    ),
    "skipped: not JSON": (
        # A missing comma: balanced, but not JSON.
        f'[{json.dumps(minimal())}, {{"bookSourceUrl": "https://b.t" "bookSourceName": "坏的"}}]',
        None,
        (),
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_every_reason_has_an_id_and_names_the_rule_file_s_words_as_values(case: str) -> None:
    source, english, names = REFUSED[case]
    reasons = import_one(source)
    if english is not None:
        assert "; ".join(map(str, reasons)) == english  # the command line's English, as before
    for reason in reasons:
        assert all(said.id in KINDS for said in messages_in(reason)), reason
    for name in names:
        assert any(name in str(reason) for reason in reasons), name
        assert not any(name in template_words(reason) for reason in reasons), name


def test_a_problem_several_fields_share_is_said_once_naming_them() -> None:
    source = minimal(
        ruleSearch={"bookUrl": "tag.a@href" + WEB_VIEW},
        ruleToc={"chapterUrl": "href" + WEB_VIEW},
        ruleContent={"content": "<js>java.startBrowser(baseUrl, '')</js>"},
    )
    (shared, other) = import_one(source)
    assert str(shared) == "ruleSearch.bookUrl, ruleToc.chapterUrl: each needs a browser (webView)"
    assert shared.id == "rule.fields"
    assert str(other).startswith("ruleContent.content needs java.startBrowser (a browser)")
    # The source itself keeps a problem per field (the list's --json shows them said once).
    registry = SourceRegistry.builtin_only()
    (line,) = registry.import_text(json.dumps(source)).lines
    entry = registry.get(str(line.source_id))
    assert entry.rule is not None and len(entry.rule.problems) == 3
    assert entry.problems == (str(shared), str(other))


def test_asking_for_a_source_that_cannot_be_used_gives_the_reasons_as_messages() -> None:
    registry = SourceRegistry.builtin_only()
    source = minimal(ruleToc={"chapterUrl": "href" + WEB_VIEW}, bookSourceType=2)
    (line,) = registry.import_text(json.dumps(source)).lines
    with pytest.raises(BadInputError) as refused:
        registry.require(str(line.source_id))
    assert str(refused.value) == (
        f"source Minimal ({line.source_id}) cannot be used: not a text source (bookSourceType 2:"
        " image); ruleToc.chapterUrl needs a browser (webView)"
    )
    problems = refused.value.message.values["problems"]
    assert isinstance(problems, Message)
    assert all(said.id in KINDS for said in messages_in(problems))
