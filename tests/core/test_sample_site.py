"""The offline HTML sample site, checked at the HTTP level (no rule engine involved)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from urllib.parse import quote, urljoin

import aiohttp
import charset_normalizer
import pytest
from lxml import html as lxml_html

from novelfetch.sample.library import default_library
from novelfetch.sample.server import FaultPlan, SampleServer
from novelfetch.sample.site_pages import CONTINUED, NOTICE, PAID_NOTICE

LIBRARY = default_library()


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def fetch(
    http: aiohttp.ClientSession, url: str, **kwargs: object
) -> tuple[int, str, bytes, str]:
    """Status, Content-Type header, body bytes and the final URL."""
    async with http.get(url, **kwargs) as response:  # type: ignore[arg-type]
        body = await response.read()
        return response.status, response.headers.get("Content-Type", ""), body, str(response.url)


def parse(body: bytes, encoding: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(body.decode(encoding))


def chapter_lines(page: lxml_html.HtmlElement) -> list[str]:
    """The text of #content once the script, the ad and the site's own lines are removed."""
    content = page.get_element_by_id("content")
    for junk in content.xpath(".//script | .//div[@class='ad']"):
        junk.drop_tree()
    lines = "".join(content.itertext()).split("\n")
    return [line for line in lines if line.strip() and line not in (NOTICE, CONTINUED)]


# --- encodings ------------------------------------------------------------------------------


async def test_home_is_utf8_named_in_the_header_and_links_every_book_relatively(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, content_type, body, _ = await fetch(http, site.site_base)
    assert status == 200
    assert content_type == "text/html; charset=utf-8"
    page = parse(body, "utf-8")
    links = page.xpath("//ul[@class='booklist']//a/@href")
    assert links == [f"book/{book_id}/" for book_id in LIBRARY]


async def test_utf8_book_page_names_its_charset_only_in_the_header(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, content_type, body, _ = await fetch(http, f"{site.site_base}book/1/")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"charset" not in body[:1024]
    page = parse(body, "utf-8")
    meta = {m.get("property"): m.get("content") for m in page.xpath("//meta[@property]")}
    book = LIBRARY["1"]
    assert meta["og:novel:book_name"] == book.title
    assert meta["og:novel:author"] == book.author
    assert meta["og:description"] == book.intro
    assert meta["og:novel:latest_chapter_name"] == book.chapter_title(book.chapter_count)
    assert meta["og:image"] == "/cover/1.png"
    assert page.xpath("//div[@id='info']/h1/text()") == [book.title]
    assert page.get_element_by_id("bookinfo").get("data-bid") == "1"
    assert page.get_element_by_id("catalog").get("href") == "index_1.html"
    assert [p.text for p in page.xpath("//div[@id='intro']/p")] == book.intro.split("\n")


async def test_gbk_book_page_names_its_charset_only_in_a_meta_tag(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, content_type, body, _ = await fetch(http, f"{site.site_base}book/3/")
    assert (status, content_type) == (200, "text/html")
    assert b'<meta charset="gbk">' in body[:1024]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert LIBRARY["3"].title in body.decode("gb18030")


@pytest.mark.parametrize("path", ["book/2/", "book/2/index_3.html", "book/2/1500000185.html"])
async def test_one_book_declares_no_charset_and_detection_finds_gbk(
    site: SampleServer, http: aiohttp.ClientSession, path: str
) -> None:
    status, content_type, body, _ = await fetch(http, site.site_base + path)
    assert (status, content_type) == (200, "text/html")
    assert b"charset" not in body.lower()
    best = charset_normalizer.from_bytes(body).best()
    assert best is not None and best.encoding in ("gb18030", "gbk", "gb2312")
    assert LIBRARY["2"].title in body.decode("gb18030")


# --- search -------------------------------------------------------------------------------


async def test_get_search_lists_title_author_latest_cover_and_intro_with_relative_links(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, content_type, body, _ = await fetch(http, f"{site.site_base}search?q={quote('青云')}")
    assert (status, content_type) == (200, "text/html")
    assert b'content="text/html; charset=gbk"' in body[:1024]
    page = parse(body, "gb18030")
    rows = page.xpath("//table[@class='grid']/tr[@class='item']")
    assert len(rows) == 1
    row, book = rows[0], LIBRARY["1"]
    assert row.xpath("./td[@class='name']/a/text()") == [book.title]
    assert row.xpath("./td[@class='name']/a/@href") == ["b/1"]
    assert row.xpath("./td[@class='author']/text()")[0].strip() == book.author
    last = book.chapter_count
    assert row.xpath("./td[@class='latest']/a/text()") == [book.chapter_title(last)]
    assert row.xpath("./td[@class='latest']/a/@href") == [f"book/1/{book.chapter_id(last)}.html"]
    assert row.xpath("./td[@class='cover']//img/@src") == ["/cover/1.png"]
    assert row.xpath(".//p[@class='intro']/text()")[0].startswith("简介：少年沈砚")
    assert site.stats.requests["site:search"] == 1


async def test_post_search_reads_a_gbk_percent_encoded_form(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    def form(words: str, encoding: str, page: int = 1) -> str:
        return f"searchkey={quote(words.encode(encoding))}&searchtype=all&page={page}"

    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    async def titles(body_text: str) -> list[str]:
        async with http.post(f"{site.site_base}search", data=body_text, headers=headers) as r:
            assert r.status == 200
            page = parse(await r.read(), "gb18030")
        return page.xpath("//tr[@class='item']/td[@class='name']/a/text()")

    assert await titles(form("长河", "gbk")) == ["长河夜渡"]
    assert await titles(form("佚名", "gbk")) == ["半卷残书"]  # authors match too
    # A GBK site reads UTF-8 bytes as other characters: nothing found.
    assert await titles(form("长河", "utf-8")) == []
    # One page of results: later pages are empty, so paged searches stop.
    assert await titles(form("长河", "gbk", page=2)) == []
    assert site.stats.requests["site:search"] == 4


# --- catalog ------------------------------------------------------------------------------


async def test_paginated_catalog_chained_by_next_links_lists_every_chapter_once(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    book = LIBRARY["2"]
    url, seen, pages = f"{site.site_base}book/2/index_1.html", [], 0
    while url:
        status, _, body, final = await fetch(http, url)
        assert status == 200
        page = parse(body, "gb18030")
        pages += 1
        if pages == 1:
            options = page.xpath("//select[@id='pageSelect']/option/@value")
            assert options == [f"index_{n}.html" for n in range(1, 21)]
        seen += [urljoin(final, href) for href in page.xpath("//div[@id='list']//li/a/@href")]
        next_links = page.xpath("//a[@class='next']/@href")
        url = urljoin(final, next_links[0]) if next_links else ""
        if not next_links:  # the last page still says 下一页, without a link
            assert page.xpath("//span[@class='next disabled']/text()") == ["下一页"]
    assert pages == 20
    expected = [f"{site.site_base}book/2/{book.chapter_id(i)}.html" for i in range(1, 2001)]
    assert seen == expected
    assert site.stats.requests["site:toc"] == 20


async def test_catalog_has_volume_rows_and_vip_marks(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    _, _, body, _ = await fetch(http, f"{site.site_base}book/1/index_1.html")
    page = parse(body, "utf-8")
    rows = page.xpath("//div[@id='list']/ul/li")
    volumes = [(n, r.text_content()) for n, r in enumerate(rows) if r.get("class") == "volume"]
    # 40 chapters a volume: headings before chapters 1, 41 and 81 (each row shifts by one).
    assert volumes == [(0, "第一卷 风起"), (41, "第二卷 云涌"), (82, "第三卷 山河")]
    assert len(rows) == 103
    # The "latest chapters" box above the list is not part of it.
    assert len(page.xpath("//div[@class='latest']//a")) == 5

    _, _, body, _ = await fetch(http, f"{site.site_base}book/1/index_2.html")
    rows = parse(body, "utf-8").xpath("//div[@id='list']/ul/li")
    assert len(rows) == 20 and all(r.get("class") == "chapter" for r in rows)

    _, _, body, _ = await fetch(http, f"{site.site_base}book/3/index_1.html")
    rows = parse(body, "gb18030").xpath("//div[@id='list']/ul/li")
    vip = [r.xpath("./a/text()")[0] for r in rows if r.xpath("./span[@class='vip-tag']")]
    assert vip == [LIBRARY["3"].chapter_title(i) for i in range(21, 31)]


# --- chapters -----------------------------------------------------------------------------


async def read_chapter(
    http: aiohttp.ClientSession, url: str, encoding: str
) -> tuple[list[str], list[str], str]:
    """Follow a chapter's 下一页 links; its lines, page titles, and where 下一章 points."""
    lines: list[str] = []
    titles: list[str] = []
    while True:
        status, _, body, final = await fetch(http, url)
        assert status == 200
        page = parse(body, encoding)
        titles.append(page.xpath("//h1/text()")[0])
        lines += chapter_lines(page)
        link = page.get_element_by_id("next_url")
        target = urljoin(final, link.get("href", ""))
        if link.text != "下一页":
            return lines, titles, target if link.get("href") else ""
        url = target


async def test_paginated_utf8_chapter_reads_back_the_whole_text(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    book = LIBRARY["1"]
    base = f"{site.site_base}book/1/"
    lines, titles, next_chapter = await read_chapter(
        http, f"{base}{book.chapter_id(1)}.html", "utf-8"
    )
    assert lines == book.chapter_text(1).split("\n")
    assert len(titles) == 3
    assert titles == [f"{book.chapter_title(1)}（{n}/3）" for n in (1, 2, 3)]
    assert next_chapter == f"{base}{book.chapter_id(2)}.html"
    assert site.stats.site_pages[f"/site/book/1/{book.chapter_id(1)}_2.html"] == 1
    assert site.stats.requests["site:chapter"] == 3


async def test_chapter_pages_carry_a_script_an_ad_and_paragraph_markup(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    book = LIBRARY["1"]
    _, _, body, _ = await fetch(http, f"{site.site_base}book/1/{book.chapter_id(5)}.html")
    page = parse(body, "utf-8")
    content = page.get_element_by_id("content")
    assert content.xpath("./script") and content.xpath("./div[@class='ad']")
    assert content.xpath("./p")[0].text == NOTICE
    assert content.xpath("./p")[-1].text == CONTINUED
    assert len(page.xpath("//*[@id='next_url']")) == 1  # one link a rule can name

    _, _, body, _ = await fetch(http, f"{site.site_base}book/3/{book.chapter_id(5)}.html")
    content = parse(body, "gb18030").get_element_by_id("content")
    assert content.xpath("./br") and not content.xpath("./p")


async def test_gbk_chapter_in_br_markup_reads_back_the_whole_text(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    book = LIBRARY["3"]
    url = f"{site.site_base}book/3/{book.chapter_id(4)}.html"
    lines, titles, next_chapter = await read_chapter(http, url, "gb18030")
    assert lines == book.chapter_text(4).split("\n")
    assert len(titles) > 1
    assert next_chapter.endswith(f"/book/3/{book.chapter_id(5)}.html")


async def test_paid_chapter_is_a_notice_and_the_last_chapter_links_nowhere(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    book = LIBRARY["3"]
    lines, titles, next_chapter = await read_chapter(
        http, f"{site.site_base}book/3/{book.chapter_id(30)}.html", "gb18030"
    )
    assert lines == [PAID_NOTICE]
    assert titles == [book.chapter_title(30)]
    assert next_chapter == ""


# --- redirects, walls, errors -------------------------------------------------------------


async def test_short_book_link_redirects_and_relative_links_resolve_against_the_final_url(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, _, _, _ = await fetch(http, f"{site.site_base}b/1", allow_redirects=False)
    assert status == 301
    async with http.get(f"{site.site_base}b/1", allow_redirects=False) as response:
        assert response.headers["Location"] == "/site/book/1/"
    status, _, body, final = await fetch(http, f"{site.site_base}b/1")
    assert (status, final) == (200, f"{site.site_base}book/1/")
    href = parse(body, "utf-8").get_element_by_id("catalog").get("href")
    assert urljoin(final, href) == f"{site.site_base}book/1/index_1.html"
    async with http.get(f"{site.site_base}book/1", allow_redirects=False) as response:
        assert (response.status, response.headers["Location"]) == (301, "/site/book/1/")
    assert site.stats.requests["site:redirect"] == 4


async def test_challenge_book_answers_a_cloudflare_style_wall(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    for path in ("book/cf/", "book/cf/index_1.html", "b/cf"):
        async with http.get(site.site_base + path) as response:
            assert response.status == 503
            assert response.headers["cf-mitigated"] == "challenge"
            assert "<title>Just a moment...</title>" in await response.text()
    assert site.stats.requests["site:challenge"] == 3


async def test_captcha_flag_answers_a_captcha_page_with_status_200(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    status, _, body, _ = await fetch(http, f"{site.site_base}book/1/index_1.html?captcha=1")
    assert status == 200
    text = body.decode("utf-8")
    assert "请输入验证码" in text and 'id="list"' not in text
    assert site.stats.requests["site:captcha"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "book/999/",
        "b/999",
        "book/1/index_3.html",
        "book/1/1500000000.html",  # not a chapter of the book
        "book/1/1500000037_1.html",  # page 1 has no suffix
        "book/1/1500000037_9.html",
        "book/3/1500000777_2.html",  # a paid chapter has one page
        "book/1/readme.txt",
    ],
)
async def test_unknown_books_chapters_and_pages_are_404(
    site: SampleServer, http: aiohttp.ClientSession, path: str
) -> None:
    status, _, body, _ = await fetch(http, site.site_base + path)
    assert status == 404
    assert "页面不存在" in body.decode("utf-8")


async def test_scripted_faults_hit_chapter_pages_then_they_recover(
    http: aiohttp.ClientSession,
) -> None:
    book = LIBRARY["1"]
    stem = f"{book.chapter_id(2)}_2"
    plan = FaultPlan(scripted={f"site:{stem}": ["html", "503", "truncated"], "site:toc": ["500"]})
    async with SampleServer(faults=plan) as server:
        url = f"{server.site_base}book/1/{stem}.html"
        status, _, body, _ = await fetch(http, url)
        assert status == 200 and "请输入验证码" in body.decode("utf-8")
        assert (await fetch(http, url))[0] == 503
        _, _, truncated, _ = await fetch(http, url)
        status, _, body, _ = await fetch(http, url)
        assert status == 200 and 'id="content"' in body.decode("utf-8")
        assert truncated == body[: len(body) // 2]
        assert (await fetch(http, f"{server.site_base}book/1/index_1.html"))[0] == 500
        assert (await fetch(http, f"{server.site_base}book/1/index_1.html"))[0] == 200
        assert server.stats.faults == {"html": 1, "503": 1, "truncated": 1, "500": 1}
        assert server.stats.site_pages[f"/site/book/1/{stem}.html"] == 4


async def test_latency_applies_to_site_pages(http: aiohttp.ClientSession) -> None:
    async with SampleServer(latency=0.2) as server:
        started = time.monotonic()
        status, _, _, _ = await fetch(http, f"{server.site_base}book/1/")
        assert status == 200
        assert time.monotonic() - started >= 0.2  # a lower bound holds under any load
        assert server.stats.max_in_flight == 1 and server.stats.in_flight == 0


async def test_get_search_takes_utf8_and_falls_back_to_gbk_escapes(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    for words in (quote("长河"), quote("长河".encode("gbk"))):
        status, _, body, _ = await fetch(http, f"{site.site_base}search?q={words}")
        assert status == 200
        names = parse(body, "gb18030").xpath("//tr[@class='item']/td[@class='name']/a/text()")
        assert names == ["长河夜渡"]
