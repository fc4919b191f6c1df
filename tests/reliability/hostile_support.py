"""A hostile web site on 127.0.0.1 and rule files for it, for the hostile suite.

The site is a handful of routes a test fills in (``site.route(path, handler)``); the rule file
is a plain Legado source whose ``bookSourceUrl`` is the site itself, so the network policy that
lets a rule reach only its own host still lets these tests through.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Self

from aiohttp import web

from novelfetch.core.library.library import Library
from novelfetch.core.models import Book, Chapter
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.store.files import STORE_FILE
from tests.cli_support import CliResult, cli_command

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Runs a command and reports the largest resident size it reached (KiB on Linux), on the last
# line of standard error: the suite measures the CLI, not the test process.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print('peak-kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
MEMORY_CEILING_BYTES = 2 * 1024**3  # a runaway attack stops here instead of eating the host
#: The most an attacked command line may use (the hostile suites' acceptance line).
PEAK_MEMORY_LIMIT = 300 * 1024 * 1024


class HostileSite:
    """An aiohttp site whose pages the test decides; counts requests and connections."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self._runner: web.AppRunner | None = None
        self.base = ""

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def page(self, path: str, html: str, content_type: str = "text/html; charset=utf-8") -> None:
        async def serve(_request: web.Request) -> web.Response:
            return web.Response(body=html.encode("utf-8"), headers={"Content-Type": content_type})

        self.route(path, serve)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            handler = self.routes.get(request.path)
            if handler is None:
                for prefix, candidate in self.routes.items():
                    if prefix.endswith("*") and request.path.startswith(prefix[:-1]):
                        handler = candidate
                        break
            if handler is None:
                raise web.HTTPNotFound()
            return await handler(request)
        finally:
            self.in_flight -= 1

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}/"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


def legado_rule(base: str, name: str = "敌意站", **overrides: Any) -> dict[str, Any]:
    """A Legado source for ``HostileSite``: /book/1 → /toc/1 → chapter pages."""
    rule: dict[str, Any] = {
        "bookSourceUrl": base,
        "bookSourceName": name,
        "bookSourceType": 0,
        "enabled": True,
        "bookUrlPattern": rf"{base}book/\d+",
        "searchUrl": "search?q={{key}}",
        "ruleSearch": {
            "bookList": "class.hit",
            "name": "tag.a@text",
            "bookUrl": "tag.a@href",
        },
        "ruleBookInfo": {"name": "tag.h1@text", "tocUrl": "id.toc@href"},
        "ruleToc": {
            "chapterList": "id.list@tag.li",
            "chapterName": "tag.a@text",
            "chapterUrl": "tag.a@href",
            "nextTocUrl": "class.next@href",
        },
        "ruleContent": {"content": "id.content@html", "nextContentUrl": "id.next@href"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(rule.get(key), dict):
            rule[key] = {**rule[key], **value}
        else:
            rule[key] = value
    return rule


def book_page(toc: str = "/toc/1") -> str:
    return f'<html><body><h1>敌意之书</h1><a id="toc" href="{toc}">目录</a></body></html>'


def toc_page(chapters: list[str], next_links: list[str] = ()) -> str:  # type: ignore[assignment]
    items = "".join(f'<li><a href="{url}">第{i}章</a></li>' for i, url in enumerate(chapters, 1))
    nexts = "".join(f'<a class="next" href="{url}">下一页</a>' for url in next_links)
    return f'<html><body><ul id="list">{items}</ul>{nexts}</body></html>'


def chapter_page(text: str, next_link: str = "") -> str:
    link = f'<a id="next" href="{next_link}">下一页</a>' if next_link else ""
    return f'<html><body><div id="content">{text}</div>{link}</body></html>'


def write_rule(folder: Path, *rules: dict[str, Any]) -> Path:
    path = folder / "rules.json"
    path.write_text(json.dumps(list(rules), ensure_ascii=False), encoding="utf-8")
    return path


async def run_measured(
    *args: str | Path, timeout: float = 60, preexec_fn: Callable[[], None] | None = None
) -> tuple[CliResult, int]:
    """Run the CLI; its result and its peak resident memory in bytes."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING_BYTES, MEMORY_CEILING_BYTES))
        if preexec_fn is not None:
            preexec_fn()

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _MEASURE,
        *cli_command(*args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=limits,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    text = err.decode(errors="replace")
    body, _, last = text.rstrip("\n").rpartition("\n")
    assert last.startswith("peak-kib "), text
    assert process.returncode is not None
    return CliResult(process.returncode, out.decode(errors="replace"), body), int(
        last.split()[1]
    ) * 1024


# A book of 300 chapters in a store, for the damaged-store attacks.
STORED_BOOK = Book(source="sample", book_id="1", title="书", author="某", intro="", cover_url="")
STORED_CHAPTERS = [Chapter(n, f"c{n}", f"第{n}章", "", False) for n in range(1, 301)]


def store_with_a_damaged_index(folder: Path) -> Path:
    """A store of 300 chapters whose chapters index has one garbled page; every row of the
    table itself is still readable."""
    path = folder / STORE_FILE
    with Store(path) as store:
        store.save_book(STORED_BOOK, STORED_CHAPTERS)
        store.save_chapters(STORED_BOOK, [(chapter, "正文。" * 100) for chapter in STORED_CHAPTERS])
        Library(store).record_catalog(STORED_BOOK, "1", STORED_CHAPTERS)
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (root,) = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_chapters_1'"
    ).fetchone()
    db.close()
    with open(path, "r+b") as file:
        file.seek((root - 1) * page_size + 8)  # past the page header's type byte
        file.write(b"\xff" * 64)
    return path
