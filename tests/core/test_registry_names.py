"""Two rule files for one site (the sample site's Legado and so-novel rules): told apart by
name, and a pasted address says which sources know it (core.sources.registry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from novelfetch.core.errors import UnknownAddressError
from novelfetch.core.sources import SourceRegistry
from tests.core.test_rule_sources import RULES, bundled_rule

SITE = "http://127.0.0.1:9/site/"


def both_rules(tmp_path: Path) -> SourceRegistry:
    registry = SourceRegistry(tmp_path)
    for rule in RULES:
        registry.import_text(bundled_rule(rule, SITE))
    return registry


def test_sources_of_one_name_are_told_apart_by_kind(tmp_path: Path) -> None:
    names = [entry.name for entry in both_rules(tmp_path).entries()][2:]
    site = "墨香书屋（NovelFetch 示例站）"
    assert names == [f"{site} (Legado)", f"{site} (so-novel)"]
    reopened = SourceRegistry(tmp_path)
    assert [e.name for e in reopened.entries()][2:] == names
    only = reopened.entries()[3]
    reopened.remove(reopened.entries()[2].id)
    assert reopened.get(only.id).name == site  # alone again: as the file names it


def test_an_address_two_sources_know_names_both_first_the_one_taken(tmp_path: Path) -> None:
    registry = both_rules(tmp_path)
    owners = registry.owners(f"{SITE}b/3")
    entry, _ = registry.route(f"{SITE}b/3")
    assert len(owners) == 2 and owners[0].id == entry.id
    registry.set_enabled(entry.id, False)
    assert [e.id for e in registry.owners(f"{SITE}b/3")] == [owners[1].id]


def test_an_unknown_address_has_an_id_and_no_command_to_type() -> None:
    with pytest.raises(UnknownAddressError) as refused:
        SourceRegistry.builtin_only().route("https://www.example.org/book/1")
    assert refused.value.message.id == "source.unknown_address"
    assert refused.value.message.values == {"host": "www.example.org"}
    assert "novelfetch" not in str(refused.value)
