"""Local emulations of the sites of real Legado sources that need JavaScript (real/)."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from aiohttp import web
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

REAL = Path(__file__).parent / "real"

# --- 值得阅读 (lansheweb): signed JSON API, AES chapter names and text ---------------------

LANSHE_HOSTS = ("s", "book", "catalog", "chapter", "c-res")
LANSHE_KEY, LANSHE_IV = b"Pxga!h*e4@T8xfOm", b"E&z!EHGLd$fli*8R"
LANSHE_SECRET = "vhjJVz1St6tK7!8n#B0MqRIuE2Dh7!C#"
LANSHE_BOOK = {"book_id": 12345, "name": "蓝舍试炼记", "author": "脚本客", "remark": "简介文字",
               "ltype": "玄幻", "stype": "东方", "image": "cover/12345.jpg"}  # fmt: skip
LANSHE_CHAPTERS = [f"第{n}章 蓝舍之{n}" for n in range(1, 5)]


def lanshe_text(number: int) -> str:
    return f"第{number}章的正文，站点上是加密的。\n另起一段。"


def _aes(text: str) -> str:
    cipher = AES.new(LANSHE_KEY, AES.MODE_CBC, iv=LANSHE_IV)
    return base64.b64encode(cipher.encrypt(pad(text.encode(), 16))).decode()


def _signed(request: web.Request) -> bool:
    time = request.headers.get("time", "")
    expected = hashlib.md5(f"com.ruffianhankin.meritreader1{time}{LANSHE_SECRET}".encode())
    return (
        request.headers.get("package") == "com.ruffianhankin.meritreader"
        and request.headers.get("sign") == expected.hexdigest()
    )


def lanshe_app() -> web.Application:
    async def search(request: web.Request) -> web.Response:
        if not _signed(request):
            return web.json_response({"code": 401, "data": []})
        hit = request.query.get("keyword", "") in LANSHE_BOOK["name"]
        return web.json_response({"data": [LANSHE_BOOK] if hit else []})

    async def details(request: web.Request) -> web.Response:
        if not _signed(request):
            return web.json_response({"code": 401})
        facts = {"last_chapter_name": LANSHE_CHAPTERS[-1], "updated_at": "2024-05-01"}
        return web.json_response({"data": {**LANSHE_BOOK, **facts}})

    async def sources(request: web.Request) -> web.Response:
        if not _signed(request):
            return web.json_response({"code": 401})
        rows = [{"site_path": "old/12345.html", "updated_at": "2023-01-01 10:00:00"},
                {"site_path": "new/12345.html", "updated_at": "2024-05-01 10:00:00"}]  # fmt: skip
        return web.json_response({"data": rows})

    async def catalog(request: web.Request) -> web.Response:
        if request.match_info["site"] != "new":  # the script must pick the latest source
            return web.json_response({"data": []})
        rows = [{"name": _aes(title), "path": f"12345/{n}.html", "updated_at": 1714550400}
                for n, title in enumerate(LANSHE_CHAPTERS, 1)]  # fmt: skip
        return web.json_response({"data": rows})

    async def chapter(request: web.Request) -> web.Response:
        number = int(request.match_info["n"])
        return web.json_response({"data": {"content": _aes(lanshe_text(number))}})

    app = web.Application()
    app.router.add_get("/s/v1/lists.api", search)
    app.router.add_get("/book/details/{a}/{b}.html", details)
    app.router.add_get("/book/source/{a}/{b}.html", sources)
    app.router.add_get("/catalog/{site}/{b}.html", catalog)
    app.router.add_get("/chapter/12345/{n}.html", chapter)
    return app


def lanshe_rule(base: str) -> str:
    text = (REAL / "lanshe.json").read_text(encoding="utf-8")
    for host in LANSHE_HOSTS:
        text = text.replace(f"https://{host}.lansheweb.com/", f"{base}{host}/")
    text = text.replace("https://s.lansheweb.com", f"{base}s")
    return json.dumps([json.loads(text)], ensure_ascii=False)


# --- 5165.org: catalog and text put in order by scripts over elements ----------------------

SHELF_TITLE, SHELF_AUTHOR = "五一六五书", "页面客"
SHELF_CHAPTERS = ["第一章 起", "第二章 承", "第三章 转", "第四章 合"]


def shelf_paragraphs(number: int) -> list[str]:
    return [f"第{number}章第一段。", f"第{number}章第二段。"]


def shelf_app() -> web.Application:
    async def book(request: web.Request) -> web.Response:
        # The site lists the catalog in blocks out of order; data-id says the order.
        links = [f'<a href="/c/{n}.html">{t}</a>' for n, t in enumerate(SHELF_CHAPTERS, 1)]
        html = f"""<html><body><div class="page-header"><a>首页</a><a>小说</a></div>
<div id="category-description"><h1>{SHELF_TITLE}</h1>
<div id="category-description-author">{SHELF_AUTHOR}</div>
<div id="category-description-text">一本页面书。</div></div>
<article><ul><li data-id="2">{links[2]}{links[3]}</li><li data-id="1">{links[0]}{links[1]}</li>
</ul></article></body></html>"""
        return web.Response(text=html, content_type="text/html")

    async def chapter(request: web.Request) -> web.Response:
        first, second = shelf_paragraphs(int(request.match_info["n"]))
        html = f"""<html><body><div class="entry-content">
<div data-id="2"><p>{second}</p></div><div data-id="1"><p>{first}</p></div>
</div></body></html>"""
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/book/1/", book)
    app.router.add_get("/c/{n}.html", chapter)
    return app


def shelf_rule(base: str) -> str:
    text = (REAL / "5165.json").read_text(encoding="utf-8")
    return json.dumps([json.loads(text.replace("https://5165.org", base.rstrip("/")))])


# --- 石头阅读 (stoneread): java.put/get, search filtered by script, catalog made in JS --------

STONE_TITLE, STONE_AUTHOR = "石头记事", "石头客"
STONE_CHAPTERS = ["第一章 石", "第二章 头", "第三章 记"]


def stone_text(number: int) -> str:
    return f"石头第{number}章正文。"


def stone_app() -> web.Application:
    async def search(request: web.Request) -> web.Response:
        # Two results; only one matches the words: the list script filters with java.get.
        rows = [(STONE_TITLE, STONE_AUTHOR, 77), ("别的书", "别人", 78)]
        items = "".join(
            f'<li><a href="/book/{b}/"><img src="/c/{b}.jpg"></a><p class="name">{t}</p>'
            f'<p class="author">作者 {a}</p><p class="intro">简介</p></li>'
            for t, a, b in rows
        )
        return web.Response(
            text=f'<ul class="search_novel_list">{items}</ul>', content_type="text/html"
        )

    async def book(request: web.Request) -> web.Response:
        # Newest first, as the site lists them (the rule's "-" puts them back in order).
        links = "".join(
            f'<li><a href="/book/77-900/{n}.html"><span>[{n}]{t}</span><span>x</span></a></li>'
            for n, t in reversed(list(enumerate(STONE_CHAPTERS, 1)))
        )
        html = f"""<html><body><h2 class="name">{STONE_TITLE}</h2>
<div class="center"><span>x</span><span>{STONE_AUTHOR}</span></div>
<ul class="article_list_zj">{links}</ul></body></html>"""
        return web.Response(text=html, content_type="text/html")

    async def chapter(request: web.Request) -> web.Response:
        if request.query.get("bid") != "900":
            return web.json_response({"data": {}})
        return web.json_response({"data": {"content": stone_text(int(request.query["id"]))}})

    app = web.Application()
    app.router.add_get("/index/search", search)
    app.router.add_get("/book/{b}/", book)
    app.router.add_get("/app/bookapi/getchapter", chapter)
    return app


def stone_rule(base: str) -> str:
    text = (REAL / "stoneread.json").read_text(encoding="utf-8")
    text = text.replace("https://app.stoneread.com/", f"{base}app/")
    text = text.replace("https://www.stoneread.com", base.rstrip("/"))
    return json.dumps([json.loads(text)], ensure_ascii=False)


# --- rrread.xyz: catalog address found by a script, Base64 text ---------------------------

RR_TITLE, RR_AUTHOR = "人人读本", "读书客"
RR_CHAPTERS = ["第一章 人", "第二章 读"]


def rr_text(number: int) -> str:
    return f"人人读第{number}章。\n第二行。"


def rr_app() -> web.Application:
    async def search(request: web.Request) -> web.Response:
        book = {"title": RR_TITLE, "author": RR_AUTHOR, "sourceUuid": "555",
                "description": "简介", "category": "都市", "coverImage": "/c.jpg"}  # fmt: skip
        hit = request.query.get("key", "") in RR_TITLE
        return web.json_response({"data": {"books": [book] if hit else []}})

    async def book(request: web.Request) -> web.Response:
        html = f"""<html><body><h1>{RR_TITLE}</h1><div class="info"><p>{RR_AUTHOR}</p>
<p>都市</p></div><div class="catalog" data-sourceuuid="{request.query["id"]}"></div>
</body></html>"""
        return web.Response(text=html, content_type="text/html")

    async def catalog(request: web.Request) -> web.Response:
        if request.query.get("source_uuid") != "555":
            return web.json_response({"data": {"catalog": []}})
        rows = [{"title": t, "uuid": f"a{n}", "price": 0} for n, t in enumerate(RR_CHAPTERS, 1)]
        return web.json_response({"data": {"catalog": rows}})

    async def chapter(request: web.Request) -> web.Response:
        number = int(request.query["articleUuid"][1:])
        encoded = base64.b64encode(rr_text(number).encode()).decode()
        return web.json_response({"content": encoded})

    app = web.Application()
    app.router.add_get("/m/interface/searchBook_data.json.php", search)
    app.router.add_get("/m/book.php", book)
    app.router.add_get("/m/interface/info.json.php", catalog)
    app.router.add_get("/getArticleContent.php", chapter)
    return app


def rr_rule(base: str) -> str:
    text = (REAL / "rrread.json").read_text(encoding="utf-8")
    return json.dumps([json.loads(text.replace("https://rrread.xyz", base.rstrip("/")))])
