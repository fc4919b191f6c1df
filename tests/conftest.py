"""Fixtures shared by every test: a real local API server and a real store on disk."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from novelfetch.core.jobs.downloader import DownloadOptions
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.store.chapter_store import Store
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.user_folders import changed_files, private_user_folders, real_app_folders, snapshot

# Qt needs no display in tests; set before any test module imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HOSTILE_TITLE = "../a/b:<c>|?*"
LONG_PARAGRAPH = "长" * 3000
HOSTILE_LINES = (
    # Escaped in the source's text, so literal text that must survive as text:
    "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &amp;amp; ]]> 1 < 2 > 0 <c>",
    # Raw markup that slipped in: dropped, its words kept.
    "<p>段落</p><script>evil()</script><br/>",
    "控制\x01字符\x7f与表情👨‍👩‍👧🎉",
    LONG_PARAGRAPH,
)


@dataclass(frozen=True, slots=True)
class HostileBook(SampleBook):
    """A book whose every text field tries to break the pipeline."""

    def chapter_title(self, index: int) -> str:
        return f"第{index}章 <b>&amp;</b> ]]>"

    def chapter_text(self, index: int) -> str:
        return "\n".join(HOSTILE_LINES)


def make_library() -> dict[str, SampleBook]:
    return {
        "1": SampleBook(
            "1",
            "测试之书",
            "测试作者",
            "简介。",
            chapter_count=40,
            chars_per_chapter=300,
            chapters_per_volume=15,
        ),
        "3": SampleBook(
            "3", "付费之书", "某人", "", chapter_count=6, chars_per_chapter=200, paid_from=5
        ),
        "7": HostileBook("7", HOSTILE_TITLE, "<i>作者</i>&", "<p>简介</p>", chapter_count=3),
    }


FAST_RETRY = RetryPolicy(retries=3, backoff_base=0.01, backoff_max=0.05)


def fast_options(server: SampleServer, **overrides: object) -> DownloadOptions:
    """Options pointing the Baidu adapter at the local server, with quick backoff."""
    settings: dict[str, object] = {
        "source": "baidu",
        "concurrency": 4,
        "retry": FAST_RETRY,
        "api_base": server.api_base,
        "http": HttpSettings(connect_timeout=2.0, read_timeout=2.0),
    }
    settings.update(overrides)
    return DownloadOptions(**settings)  # type: ignore[arg-type]


@pytest.fixture
async def server() -> AsyncIterator[SampleServer]:
    async with SampleServer(make_library(), faults=FaultPlan()) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cache" / "chapters.sqlite3") as opened:
        yield opened


# --- the user's real folders stay untouched ------------------------------------------------

__all__ = ["private_user_folders"]  # autouse: every test gets a home of its own
_REAL_FOLDERS = real_app_folders()
_REAL_BEFORE = snapshot(_REAL_FOLDERS)


def _check_real_folders(session: pytest.Session) -> None:
    """Fail the run (in CI; elsewhere warn) when the user's real app folders changed.

    Only a warning on a developer's machine: the app itself, run by hand while the suite
    runs, writes there too, and that is no test's fault. CI runs nothing else.
    """
    if hasattr(session.config, "workerinput"):
        return  # the controller checks once every worker is done
    changed = changed_files(_REAL_BEFORE, snapshot(_REAL_FOLDERS))
    if not changed:
        return
    failing = bool(os.environ.get("CI"))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"{'FAILED' if failing else 'WARNING'}: the user's real app folders changed "
            "during the run (a test escaped tests/user_folders.py, or NovelFetch ran "
            "alongside): " + ", ".join(changed),
            red=failing,
            yellow=not failing,
        )
    if failing:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- the reliability tally, summed over xdist workers -------------------------------------


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.reliability.support import TALLY

    _check_real_folders(session)

    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # a worker: hand the counts to the controller
        output["reliability_tally"] = dict(TALLY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    from tests.reliability.support import TALLY

    TALLY.update(getattr(node, "workeroutput", {}).get("reliability_tally", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.reliability.support import TALLY

    if not TALLY:
        return
    terminalreporter.section("reliability tally")
    for name, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"{name}: {count:,}")
