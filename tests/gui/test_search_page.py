"""The Search page: results per source as each answers, failures named, newest search wins,
covers, and opening a result (or a pasted address) on the Book page."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTreeWidget

from novelfetch.gui import MainWindow
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.pages.search.controller import decode_thumbnail
from novelfetch.sample.library import cover_png, default_library
from novelfetch.sample.server import SampleServer

from .conftest import SignalWaiter, WindowFactory, state_waiter
from .rule_files import SITE_NAME, dead_address, hanging_api, rule_text, serve, site_rule

BOOK = default_library()["1"]  # 青云山海录: every source of the sample finds it for 青云


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        running.search_covers = False  # here only the rule source's results have covers
        yield running


def import_rules(window: MainWindow, *rules: dict[str, Any]) -> list[str]:
    report = window.sources_page.import_text(rule_text(*rules), "test rules")
    assert report is not None
    ids = [line.source_id for line in report.lines if line.imported]
    assert len(ids) == len(rules), report.lines
    return [str(source_id) for source_id in ids]


def results(window: MainWindow) -> list[tuple[str, str, str, str]]:
    tree = window.findChild(QTreeWidget, "searchResults")
    rows = []
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        rows.append(tuple(item.text(column) for column in range(4)))
    return rows


def status(window: MainWindow) -> str:
    return window.findChild(QLabel, "searchStatus").text()


async def search(qtbot: Any, window: MainWindow, words: str) -> int:
    """Type ``words`` into the search box, press Enter, wait until every source answered."""
    window.shell.show_page("search")
    box = window.findChild(QLineEdit, "searchInput")
    controller = window.search_controller
    finished = SignalWaiter(
        controller.search_finished, lambda number: number == controller.search_number
    )
    box.clear()
    box.insert(words)  # as typed through an input method (QTest cannot type CJK)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    (number,) = await finished.wait()
    return number


async def test_results_arrive_per_source_with_source_names(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)  # the baidu source talks to this server's API
    (site_id,) = import_rules(window, site_rule(site.site_base))
    answered: list[str] = []
    window.search_controller.results_arrived.connect(
        lambda number, entry, found: answered.append(entry.id)
    )

    await search(qtbot, window, "青云")

    # One answer per source, each shown as it came (three emissions, not one batch).
    assert sorted(answered) == sorted(["baidu", "sample", site_id])
    rows = results(window)
    names = {entry.id: entry.name for entry in window.registry.entries()}
    assert sorted(row[2] for row in rows) == sorted(names[key] for key in answered)
    assert {row[:2] for row in rows} == {(BOOK.title, BOOK.author)}
    site_row = next(row for row in rows if row[2] == SITE_NAME)
    assert site_row[3]  # the site's search page shows the latest chapter
    for name in (names["baidu"], names["sample"], SITE_NAME):
        assert f"{name}: 1 found" in status(window)


async def test_a_hanging_and_a_broken_source_are_named_beside_the_healthy_results(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    async with hanging_api() as hanging:
        window = make_window(site, **{"baidu/api_base": hanging})
        window.search_controller.timeout = 2.0
        import_rules(
            window,
            site_rule(site.site_base),
            site_rule(dead_address(), bookSourceName="断线书站"),
        )

        await search(qtbot, window, "青云")

        sources = sorted(row[2] for row in results(window))
        assert sources == sorted(["Sample (offline)", SITE_NAME]), sources
        text = status(window)
        baidu = window.registry.get("baidu").name
        assert f"{baidu}: failed: no answer within 2 s" in text, text
        assert "断线书站: failed: cannot connect to 127.0.0.1" in text, text
        assert f"{SITE_NAME}: 1 found" in text, text


async def test_a_newer_search_replaces_an_older_one_still_running(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    """The first search's Baidu answer is held back until the second search is done; when it
    is let go, its connection is already closed and its book never shows."""
    asked = asyncio.get_running_loop().create_future()
    release = asyncio.Event()
    handled = asyncio.get_running_loop().create_future()

    async def api(request: web.Request) -> web.Response:
        word = json.loads(request.query["data"])["word"]
        found = []
        if word == "旧书":
            asked.set_result(None)
            try:
                await release.wait()
            except asyncio.CancelledError:  # aiohttp cancels a handler whose client left
                handled.set_result(True)
                raise
            found = [{"book_id": "99999", "book_name": "过期之书", "author": "旧人"}]
            transport = request.transport
            handled.set_result(transport is None or transport.is_closing())
        return web.json_response({"status": 0, "data": {"list": found}})

    async with serve(lambda app: app.router.add_get("/api/pc/{method}", api)) as held:
        window = make_window(site, **{"baidu/api_base": str(held.make_url("/api/pc"))})
        window.shell.show_page("search")
        box = window.findChild(QLineEdit, "searchInput")
        box.insert("旧书")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        await asyncio.wait_for(asked, 15)
        assert window.search_controller.searching

        number = await search(qtbot, window, "青云")
        assert number == 2
        release.set()
        closed_before_answer = await asyncio.wait_for(handled, 15)

        assert closed_before_answer  # the old search was cancelled, not merely ignored
        assert "过期之书" not in {row[0] for row in results(window)}
        assert {row[0] for row in results(window)} == {BOOK.title}


async def test_results_get_their_covers(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    (source_id,) = import_rules(window, site_rule(site.site_base))
    covered = SignalWaiter(
        window.search_controller.cover_arrived,
        lambda number, result, image: result.source == source_id,
    )

    await search(qtbot, window, "青云")
    _, result, image = await covered.wait()

    assert result.source == source_id and result.cover_url.startswith(site.origin)
    assert site.stats.cover_requests == 1
    assert not image.isNull()
    assert (image.width(), image.height()) == (60, 80)  # the sample's covers are small
    tree = window.findChild(QTreeWidget, "searchResults")
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    site_item = next(item for item in rows if item.text(2) == SITE_NAME)
    others = [item for item in rows if item is not site_item]
    shown = site_item.icon(0).pixmap(36, 48).toImage()
    assert shown.pixelColor(18, 24) == image.pixelColor(image.width() // 2, image.height() // 2)
    # Sources that give no cover keep the placeholder.
    assert all(not item.icon(0).isNull() for item in others)


async def test_a_cover_that_fails_keeps_the_placeholder(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    site.faults.scripted[f"cover:{BOOK.book_id}"] = ["404"]
    window = make_window(site)
    import_rules(window, site_rule(site.site_base))
    placeholder = window.search_page._placeholder.pixmap(36, 48).toImage()

    await search(qtbot, window, "青云")
    # The failed fetch is the only cover task: wait for it through the controller's keeper.
    await asyncio.wait_for(_covers_done(window), 15)

    tree = window.findChild(QTreeWidget, "searchResults")
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == SITE_NAME
    )
    assert site.stats.cover_requests == 1
    assert item.icon(0).pixmap(36, 48).toImage() == placeholder


async def test_the_built_in_sources_results_have_covers(
    qtbot: Any, make_window: WindowFactory
) -> None:
    async with SampleServer(default_library()) as server:
        window = make_window(server)  # Baidu's API and the sample source: the same server
        placeholder = window.search_page._placeholder.pixmap(36, 48).toImage()
        await search(qtbot, window, "青云")
        await asyncio.wait_for(_covers_done(window), 15)
    shown = window.findChild(QTreeWidget, "searchResults")
    items = [shown.topLevelItem(i) for i in range(shown.topLevelItemCount())]
    assert {item.text(2) for item in items} == {"Sample (offline)", "Baidu 读书 (dushu.baidu.com)"}
    for item in items:
        assert item.icon(0).pixmap(36, 48).toImage() != placeholder, item.text(2)


async def _covers_done(window: MainWindow) -> None:
    tasks = list(window.search_controller._cover_tasks)
    await asyncio.gather(*tasks, return_exceptions=True)


async def test_opening_a_result_shows_the_book(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    (source_id,) = import_rules(window, site_rule(site.site_base))
    await search(qtbot, window, "青云")
    tree = window.findChild(QTreeWidget, "searchResults")
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == SITE_NAME
    )
    open_button = window.findChild(QPushButton, "openResultButton")
    assert not open_button.isEnabled()

    ready = state_waiter(window, JobState.READY, JobState.IDLE)
    tree.setCurrentItem(item)
    assert open_button.isEnabled()
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    (state,) = await ready.wait()

    assert state is JobState.READY, window.message_bar.text()
    assert window.shell.current() == "book"
    assert window.source_combo.currentData() == source_id
    assert window.book_panel.title.text() == BOOK.title
    assert window.progress.start.isEnabled()


async def test_double_clicking_a_result_opens_it(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await search(qtbot, window, "青云")
    tree = window.findChild(QTreeWidget, "searchResults")
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == "Sample (offline)"
    )

    ready = state_waiter(window, JobState.READY, JobState.IDLE)
    where = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    (state,) = await ready.wait()

    assert state is JobState.READY, window.message_bar.text()
    assert window.shell.current() == "book"
    assert window.source_combo.currentData() == "sample"
    assert window.book_panel.title.text() == BOOK.title


async def test_a_pasted_book_address_opens_directly(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    (source_id,) = import_rules(window, site_rule(site.site_base))
    searches: list[int] = []
    window.search_controller.search_started.connect(lambda number, _: searches.append(number))
    window.shell.show_page("search")
    box = window.findChild(QLineEdit, "searchInput")

    ready = state_waiter(window, JobState.READY, JobState.IDLE)
    box.insert(f"{site.site_base}book/{BOOK.book_id}/")  # pasted
    qtbot.keyClick(box, Qt.Key.Key_Return)
    (state,) = await ready.wait()

    assert state is JobState.READY, window.message_bar.text()
    assert searches == []  # an address is opened, not searched for
    assert window.shell.current() == "book"
    assert window.source_combo.currentData() == source_id
    assert window.book_panel.title.text() == BOOK.title


async def test_an_address_no_source_owns_is_named_in_the_status(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    window.shell.show_page("search")
    box = window.findChild(QLineEdit, "searchInput")
    qtbot.keyClicks(box, "https://example.invalid/book/1/")
    qtbot.keyClick(box, Qt.Key.Key_Return)

    assert window.shell.current() == "search"
    assert "example.invalid" in status(window), status(window)


async def test_covers_still_coming_are_cancelled_by_a_newer_search(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    site.faults.scripted[f"cover:{BOOK.book_id}"] = ["hang"]  # never answers
    window = make_window(site)
    (source_id,) = import_rules(window, site_rule(site.site_base))
    controller = window.search_controller
    arrived: list[str] = []  # the rule source's (the sample's own are at hand at once)
    controller.cover_arrived.connect(
        lambda number, result, image: (
            arrived.append(result.title) if result.source == source_id else None
        )
    )

    await search(qtbot, window, "青云")
    # The covers being fetched (a cover at hand is only decoded, and may finish any moment:
    # whether the sample source answered before or after the rule source is a race).
    pending = {task for task in controller._cover_tasks if task.get_name() != "cover at hand"}
    assert pending  # the held cover is still being fetched

    await search(qtbot, window, "长河")
    await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 15)

    assert all(task.cancelled() for task in pending)
    assert BOOK.title not in arrived
    await asyncio.wait_for(_covers_done(window), 15)
    assert arrived == ["长河夜渡"]  # the new search's cover still comes


async def test_a_result_of_a_source_disabled_since_the_search_is_not_opened_elsewhere(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    (source_id,) = import_rules(window, site_rule(site.site_base))
    await search(qtbot, window, "青云")
    tree = window.findChild(QTreeWidget, "searchResults")
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == SITE_NAME
    )
    window.sources_page.select(source_id)
    window.sources_page.toggle_selected()  # Disable on the Sources page
    assert not window.registry.get(source_id).enabled
    loads: list[str] = []
    window.controller.state_changed.connect(lambda state: loads.append(state))

    tree.setCurrentItem(item)
    qtbot.mouseClick(window.findChild(QPushButton, "openResultButton"), Qt.MouseButton.LeftButton)

    assert window.shell.current() == "search"
    assert loads == []  # nothing was loaded, least of all from another source
    assert f"The source {source_id} is disabled or removed" in window.message_bar.text()


async def test_markup_in_a_source_name_is_shown_as_text(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    name = "<b>x</b><img src=x>"
    import_rules(window, site_rule(site.site_base, bookSourceName=name))

    await search(qtbot, window, "青云")

    assert name in {row[2] for row in results(window)}
    label = window.findChild(QLabel, "searchStatus")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert f"{name}: 1 found" in label.text()


@pytest.mark.parametrize(
    ("size", "fitted"), [((600, 800), (72, 96)), ((900, 300), (72, 24)), ((30, 40), (30, 40))]
)
def test_thumbnails_fit_twice_the_shown_size_and_small_ones_stay(
    qapp: Any, size: tuple[int, int], fitted: tuple[int, int]
) -> None:
    image = decode_thumbnail(cover_png("7", *size))
    assert image is not None and (image.width(), image.height()) == fitted


@pytest.mark.parametrize("data", [b"", b"<html>not an image</html>", b"\x89PNG\r\n\x1a\n broken"])
def test_what_is_no_image_gives_no_thumbnail(qapp: Any, data: bytes) -> None:
    assert decode_thumbnail(data) is None
