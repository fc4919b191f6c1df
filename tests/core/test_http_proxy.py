"""The system proxy is honoured, and looked up once per host rather than per request."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from novelfetch.core.jobs.downloader import Downloader
from novelfetch.core.net import http
from novelfetch.core.net.http import HttpSettings, open_session, proxy_for
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.server import SampleServer
from tests.conftest import fast_options, make_library

# An address nothing answers at: only a proxy can deliver these requests.
UNREACHABLE_API = "http://novels.invalid/api/pc"


@pytest.fixture
def clean_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


async def test_system_proxy_carries_the_requests(
    tmp_path: Path, clean_proxy_env: pytest.MonkeyPatch
) -> None:
    # The sample server answers absolute-URI requests, which is all an HTTP proxy sees.
    async with SampleServer(make_library()) as server:
        clean_proxy_env.setenv("HTTP_PROXY", server.origin)
        options = fast_options(server, api_base=UNREACHABLE_API)
        with Store(tmp_path / "store.sqlite3") as store:
            async with Downloader(store, options) as job:
                loaded = await job.load("1")
                result = await job.fetch(loaded, loaded.chapters[:3])
    assert len(loaded.chapters) == 40 and result.fetched == 3


async def test_no_proxy_and_settings_decide(clean_proxy_env: pytest.MonkeyPatch) -> None:
    clean_proxy_env.setenv("HTTP_PROXY", "http://proxy.example:3128")
    clean_proxy_env.setenv("NO_PROXY", "local.example")
    async with open_session(HttpSettings(), 1) as session:
        assert await proxy_for(session, "http://dushu.example/a", HttpSettings()) == (
            "http://proxy.example:3128",
            None,
        )
        assert await proxy_for(session, "http://local.example/a", HttpSettings()) == (None, None)
        no_env = HttpSettings(trust_env=False)
        assert await proxy_for(session, "http://dushu.example/a", no_env) == (None, None)
        explicit = HttpSettings(proxy="http://mine.example:8080")
        assert await proxy_for(session, "http://dushu.example/a", explicit) == (
            "http://mine.example:8080",
            None,
        )


async def test_system_proxy_is_looked_up_once_per_session_and_host(
    clean_proxy_env: pytest.MonkeyPatch,
) -> None:
    lookups: list[str] = []
    real_lookup = http.get_env_proxy_for_url

    def counting(url: object) -> tuple[object, aiohttp.BasicAuth | None]:
        lookups.append(str(url))
        return real_lookup(url)  # type: ignore[arg-type]

    clean_proxy_env.setattr(http, "get_env_proxy_for_url", counting)
    settings = HttpSettings()
    async with open_session(settings, 1) as session:
        for page in range(5):
            await proxy_for(session, f"http://a.example/{page}", settings)
        await proxy_for(session, "http://b.example/", settings)
    async with open_session(settings, 1) as session:
        await proxy_for(session, "http://a.example/", settings)
    assert len(lookups) == 3
