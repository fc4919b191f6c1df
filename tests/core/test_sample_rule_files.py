"""The rule files shipped for the sample site (Legado, so-novel) against what it serves, the
benchmark book, and ``serve-sample`` as a user runs it."""

from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import urljoin

import aiohttp
from jsonpath_ng.ext import parse as jsonpath_parse

from novelfetch.resources import resource_path
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from novelfetch.sample.site import benchmark_book
from tests.cli_support import cli_command
from tests.core.test_sample_site import LIBRARY, chapter_lines, fetch, http, parse, site

__all__ = ["http", "site"]  # the sample site's fixtures, shared


SITE_BASE = "http://127.0.0.1:8765/site/"


def load_rule(name: str) -> dict:
    text = resource_path(f"sample/rules/{name}").read_text(encoding="utf-8")
    rule = json.loads(text)  # strict JSON: the lenient parts live inside strings
    # Only the base names a host, so a test can move the rule to another port.
    assert text.count("127.0.0.1") == 1 and text.count("http://") == 1
    return rule


def test_legado_rule_uses_the_features_it_is_written_to_cover() -> None:
    rule = load_rule("sample-site.legado.json")
    assert rule["bookSourceUrl"] == SITE_BASE
    assert rule["bookSourceType"] == 0
    assert json.loads(rule["header"])["User-Agent"]
    assert rule["concurrentRate"] and rule["ruleSearch"]["checkKeyWord"] == "青云"
    search_url, _, options = rule["searchUrl"].partition(",")
    assert search_url == "search" and "'charset':'gbk'" in options and "'method':'POST'" in options
    assert "{{key}}" in options and "{{page}}" in options
    pattern = re.compile(rule["bookUrlPattern"])
    assert pattern.fullmatch(f"{SITE_BASE}book/1/") and pattern.fullmatch(f"{SITE_BASE}b/1")
    assert not pattern.fullmatch(f"{SITE_BASE}book/1/1500000037.html")
    for section, fields in {
        "ruleSearch": ["bookList", "name", "author", "bookUrl", "coverUrl", "lastChapter"],
        "ruleBookInfo": ["name", "author", "intro", "coverUrl", "tocUrl"],
        "ruleToc": ["chapterList", "chapterName", "chapterUrl", "nextTocUrl", "isVolume", "isVip"],
        "ruleContent": ["content", "title", "nextContentUrl", "replaceRegex"],
    }.items():
        assert all(rule[section].get(field) for field in fields), section
    rules = [
        v
        for s in ("ruleSearch", "ruleBookInfo", "ruleToc", "ruleContent")
        for v in rule[s].values()
    ]
    text = "\n".join(rules)
    for feature in ("class.", "tag.", "id.", "text.", "@css:", "&&", "||", "@put:{", "@get:{"):
        assert feature in text, feature
    assert any(r.startswith("//") for r in rules)  # one XPath rule
    assert any(re.search(r"\.-?\d+@|!\d", r) for r in rules)  # indexes
    assert any("##" in r and not r.endswith("###") for r in rules)  # ## replacement
    assert any(r.endswith("###") for r in rules)  # ### keeps the first match


def test_sonovel_rule_has_its_sections_pagination_filters_and_crawl() -> None:
    rule = load_rule("sample-site.sonovel.json")
    assert rule["url"] == SITE_BASE
    assert set(rule) >= {"search", "book", "toc", "chapter", "crawl"}
    assert "%s" in rule["search"]["url"] and rule["search"]["method"] == "get"
    assert re.search(rule["book"]["url"], f"{SITE_BASE}b/1").group(1) == "1"  # type: ignore[union-attr]
    assert "%s" in rule["toc"]["url"]
    assert rule["toc"]["pagination"] and rule["toc"]["nextPage"]
    assert rule["chapter"]["pagination"] and rule["chapter"]["nextPage"]
    assert rule["chapter"]["filterTxt"] and rule["chapter"]["filterTag"]
    re.compile(rule["chapter"]["filterTxt"])
    selectors = [v for s in ("search", "book", "toc", "chapter") for v in rule[s].values()]
    assert any(isinstance(v, str) and v.startswith("//") for v in selectors)  # XPath
    assert rule["crawl"]["concurrency"] > 0


async def test_serve_sample_announces_the_site_and_serves_the_benchmark_book(
    http: aiohttp.ClientSession,
) -> None:
    process = await asyncio.create_subprocess_exec(
        *cli_command("serve-sample", "--port", "0", "--chapters", "30", "--chapter-kb", "30"),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        site_base = ""
        while not site_base:
            line = (await asyncio.wait_for(process.stderr.readline(), 60)).decode()
            assert line, "serve-sample exited without announcing the site"
            if line.startswith("Sample HTML site at "):
                site_base = line.split()[4].rstrip(";")
        assert site_base.endswith("/site/")
        # The rule file to import is served written for this port (any port: here a free
        # one), so a user imports the address printed and edits nothing.
        (rules_url,) = re.findall(r"novelfetch sources import (\S+)", line)
        status, _, body, _ = await fetch(http, rules_url)
        assert status == 200 and json.loads(body)["bookSourceUrl"] == site_base
        book = benchmark_book(30, page_kb=30)
        status, _, body, _ = await fetch(http, f"{site_base}book/9/{book.chapter_id(7)}.html")
        assert status == 200 and 27 * 1024 < len(body) < 34 * 1024
    finally:
        process.terminate()
        await process.wait()


async def test_json_api_rule_paths_match_the_answers_of_the_api(
    site: SampleServer, http: aiohttp.ClientSession
) -> None:
    """The API rule's URLs, filled in by hand, and its JSONPaths fit the server's answers."""
    rule = load_rule("sample-api.legado.json")
    assert rule["bookSourceUrl"] == "http://127.0.0.1:8765/api/pc/"
    base = f"{site.api_base}/"

    def values(expr: str, document: object) -> list[object]:
        return [match.value for match in jsonpath_parse(expr).find(document)]

    async def get_json(url: str) -> dict:
        status, _, body, _ = await fetch(http, url)
        assert status == 200
        return json.loads(body)

    book = LIBRARY["3"]
    book_url = rule["ruleSearch"]["bookUrl"].replace("{{$.book_id}}", book.book_id)
    assert re.fullmatch(rule["bookUrlPattern"], urljoin(base, book_url))
    detail = await get_json(urljoin(base, book_url))
    name_rule, _, put = rule["ruleBookInfo"]["name"].partition("@put:")
    assert values(name_rule, detail) == [book.title]
    [bid_rule] = re.findall(r'bid:"([^"]+)"', put)
    assert values(bid_rule, detail) == [book.book_id]
    for field in ("author", "intro", "coverUrl", "lastChapter"):
        assert values(rule["ruleBookInfo"][field], detail), field

    toc_url = rule["ruleBookInfo"]["tocUrl"].replace("@get:{bid}", book.book_id)
    toc = await get_json(urljoin(base, toc_url))
    items = values(rule["ruleToc"]["chapterList"], toc)
    assert len(items) == book.chapter_count
    vip = [values(rule["ruleToc"]["isVip"], item)[0] for item in items]
    assert vip == ["0"] * 20 + ["1"] * 10

    first = items[0]
    chapter_url = (
        rule["ruleToc"]["chapterUrl"]
        .replace("@get:{bid}", book.book_id)
        .replace("{{$.cid}}", values("$.cid", first)[0])  # type: ignore[arg-type]
    )
    chapter = await get_json(urljoin(base, chapter_url))
    assert values(rule["ruleContent"]["content"], chapter) == [book.chapter_text(1)]
    assert values(rule["ruleContent"]["title"], chapter) == [book.chapter_title(1)]


async def test_benchmark_book_serves_one_page_of_about_30_kb_per_chapter(
    http: aiohttp.ClientSession,
) -> None:
    library = default_library()
    library["9"] = book = benchmark_book(2000, page_kb=30)
    async with SampleServer(library) as server:
        status, content_type, body, _ = await fetch(
            http, f"{server.site_base}book/9/{book.chapter_id(1999)}.html"
        )
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        assert 27 * 1024 < len(body) < 34 * 1024
        page = parse(body, "utf-8")
        assert page.get_element_by_id("next_url").text == "下一章"
        assert chapter_lines(page) == book.chapter_text(1999).split("\n")
        _, _, body, _ = await fetch(http, f"{server.site_base}book/9/index_20.html")
        assert len(parse(body, "utf-8").xpath("//div[@id='list']//li")) == 100
