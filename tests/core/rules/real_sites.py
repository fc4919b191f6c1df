# ruff: noqa: E501 - site markup, one element group a line, reads better than wrapped
"""Local emulations of the sites behind the real sources in ``real_sources/``.

Each site's pages are shaped exactly as its rule (kept as found) expects them: the same
classes, ids, nesting, link texts and JSON keys, with a small book of our own writing in
them. ``ORIGIN.md`` says where each rule came from and what it covers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from tests.core.rules.site_emulation import Answer

TITLE, AUTHOR = "青云志", "萧鼎"
CHAPTERS = (("第一章 青云", "草庙村外青山连绵。"), ("第二章 拜师", "少年张小凡入了大竹峰。"))
LATIN_TITLE, LATIN_AUTHOR = "The Quiet Tower", "Ann Example"
LATIN_CHAPTERS = (
    ("Chapter 1 Arrival", "Rain fell on the tower."),
    ("Chapter 2 Keys", "She kept the keys."),
)
NOT_AN_IMAGE = Answer("<html><body>404 封面不存在</body></html>")


@dataclass(frozen=True)
class RealSite:
    slug: str  # real_sources/<slug>.json
    hosts: tuple[str, ...]  # the hosts the rule names, all served by the emulation
    words: str  # what a reader searches for
    pages: Callable[[], dict[str, Answer]]
    covers: str  # which of issue 19's classes and kinds of source it stands for
    latin: bool = False

    @property
    def title(self) -> str:
        return LATIN_TITLE if self.latin else TITLE

    @property
    def author(self) -> str:
        return LATIN_AUTHOR if self.latin else AUTHOR

    @property
    def chapters(self) -> tuple[tuple[str, str], ...]:
        return LATIN_CHAPTERS if self.latin else CHAPTERS


def html(body: str, head: str = "", charset: str = "utf-8") -> str:
    return f'<!DOCTYPE html><html><head><meta charset="{charset}">{head}</head><body>{body}</body></html>'


# -- 趣 APP: a JSONPath API; `@put:{a:$.Id}` unquoted; `{$.Id}` in the book URL ---------------


def qu_app() -> dict[str, Answer]:
    def api(value: object) -> Answer:
        return Answer(json.dumps(value, ensure_ascii=False), "application/json")

    found = {
        "Id": 8848,
        "Name": TITLE,
        "Author": AUTHOR,
        "Img": "/cover/8848.jpg",
        "Desc": "一部仙侠小说。",
        "CName": "仙侠",
        "BookStatus": "完结",
        "LastChapter": CHAPTERS[-1][0],
    }
    catalog = {
        "data": {
            "list": [
                {
                    "name": "正文",
                    "list": [{"id": i + 1, "name": name} for i, (name, _) in enumerate(CHAPTERS)],
                }
            ]
        }
    }
    pages = {
        "/search.aspx": api({"status": 1, "data": [found]}),
        "/book/8848/": api(catalog),
        "/cover/8848.jpg": NOT_AN_IMAGE,
    }
    for number, (name, text) in enumerate(CHAPTERS, 1):
        pages[f"/book/8848/{number}.html"] = api(
            {"data": {"cid": number, "cname": name, "content": text}}
        )
    return pages


# -- QQ文学网: GBK; XPath catalog over two pages; chapters over two pages; a cover that is HTML --


def qqwx() -> dict[str, Answer]:
    gbk = "gbk"
    search = html(
        '<ul class="list"><li><a href="/book/8848/"><img src="/cover.jpg"></a>'
        f'<p class="bookname">{TITLE}</p><a class="layui-btn">{AUTHOR}</a>'
        '<span class="layui-btn">仙侠</span><p class="intro">一部仙侠小说。</p></li></ul>',
        charset=gbk,
    )
    book = html(
        f'<div class="detail"><img src="/cover.jpg"><span>30万字</span></div>'
        f'<p class="name"><strong>{TITLE}</strong></p><p class="author">作者：<a>{AUTHOR}</a></p>'
        '<a class="layui-btn-radius">仙侠</a>'
        f'<p class="new">最新：<a href="/read/8848/2.html">{CHAPTERS[1][0]}</a></p>'
        '<div class="intro"><p>一部仙侠小说。</p><p>简介第二段。</p></div>'
        '<a id="AllChapterList2" href="/list/8848_1.html">全部章节</a>',
        charset=gbk,
    )
    toc_1 = html(
        f"<ul class='read'><li><a href='/read/8848/1.html'>{CHAPTERS[0][0]}</a></li></ul>"
        '<a href="/list/8848_2.html">下一页</a>',
        charset=gbk,
    )
    toc_2 = html(
        f"<ul class='read'><li><a href='/read/8848/2.html'>{CHAPTERS[1][0]}</a></li></ul>",
        charset=gbk,
    )
    pages = {
        "/book.php": Answer(search.encode(gbk), charset=None),
        "/book/8848/": Answer(book.encode(gbk), charset=None),
        "/list/8848_1.html": Answer(toc_1.encode(gbk), charset=None),
        "/list/8848_2.html": Answer(toc_2.encode(gbk), charset=None),
        "/cover.jpg": NOT_AN_IMAGE,
    }
    for number, (name, text) in enumerate(CHAPTERS, 1):
        half = len(text) // 2
        # The last page of the last chapter leads back to the book, as such sites do.
        following = f"/read/8848/{number + 1}.html" if number < len(CHAPTERS) else "/book/8848/"
        first = html(
            f'<h1>{name}</h1><div id="content"><p>{text[:half]}</p></div>'
            f'<a href="/read/8848/{number}_2.html">下一页</a>',
            charset=gbk,
        )
        second = html(
            f'<h1>{name}</h1><div id="content"><p>{text[half:]}</p></div>'
            f'<a href="{following}">下一页</a>',
            charset=gbk,
        )
        pages[f"/read/8848/{number}.html"] = Answer(first.encode(gbk), charset=gbk)
        pages[f"/read/8848/{number}_2.html"] = Answer(second.encode(gbk), charset=gbk)
    return pages


# -- 快搜小说网: `;` between URL options (a POST search); chapters over two pages -----------------


def le77() -> dict[str, Answer]:
    search = html(
        '<div class="lll"><ul><li><div class="item-cover"><a href="/book/8848/">'
        f'<img src="/cover.jpg"></a></div>{TITLE}</li></ul></div>'
    )
    book = html(
        f'<div class="booktitle cf">{TITLE}</div><div id="info"><p>{AUTHOR}</p><p>仙侠</p><p>连载</p>'
        f'<p>最新：<a href="/book/8848/2.html">{CHAPTERS[1][0]}</a></p></div>'
        '<div id="fmimg"><img src="/cover.jpg"></div><div id="intro">一部仙侠小说。</div>'
        '<div id="list"><dl>'
        + "".join(
            f'<dd><a href="/book/8848/{i}.html">{n}</a></dd>'
            for i, (n, _) in enumerate(CHAPTERS, 1)
        )
        + "</dl></div>"
    )
    pages = {"POST /home/search": Answer(search), "/book/8848/": Answer(book)}
    for number, (_, text) in enumerate(CHAPTERS, 1):
        half = len(text) // 2
        nav = '<div class="bottem2"><a href="/">上一章</a><a href="/book/8848/">目录</a><a href="{}">下一页</a></div>'
        pages[f"/book/8848/{number}.html"] = Answer(
            html(
                f'<div id="content">{text[:half]}本章未完，点击下一页继续阅读</div>'
                + nav.format(f"/book/8848/{number}_2.html")
            )
        )
        pages[f"/book/8848/{number}_2.html"] = Answer(
            html(
                f'<div id="content">{text[half:]}</div>'
                + nav.format(
                    f"/book/8848/{number + 1}.html" if number < len(CHAPTERS) else "/book/8848/"
                )
            )
        )
    return pages


# -- 完本小说网: templates Legado evaluates in JavaScript and NovelFetch without --------------------


def wbxs() -> dict[str, Answer]:
    search = html(
        "<table><tr><th>书名</th><th>作者</th><th>字数</th><th>分类</th></tr>"
        f'<tr><td><a href="/a/8848/">{TITLE}</a></td><td>{AUTHOR}</td><td>30万</td><td>仙侠</td></tr></table>'
    )
    book = html(
        f'<h1>{TITLE}</h1><div class="msg"><em>{AUTHOR}</em><em>分类：仙侠</em><em>状态：完本</em>'
        f'<a href="/a/8848/2.html">{CHAPTERS[1][0]}</a></div>'
        '<div class="lf"><img src="/cover.jpg"></div><div class="intro">一部仙侠小说。</div>'
        '<div class="mulu"><ul><li>正文</li>'
        + "".join(
            f'<li><a href="/a/8848/{i}.html">{n}</a></li>' for i, (n, _) in enumerate(CHAPTERS, 1)
        )
        + "</ul></div>"
    )
    pages = {"/s": Answer(search), "/a/8848/": Answer(book), "/cover.jpg": NOT_AN_IMAGE}
    notice = f"如果您觉得《{TITLE}》小说很精彩的话，请粘贴以下网址分享给您的好友，谢谢支持！"
    for number, (_, text) in enumerate(CHAPTERS, 1):
        following = f"/a/8848/{number + 1}.html" if number < len(CHAPTERS) else "/a/8848/"
        pages[f"/a/8848/{number}.html"] = Answer(
            html(f'<div class="yd_text2">{text}<br>{notice}</div><a href="{following}">下一章</a>')
        )
    return pages


# -- NovelBin: @css rules; a `@put` in an optional field feeds the catalog's address --------------


def novelbin() -> dict[str, Answer]:
    search = html(
        '<div class="list-novel"><div class="row"><div><img data-src="/cover.jpg"></div>'
        f'<h3 class="novel-title"><a href="/b/the-quiet-tower">{LATIN_TITLE}</a></h3>'
        f'<span class="author">{LATIN_AUTHOR}</span><div class="text-info">Chapter 2</div></div></div>'
    )
    book = html(
        f'<div class="book"><img src="/cover.jpg"></div><h3 class="title">{LATIN_TITLE}</h3>'
        f'<ul class="info-meta"><li>Author:{LATIN_AUTHOR}</li><li>Genre:Fantasy</li></ul>'
        '<div id="rating" data-novel-id="the-quiet-tower"><div class="desc-text">A quiet book.</div></div>'
    )
    archive = html(
        '<div class="col-xs-12"><ul>'
        + "".join(
            f'<li><a href="/b/the-quiet-tower/chapter-{i}"><span class="nchr-text">{n}</span></a></li>'
            for i, (n, _) in enumerate(LATIN_CHAPTERS, 1)
        )
        + "</ul></div>"
    )
    pages = {
        "/search": Answer(search),
        "/b/the-quiet-tower": Answer(book),
        "/ajax/chapter-archive?novelId=the-quiet-tower": Answer(archive),
        "/cover.jpg": NOT_AN_IMAGE,
    }
    for number, (_, text) in enumerate(LATIN_CHAPTERS, 1):
        pages[f"/b/the-quiet-tower/chapter-{number}"] = Answer(
            html(f"<div id=chr-content><p>{text}</p></div>")
        )
    return pages
