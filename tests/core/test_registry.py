"""The source registry: built-ins, routing what a user pastes, and search across sources."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from novelfetch.core.errors import BadInputError, SourceDisabledError
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceKind, SourceRegistry, SourceSettings
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.search import search_sources
from novelfetch.sample.server import FaultPlan, SampleServer

QUICK = HttpSettings(connect_timeout=1.0, read_timeout=1.0)


def test_builtins_are_listed_with_their_capabilities() -> None:
    entries = {entry.id: entry for entry in SourceRegistry.builtin_only().entries()}
    assert set(entries) == {"baidu", "sample"}
    assert all(e.kind is SourceKind.BUILTIN and e.usable and e.searchable for e in entries.values())


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("4308080950", None, ("baidu", "4308080950")),
        ("https://dushu.baidu.com/pc/detail?gid=77", None, ("baidu", "77")),
        ("https://m.dushu.baidu.com/pc/reader?gid=78&cid=1", None, ("baidu", "78")),
        ("sample:2", None, ("sample", "2")),
        ("2", "sample", ("sample", "2")),
    ],
)
def test_routes_ids_addresses_and_prefixed_references(
    text: str, source: str | None, expected: tuple[str, str]
) -> None:
    entry, ref = SourceRegistry.builtin_only().route(text, source)
    assert (entry.id, ref) == expected


@pytest.mark.parametrize(
    ("text", "source", "message"),
    [
        ("https://www.example.org/book/1", None, "no source knows this address: 'www.example.org'"),
        ("1", "nope", "unknown source 'nope'"),
        ("abc", None, "not a book ID"),
    ],
)
def test_routing_refuses_what_no_source_owns(text: str, source: str | None, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        SourceRegistry.builtin_only().route(text, source)


def test_a_builtin_can_be_disabled_but_not_removed(tmp_path: Path) -> None:
    registry = SourceRegistry(tmp_path)
    assert not registry.set_enabled("baidu", False).enabled
    again = SourceRegistry(tmp_path)  # kept in sources.json
    assert not again.get("baidu").enabled
    assert [e.id for e in again.searchable()] == ["sample"]  # an offline search skips it
    with pytest.raises(SourceDisabledError, match="is disabled") as refused:
        again.route("4308080950")  # a bare ID is Baidu's, and Baidu is off
    assert refused.value.message.id == "source.disabled"
    assert refused.value.message.values["source"] == "baidu"
    with pytest.raises(SourceDisabledError):
        again.searchable(["baidu"])  # named or not, a disabled source is not searched
    assert again.set_enabled("baidu", True).enabled
    with pytest.raises(BadInputError, match="built in"):
        again.remove("sample")


def test_an_unreadable_source_list_is_moved_aside_and_the_builtins_remain(
    tmp_path: Path,
) -> None:
    (tmp_path / "sources.json").write_text("{not json", encoding="utf-8")
    registry = SourceRegistry(tmp_path)
    assert [entry.id for entry in registry.entries()] == ["baidu", "sample"]
    (moved,) = tmp_path.glob("sources.json.broken-*")
    assert moved.read_text(encoding="utf-8") == "{not json"
    assert str(moved) in registry.notice and not (tmp_path / "sources.json").exists()


async def test_search_yields_each_source_as_it_answers_and_reports_failures() -> None:
    registry = SourceRegistry.builtin_only()
    # "baidu" points at a server that hangs on search; "sample" is the healthy offline one.
    async with SampleServer(faults=FaultPlan(scripted={"getSearch": ["hang"]})) as hanging:

        def settings_for(entry: object) -> SourceSettings:
            return SourceSettings(api_base=hanging.api_base, http=QUICK)

        started = asyncio.get_running_loop().time()
        outcomes = [
            outcome
            async for outcome in search_sources(
                registry.searchable(),
                "长河",
                settings_for=settings_for,
                timeout=3.0,
                memory=MemoryDict(),
            )
        ]
        elapsed = asyncio.get_running_loop().time() - started
    by_source = {outcome.source.id: outcome for outcome in outcomes}
    # The healthy source answered first, with its book; the hanging one is named with why.
    assert [outcome.source.id for outcome in outcomes] == ["sample", "baidu"]
    assert [r.title for r in by_source["sample"].results] == ["长河夜渡"]
    assert by_source["sample"].results[0].book == "sample:2"
    assert not by_source["baidu"].ok and by_source["baidu"].error
    assert elapsed < 10


async def test_baidu_search_parses_the_api_answer(server: SampleServer) -> None:
    registry = SourceRegistry.builtin_only()
    outcomes = [
        outcome
        async for outcome in search_sources(
            registry.searchable(["baidu"]),
            "测试",
            settings_for=lambda entry: SourceSettings(api_base=server.api_base, http=QUICK),
        )
    ]
    (outcome,) = outcomes
    assert outcome.ok, outcome.error
    assert [(r.title, r.author, r.book) for r in outcome.results] == [
        ("测试之书", "测试作者", "https://dushu.baidu.com/pc/detail?gid=1")
    ]
    assert server.stats.requests["getSearch"] == 1


def test_the_address_of_a_disabled_source_says_it_is_disabled(tmp_path: Path) -> None:
    # It said "no source knows this address … import a rule source", sending the user to
    # import again a source they have, switched off.
    registry = SourceRegistry(tmp_path)
    rule = {
        "bookSourceUrl": "https://www.example-novels.com/",
        "bookSourceName": "例站",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "li", "name": "a@text", "bookUrl": "a@href"},
        "ruleToc": {"chapterList": "li", "chapterName": "a@text", "chapterUrl": "a@href"},
        "ruleContent": {"content": "id.content@html"},
    }
    (line,) = registry.import_text(json.dumps(rule, ensure_ascii=False)).lines
    assert line.source_id is not None
    registry.set_enabled(line.source_id, False)
    with pytest.raises(SourceDisabledError) as refused:
        registry.route("https://www.example-novels.com/book/7/")
    assert refused.value.message.values["source"] == line.source_id
    registry.set_enabled(line.source_id, True)
    assert registry.route("https://www.example-novels.com/book/7/")[0].id == line.source_id
