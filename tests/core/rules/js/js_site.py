"""A local JSON-API novel site whose Legado source needs JavaScript at every step, as real
ones do: a signed search URL, JSON.parse lists, a catalog in two parts (the second fetched
with java.ajax), AES-encrypted chapter text, values carried with java.put/get."""

from __future__ import annotations

import base64
import hashlib
import json

from aiohttp import web
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

KEY, IV = b"novelfetchkey123", b"0102030405060708"
TITLE, AUTHOR = "青云脚本录", "沙盒客"
CHAPTERS = [(str(100 + n), f"第{n}章 试炼之{n}") for n in range(1, 7)]


def chapter_text(chapter_id: str) -> str:
    return f"这是第{chapter_id}号章节的正文。\n第二段落，内容在站点上是加密的。"


def _encrypt(text: str) -> str:
    cipher = AES.new(KEY, AES.MODE_CBC, iv=IV)
    return base64.b64encode(cipher.encrypt(pad(text.encode(), 16))).decode()


def make_app() -> web.Application:
    async def search(request: web.Request) -> web.Response:
        words = request.query.get("kw", "")
        if request.query.get("sign") != hashlib.md5(words.encode()).hexdigest()[:8]:
            return web.json_response({"code": 403, "data": None})
        found = [{"book_id": 7, "book_name": TITLE, "author": AUTHOR}] if words in TITLE else []
        return web.json_response({"code": 0, "data": {"list": found}})

    async def book(request: web.Request) -> web.Response:
        facts = {"name": TITLE, "author": AUTHOR, "intro": "一本要脚本才能读的书"}
        return web.json_response({"data": {"id": request.query["id"], **facts}})

    async def catalog(request: web.Request) -> web.Response:
        part = int(request.query.get("part", "1"))
        rows = CHAPTERS[:3] if part == 1 else CHAPTERS[3:]
        return web.json_response({"list": [{"cid": c, "title": t} for c, t in rows]})

    async def chapter(request: web.Request) -> web.Response:
        if request.query.get("bid") != "7":  # the book ID the source carries with java.put/get
            return web.json_response({"content": ""})
        return web.json_response({"content": _encrypt(chapter_text(request.query["cid"]))})

    app = web.Application()
    app.router.add_get("/api/search", search)
    app.router.add_get("/api/book", book)
    app.router.add_get("/api/catalog", catalog)
    app.router.add_get("/api/chapter", chapter)
    return app


def legado_source(base: str) -> dict[str, object]:
    decrypt = (
        "java.createSymmetricCrypto('AES/CBC/PKCS5Padding', 'novelfetchkey123',"
        " '0102030405060708').decryptStr(result)"
    )
    return {
        "bookSourceUrl": base,
        "bookSourceName": "脚本测试站",
        "bookUrlPattern": base.replace(".", r"\.") + r"api/book\?id=\d+",
        "searchUrl": "/api/search?kw={{key}}&sign={{java.md5Encode(key).substring(0, 8)}}",
        "ruleSearch": {
            "bookList": "<js>JSON.parse(result).data.list</js>",
            "name": "$.book_name",
            "author": "@js:result.author.trim()",
            "bookUrl": "@js:`${source.getKey()}api/book?id=${result.book_id}`",
        },
        "ruleBookInfo": {
            "init": "@js:java.put('bid', JSON.parse(result).data.id); JSON.parse(result).data",
            "name": "$.name",
            "author": "$.author",
            "intro": "$.intro",
            "tocUrl": "@js:baseUrl.replace(/book\\?id=\\d+/, 'catalog?id=' + java.get('bid'))",
        },
        "ruleToc": {
            "chapterList": (
                "<js>const first = JSON.parse(result).list;\n"
                "const rest = JSON.parse(java.ajax(baseUrl + '&part=2')).list;\n"
                "first.concat(rest)</js>"
            ),
            "chapterName": "$.title",
            "chapterUrl": "/api/chapter?cid={{$.cid}}&bid={{java.get('bid')}}",
        },
        "ruleContent": {"content": "$.content@js:" + decrypt},
    }


def rule_file(base: str) -> str:
    return json.dumps([legado_source(base)], ensure_ascii=False)
