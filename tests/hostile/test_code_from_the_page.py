"""Text from a site is never code: an address a rule reads off a page that holds a script
(a ``{{…}}`` script, a ``js`` URL option) is fetched as plain text, the code never run (Legado
would run it); the rest of the catalog is unaffected. Code the rule file itself wrote into the
address (a replacement appending a ``js`` option) still runs."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from tests.core.rules.site_emulation import Answer, EmulatedSite, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
PAGES = {
    "/c/1": Answer("<p>正文</p>"),
    "/c/2": Answer("<p>二</p>"),
    "/c/evil": Answer("<p>EVIL</p>"),
}
PAGE_OPTION = "/c/1,{&quot;js&quot;:&quot;result.replace('/c/1', '/c/evil')&quot;}"


async def catalog(site: EmulatedSite, tmp_path: Path, chapter_url: str) -> list[str]:
    """Each chapter's text, or ``failed`` (a chapter failing alone, as a download has it)."""
    document = {
        "bookSourceUrl": site.origin,
        "bookSourceName": "站",
        "ruleToc": {"chapterList": "tag.li", "chapterName": "a@text", "chapterUrl": chapter_url},
        "ruleContent": {"content": "tag.p@text"},
    }
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(json.dumps(document, ensure_ascii=False), "t").lines
    rule = registry.get(line.source_id or "").rule
    assert rule is not None
    texts = []
    async with aiohttp.ClientSession() as session:
        adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
        for chapter in await adapter.catalog(site.url("/toc")):
            try:
                texts.append(await adapter.chapter(site.url("/toc"), chapter))
            except NovelFetchError:
                texts.append("failed")
    return texts


def toc_of(*hrefs: str) -> Answer:
    return Answer("<ul>" + "".join(f'<li><a href="{h}">章</a></li>' for h in hrefs) + "</ul>")


@pytest.mark.parametrize(
    ("href", "fetched"),
    [
        (PAGE_OPTION, ["正文", "二"]),  # the option dropped: the page's own address
        ("/c/{{String.fromCharCode(101, 118, 105, 108)}}", ["failed", "二"]),  # a 404, alone
    ],
)
async def test_an_address_holding_the_sites_code_is_fetched_as_text(
    href: str, fetched: list[str], tmp_path: Path
) -> None:
    async with emulated_site({**PAGES, "/toc": toc_of(href, "/c/2")}) as site:
        assert await catalog(site, tmp_path, "a@href") == fetched
    assert all("evil" not in request.path_qs for request in site.requests)


async def test_a_js_option_the_rule_file_appends_still_runs(tmp_path: Path) -> None:
    async with emulated_site({**PAGES, "/toc": toc_of("/c/1")}) as site:
        rule = "a@href##$##,{\"js\": \"result.replace('/c/1', '/c/evil')\"}"
        assert await catalog(site, tmp_path, rule) == ["EVIL"]


async def test_a_script_passing_the_pages_code_through_runs_none(tmp_path: Path) -> None:
    # A rule with a script owns the code it writes (晋江文学城Android's js option with the
    # page's numbers in it), not code it hands on from the page as it was.
    async with emulated_site({**PAGES, "/toc": toc_of(PAGE_OPTION)}) as site:
        assert await catalog(site, tmp_path / "through", "a@href@js:result.trim()") == ["正文"]
    assert all("evil" not in request.path_qs for request in site.requests)
    made = "a@href@js:result + ',{\"js\":\"result.replace(\\'/c/' + 1 + '\\', \\'/c/evil\\')\"}'"
    async with emulated_site({**PAGES, "/toc": toc_of("/c/1")}) as site:
        assert await catalog(site, tmp_path / "made", made) == ["EVIL"]
