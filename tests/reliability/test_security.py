"""Nobody let in: TLS is always verified; the cookie and proxy credentials go only where they
belong and never into logs or messages; covers are only http(s) and capped; and nothing a
server sends (chapter IDs, titles, text) is ever used as a path or executed.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import shutil
import sqlite3
import ssl
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from novelfetch.core.export.covers import COVER_SIZE
from novelfetch.core.jobs.downloader import Downloader, DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.cli_support import run_cli
from tests.conftest import fast_options, make_library
from tests.reliability.forward_proxy import ForwardProxy
from tests.reliability.support import (
    all_files,
    assert_clear_failure,
    download_args,
    epub_members,
    store_path,
    stored_chapters,
)

COOKIE_VALUE = "s3cr3t-BDUSS-0f9a8b7c"
COOKIE = f"BDUSS={COOKIE_VALUE}; STOKEN=another-secret-5e6d"
PROXY_USER, PROXY_PASSWORD = "reader", "pr0xy-Pa55word"
SECRETS = (COOKIE_VALUE, "another-secret-5e6d", PROXY_PASSWORD)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked:\n{text}"


# --- TLS ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no authority signed, made by the openssl CLI."""
    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is needed on CI to make a self-signed certificate")
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
async def https_server(self_signed_certificate: tuple[Path, Path]) -> Iterator[SampleServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*self_signed_certificate)
    async with SampleServer(make_library(), ssl_context=context) as server:
        yield server


async def test_a_self_signed_certificate_is_refused_at_once(
    https_server: SampleServer, tmp_path: Path
) -> None:
    assert https_server.api_base.startswith("https://")
    result = await run_cli(*download_args(https_server, "1", tmp_path / "out", tmp_path), "-v")
    assert_clear_failure(result, 2, "TLS certificate", "cannot be verified", "self-signed")
    assert "retry" not in result.err  # a certificate does not get better by asking again
    assert not https_server.stats.requests  # not a single request got through
    assert not (tmp_path / "out").exists()


async def test_the_same_server_is_accepted_once_its_certificate_is_trusted(
    https_server: SampleServer, self_signed_certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    """The refusal above is the certificate check, not some other TLS failure: a user who
    trusts the certificate (here via OpenSSL's SSL_CERT_FILE) gets the book."""
    cert, _ = self_signed_certificate
    args = download_args(https_server, "1", tmp_path, tmp_path / "cache", "--chapters", "1-3")
    result = await run_cli(*args, env={"SSL_CERT_FILE": str(cert)})
    assert result.code == 0, result.err
    assert sum(https_server.stats.chapter_requests.values()) == 3


# --- cookies and proxy credentials ----------------------------------------------------------


async def test_the_cookie_goes_only_to_the_source_api(tmp_path: Path) -> None:
    async with SampleServer(make_library()) as elsewhere:
        # Another origin (other host name and port) serves the cover and receives redirects.
        other_origin = elsewhere.origin.replace("127.0.0.1", "localhost")
        library = make_library()
        book = dataclasses.replace(library["1"], cover_url=f"{other_origin}/cover/1.png")
        library["1"] = book
        plan = FaultPlan(
            scripted={
                book.chapter_id(2): ["redirect-away"],
                book.chapter_id(3): ["redirect-away"],
                book.chapter_id(4): ["redirect-loop"],  # one redirect to the same origin
            },
            redirect_to=other_origin,
        )
        async with SampleServer(library, faults=plan) as source:
            args = download_args(source, "1", tmp_path / "out", tmp_path / "cache")
            result = await run_cli(*args, "--cookie", COOKIE, "-v")
            api_requests = sum(source.stats.requests.values())
            assert source.stats.cookies == [COOKIE] * api_requests  # every API request had it
            assert api_requests == 2 + 40 + 1  # details, catalog, chapters, the same-origin hop
        assert elsewhere.stats.requests["getChapterContent"] == 2  # the redirects arrived...
        assert elsewhere.stats.cookies == []  # ...without the cookie
        assert elsewhere.stats.cover_requests == 1 and elsewhere.stats.cover_cookies == []
        assert source.stats.cover_cookies == []
    assert result.code == 0, result.err
    assert "cover.png" in "".join(epub_members(result.path))
    assert len(stored_chapters(tmp_path / "cache")) == 40
    assert_no_secret(result.err)


async def test_proxy_credentials_go_only_to_the_proxy_and_never_into_the_log(
    tmp_path: Path,
) -> None:
    book = make_library()["1"]
    plan = FaultPlan(scripted={book.chapter_id(2): ["503", "reset"], book.chapter_id(5): ["html"]})
    async with (
        SampleServer(make_library(), faults=plan) as source,
        ForwardProxy(PROXY_USER, PROXY_PASSWORD) as proxy,
    ):
        args = download_args(source, "1", tmp_path / "out", tmp_path / "cache", "-v")
        proxy_url = proxy.url(PROXY_USER, PROXY_PASSWORD)
        result = await run_cli(*args, "--proxy", proxy_url, "--cookie", COOKIE)
        origin_requests = sum(source.stats.requests.values()) + source.stats.cover_requests
    assert result.code == 0, result.err
    assert "retry 1 in" in result.err  # the verbose log did have something to say
    assert_no_secret(result.err + result.out)
    assert proxy.authorizations == [proxy.expected] * len(proxy.authorizations)
    assert proxy.forwarded == origin_requests  # every request, the cover's too, went through it
    assert source.stats.credentials == []  # no Authorization or Proxy-Authorization got past it


@pytest.mark.parametrize(
    "proxy",
    [
        f"http://{PROXY_USER}:{PROXY_PASSWORD}@[bad",
        f"socks5://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:1080",
        f"{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:8080",
    ],
)
async def test_an_unusable_proxy_is_named_without_its_password(tmp_path: Path, proxy: str) -> None:
    result = await run_cli("download", "1", "--proxy", proxy, "--cache-dir", tmp_path)
    assert_clear_failure(result, 2, "Error: Not a proxy address", "[redacted]")
    assert_no_secret(result.err)


def test_every_log_record_is_redacted_whoever_logs_it(tmp_path: Path) -> None:
    options = DownloadOptions(
        cookie=COOKIE,
        http=HttpSettings(proxy=f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:3128"),
    )
    with Store(tmp_path / "store.sqlite3") as store:
        Downloader(store, options)  # a job knows the secrets from the moment it exists
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("aiohttp.client").warning("sent Cookie: %s", COOKIE)
        logging.getLogger("some.library").error("proxy %s refused", options.http.proxy)
        try:
            raise ConnectionError(f"reset while sending {COOKIE_VALUE}")
        except ConnectionError:
            logging.getLogger("novelfetch.core").exception("chapter failed")
    finally:
        root.removeHandler(handler)
    logged = stream.getvalue()
    assert logged.count("[redacted]") == 3 and "ConnectionError" in logged
    assert_no_secret(logged)


# --- covers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cover_url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/cover.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "/etc/passwd",
        "\\\\server\\share\\cover.png",
    ],
)
async def test_only_http_covers_are_fetched(
    store: Store, cover_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    library = make_library()
    library["1"] = dataclasses.replace(library["1"], cover_url=cover_url)
    async with SampleServer(library) as server:
        async with Downloader(store, fast_options(server)) as job:
            loaded = await job.load("1")
            with caplog.at_level(logging.INFO):
                assert await job.fetch_cover(loaded.book) is None
    assert store.load_cover(loaded.book) is None
    assert "no cover" not in caplog.text  # not tried and failed: never tried at all


@pytest.mark.parametrize("fault", ["huge", "html", "redirect-loop"])
async def test_a_bad_cover_is_left_out_and_the_book_still_written(
    tmp_path: Path, fault: str
) -> None:
    plan = FaultPlan(scripted={"cover:1": [fault] * 100})
    async with SampleServer(make_library(), faults=plan) as server:
        args = download_args(server, "1", tmp_path / "out", tmp_path / "cache")
        result = await run_cli(*args, "--chapters", "1-3")
        if fault == "huge":
            assert server.stats.cover_requests == 1  # 50 MB against a 5 MB cap: not retried
            assert _stored_cover(tmp_path / "cache") is None  # and none of it kept
        if fault == "redirect-loop":
            assert server.stats.cover_requests <= 6  # given up after 5 redirects, not retried
    assert result.code == 0, result.err
    # The bad answer never goes in; the book shows a cover drawn for it instead (or none,
    # on a machine without a CJK font).
    covers = [name for name in epub_members(result.path) if "cover" in name]
    assert covers in ([], ["EPUB/cover.png"])
    with zipfile.ZipFile(result.path) as archive:
        for name in covers:
            with Image.open(io.BytesIO(archive.read(name))) as image:
                assert image.size == COVER_SIZE


def _stored_cover(cache: Path) -> bytes | None:
    db = sqlite3.connect(store_path(cache))
    try:
        return db.execute("SELECT cover FROM books").fetchone()[0]
    finally:
        db.close()


# --- nothing from the network is a path or a command ----------------------------------------

HOSTILE_IDS = (
    "../../x",
    "..\\..\\y",
    "/etc/passwd",
    "C:\\Windows\\z",
    "%2e%2e%2fq",
    "x|y",
    "~root",
    "..",
)


@dataclass(frozen=True, slots=True)
class HostileCatalog(SampleBook):
    """Chapter IDs, titles, volumes and text made to be mistaken for paths or commands."""

    canary: str = ""

    def chapter_id(self, index: int) -> str:
        return HOSTILE_IDS[index - 1]

    def index_of(self, chapter_id: str) -> int | None:
        return HOSTILE_IDS.index(chapter_id) + 1 if chapter_id in HOSTILE_IDS else None

    def chapter_title(self, index: int) -> str:
        return ("../t", "/etc/t", "C:\\t", "a/b\\c", "..", ".", "~/t", "$(id)")[index - 1]

    def volume(self, index: int) -> str:
        return "../卷/..\\"

    def chapter_text(self, index: int) -> str:
        return f"$(touch {self.canary})\n`touch {self.canary}`\n<script>touch('{self.canary}')"


async def test_a_hostile_catalog_never_becomes_a_path_or_a_command(tmp_path: Path) -> None:
    canary = tmp_path / "executed"
    book = HostileCatalog(
        "61",
        "../../../escape",
        "/root",
        "..",
        chapter_count=len(HOSTILE_IDS),
        chapters_per_volume=4,
        cover_url="../../../../etc/passwd",
        canary=str(canary),
    )
    async with SampleServer({"61": book}) as server:
        for fmt in ("epub", "txt"):
            args = download_args(server, "61", tmp_path / "out", tmp_path / "cache", "-f", fmt)
            result = await run_cli(*args)
            assert result.code == 0, result.err
    books = {f for f in all_files(tmp_path) if not f.startswith("cache/")}
    assert books == {"out/escape.epub", "out/escape.txt"}
    assert not canary.exists() and not (tmp_path.parent / "x").exists()
    assert stored_chapters(tmp_path / "cache").keys() == set(HOSTILE_IDS)
    text = (tmp_path / "out" / "escape.txt").read_text("utf-8")
    assert f"$(touch {canary})" in text and "C:\\t" in text
