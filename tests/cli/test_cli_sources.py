"""``novelfetch sources …`` and downloading from an imported rule source, as a user runs them."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from novelfetch.core.sources import SourceRegistry
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.cli_support import cli_command, run_cli
from tests.core.test_rule_sources import RULES, bundled_rule
from tests.epubcheck_support import assert_epubcheck_clean


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


def js_source(number: int) -> dict[str, object]:
    return {
        "bookSourceUrl": f"https://js{number}.example.org/",
        "bookSourceName": f"需要脚本 {number}",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "class.item", "name": "tag.a@text", "bookUrl": "tag.a@href"},
        "ruleToc": {"chapterList": "id.list@tag.a", "chapterName": "text", "chapterUrl": "href"},
        "ruleContent": {"content": "<js>java.webView(null, baseUrl, null)</js>"},
    }


def usable_source(number: int) -> dict[str, object]:
    source = js_source(number)
    source["bookSourceUrl"] = f"https://ok{number}.example.org/"
    source["bookSourceName"] = f"可用 {number}"
    source["ruleContent"] = {"content": "id.content@html"}
    return source


async def run_with_input(text: str, *args: str | Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *cli_command(*args),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(os.environ),
    )
    out, err = await asyncio.wait_for(process.communicate(text.encode()), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_import_then_download_by_the_book_address(site: SampleServer, tmp_path: Path) -> None:
    rule = tmp_path / "rule.json"
    rule.write_text(bundled_rule(RULES[0], site.site_base), encoding="utf-8")
    data = ["--data-dir", tmp_path / "data"]
    code, out, err = await run_cli("sources", "import", rule, *data)
    assert code == 0, err
    assert out.startswith("imported") and "墨香书屋" in out
    code, out, err = await run_cli("sources", "list", "--json", *data)
    (imported,) = [s for s in json.loads(out) if s["kind"] == "legado"]
    assert imported["usable"] and imported["enabled"] and imported["url"] == site.site_base

    book_url = f"{site.site_base}b/1"  # routed to the imported source by its URL pattern
    code, out, err = await run_cli(
        "download", book_url, *data, "--cache-dir", tmp_path / "c", "-o", tmp_path / "out",
        "--chapters", "1-3",
    )  # fmt: skip
    assert code == 0, err
    book = Path(out.strip())
    assert book.exists() and "青云山海录" in book.name
    assert_epubcheck_clean(book)


async def test_import_from_standard_input_and_from_an_address(
    site: SampleServer, tmp_path: Path
) -> None:
    sonovel = bundled_rule(RULES[1], site.site_base)
    code, out, err = await run_with_input(
        sonovel, "sources", "import", "-", "--data-dir", tmp_path / "a"
    )
    assert code == 0 and out.startswith("imported"), err

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=sonovel, content_type="application/json")

    app = web.Application()
    app.router.add_get("/rules.json", serve)
    async with TestServer(app, host="127.0.0.1") as server:
        url = str(server.make_url("/rules.json"))
        code, out, err = await run_cli("sources", "import", url, "--data-dir", tmp_path / "b")
    assert code == 0 and out.startswith("imported"), err


async def test_a_file_that_is_not_a_rule_file_exits_2_and_changes_nothing(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.json"
    for text in ("not json at all", '{"hello": "world"}', "[]"):
        bad.write_text(text, encoding="utf-8")
        code, out, err = await run_cli("sources", "import", bad, "--data-dir", tmp_path)
        assert code == 2, (text, out, err)
        assert "Traceback" not in err
    assert not (tmp_path / "sources.json").exists()


async def test_sources_needing_javascript_are_kept_as_not_usable(tmp_path: Path) -> None:
    path = tmp_path / "js.json"
    path.write_text(json.dumps([js_source(1)], ensure_ascii=False), encoding="utf-8")
    code, out, err = await run_cli("sources", "import", path, "--data-dir", tmp_path)
    assert code == 2 and "No usable source" in err
    assert "not usable" in out and "ruleContent.content" in out and "java.webView" in out
    code, out, _ = await run_cli("sources", "list", "--json", "--data-dir", tmp_path)
    (listed,) = [s for s in json.loads(out) if s["kind"] == "legado"]
    assert not listed["usable"] and "a browser" in listed["problems"][0]


async def test_sources_running_javascript_are_usable_and_marked(tmp_path: Path) -> None:
    source = usable_source(1)
    source["ruleContent"] = {"content": "id.content@html<js>result.trim()</js>"}
    path = tmp_path / "js.json"
    path.write_text(json.dumps([source, usable_source(2)], ensure_ascii=False), encoding="utf-8")
    code, out, err = await run_cli("sources", "import", path, "--data-dir", tmp_path)
    assert code == 0, err
    code, out, _ = await run_cli("sources", "list", "--json", "--data-dir", tmp_path)
    scripts = {s["url"]: s["javascript"] for s in json.loads(out) if s["kind"] == "legado"}
    assert scripts == {"https://ok1.example.org/": ["ruleContent.content"],
                       "https://ok2.example.org/": []}  # fmt: skip
    code, out, _ = await run_cli("sources", "list", "--data-dir", tmp_path)
    lines = [line for line in out.splitlines() if "example.org" in line]
    assert [" JS " in line for line in lines] == [True, False]


async def test_enable_disable_remove(site: SampleServer, tmp_path: Path) -> None:
    data = ["--data-dir", tmp_path]
    registry = SourceRegistry(tmp_path)
    (line,) = registry.import_text(bundled_rule(RULES[0], site.site_base)).lines
    source_id = str(line.source_id)
    code, out, _ = await run_cli("sources", "disable", source_id, *data)
    assert code == 0 and "disabled" in out
    code, _, err = await run_cli("info", f"{site.site_base}book/1/", *data, "--cache-dir", tmp_path)
    assert code == 2 and "is disabled (enable it with" in err, err  # refused, and says why
    code, _, err = await run_cli(
        "info", f"{site.site_base}book/1/", "--source", source_id, *data, "--cache-dir", tmp_path
    )
    assert code == 2 and "is disabled" in err
    await run_cli("sources", "enable", source_id, *data)
    code, out, err = await run_cli(
        "info", f"{site.site_base}book/1/", *data, "--cache-dir", tmp_path
    )
    assert code == 0 and "青云山海录" in out, err
    code, out, _ = await run_cli("sources", "remove", source_id, *data)
    assert code == 0 and "removed" in out
    assert [e.id for e in SourceRegistry(tmp_path).entries()] == ["baidu", "sample"]


async def test_importing_300_mixed_sources_is_fast_and_reports_each(tmp_path: Path) -> None:
    documents: list[object] = []
    expected: list[str] = []
    for number in range(330):
        kind = number % 3
        if kind == 0:
            documents.append(usable_source(number))
            expected.append("imported")
        elif kind == 1:
            documents.append(js_source(number))
            expected.append("not usable")
        else:
            documents.append({"bookSourceName": f"坏的 {number}", "ruleSearch": 5})
            expected.append("skipped")
    text = json.dumps(documents, ensure_ascii=False)
    registry = SourceRegistry(tmp_path / "core")
    started = time.perf_counter()
    report = registry.import_text(text, "generated")
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    outcomes = [
        "skipped" if not line.imported else ("imported" if line.usable else "not usable")
        for line in report.lines
    ]
    assert outcomes == expected
    # The same through the command line: one line per source, in order.
    path = tmp_path / "many.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = await run_cli("sources", "import", path, "--data-dir", tmp_path / "cli")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 330
    assert sum(line.startswith("skipped") for line in lines) == 110
    assert sum("(not usable:" in line for line in lines) == 110
