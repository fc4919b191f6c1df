"""``novelfetch search`` and ``sources list`` over the built-in sources."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import run_cli


async def test_search_finds_a_book_that_info_then_accepts(tmp_path: Path) -> None:
    common = ["--data-dir", tmp_path / "data", "--cache-dir", tmp_path / "cache"]
    code, out, err = await run_cli("search", "青云", "--source", "sample", "--json", *common)
    assert code == 0, err
    (result,) = json.loads(out)["results"]
    assert (result["title"], result["author"], result["source"]) == (
        "青云山海录",
        "林间客",
        "sample",
    )
    code, out, err = await run_cli("info", result["book"], "--json", *common)
    assert code == 0, err
    assert json.loads(out)["title"] == "青云山海录"


async def test_search_says_when_nothing_is_found(tmp_path: Path) -> None:
    code, out, err = await run_cli(
        "search",
        "不存在的书",
        "--source",
        "sample",
        "--data-dir",
        tmp_path,
        "--cache-dir",
        tmp_path,
    )
    assert code == 0 and out == "" and "Nothing found" in err


async def test_sources_list_names_the_builtins(tmp_path: Path) -> None:
    code, out, err = await run_cli("sources", "list", "--json", "--data-dir", tmp_path)
    assert code == 0, err
    facts = {fact["id"]: fact for fact in json.loads(out)}
    assert set(facts) == {"baidu", "sample"}
    assert facts["baidu"]["kind"] == "builtin" and facts["baidu"]["usable"] is True


async def test_sources_test_walks_every_step_of_a_download(tmp_path: Path) -> None:
    code, out, err = await run_cli("sources", "test", "sample", "--data-dir", tmp_path)
    assert code == 0, err
    steps = [line.split(":")[0] for line in out.splitlines() if line.startswith(("ok", "FAIL"))]
    assert steps == [
        "ok    search '青云'",
        "ok    details",
        "ok    catalog",
        "ok    chapter 1 (第一章 他把灯芯挑亮)",
    ]


async def test_sources_test_of_an_unknown_source_exits_2(tmp_path: Path) -> None:
    code, _, err = await run_cli("sources", "test", "nope", "--data-dir", tmp_path)
    assert code == 2 and "Unknown source 'nope'" in err
