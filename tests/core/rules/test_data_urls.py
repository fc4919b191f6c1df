"""Legado's ``data:`` URLs: a page the rule writes itself, answered without a network, as
hex of the Base64 bytes when a ``type`` option asks for bytes; refused as Legado fails."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from novelfetch.core.errors import BudgetExceededError, PermanentFetchError
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources.rules.data_urls import data_url_body
from novelfetch.core.sources.rules.model import RuleFileError
from novelfetch.core.sources.rules.pages import fetch_raw
from novelfetch.core.sources.rules.urls import build_request
from tests.cli_support import run_cli

BASE = "https://www.example.test/book/1/"


def test_a_data_url_with_a_type_option_stays_unresolved() -> None:
    spec = build_request('data:token;base64,{{page}}MjM=,{"type":"jjwx"}', BASE, page=1)
    assert spec.url == "data:token;base64,1MjM="  # not joined to the base, templates filled
    assert spec.options == {"type": "jjwx"}


def test_its_page_is_the_decoded_bytes_in_hex_as_legado_gives_a_type_answer() -> None:
    encoded = base64.b64encode("id=7&章".encode()).decode()
    assert data_url_body(f"data:;base64,{encoded}", 1000) == "id=7&章".encode().hex().encode()
    assert data_url_body("data:;base64,YWI", 1000) == b"6162"  # padding left out, as Android
    with pytest.raises(BudgetExceededError, match="more than 10 bytes"):
        data_url_body("data:;base64," + "QUFB" * 10, 10)


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("data:text/html;base64,PGI+", 'without a "type" option'),
        ('data:text/plain,hello,{"type":""}', "without ';base64,'"),
    ],
)
def test_a_data_url_legado_cannot_load_is_refused_saying_why(rule: str, problem: str) -> None:
    with pytest.raises(RuleFileError, match=problem):
        build_request(rule, BASE)


async def test_fetching_a_data_url_uses_no_network() -> None:
    spec = build_request('data:;base64,MTIz,{"type":""}', BASE)
    # No session at all: anything reaching for the network would fail here.
    raw = await fetch_raw(None, spec, HttpSettings())  # type: ignore[arg-type]
    assert (raw.url, raw.body) == ("data:;base64,MTIz", b"313233")
    bad = build_request('data:;base64,QUFBQ,{"type":""}', BASE)  # one letter too many
    with pytest.raises(PermanentFetchError, match="not valid Base64"):
        await fetch_raw(None, bad, HttpSettings())  # type: ignore[arg-type]


CHAPTERS = {"11": "第一章 数据", "12": "第二章 地址"}


def _site() -> web.Application:
    async def book(request: web.Request) -> web.Response:
        links = "".join(f'<li><a href="/text/{c}">{t}</a></li>' for c, t in CHAPTERS.items())
        body = f"<html><body><h1>数据之书</h1><p class='a'>某人</p><ul>{links}</ul></body></html>"
        return web.Response(text=body, content_type="text/html")

    async def text(request: web.Request) -> web.Response:
        chapter = request.match_info["id"]
        return web.json_response({"text": f"正文{chapter}。"})

    app = web.Application()
    app.router.add_get("/book/1", book)
    app.router.add_get("/text/{id}", text)
    return app


def _source(base: str) -> dict[str, object]:
    """As real sources (梧桐中文网, 番茄小说2) do: the chapter URL is a data: URL carrying the
    chapter's address; the text rule reads it back from the hex page and fetches it."""
    return {
        "bookSourceUrl": base,
        "bookSourceName": "data: 测试站",
        "ruleBookInfo": {"name": "tag.h1@text", "author": "class.a@text"},
        "ruleToc": {
            "chapterList": "tag.li",
            "chapterName": "tag.a@text",
            "chapterUrl": ('tag.a@href@js:`data:;base64,${java.base64Encode(result)},{"type":""}`'),
        },
        "ruleContent": {
            "content": "@js:JSON.parse(java.ajax(java.hexDecodeToString(result))).text"
        },
    }


@pytest.fixture
async def site_base() -> AsyncIterator[str]:
    runner = web.AppRunner(_site())
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_a_source_whose_chapters_are_data_urls_downloads(
    site_base: str, tmp_path: Path
) -> None:
    rule = tmp_path / "data.json"
    rule.write_text(json.dumps([_source(site_base)], ensure_ascii=False), encoding="utf-8")
    data = ["--data-dir", tmp_path / "data"]
    code, out, err = await run_cli("sources", "import", rule, *data)
    assert code == 0, err
    code, out, err = await run_cli(
        "download", f"{site_base}/book/1", *data, "--cache-dir", tmp_path / "c",
        "-o", tmp_path / "out", "--format", "txt",
    )  # fmt: skip
    assert code == 0, err
    text = Path(out.strip()).read_text(encoding="utf-8")
    for chapter, title in CHAPTERS.items():
        assert title in text and f"正文{chapter}。" in text
