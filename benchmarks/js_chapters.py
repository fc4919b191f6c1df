"""What a chapter of a JavaScript rule source costs: wall time and this process's CPU.

Serves a local JSON-API site whose chapters are AES-encrypted (as real JavaScript sources'
are) and downloads a book of ``--chapters`` chapters through the real job (``Downloader``)
with a Legado rule that decrypts each chapter in a script; with ``--ajax`` each chapter's
script also fetches a second part with ``java.ajax`` (a request the script makes: from a
worker process, a host call back to this process). Run it on two builds to compare them
(the file is self-contained: it imports only the installed ``novelfetch``)::

    python benchmarks/js_chapters.py --chapters 300 --concurrency 8 [--ajax]

Prints one JSON object: wall seconds, milliseconds per chapter, and this process's CPU per
chapter (what the event loop's process pays; worker processes' CPU is not in it).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.store.chapter_store import Store

KEY, IV = b"novelfetchkey123", b"0102030405060708"
PARAGRAPH = "山风过处，青石阶上的落叶簌簌作响，少年握紧了手中的木剑。"


def chapter_text(number: int) -> str:
    return "\n".join(f"第{number}章第{n}段。{PARAGRAPH * 3}" for n in range(1, 41))


def encrypted(text: str) -> str:
    cipher = AES.new(KEY, AES.MODE_CBC, iv=IV)
    return base64.b64encode(cipher.encrypt(pad(text.encode(), 16))).decode()


def make_app(chapters: int) -> web.Application:
    texts = {n: encrypted(chapter_text(n)) for n in range(1, chapters + 1)}

    async def book(request: web.Request) -> web.Response:
        rows = [{"cid": n, "title": f"第{n}章"} for n in range(1, chapters + 1)]
        return web.json_response({"name": "脚本基准书", "author": "基准", "list": rows})

    async def chapter(request: web.Request) -> web.Response:
        return web.json_response({"content": texts[int(request.match_info["n"])]})

    async def extra(request: web.Request) -> web.Response:
        return web.Response(text="（附记）")

    app = web.Application()
    app.router.add_get("/api/book", book)
    app.router.add_get("/api/chapter/{n}", chapter)
    app.router.add_get("/api/extra/{n}", extra)
    return app


def rule(base: str, ajax: bool) -> str:
    decrypt = (
        "java.createSymmetricCrypto('AES/CBC/PKCS5Padding', 'novelfetchkey123',"
        " '0102030405060708').decryptStr(result)"
    )
    if ajax:
        decrypt += " + java.ajax(baseUrl.replace('/chapter/', '/extra/'))"
    source = {
        "bookSourceUrl": base,
        "bookSourceName": "脚本基准站",
        "ruleBookInfo": {"name": "$.name", "author": "$.author"},
        "ruleToc": {
            "chapterList": "$.list[*]",
            "chapterName": "$.title",
            "chapterUrl": "/api/chapter/{{$.cid}}",
        },
        "ruleContent": {"content": "$.content@js:" + decrypt},
    }
    return json.dumps([source], ensure_ascii=False)


async def download(chapters: int, concurrency: int, ajax: bool) -> dict[str, Any]:
    async with TestServer(make_app(chapters), host="127.0.0.1") as server:
        base = str(server.make_url("/"))
        with tempfile.TemporaryDirectory() as folder:
            registry = SourceRegistry(Path(folder) / "data")
            (line,) = registry.import_text(rule(base, ajax), "bench.json").lines
            assert line.usable and line.source_id, line
            options = DownloadOptions(
                source=line.source_id,
                concurrency=concurrency,
                http=HttpSettings(connect_timeout=5.0, read_timeout=30.0),
            )
            with Store(Path(folder) / "store.sqlite3") as store:
                async with Downloader(store, options, registry=registry) as job:
                    loaded = await job.load(f"{base}api/book")
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = await job.fetch(loaded, loaded.chapters)
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                last = store.load_text(loaded.book, loaded.chapters[-1]) or ""
    if result.failures or result.fetched != chapters:
        raise RuntimeError(f"{len(result.failures)} failed: {result.failures[:1]}")
    if chapter_text(chapters).split("\n")[0] not in last:
        raise RuntimeError("the last chapter's text is not the site's")
    return {"wall_s": wall, "ms_per_chapter": wall / chapters * 1000,
            "parent_cpu_ms_per_chapter": cpu / chapters * 1000}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/js_chapters.py", description=__doc__)
    parser.add_argument("--chapters", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--ajax", action="store_true", help="one java.ajax per chapter")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is printed")
    args = parser.parse_args(argv)
    runs = [
        asyncio.run(download(args.chapters, args.concurrency, args.ajax))
        for _ in range(args.repeat)
    ]
    median = {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}
    print(json.dumps({"chapters": args.chapters, "ajax": args.ajax, **median}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
