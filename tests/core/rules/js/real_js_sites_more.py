"""Local emulations of the sites of two more real Legado sources that need JavaScript (real/):
one whose search needs the session cookie its site set, read with ``cookie.getCookie``, one
whose search reads a cookie from a HEAD answer and parses a JSON API."""

from __future__ import annotations

import json
import secrets

from aiohttp import web

from tests.core.rules.js.real_js_sites import REAL

# --- 燃文小说 (ranwena): a search only for the session the site set, sent by the script ------

RAN_TITLE, RAN_AUTHOR = "燃文之书", "燃文客"
RAN_CHAPTERS = [f"第{n}章 燃{n}" for n in range(1, 4)]


def ran_text(number: int, part: int = 1) -> str:
    return f"燃文第{number}章第{part}页。"


class RanSite:
    """The home page sets a session cookie and writes tokens for it into the page; the search
    API answers only a request that carries that session with its tokens."""

    def __init__(self) -> None:
        self.sessions: dict[str, str] = {}  # session -> its token
        self.searches: list[tuple[str, bool]] = []  # (Cookie header, answered)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self.home)
        app.router.add_post("/api/search", self.search)
        app.router.add_get("/book/7/", self.book)
        app.router.add_get("/book/7/{page}.html", self.chapter)
        return app

    async def home(self, request: web.Request) -> web.Response:
        session, token = secrets.token_hex(8), secrets.token_hex(6)
        self.sessions[session] = token
        html = f"""<html><head><script>var token = "{token}"; var v = "2"</script></head>
<body><form id="search"></form></body></html>"""
        response = web.Response(text=html, content_type="text/html")
        response.set_cookie("PHPSESSID", session, path="/")
        return response

    async def search(self, request: web.Request) -> web.Response:
        form = await request.post()
        session = request.cookies.get("PHPSESSID", "")
        answered = bool(session) and self.sessions.get(session) == form.get("token")
        self.searches.append((request.headers.get("Cookie", ""), answered))
        if not answered:
            return web.json_response({"code": 403, "msg": "会话已过期"}, status=200)
        base = f"{request.scheme}://{request.host}"
        book = {"book_name": RAN_TITLE, "author": RAN_AUTHOR, "book_list_url": f"{base}/book/7/",
                "cover": "/c/7.jpg", "intro": "简介：一本燃烧的书。", "cate_name": "玄幻",
                "uptime": "2024-05-01", "status_str": "连载",
                "latest_chapter_name": RAN_CHAPTERS[-1]}  # fmt: skip
        hit = str(form.get("q", "")) in RAN_TITLE
        return web.json_response({"code": 0, "data": {"search": [book] if hit else []}})

    async def book(self, request: web.Request) -> web.Response:
        meta = {"book_name": RAN_TITLE, "author": RAN_AUTHOR, "category": "玄幻",
                "status": "连载", "last_chapter_name": RAN_CHAPTERS[-1],
                "description": "一本燃烧的书。", "update_time": "2024-05-01"}  # fmt: skip
        tags = "".join(f'<meta property="og:novel:{k}" content="{v}">' for k, v in meta.items())
        links = "".join(
            f'<a href="/book/7/{n}.html">{t}</a>' for n, t in enumerate(RAN_CHAPTERS, 1)
        )
        html = f'<html><head>{tags}</head><body><div class="chapter">{links}</div></body></html>'
        return web.Response(text=html, content_type="text/html")

    async def chapter(self, request: web.Request) -> web.Response:
        # Chapter 1 has a second page; each page's last bar link goes on (to the next chapter).
        page = request.match_info["page"]
        number, _, part = page.partition("_")
        part_number = int(part or 1)
        after = "/book/7/1_2.html" if page == "1" else f"/book/7/{int(number) + 1}.html"
        html = f"""<html><body><div id="text"><p>{ran_text(int(number), part_number)}</p></div>
<div class="pagebar"><a href="/book/7/">目录</a><a href="{after}">下一页</a></div></body></html>"""
        return web.Response(text=html, content_type="text/html")


def ran_rule(base: str) -> str:
    text = (REAL / "ranwena.json").read_text(encoding="utf-8")
    return json.dumps([json.loads(text.replace("https://m.ranwena.com", base.rstrip("/")))])


# --- 81中文网 (81cnw): a HEAD answer's cookie, a JSON search API, source.getVariable ---------

CNW_TITLE, CNW_AUTHOR = "八一之书", "八一客"
CNW_CHAPTERS = [f"第{n}章 八一{n}" for n in range(1, 4)]


def cnw_text(number: int) -> str:
    return f"八一第{number}章正文。"


class CnwSite:
    """``/user/hm.html`` (asked with HEAD) sets ``hm``; the search API answers only a request
    whose Cookie carries that ``hm`` and a ``Hm_lvt_`` time, as the site's page script does."""

    def __init__(self) -> None:
        self.issued: set[str] = set()
        self.searches: list[tuple[str, bool]] = []  # (Cookie header, answered)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/s", self.search_page)
        app.router.add_route("HEAD", "/user/hm.html", self.hm)
        app.router.add_get("/user/search.html", self.search)
        app.router.add_get("/html/81/", self.book)
        app.router.add_get("/html/81/list.html", self.catalog)
        app.router.add_get("/html/81/{n}.html", self.chapter)
        return app

    async def search_page(self, request: web.Request) -> web.Response:
        return web.Response(text="<html><body>搜索中…</body></html>", content_type="text/html")

    async def hm(self, request: web.Request) -> web.Response:
        token = secrets.token_hex(6)
        self.issued.add(token)
        response = web.Response()
        response.set_cookie("hm", token, path="/")
        return response

    async def search(self, request: web.Request) -> web.Response:
        cookies = request.cookies
        answered = cookies.get("hm") in self.issued and cookies.get("Hm_lvt_", "").isdigit()
        self.searches.append((request.headers.get("Cookie", ""), answered))
        if not answered:
            return web.json_response([])
        book = {"articlename": CNW_TITLE, "author": CNW_AUTHOR, "url_list": "/html/81/",
                "url_img": "/cover/81.jpg", "intro": "一本八一书。"}  # fmt: skip
        hit = request.query.get("q", "") in CNW_TITLE
        return web.json_response([book] if hit else [])

    async def book(self, request: web.Request) -> web.Response:
        meta = {"book_name": CNW_TITLE, "author": CNW_AUTHOR, "category": "都市",
                "status": "连载", "update_time": "2024-05-01",
                "latest_chapter_name": CNW_CHAPTERS[-1], "description": "一本八一书。"}  # fmt: skip
        tags = "".join(f'<meta property="og:novel:{k}" content="{v}">' for k, v in meta.items())
        html = f"<html><head>{tags}</head><body><p>字数：12万</p></body></html>"
        return web.Response(text=html, content_type="text/html")

    async def catalog(self, request: web.Request) -> web.Response:
        rows = "".join(f'<dd><a href="/html/81/{n}.html">{t}</a></dd>'
                       for n, t in enumerate(CNW_CHAPTERS, 1))  # fmt: skip
        html = f"<html><body><dl><dd>最新章节</dd>{rows}</dl></body></html>"
        return web.Response(text=html, content_type="text/html")

    async def chapter(self, request: web.Request) -> web.Response:
        number = int(request.match_info["n"])
        if not 1 <= number <= len(CNW_CHAPTERS):
            raise web.HTTPNotFound()
        # The last chapter links back to the catalog, not to a next one.
        after = f'<a href="/html/81/{number + 1}.html">下一章</a>'
        if number == len(CNW_CHAPTERS):
            after = '<a href="/html/81/list.html">返回目录</a>'
        html = f"""<html><body><div id="chaptercontent">{cnw_text(number)}<br>
（退出阅读模式看完整内容）<br>请收藏本站：m.81cnw.com</div>{after}</body></html>"""
        return web.Response(text=html, content_type="text/html")


def cnw_rule(base: str) -> str:
    text = (REAL / "81cnw.json").read_text(encoding="utf-8")
    text = text.replace("https?://m.81cnw.com", base.rstrip("/"))
    return json.dumps([json.loads(text.replace("https://m.81cnw.com", base.rstrip("/")))])
