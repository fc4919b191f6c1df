"""A source needing JavaScript at every step, from import to an epubcheck-clean EPUB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.core.rules.js import js_site
from tests.epubcheck_support import assert_epubcheck_clean

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


@pytest.fixture
async def site_base() -> AsyncIterator[str]:
    runner = web.AppRunner(js_site.make_app())
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/"
    await runner.cleanup()


async def test_search_runs_the_url_script_and_json_parse(site_base: str, tmp_path: Path) -> None:
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(js_site.rule_file(site_base), "js.json").lines
    assert line.usable, line
    (entry,) = [e for e in registry.entries() if e.id == line.source_id]
    assert "searchUrl" in entry.scripted and "ruleContent.content" in entry.scripted
    with Store(tmp_path / "store.sqlite3") as store:
        outcomes = [o async for o in search_sources([entry], "青云", http=QUICK, memory=store)]
    (outcome,) = outcomes
    assert outcome.ok, outcome.error
    (found,) = outcome.results
    assert (found.title, found.author) == (js_site.TITLE, js_site.AUTHOR)
    assert found.book == f"{site_base}api/book?id=7"


async def test_download_decrypts_every_chapter_into_a_clean_epub(
    site_base: str, tmp_path: Path
) -> None:
    rule = tmp_path / "js.json"
    rule.write_text(js_site.rule_file(site_base), encoding="utf-8")
    data = ["--data-dir", tmp_path / "data"]
    code, out, err = await run_cli("sources", "import", rule, *data)
    assert code == 0, err
    code, out, err = await run_cli(
        "download", f"{site_base}api/book?id=7", *data, "--cache-dir", tmp_path / "c",
        "-o", tmp_path / "out", "--format", "txt",
    )  # fmt: skip
    assert code == 0, err
    text = Path(out.strip()).read_text(encoding="utf-8")
    for chapter_id, title in js_site.CHAPTERS:  # both catalog parts, every chapter decrypted
        assert title in text
        assert js_site.chapter_text(chapter_id).split("\n")[0] in text
    code, out, err = await run_cli(
        "download", f"{site_base}api/book?id=7", *data, "--cache-dir", tmp_path / "c",
        "-o", tmp_path / "epub",
    )  # fmt: skip
    assert code == 0, err
    assert_epubcheck_clean(Path(out.strip()))
