"""The window keeps the safety model: the Search page's covers obey each source's network
policy, the Sources page sets local access and a source's cookie, and the one cookie of older
settings goes to Baidu alone (see tests/hostile for the engine's side)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

from novelfetch.gui import MainWindow
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer
from tests.hostile.sites import Site, rule, serving

from .conftest import WindowFactory
from .test_search_page import import_rules, results, search

SECRET = "BDUSS=old-global-cookie-77e1"


async def _covers_done(window: MainWindow) -> None:
    await asyncio.gather(*list(window.search_controller._cover_tasks), return_exceptions=True)


async def test_the_search_page_never_fetches_a_cover_from_the_local_network(
    qtbot: Any, make_window: WindowFactory
) -> None:
    """The issue's attack: a result's cover address on the local network is fetched with no
    click as results arrive. It must be refused, while the result itself still shows."""
    async with serving(Site(), "127.0.0.1") as router, serving(Site(), "127.0.0.2") as own:
        own.cover_link = router.url("/cover.png?d=stolen-text")
        window = make_window()
        import_rules(window, rule(own.base))
        await search(qtbot, window, "青云")
        await asyncio.wait_for(_covers_done(window), 15)
        assert any(row[0] == "青云志" for row in results(window))
    assert router.seen == []


async def test_the_sources_page_switches_local_access_and_saves_a_cookie(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = make_window()
    (source_id,) = import_rules(window, rule("http://127.0.0.2:9/"))
    window.shell.show_page("sources")
    page = window.sources_page
    page.select(source_id)
    check = page.findChild(QCheckBox, "allowLocalCheck")
    assert check.isEnabled() and not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert window.registry.get(source_id).allow_local
    further = page.findChild(QCheckBox, "allowOtherSitesCheck")
    assert further.isEnabled() and not further.isChecked()
    qtbot.mouseClick(further, Qt.MouseButton.LeftButton)
    assert window.registry.get(source_id).allow_other_sites
    qtbot.mouseClick(further, Qt.MouseButton.LeftButton)
    assert not window.registry.get(source_id).allow_other_sites
    cookie = page.findChild(QLineEdit, "sourceCookieEdit")
    cookie.setText("sid=typed-secret-91")
    qtbot.mouseClick(page.findChild(QPushButton, "saveCookieButton"), Qt.MouseButton.LeftButton)
    assert window.registry.get(source_id).cookie() == "sid=typed-secret-91"
    assert cookie.text() == "" and "typed-secret" not in page.report.toPlainText()
    qtbot.mouseClick(page.findChild(QPushButton, "forgetCookieButton"), Qt.MouseButton.LeftButton)
    assert window.registry.get(source_id).cookie() == ""
    page.select("baidu")
    assert not check.isEnabled() and not further.isEnabled()  # a built-in: no switches


async def test_the_old_global_cookie_moves_to_baidu_alone(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    async with (
        SampleServer(default_library()) as server,
        serving(Site(), "127.0.0.2") as own,
    ):
        window = make_window(server, **{"network/cookie": SECRET})
        assert window.settings.legacy_cookie == ""  # moved out of the settings
        assert window.registry.get("baidu").cookie() == SECRET
        import_rules(window, rule(own.base))
        await search(qtbot, window, "青云")
    assert own.seen and own.cookies_sent() == []  # a rule source never gets Baidu's cookie
    assert server.stats.cookies and set(server.stats.cookies) == {SECRET}
    assert SECRET not in (tmp_path / "settings0.ini").read_text(encoding="utf-8")


async def test_a_script_that_throws_the_sources_cookie_does_not_show_it_in_the_window(
    qtbot: Any, make_window: WindowFactory
) -> None:
    """A script reads its source's cookie (Legado's ``cookie.getCookie``) and may fail with
    it: the failure reaches the Search page's status, which shows it redacted, as the log
    and the command line do."""
    from .test_search_page import status

    async with serving(Site(), "127.0.0.2") as own:
        hostile = rule(own.base)
        hostile["ruleSearch"]["bookList"] = (
            "@js:throw new Error('<b>see</b> ' + cookie.getCookie(source.key))"
        )
        window = make_window()
        (source_id,) = import_rules(window, hostile)
        window.registry.set_cookie(source_id, "sid=window-secret-5150")
        await search(qtbot, window, "青云")
    shown = status(window)
    assert "failed" in shown and "[redacted]" in shown, shown
    assert "window-secret-5150" not in shown


def test_a_failed_download_or_update_shows_its_reason_redacted(qtbot: Any) -> None:
    """The Downloads page's failed job and the Library page's failed update show the core's
    reason: a script's failure may hold the source's cookie, shown redacted as in the log."""
    from novelfetch.core.jobs.queue import JobKind, JobState, QueueJob
    from novelfetch.core.jobs.results import ChapterFailure
    from novelfetch.core.library.library import LibraryEntry
    from novelfetch.core.library.updates import BookUpdate
    from novelfetch.core.models import Book, Chapter
    from novelfetch.core.net.redaction import register_secrets
    from novelfetch.gui.pages.downloads.page import JobRow
    from novelfetch.gui.pages.library.texts import LibraryTexts

    secret = "sid=shown-nowhere-7271"
    register_secrets([secret])
    reason = f"the script failed: Error: {secret}"
    job = QueueJob(JobKind.DOWNLOAD, "s", "b", "书", state=JobState.FAILED, error=reason)
    row = JobRow(job, "源")
    qtbot.addWidget(row)
    book = Book(source="s", book_id="b", title="书", author="", intro="", cover_url="")
    entry = LibraryEntry(book, "b", 1, 0, 0, 0, 0.0, None, None, ())
    failure = ChapterFailure(Chapter(1, "c1", "第一章"), reason)
    texts = LibraryTexts()
    shown = [
        row.state_text(job),
        *texts.describe(BookUpdate(entry, error=reason)),
        *texts.describe(BookUpdate(entry, failures=[failure])),
    ]
    assert all(secret not in text for text in shown), shown
    assert sum("[redacted]" in text for text in shown) == 3, shown
