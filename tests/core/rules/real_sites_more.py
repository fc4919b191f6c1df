# ruff: noqa: E501 - site markup, one element group a line, reads better than wrapped
"""More local emulations of real sources' sites (see ``real_sites.py``)."""

from __future__ import annotations

from tests.core.rules.real_sites import (
    AUTHOR,
    CHAPTERS,
    LATIN_AUTHOR,
    LATIN_CHAPTERS,
    LATIN_TITLE,
    NOT_AN_IMAGE,
    TITLE,
    html,
)
from tests.core.rules.site_emulation import Answer

OG = (
    f'<meta property="og:novel:book_name" content="{TITLE}">'
    f'<meta property="og:novel:author" content="{AUTHOR}">'
    '<meta property="og:novel:category" content="仙侠">'
    '<meta property="og:novel:status" content="完结">'
    f'<meta property="og:novel:latest_chapter_name" content="{CHAPTERS[-1][0]}">'
    '<meta property="og:description" content="一部仙侠小说。">'
    '<meta property="og:image" content="/cover.jpg">'
)


def _chapter_list(prefix: str, chapters: tuple[tuple[str, str], ...] = CHAPTERS) -> str:
    return "".join(
        f'<li><a href="{prefix}{number}.html">{name}</a></li>'
        for number, (name, _) in enumerate(chapters, 1)
    )


# -- 笔趣阁 biquge8: an exact title hit answers with the book page (bookUrlPattern) ------------


def biquge8() -> dict[str, Answer]:
    book = html(f"<h1>{TITLE}</h1><ol>{_chapter_list('/8848/')}</ol>", head=OG)
    pages = {
        "/search": Answer("", redirect="/8848"),  # the site's own exact-match redirect
        "/8848": Answer(book),
        "/cover.jpg": NOT_AN_IMAGE,
    }
    for number, (name, text) in enumerate(CHAPTERS, 1):
        pages[f"/8848/{number}.html"] = Answer(
            html(f"<h1>{name}</h1><div id=article><p>{text}</p></div>")
        )
    return pages


# -- LibRead: a search whose kind rule no engine reads (dropped, as Legado drops it); a catalog
#    over two pages (`:containsOwn(Next)`); @css -----------------------------------------------


def libread() -> dict[str, Answer]:
    search = html(
        '<div class="ul-list1-2"><div class="li-row"><a href="/libread/the-quiet-tower">'
        f'<img src="/cover.jpg"></a><h3 class="tit"><a href="/libread/the-quiet-tower">{LATIN_TITLE}</a></h3>'
        '<div class="core"><span>Fantasy</span></div></div></div>'
    )
    book = html(
        f"<h1>{LATIN_TITLE}</h1>"
        f'<div class="m-imgtxt"><img src="/cover.jpg"></div>'
        f'<span title="Author"></span><div><a>{LATIN_AUTHOR}</a></div>'
        '<span title="Genre"></span><div><a>Fantasy</a></div>'
        '<div class="m-desc"><div class="txt"><p>A quiet book.</p></div></div>'
        '<div class="m-newest2"><ul class="ul-list5">'
        + _chapter_list("/libread/the-quiet-tower/chapter-", LATIN_CHAPTERS[:1])
        + '</ul></div><div class="page"><a href="/libread/the-quiet-tower?page=2">Next</a></div>'
    )
    second = html(
        '<div class="m-newest2"><ul class="ul-list5">'
        '<li><a href="/libread/the-quiet-tower/chapter-2.html">'
        f"{LATIN_CHAPTERS[1][0]}</a></li></ul></div>"
    )
    pages = {
        "POST /search": Answer(search),
        "/libread/the-quiet-tower": Answer(book),
        "/libread/the-quiet-tower?page=2": Answer(second),
        "/cover.jpg": NOT_AN_IMAGE,
    }
    for number, (_, text) in enumerate(LATIN_CHAPTERS, 1):
        pages[f"/libread/the-quiet-tower/chapter-{number}.html"] = Answer(
            html(
                f"<div id=article><h4>Chapter {number}</h4><p>{text}</p><p>Report an error</p></div>"
            )
        )
    return pages


# -- 中华典藏: XPath throughout, with JsoupXpath's `///td` -----------------------------------------


def zhonghuadiancang() -> dict[str, Answer]:
    search = html(
        "<table><tr><th>书名</th><th>简介</th><th>作者</th></tr>"
        f'<tr><td><a href="/xianxia/8848/">{TITLE}</a></td><td><p>一部仙侠小说。</p></td>'
        f"<td><a>{AUTHOR}</a></td></tr></table>"
    )
    book = html(
        f'<div class="panel-heading"><h1>{TITLE}<small><a>{AUTHOR}</a></small></h1></div>'
        '<div class="fmpic"><img src="/cover.jpg"></div><p class="m-summary">一部仙侠小说。</p><ul>'
        + "".join(
            f'<li class="list-group-item col-md-4 vv-book"><a href="/xianxia/8848/{n}.html" title="{name}">{name}</a></li>'
            for n, (name, _) in enumerate(CHAPTERS, 1)
        )
        + "</ul>"
    )
    pages = {"POST /e/search/index.php": Answer(search), "/xianxia/8848/": Answer(book)}
    for number, (_, text) in enumerate(CHAPTERS, 1):
        pages[f"/xianxia/8848/{number}.html"] = Answer(
            html(f'<div id="content"><p>{text}</p></div>')
        )
    return pages


# -- 三一小说: default syntax with @put/@get, `{{@@…}}` rule templates, `:not(:matches())` -------


def xs31() -> dict[str, Answer]:
    search = html(
        '<table id="bookcase_list"><tr><td>仙侠</td>'
        f'<td><a href="/31/8848/">{TITLE}</a> <a href="/31/8848/2.html">{CHAPTERS[1][0]}</a></td>'
        f"<td>30万</td><td>{AUTHOR}</td><td>2024-01-01</td><td>完结</td></tr></table>"
    )
    book = html(
        f"<h1>{TITLE}</h1><div id=list>"
        + "".join(
            f'<a href="/31/8848/{n}.html">{name}</a>' for n, (name, _) in enumerate(CHAPTERS, 1)
        )
        + "</div>",
        head='<meta property="og:description" content="一部仙侠小说。">',
    )
    pages = {"/search.php": Answer(search), "/31/8848/": Answer(book)}
    for number, (_, text) in enumerate(CHAPTERS, 1):
        pages[f"/31/8848/{number}.html"] = Answer(
            html(
                f'<div id="content"><p>{text}</p><p>wap.xyz.com</p><p>【31小说网 31xs.com】www.31xs.net</p></div>'
            )
        )
    return pages


# -- 读趣: a `headers` option that is neither JSON nor an object (Legado ignores it) ----------------


def duqu() -> dict[str, Answer]:
    search = html(
        '<div class="c_row"><div class="fl"><a href="/book/8848/"><img src="/cover.jpg"></a></div>'
        f'<span class="c_subject"><a href="/book/8848/">{TITLE}</a></span>'
        f'<span class="c_value">{AUTHOR}</span><span class="c_value">仙侠</span>'
        '<span class="c_value">30万</span><span class="c_value">x</span><span class="c_value">x</span>'
        f'<span class="c_value"><a>{CHAPTERS[1][0]}</a></span><span class="c_value">完结</span></div>'
    )
    book = html(
        '<div class="divbox cf"><a><img src="/cover.jpg"></a></div>'
        '<div class="tabvalue">一部仙侠小说。</div><a href="/read/8848/">点击阅读</a>'
    )
    toc = html(f'<ul class="chapters">{_chapter_list("/read/8848/")}</ul>')
    pages = {
        "POST /modules/article/search.php": Answer(search),
        "/book/8848/": Answer(book),
        "/read/8848/": Answer(toc),
    }
    for number, (_, text) in enumerate(CHAPTERS, 1):
        pages[f"/read/8848/{number}.html"] = Answer(
            html(f'<div id="acontent">{text}<br>读趣推荐好书<br>关注大家</div>')
        )
    return pages
