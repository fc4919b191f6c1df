"""Trying a source (core.sources.check) without a check word: a so-novel rule has none, and
many Legado sources name none either."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from novelfetch.core.sources import SourceEntry, SourceRegistry
from novelfetch.core.sources.check import CheckStep, book_link, check_source
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.core.test_rule_sources import RULES, bundled_rule


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


def imported(text: str) -> SourceEntry:
    registry = SourceRegistry.builtin_only()
    (line,) = registry.import_text(text).lines
    return registry.get(str(line.source_id))


async def steps_of(entry: SourceEntry, words: str = "") -> tuple[bool, list[CheckStep]]:
    steps: list[CheckStep] = []
    worked = await check_source(entry, words, steps.append, timeout=10)
    return worked, steps


async def test_a_so_novel_rule_is_tried_with_a_book_from_its_home_page(
    site: SampleServer,
) -> None:
    worked, steps = await steps_of(imported(bundled_rule(RULES[1], site.site_base)))
    assert worked, steps
    assert [str(step.name) for step in steps] == [
        "find a book on its home page",
        "search '青云山海录'",
        "details",
        "catalog",
        "chapter 1 (第一章 他把灯芯挑亮)",
    ]
    assert f"{site.site_base}book/1/" in str(steps[0].detail)
    assert all(step.ok for step in steps)


async def test_a_book_address_is_tried_without_searching(site: SampleServer) -> None:
    entry = imported(bundled_rule(RULES[0], site.site_base))
    worked, steps = await steps_of(entry, f"{site.site_base}book/3/")
    assert worked, steps
    assert [str(step.name) for step in steps][:2] == ["details", "catalog"]
    assert str(steps[0].detail).startswith("半卷残书")


async def test_no_word_and_no_book_pattern_is_a_failed_step_saying_what_to_give(
    site: SampleServer,
) -> None:
    raw = json.loads(bundled_rule(RULES[0], site.site_base))
    del raw["bookUrlPattern"]
    raw["ruleSearch"].pop("checkKeyWord")
    worked, steps = await steps_of(imported(json.dumps(raw, ensure_ascii=False)))
    assert not worked
    (step,) = steps
    assert not step.ok and "give words or a book address" in str(step.detail)


def test_the_first_link_to_a_book_is_taken() -> None:
    html = (
        '<a href="#top">top</a><a href="/about">关于</a>'
        '<a href="book/7/"> 某 书 </a><a href="book/8/">另一本</a>'
    )
    found = book_link(html, "http://x.test/site/", lambda url: "/book/" in url)
    assert found == ("http://x.test/site/book/7/", "某 书")
    assert book_link("", "http://x.test/", lambda url: True) is None
