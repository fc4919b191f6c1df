"""Item 1 of the safety model: a rule source never reaches the user's local network.

The target (a "router page") runs on 127.0.0.1; the hostile sources say they live elsewhere
(127.0.0.2, or a name), so 127.0.0.1 is not their own host and every way a rule can make a
request (search, redirects, book pages, catalogs, chapters, covers) must be refused there, at
connect time, after DNS. The user can allow it per source; the source's own host is always fine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from yarl import URL

from novelfetch.core.errors import RefusedAddressError
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.policy import NetworkPolicy, is_local, parse_address
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.covers import CoverFetcher
from novelfetch.core.sources.memory import MemoryDict
from novelfetch.core.sources.search import search_sources
from novelfetch.core.store.chapter_store import Store
from novelfetch.core.workers.pool import WorkerPool, use_shared_pool
from tests.cli_support import run_cli
from tests.hostile.sites import ROUTER_SECRET, Site, rule, rule_file, serving

QUICK = HttpSettings(connect_timeout=2.0, read_timeout=5.0)
REFUSED = "refused: 127.0.0.1 is a local network address"


def registry_with(tmp_path: Path, hostile: dict[str, object]) -> tuple[SourceRegistry, str]:
    """A registry in ``tmp_path/data`` with ``hostile`` imported, and the source's ID."""
    registry = SourceRegistry(tmp_path / "data")
    (line,) = registry.import_text(rule_file(hostile), "test").lines
    assert line.imported and line.usable and line.source_id, line
    return registry, line.source_id


async def search(registry: SourceRegistry, source_id: str) -> tuple[list[str], str]:
    outcomes = [
        o
        async for o in search_sources(
            [registry.get(source_id)], "青云", http=QUICK, timeout=10, memory=MemoryDict()
        )
    ]
    (outcome,) = outcomes
    return [result.title for result in outcome.results], outcome.error


async def test_a_search_url_on_another_local_address_is_refused(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        hostile = rule(own.base, search_url=router.url("/status?q={{key}}"))
        registry, source = registry_with(tmp_path, hostile)
        titles, error = await search(registry, source)
    assert REFUSED in error and "allow-local" in error
    assert ROUTER_SECRET not in titles
    assert router.seen == []  # not one request reached the router


async def test_a_name_that_resolves_to_a_local_address_is_refused(tmp_path: Path) -> None:
    """``localhost`` is a name: the check runs on what DNS answered, not on the text."""
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        port = router.server.port  # type: ignore[union-attr]
        hostile = rule(own.base, search_url=f"http://localhost:{port}/status?q={{{{key}}}}")
        registry, source = registry_with(tmp_path, hostile)
        _, error = await search(registry, source)
    assert "is a local network address" in error
    assert router.seen == []


async def test_a_redirect_from_its_own_site_to_a_local_address_is_refused(tmp_path: Path) -> None:
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        target = router.url("/status")
        hostile = rule(own.base, search_url=f"/redirect?to={target}&q={{{{key}}}}")
        registry, source = registry_with(tmp_path, hostile)
        _, error = await search(registry, source)
    assert REFUSED in error
    assert own.paths() == ["/redirect"]  # its own host is fine: the redirect was asked for
    assert router.seen == []


async def test_book_catalog_and_chapter_links_to_local_addresses_are_refused(
    tmp_path: Path,
) -> None:
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        own.chapter_link = router.url("/chapter")  # the catalog points at the router
        registry, source = registry_with(tmp_path, rule(own.base))
        options = DownloadOptions(
            source=source, concurrency=1, retry=RetryPolicy(retries=0), http=QUICK
        )
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options, registry=registry) as job:
                loaded = await job.load(own.url("/book"))
                result = await job.fetch(loaded)
            with pytest.raises(Exception, match="is a local network address"):
                async with Downloader(store, options, registry=registry) as job:
                    await job.load(router.url("/book"))  # a book page on the router
    assert result.fetched == 0
    (failure,) = result.failures
    assert REFUSED in failure.reason
    assert router.seen == []


async def test_covers_are_fetched_under_the_policy_of_the_source_that_named_them(
    tmp_path: Path,
) -> None:
    """The Search page fetches covers with no click: a hostile cover address must not reach
    the local network (nor carry away what it found there)."""
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        registry, source = registry_with(tmp_path, rule(own.base))
        policy = registry.get(source).network_policy()
        fetcher = CoverFetcher(QUICK)
        try:
            assert (await fetcher.fetch(own.url("/cover.png"), policy)).startswith(b"\x89PNG")
            with pytest.raises(RefusedAddressError, match="is a local network address"):
                await fetcher.fetch(router.url("/cover.png?d=stolen"), policy)
            # A built-in source's covers (no policy) are fetched as before.
            assert await fetcher.fetch(router.url("/cover.png"), None)
        finally:
            await fetcher.close()
    assert router.paths() == ["/cover.png"]  # only the built-in's


async def test_the_user_can_allow_local_addresses_for_one_source(tmp_path: Path) -> None:
    data = tmp_path / "data"
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        hostile = rule(own.base, search_url=router.url("/status?q={{key}}"))
        _, source = registry_with(tmp_path, hostile)

        def cli(*args: str) -> object:
            return run_cli(*args, "--data-dir", str(data), timeout=60)

        allowed = await cli("sources", "allow-local", source)
        assert allowed.code == 0, allowed.err  # type: ignore[attr-defined]
        listed = await cli("sources", "list", "--json")
        facts = {fact["id"]: fact for fact in json.loads(listed.out)}  # type: ignore[attr-defined]
        assert facts[source]["allow_local"] is True
        assert facts["baidu"]["allow_local"] is False
        found = await cli("search", "青云", "--source", source, "--json", "--timeout", "10")
        assert ROUTER_SECRET in found.out  # type: ignore[attr-defined]
        assert router.paths() == ["/status"]

        denied = await cli("sources", "deny-local", source)
        assert denied.code == 0  # type: ignore[attr-defined]
        again = await cli("search", "青云", "--source", source, "--json", "--timeout", "10")
        assert again.code == 2 and REFUSED in again.out  # type: ignore[attr-defined]
        assert router.paths() == ["/status"]

        builtin = await cli("sources", "allow-local", "baidu")
        assert builtin.code == 2 and "built in" in builtin.err  # type: ignore[attr-defined]


async def test_a_source_whose_own_host_is_local_keeps_working(tmp_path: Path) -> None:
    """A server the user runs: its own host may be local (every other rule test relies on it)."""
    async with serving(Site(), "127.0.0.2") as own:
        registry, source = registry_with(tmp_path, rule(own.base))
        titles, error = await search(registry, source)
    assert (titles, error) == (["青云志"], "")


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),  # cloud metadata
        ("100.64.0.1", True),  # CGNAT
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fd00::1", True),
        ("fe80::1%2", True),
        ("::ffff:127.0.0.1", True),  # IPv4-mapped
        ("64:ff9b::a00:1", True),  # NAT64 of 10.0.0.1
        ("ff02::1", True),
        ("::", True),
        ("93.184.216.34", False),
        ("2606:2800:220:1::1", False),
    ],
)
def test_what_counts_as_local(address: str, local: bool) -> None:
    parsed = parse_address(address)
    assert parsed is not None
    assert is_local(parsed) is local
    policy = NetworkPolicy.for_source("x", "https://example.com/", allow_local=False)
    assert (policy.refusal(address, 80) is None) is not local


async def test_through_the_users_local_proxy_only_local_literals_are_refused(
    tmp_path: Path,
) -> None:
    """The user's proxy on 127.0.0.1 is the user's choice: a rule source reaches its own site
    through it. The proxy looks names up, so what can be refused is an address written as a
    local IP (or ``localhost``), before anything is sent to the proxy."""
    from tests.reliability.forward_proxy import ForwardProxy

    async with (
        serving(Site(), "127.0.0.1") as router,
        serving(Site(), "127.0.0.2") as own,
        ForwardProxy("u", "p") as proxy,
    ):
        http = HttpSettings(connect_timeout=2.0, read_timeout=5.0, proxy=proxy.url("u", "p"))
        registry, source = registry_with(tmp_path, rule(own.base))
        hostile = rule(own.base, name="to the router", search_url=router.url("/status?q={{key}}"))
        hostile["bookSourceUrl"] = own.url("/x/")  # another id, the same own host
        (line,) = registry.import_text(rule_file(hostile), "test").lines
        entries = [registry.get(source), registry.get(str(line.source_id))]
        outcomes = {
            o.source.id: o
            async for o in search_sources(entries, "青云", http=http, memory=MemoryDict())
        }
    assert outcomes[source].ok and [r.title for r in outcomes[source].results] == ["青云志"]
    assert REFUSED in outcomes[str(line.source_id)].error
    assert proxy.forwarded == 1 and router.seen == []


async def test_an_import_names_sources_whose_own_address_is_local(tmp_path: Path) -> None:
    """ "Its own host" is allowed, so a stranger's source naming a local address as its own is
    pointed out when it comes in."""
    path = tmp_path / "rules.json"
    path.write_text(
        rule_file(
            rule("http://127.0.0.1:2375/", name="docker"),
            rule("https://books.example.com/", name="public"),
        ),
        encoding="utf-8",
    )
    result = await run_cli("sources", "import", path, "--data-dir", tmp_path / "data")
    assert result.code == 0, result.err
    notes = [line for line in result.out.splitlines() if line.startswith("note")]
    assert len(notes) == 1 and "127.0.0.1 is on your local network" in notes[0]


async def test_a_script_s_requests_obey_the_same_policy(tmp_path: Path) -> None:
    """JavaScript in a rule (``java.ajax``) fetches through the source's own session, so the
    local network stays out of its reach too."""
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        hostile = rule(own.base)
        target = router.url("/status")
        hostile["ruleSearch"]["author"] = f"@js:String(java.ajax('{target}'))"
        registry, source = registry_with(tmp_path, hostile)
        titles, _ = await search(registry, source)
        assert router.seen == []
        registry.set_allow_local(source, True)  # the script did ask: allowed, it gets there
        await search(registry, source)
    assert ROUTER_SECRET not in str(titles)
    assert router.paths() == ["/status"]


async def test_a_script_in_a_worker_process_is_refused_a_local_address(tmp_path: Path) -> None:
    """The script runs in a worker process; its ``java.ajax`` comes back to this process as a
    host call, through the job's session: the policy refuses it at connect time and nothing
    reaches the local server. As in Legado, ajax gives the failure's text and get raises it;
    either way the script reads a fixed phrase, never the local address it was refused."""
    pool = WorkerPool(1)
    before = use_shared_pool(pool)
    try:
        async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
            hostile = rule(own.base)
            target = router.url("/status")
            hostile["ruleSearch"]["author"] = (
                f"@js:java.ajax('{target}') + '|' + "
                f"(function () {{ try {{ return java.get('{target}', {{}}) }} "
                f"catch (error) {{ return 'no: ' + error }} }})()"
            )
            registry, source = registry_with(tmp_path, hostile)
            [outcome] = [
                o
                async for o in search_sources(
                    [registry.get(source)], "青云", http=QUICK, timeout=10, memory=MemoryDict()
                )
            ]
    finally:
        use_shared_pool(before)
        pool.close()
    assert outcome.ok and outcome.results, outcome.error
    (author,) = {result.author for result in outcome.results}
    refused = "java.net.ConnectException: refused by NovelFetch's network policy"
    assert author == f"{refused}|no: Error: http: {refused}", author
    assert ROUTER_SECRET not in author and router.seen == []
    assert pool.stats.tasks >= 1 and pool.pids()  # read in the worker process


@pytest.mark.parametrize("written", ["2130706433", "127.1", "0x7f.0.0.1", "0177.0.0.1"])
async def test_through_a_proxy_127_0_0_1_written_the_old_ways_is_refused(
    tmp_path: Path, written: str
) -> None:
    """The proxy reads an address as ``inet_aton`` does: ``2130706433``, ``127.1``, hex and
    octal parts are all 127.0.0.1 to it (and to the OS resolver it asks), so the check before
    sending must read them the same way, not as names."""
    from tests.reliability.forward_proxy import ForwardProxy

    async with (
        serving(Site(), "127.0.0.1") as router,
        serving(Site(), "127.0.0.2") as own,
        ForwardProxy("u", "p") as proxy,
    ):
        port = router.server.port  # type: ignore[union-attr]
        http = HttpSettings(connect_timeout=2.0, read_timeout=5.0, proxy=proxy.url("u", "p"))
        hostile = rule(own.base, search_url=f"http://{written}:{port}/status?q={{{{key}}}}")
        registry, source = registry_with(tmp_path, hostile)
        (outcome,) = [
            o
            async for o in search_sources(
                [registry.get(source)], "青云", http=http, memory=MemoryDict()
            )
        ]
    assert REFUSED in outcome.error, outcome.error
    assert proxy.forwarded == 0 and router.seen == []


async def test_the_users_local_proxy_is_a_way_through_not_a_destination(tmp_path: Path) -> None:
    """Trusting the proxy's address lets a source connect *through* it; a request *to* it
    (which a proxy forwards to itself, where an HTTP inbound such as v2ray's reads the Host
    header a rule may set) is a request to a local address like any other."""
    from tests.reliability.forward_proxy import ForwardProxy

    async with serving(Site(), "127.0.0.2") as own, ForwardProxy("u", "p") as proxy:
        http = HttpSettings(connect_timeout=2.0, read_timeout=5.0, proxy=proxy.url("u", "p"))
        hostile = rule(own.base, search_url=f"http://127.0.0.1:{proxy.port}/status?q={{{{key}}}}")
        hostile["ruleSearch"]["author"] = "@js:java.ajax(source.bookSourceUrl + 'book')"
        registry, source = registry_with(tmp_path, hostile)
        (outcome,) = [
            o
            async for o in search_sources(
                [registry.get(source)], "青云", http=http, memory=MemoryDict()
            )
        ]
    assert "refused: 127.0.0.1 is a local network address" in outcome.error, outcome.error
    assert proxy.authorizations == []  # nothing was sent to the proxy


async def test_a_script_cannot_reach_the_proxy_directly_where_no_proxy_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system proxy with ``NO_PROXY=127.0.0.1``: once a request went through the proxy,
    its address was trusted for every connection, so a script could speak to it directly."""
    from tests.reliability.forward_proxy import ForwardProxy

    async with serving(Site(), "127.0.0.2") as own, ForwardProxy("u", "p") as proxy:
        monkeypatch.setenv("http_proxy", proxy.url("u", "p"))
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        hostile = rule(own.base)
        hostile["ruleSearch"]["author"] = (
            f"@js:try {{ java.get('http://127.0.0.1:{proxy.port}/x', {{}}) }}"
            " catch (error) { 'no: ' + error }"
        )
        registry, source = registry_with(tmp_path, hostile)
        (outcome,) = [
            o
            async for o in search_sources(
                [registry.get(source)], "青云", http=QUICK, memory=MemoryDict()
            )
        ]
    assert outcome.ok and outcome.results, outcome.error
    (author,) = {result.author for result in outcome.results}
    refused = "java.net.ConnectException: refused by NovelFetch's network policy"
    assert author == f"no: Error: http: {refused}", author
    assert proxy.forwarded == 1  # the search page, through it; nothing sent to it directly
    assert len(proxy.authorizations) == 1


@pytest.mark.parametrize(
    ("own", "trusted"),
    [
        ("https://books.example.com/", False),  # a stranger's domain pointed at the router
        ("http://nas.local:5000/", True),
        ("http://nas:8080/", True),
        ("http://localhost:8080/", True),
        ("http://reader.home.arpa/", True),
    ],
)
def test_a_local_answer_for_the_own_host_is_trusted_only_for_a_local_name(
    own: str, trusted: bool
) -> None:
    policy = NetworkPolicy.for_source("s", own, allow_local=False)
    host = URL(own).host or ""
    policy.learned(host, URL(own).port or 80, ["192.168.1.1"])
    assert (policy.refusal("192.168.1.1", URL(own).port or 80) is None) is trusted
    assert policy.refusal("93.184.216.34", 443) is None  # public answers, as for any host
