"""Text from a site is never code: an address a rule reads off a page that holds a script
(a ``{{…}}`` script, a ``js`` URL option) is refused, never run; Legado would run it. Code the
rule file itself wrote into the address (a replacement appending a ``js`` option) still runs."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from novelfetch.core.net.http import HttpSettings
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.rules.eval_errors import RuleError
from novelfetch.core.sources.rules.flow import RuleSourceAdapter
from tests.core.rules.site_emulation import Answer, EmulatedSite, emulated_site

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
PAGES = {"/c/1": Answer("<p>正文</p>"), "/c/evil": Answer("<p>EVIL</p>")}
PAGE_OPTION = "/c/1,{&quot;js&quot;:&quot;result.replace('/c/1', '/c/evil')&quot;}"


async def catalog(site: EmulatedSite, tmp_path: Path, chapter_url: str) -> list[str]:
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
    async with aiohttp.ClientSession() as session:
        adapter = RuleSourceAdapter(session, SourceSettings(http=QUICK), rule)
        chapters = await adapter.catalog(site.url("/toc"))
        return [await adapter.chapter(site.url("/toc"), chapter) for chapter in chapters]


@pytest.mark.parametrize(
    "href",
    [
        PAGE_OPTION,
        "/c/{{String.fromCharCode(101, 118, 105, 108)}}",
    ],
)
async def test_an_address_holding_the_sites_code_is_refused(href: str, tmp_path: Path) -> None:
    toc = Answer(f'<ul><li><a href="{href}">第一章</a></li></ul>')
    async with emulated_site({**PAGES, "/toc": toc}) as site:
        with pytest.raises(RuleError, match="holding code from the page"):
            await catalog(site, tmp_path, "a@href")
    assert all("evil" not in request.path_qs for request in site.requests)


async def test_a_js_option_the_rule_file_appends_still_runs(tmp_path: Path) -> None:
    toc = Answer("<ul><li><a href='/c/1'>第一章</a></li></ul>")
    async with emulated_site({**PAGES, "/toc": toc}) as site:
        rule = "a@href##$##,{\"js\": \"result.replace('/c/1', '/c/evil')\"}"
        assert await catalog(site, tmp_path, rule) == ["EVIL"]


async def test_a_script_passing_the_pages_code_through_is_refused(tmp_path: Path) -> None:
    # A rule with a script owns the code it writes (晋江文学城Android's js option with the
    # page's numbers in it), not code it hands on from the page as it was.
    toc = Answer(f'<ul><li><a href="{PAGE_OPTION}">第一章</a></li></ul>')
    async with emulated_site({**PAGES, "/toc": toc}) as site:
        with pytest.raises(RuleError, match="holding code from the page"):
            await catalog(site, tmp_path / "through", "a@href@js:result.trim()")
    toc = Answer("<ul><li><a href='/c/1'>第一章</a></li></ul>")
    made = "a@href@js:result + ',{\"js\":\"result.replace(\\'/c/' + 1 + '\\', \\'/c/evil\\')\"}'"
    async with emulated_site({**PAGES, "/toc": toc}) as site:
        assert await catalog(site, tmp_path / "made", made) == ["EVIL"]
