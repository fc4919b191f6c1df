"""Choosing among sources on the command line: two rule files for one site, the same book from
two sources, built-ins switched off, and trying a source that names no check word."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.cli_support import run_cli
from tests.core.test_rule_sources import RULES, bundled_rule


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


async def import_rules(site: SampleServer, tmp_path: Path, *names: str) -> list[str]:
    """Import bundled rules pointed at ``site``; their source ids."""
    ids = []
    for name in names:
        rule = tmp_path / name
        rule.write_text(bundled_rule(name, site.site_base), encoding="utf-8")
        code, out, err = await run_cli("sources", "import", rule, "--data-dir", tmp_path / "d")
        assert code == 0, err
        ids.append(out.split()[1])
    return ids


async def test_the_same_title_from_another_source_never_replaces_the_book(
    site: SampleServer, tmp_path: Path
) -> None:
    await import_rules(site, tmp_path, RULES[0])
    common = ["--data-dir", tmp_path / "d", "-o", tmp_path / "out", "-q"]
    code, out, err = await run_cli("download", f"{site.site_base}b/3", *common)
    assert code == 0, err
    whole = Path(out.strip())
    code, out, err = await run_cli("download", "3", "--source", "sample", *common)
    assert code == 1, err  # its paid chapters are left out
    other = Path(out.strip())
    assert whole.name == "半卷残书.epub" and other.name == "半卷残书 (sample).epub"
    assert "半卷残书.epub holds another book of the same title from source" in err
    code, out, _ = await run_cli("library", "--json", "--data-dir", tmp_path / "d")
    files = {book["source"]: [f["path"] for f in book["files"]] for book in json.loads(out)}
    assert sorted(files.values()) == sorted([[str(whole)], [str(other)]])


async def test_two_rule_files_for_one_site_are_told_apart(
    site: SampleServer, tmp_path: Path
) -> None:
    legado, sonovel = await import_rules(site, tmp_path, *RULES)
    data = ["--data-dir", tmp_path / "d"]
    code, out, _ = await run_cli("sources", "list", "--json", *data)
    names = {fact["id"]: fact["name"] for fact in json.loads(out)}
    assert names[legado].endswith("(Legado)") and names[sonovel].endswith("(so-novel)")
    code, out, err = await run_cli("info", f"{site.site_base}b/1", *data)
    assert code == 0, err
    assert f"Note: 2 sources know this address; using {legado}" in err
    assert f"Another with --source ID: {sonovel}" in err
    common = [*data, "-o", tmp_path / "out", "-q", "--chapters", "1-2"]
    for source in (legado, sonovel):
        code, _, err = await run_cli(
            "download", f"{site.site_base}b/1", "--source", source, *common
        )
        assert code == 0, err
    code, _, err = await run_cli("update", "--all", "--check-only", *data)
    lines = [line for line in err.splitlines() if line.startswith("青云山海录")]
    assert len(lines) == 2 and lines[0] != lines[1]
    assert {line.split("]")[0] for line in lines} == {
        f"青云山海录 [{names[legado]}",
        f"青云山海录 [{names[sonovel]}",
    }
    code, out, err = await run_cli("sources", "disable", sonovel, *data)
    assert code == 0, err
    code, _, err = await run_cli("update", "--all", "--check-only", *data)
    assert f"青云山海录 [{names[sonovel]}]: not checked: source" in err
    assert "is disabled" in err and code == 1


async def test_a_so_novel_rule_passes_its_own_test_without_words(
    site: SampleServer, tmp_path: Path
) -> None:
    (sonovel,) = await import_rules(site, tmp_path, RULES[1])
    code, out, err = await run_cli("sources", "test", sonovel, "--data-dir", tmp_path / "d")
    assert code == 0, out + err
    assert out.splitlines()[0].startswith("ok    find a book on its home page: 青云山海录")
    assert out.splitlines()[-1] == f"{sonovel} works."


async def test_a_disabled_builtin_is_not_searched_and_can_be_enabled_again(
    tmp_path: Path,
) -> None:
    data = ["--data-dir", tmp_path]
    code, out, err = await run_cli("sources", "disable", "baidu", *data)
    assert code == 0 and out.startswith("baidu: disabled"), err
    code, out, err = await run_cli("search", "青云", *data, "--timeout", "5")
    assert code == 0 and "baidu" not in err, err  # no Baidu error offline
    assert "青云山海录" in out
    for command in (["search", "青云", "--source", "baidu"], ["info", "4308080950"]):
        code, _, err = await run_cli(*command, *data)
        assert code == 2 and "is disabled (enable it with 'novelfetch sources enable baidu')" in err
    code, out, err = await run_cli("sources", "enable", "baidu", *data)
    assert code == 0 and out.startswith("baidu: enabled"), err
