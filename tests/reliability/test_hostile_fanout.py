"""Fan-out (issue 18, item 4): a search over thousands of sources on one host stays within a
global cap on sources asked at once and a per-host connection cap, and never runs out of file
descriptors at ``ulimit -n 1024``."""

from __future__ import annotations

import asyncio
import json
import resource
from pathlib import Path

from aiohttp import web

from novelfetch.core import budgets
from tests.cli_support import run_cli
from tests.reliability.hostile_support import HostileSite, legado_rule

SOURCES = 3000


def _descriptor_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


async def test_a_search_over_3000_sources_of_one_host_at_ulimit_1024(tmp_path: Path) -> None:
    async with HostileSite() as site:

        async def search(request: web.Request) -> web.Response:
            await asyncio.sleep(0.01)  # long enough for requests sent at once to overlap
            html = f'<div class="hit"><a href="/book/1">青云{request.query["q"]}</a></div>'
            return web.Response(text=html, content_type="text/html")

        site.route("/search", search)
        rules = [
            legado_rule(f"{site.base}#{n}", name=f"同站{n}", bookUrlPattern="")
            for n in range(SOURCES)
        ]
        path = tmp_path / "many.json"
        path.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
        data = ("--data-dir", tmp_path / "data")
        imported = await run_cli("sources", "import", path, *data)
        assert imported.code == 0, imported.err
        result = await run_cli(
            "search", "之书", *data, "--json", timeout=300, preexec_fn=_descriptor_limit
        )
    assert "Too many open files" not in result.out + result.err
    assert "IndexError" not in result.out + result.err
    assert result.code == 0, result.err[-2000:]
    answer = json.loads(result.out)
    # Baidu needs the internet, which tests have not; every other source answered.
    assert [e for e in answer["errors"] if e["source"] != "baidu"] == []
    assert len([r for r in answer["results"] if r["title"] == "青云之书"]) == SOURCES
    assert site.requests == SOURCES
    assert site.most_in_flight <= budgets.SEARCH_CONNECTIONS_PER_HOST
