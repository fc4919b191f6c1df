"""HTML of the offline sample site "墨香书屋", written as a typical Chinese novel site writes it.

Every link is relative (to the page, or to the server root for covers), so the site works under
any origin. A chapter's text, once the ads, the script, the site's notice and the "continued"
line are removed, is exactly ``SampleBook.chapter_text``: tests compare against it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from novelfetch.sample.library import SampleBook

SITE_NAME = "墨香书屋"
NOTICE = "墨香书屋提醒您：本站域名已更换，请收藏新地址，以免迷路。"
CONTINUED = "（本章未完，请点击下一页继续阅读）"
AD_TEXT = "广告：下载墨香书屋APP，离线看书不等待"
PAID_NOTICE = "本章为VIP章节，订阅后即可阅读全文。"
UPDATE_TIME = "2026-11-30 08:00:00"
_KINDS = ("玄幻", "武侠", "历史", "都市")
_FOOTER = (
    "本站所有小说均为 NovelFetch 生成的示例文本，仅供离线测试使用。"
    "请勿将本站内容用于任何商业用途，如有问题请联系站长。"
)

# How a page declares its encoding: in the HTTP header (UTF-8), only in a <meta> tag (GBK),
# or nowhere at all (GBK bytes a client must detect).
UTF8_HEADER, GBK_META, GBK_UNDECLARED = "utf-8", "gbk-meta", "gbk-undeclared"


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """How the site lays out and encodes its books (hashable: pages are cached by it)."""

    toc_page_size: int = 100  # chapters per catalog page
    chapter_page_chars: int = 1200  # longer chapters are split into pages of about this size
    gbk_meta_books: frozenset[str] = frozenset({"3"})
    undeclared_books: frozenset[str] = frozenset({"2"})
    whole_chapter_books: frozenset[str] = frozenset({"9"})  # never split (the benchmark book)
    search_encoding: str = GBK_META  # the search answers in GBK, as the form is sent in GBK

    def encoding_of(self, book_id: str) -> str:
        if book_id in self.gbk_meta_books:
            return GBK_META
        if book_id in self.undeclared_books:
            return GBK_UNDECLARED
        return UTF8_HEADER

    def toc_pages(self, book: SampleBook) -> int:
        return max(1, -(-book.chapter_count // self.toc_page_size))

    def toc_page_of(self, index: int) -> int:
        return (index - 1) // self.toc_page_size + 1


def kind_of(book: SampleBook) -> str:
    return _KINDS[zlib.crc32(book.book_id.encode()) % len(_KINDS)]


def status_of(book: SampleBook) -> str:
    return "连载中" if book.paid_from is not None else "已完结"


def words_of(book: SampleBook) -> str:
    return f"{book.chapter_count * book.chars_per_chapter / 10000:.1f}万字"


def _meta_charset(encoding: str, http_equiv: bool = False) -> str:
    if encoding != GBK_META:
        return ""
    if http_equiv:
        return '<meta http-equiv="Content-Type" content="text/html; charset=gbk">\n'
    return '<meta charset="gbk">\n'


def _page(title: str, body: str, *, head: str = "", charset: str = "", root: str = "") -> str:
    """The frame every page shares; ``root`` is the relative path back to /site/."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n'
        f"{charset}<title>{escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}"
        "<style>body{font:16px/1.8 serif;margin:0 auto;max-width:960px}"
        ".ad{background:#ffe}#content{font-size:18px}</style>\n"
        '<script>var mx = window.mx || {queue: []}; mx.queue.push("pv");</script>\n'
        "</head>\n<body>\n"
        f'<div class="header"><a class="logo" href="{root}">{SITE_NAME}</a>\n'
        f'<form class="search" action="{root}search" method="post">'
        '<input type="text" name="searchkey" placeholder="书名或作者">'
        '<input type="hidden" name="searchtype" value="all">'
        '<button type="submit">搜 索</button></form></div>\n'
        f'<div class="nav"><a href="{root}">首页</a> <a href="{root}">全部小说</a> '
        f'<a href="{root}">完本小说</a> <a href="{root}">排行榜</a></div>\n'
        f"{body}\n"
        f'<div class="footer"><p>{_FOOTER}</p><p>Copyright © {SITE_NAME}</p></div>\n'
        "</body>\n</html>\n"
    )


def home_page(books: list[SampleBook]) -> str:
    rows = "\n".join(
        f'<li><span class="s1">[{kind_of(b)}]</span> <a href="book/{quote(b.book_id)}/">'
        f'{escape(b.title)}</a> <span class="s4">{escape(b.author)}</span></li>'
        for b in books
    )
    body = f'<div class="box"><h2>最近更新</h2>\n<ul class="booklist">\n{rows}\n</ul></div>'
    return _page(f"{SITE_NAME}_免费小说阅读网", body, charset='<meta charset="utf-8">\n')


def search_page(query: str, books: list[SampleBook], encoding: str) -> str:
    """Results in a table without <tbody> (a browser adds one; rules copied from it say so)."""
    rows = []
    for b in books:
        bid = quote(b.book_id)
        last = b.chapter_count
        cover = (
            f'<a href="book/{bid}/"><img src="{escape(_cover_src(b))}" alt="{escape(b.title)}" '
            'width="90" height="120"></a>'
            if b.has_cover or b.cover_url
            else ""
        )
        intro = escape(b.intro.replace("\n", " "))
        rows.append(
            f'<tr class="item" data-bid="{escape(b.book_id)}">'
            f'<td class="cover">{cover}</td>'
            f'<td class="name"><a href="b/{bid}">{escape(b.title)}</a>'
            f'<p class="intro">简介：{intro}</p></td>'
            f'<td class="latest"><a href="book/{bid}/{b.chapter_id(last)}.html">'
            f"{escape(b.chapter_title(last))}</a></td>"
            f'<td class="author"> {escape(b.author)} </td>'
            f'<td class="kind">{kind_of(b)}</td><td class="status">{status_of(b)}</td>'
            f'<td class="words">{words_of(b)}</td><td class="time">{UPDATE_TIME[:10]}</td></tr>'
        )
    found = (
        f'<p class="summary">搜索“{escape(query)}”，共找到 {len(books)} 本书</p>'
        if books
        else f'<p class="summary">没有找到与“{escape(query)}”相关的小说</p>'
    )
    table = (
        '<table class="grid">\n<tr><th>封面</th><th>书名</th><th>最新章节</th><th>作者</th>'
        "<th>分类</th><th>状态</th><th>字数</th><th>更新</th></tr>\n"
        + "\n".join(rows)
        + "\n</table>"
    )
    body = f'<div id="main">{found}\n{table}</div>'
    return _page(f"搜索结果_{SITE_NAME}", body, charset=_meta_charset(encoding, http_equiv=True))


def _cover_src(book: SampleBook) -> str:
    return book.cover_url or f"/cover/{quote(book.book_id)}.png"


def book_page(book: SampleBook, options: SiteOptions) -> str:
    last = book.chapter_count
    last_url = f"{book.chapter_id(last)}.html"
    intro = "".join(f"<p>{escape(line)}</p>" for line in book.intro.split("\n") if line)
    cover = (
        f'<div id="fmimg"><img src="{escape(_cover_src(book))}" alt="{escape(book.title)}" '
        'width="120" height="160"></div>'
        if book.has_cover or book.cover_url
        else ""
    )
    meta = {
        "og:type": "novel",
        "og:title": book.title,
        "og:description": book.intro,
        "og:novel:category": kind_of(book),
        "og:novel:author": book.author,
        "og:novel:book_name": book.title,
        "og:novel:read_url": "index_1.html",
        "og:novel:status": status_of(book),
        "og:novel:update_time": UPDATE_TIME,
        "og:novel:latest_chapter_name": book.chapter_title(last),
        "og:novel:latest_chapter_url": last_url,
    }
    if book.has_cover or book.cover_url:
        meta["og:image"] = _cover_src(book)
    head = "".join(
        f'<meta property="{key}" content="{escape(value)}">\n' for key, value in meta.items()
    )
    author_link = f"../../search?q={quote(book.author)}"
    body = (
        f'<div class="con_top"><a href="../../">{SITE_NAME}</a> &gt; {escape(book.title)}</div>\n'
        f'<div id="bookinfo" data-bid="{escape(book.book_id)}">\n{cover}\n'
        f'<div id="info"><h1>{escape(book.title)}</h1>\n'
        f'<p>作&nbsp;&nbsp;&nbsp;&nbsp;者：<a href="{author_link}">{escape(book.author)}</a></p>\n'
        f"<p>字&nbsp;&nbsp;&nbsp;&nbsp;数：{words_of(book)} · {status_of(book)}</p>\n"
        f"<p>最后更新：{UPDATE_TIME}</p>\n"
        f'<p>最新章节：<a href="{last_url}">{escape(book.chapter_title(last))}</a></p></div>\n'
        f'<div id="intro">{intro}</div>\n'
        '<div class="actions"><a id="catalog" class="btn-read" href="index_1.html">章节目录</a> '
        f'<a class="btn-start" href="{book.chapter_id(1)}.html">开始阅读</a></div>\n'
        f"</div>\n{_latest_block(book)}"
    )
    return _page(
        f"{book.title}最新章节_{book.author}_{SITE_NAME}",
        body,
        head=head,
        charset=_meta_charset(options.encoding_of(book.book_id)),
        root="../../",
    )


def _latest_block(book: SampleBook, count: int = 5) -> str:
    first = max(1, book.chapter_count - count + 1)
    items = "".join(
        f'<li><a href="{book.chapter_id(i)}.html">{escape(book.chapter_title(i))}</a></li>'
        for i in range(book.chapter_count, first - 1, -1)
    )
    return f'<div class="latest"><h2>最新章节</h2><ul>{items}</ul></div>'


def toc_page(book: SampleBook, options: SiteOptions, page: int) -> str | None:
    pages = options.toc_pages(book)
    if not 1 <= page <= pages:
        return None
    first = (page - 1) * options.toc_page_size + 1
    last = min(book.chapter_count, page * options.toc_page_size)
    rows = []
    for index in range(first, last + 1):
        volume = book.volume(index)
        if volume and (index == 1 or book.volume(index - 1) != volume):
            rows.append(f'<li class="volume"><h3 class="vol-name">{escape(volume)}</h3></li>')
        link = f'<a href="{book.chapter_id(index)}.html">{escape(book.chapter_title(index))}</a>'
        if book.is_paid(index):
            rows.append(f'<li class="chapter vip">{link}<span class="vip-tag">VIP</span></li>')
        else:
            rows.append(f'<li class="chapter">{link}</li>')
    options_html = "".join(
        f'<option value="index_{n}.html"{" selected" if n == page else ""}>第{n}页</option>'
        for n in range(1, pages + 1)
    )
    prev_link = (
        f'<a class="prev" href="index_{page - 1}.html">上一页</a>'
        if page > 1
        else '<span class="prev disabled">上一页</span>'
    )
    next_link = (
        f'<a class="next" href="index_{page + 1}.html">下一页</a>'
        if page < pages
        else '<span class="next disabled">下一页</span>'
    )
    body = (
        f'<div class="con_top"><a href="../../">{SITE_NAME}</a> &gt; '
        f'<a href="./">{escape(book.title)}</a> &gt; 章节目录</div>\n'
        f'<div id="maininfo"><h1>{escape(book.title)}</h1>'
        f"<p>作者：{escape(book.author)}</p></div>\n"
        f"{_latest_block(book)}\n"
        f'<div id="list"><h2>《{escape(book.title)}》正文</h2>\n<ul class="chapters">\n'
        + "\n".join(rows)
        + "\n</ul></div>\n"
        f'<div class="pagination"><a href="index_1.html">首页</a> {prev_link} '
        '<select id="pageSelect" name="pageselect" '
        f'onchange="self.location.href=this.value">{options_html}</select> '
        f'{next_link} <a href="index_{pages}.html">尾页</a></div>'
    )
    return _page(
        f"{book.title}章节目录_第{page}页_{SITE_NAME}",
        body,
        charset=_meta_charset(options.encoding_of(book.book_id)),
        root="../../",
    )


def chapter_pages(book: SampleBook, index: int, options: SiteOptions) -> list[list[str]]:
    """The chapter's paragraphs grouped into pages (paragraphs are never split)."""
    paragraphs = book.chapter_text(index).split("\n")
    if book.book_id in options.whole_chapter_books:
        return [paragraphs]
    pages: list[list[str]] = [[]]
    size = 0
    for paragraph in paragraphs:
        if pages[-1] and size + len(paragraph) > options.chapter_page_chars:
            pages.append([])
            size = 0
        pages[-1].append(paragraph)
        size += len(paragraph)
    return pages


def chapter_page(book: SampleBook, options: SiteOptions, index: int, page: int) -> str | None:
    encoding = options.encoding_of(book.book_id)
    title = book.chapter_title(index)
    cid = book.chapter_id(index)
    if book.is_paid(index):
        if page != 1:
            return None
        parts, count = [PAID_NOTICE], 1
    else:
        pages = chapter_pages(book, index, options)
        count = len(pages)
        if not 1 <= page <= count:
            return None
        parts = list(pages[page - 1])
    if page == 1:
        parts.insert(0, NOTICE)
    if page < count:
        parts.append(CONTINUED)
    # Old GBK sites write <br> runs; newer UTF-8 ones write <p> paragraphs.
    if encoding == UTF8_HEADER:
        lines = [f"<p>{escape(part)}</p>" for part in parts]
    else:
        lines = [f"{escape(part)}<br /><br />" for part in parts]
    lines.insert(min(3, len(lines)), f'<div class="ad">{AD_TEXT}</div>')
    content = (
        '<div id="content">\n<script>mx.queue.push("content-top");</script>\n'
        + "\n".join(lines)
        + "\n</div>"
    )
    if page > 1:
        prev_url = f"{cid}_{page - 1}.html" if page > 2 else f"{cid}.html"
        prev_text = "上一页"
    elif index > 1:
        prev_url, prev_text = f"{book.chapter_id(index - 1)}.html", "上一章"
    else:
        prev_url, prev_text = "./", "上一章"
    if page < count:
        next_link = f'<a id="next_url" href="{cid}_{page + 1}.html">下一页</a>'
    elif index < book.chapter_count:
        next_link = f'<a id="next_url" href="{book.chapter_id(index + 1)}.html">下一章</a>'
    else:
        next_link = '<span id="next_url">没有了</span>'
    catalog = f"index_{options.toc_page_of(index)}.html"
    # The ids are on the lower bar only, so a rule naming one finds one link.
    top_next = next_link.replace(' id="next_url"', ' class="next"')
    top_nav = (
        f'<a class="prev" href="{prev_url}">{prev_text}</a> <a href="{catalog}">目录</a> {top_next}'
    )
    nav = (
        f'<a id="prev_url" href="{prev_url}">{prev_text}</a> '
        f'<a id="catalog_url" href="{catalog}">目录</a> {next_link}'
    )
    marker = f"（{page}/{count}）" if count > 1 else ""
    body = (
        f'<div class="con_top"><a href="../../">{SITE_NAME}</a> &gt; '
        f'<a href="./">{escape(book.title)}</a> &gt; {escape(title)}</div>\n'
        f'<div class="bookname"><h1>{escape(title)}{marker}</h1>'
        f'<div class="bottem1">{top_nav}</div></div>\n{content}\n'
        f'<div class="bottem2">{nav}</div>'
    )
    return _page(
        f"{title}_{book.title}_{SITE_NAME}",
        body,
        charset=_meta_charset(encoding),
        root="../../",
    )


def not_found_page() -> str:
    body = (
        '<div id="main"><h1>404 页面不存在</h1>'
        "<p>您要找的小说或章节不存在，可能已被删除。</p></div>"
    )
    return _page(f"页面不存在_{SITE_NAME}", body, charset='<meta charset="utf-8">\n')


def captcha_page() -> str:
    body = (
        '<div id="main"><h1>安全验证</h1><p>访问过于频繁，请输入验证码后继续访问。</p>'
        '<form method="post" action="verify"><img src="verify.png" alt="验证码">'
        '<input name="code"><button type="submit">提交</button></form></div>'
    )
    return _page(f"请输入验证码_{SITE_NAME}", body, charset='<meta charset="utf-8">\n')


CHALLENGE_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex,nofollow">
</head>
<body>
<div class="main-wrapper" role="main">
<div class="main-content">
<h1 class="zone-name-title">墨香书屋</h1>
<h2 id="challenge-running">Checking if the site connection is secure</h2>
<noscript>Enable JavaScript and cookies to continue</noscript>
<div id="challenge-stage"></div>
<p>The site needs to review the security of your connection before proceeding.</p>
</div>
</div>
<script>window._cf_chl_opt = {cType: "managed", cRay: "0"};</script>
</body>
</html>
"""
