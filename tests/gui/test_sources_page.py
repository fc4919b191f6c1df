"""The Sources page: importing (file, dialog, clipboard, address), the usable/not usable list,
trying a source, enable/disable/remove and the Book page's source picker following."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
)

from novelfetch.core.sources import SourceRegistry
from novelfetch.gui import MainWindow
from novelfetch.sample.library import default_library
from novelfetch.sample.server import SampleServer

from .conftest import SignalWaiter, WindowFactory
from .rule_files import SITE_NAME, dead_address, rule_text, serve, site_rule


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(default_library()) as running:
        yield running


def js_rule(site_base: str) -> dict[str, Any]:
    rule = site_rule(site_base, bookSourceName="脚本书站", bookSourceUrl=site_base + "js/")
    rule["ruleContent"]["content"] = "<js>java.webView(null, baseUrl, null)</js>"
    return rule


def script_rule(site_base: str) -> dict[str, Any]:
    rule = site_rule(site_base, bookSourceName="沙盒书站", bookSourceUrl=site_base + "sandbox/")
    rule["ruleContent"]["content"] += '<js>result.replace(/广告/g, "")</js>'
    return rule


def page_of(window: MainWindow) -> Any:
    window.shell.show_page("sources")
    return window.sources_page


def table(window: MainWindow) -> QTreeWidget:
    return window.findChild(QTreeWidget, "sourcesTable")


def rows(window: MainWindow) -> dict[str, tuple[str, ...]]:
    """Table rows by name: (name, id, kind, state, address)."""
    tree = table(window)
    found = {}
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        found[item.text(0)] = tuple(item.text(column) for column in range(5))
    return found


def row_item(window: MainWindow, name: str) -> QTreeWidgetItem:
    tree = table(window)
    for index in range(tree.topLevelItemCount()):
        if tree.topLevelItem(index).text(0) == name:
            return tree.topLevelItem(index)
    raise AssertionError(f"no row {name!r} in {list(rows(window))}")


def report(window: MainWindow) -> str:
    return window.findChild(QPlainTextEdit, "sourcesReport").toPlainText()


def picker(window: MainWindow) -> dict[str, str]:
    combo = window.source_combo
    return {str(combo.itemData(i)): combo.itemText(i) for i in range(combo.count())}


def button(window: MainWindow, name: str) -> QPushButton:
    return window.findChild(QPushButton, name)


def click(qtbot: Any, window: MainWindow, name: str) -> None:
    widget = button(window, name)
    assert widget.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(window: MainWindow, name: str) -> None:
    table(window).setCurrentItem(row_item(window, name))


async def test_import_a_file_lists_usable_and_not_usable_sources_with_the_reason(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    page = page_of(window)
    path = tmp_path / "rules.json"
    rules = (site_rule(site.site_base), js_rule(site.site_base), script_rule(site.site_base))
    path.write_text(rule_text(*rules), "utf-8")
    changed = SignalWaiter(page.sources_changed)

    page.import_path(str(path))
    await changed.wait()

    listed = rows(window)
    assert listed[SITE_NAME][2:4] == ("Legado", "enabled")
    browser = "ruleContent.content needs java.webView (a browser): not available in NovelFetch"
    assert listed["脚本书站"][3] == f"not usable: {browser}"
    assert listed["沙盒书站"][3] == "enabled, runs JavaScript"
    assert listed["Sample (offline)"][2:4] == ("built-in", "enabled")
    text = report(window)
    assert f"imported {SITE_NAME}" in text
    assert f"imported 脚本书站, not usable: {browser}" in text
    # Usable sources join the Book page's picker; the unusable one does not.
    assert SITE_NAME in picker(window).values()
    assert "脚本书站" not in picker(window).values()
    # An unusable source cannot be tried.
    choose(window, "脚本书站")
    assert not button(window, "trySourceButton").isEnabled()


async def test_import_through_the_file_dialog(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    page_of(window)
    path = tmp_path / "one.json"
    path.write_text(rule_text(site_rule(site.site_base)), "utf-8")

    click(qtbot, window, "importFileButton")
    dialog = window.findChild(QFileDialog, "importFileDialog")
    assert dialog is not None and dialog.isVisible()
    changed = SignalWaiter(window.sources_page.sources_changed)
    dialog.selectFile(str(path))
    dialog.accept()
    await changed.wait()

    assert rows(window)[SITE_NAME][3] == "enabled"


async def test_import_from_the_clipboard(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    page_of(window)
    QGuiApplication.clipboard().setText(rule_text(site_rule(site.site_base)))

    click(qtbot, window, "importClipboardButton")

    assert rows(window)[SITE_NAME][3] == "enabled"
    assert "Imported from the clipboard:" in report(window)


async def test_import_from_an_address(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    document = rule_text(site_rule(site.site_base)).encode()

    def routes(app: web.Application) -> None:
        async def rules(request: web.Request) -> web.Response:
            return web.Response(body=document)

        app.router.add_get("/rules.json", rules)

    async with serve(routes) as rules_server:
        window = make_window(site)
        page = page_of(window)
        box = window.findChild(QLineEdit, "importUrlInput")

        qtbot.keyClicks(box, str(rules_server.make_url("/missing.json")))
        click(qtbot, window, "importUrlButton")
        await asyncio.wait_for(page.importing, 15)
        assert "404" in report(window), report(window)
        assert SITE_NAME not in rows(window)

        box.clear()
        qtbot.keyClicks(box, str(rules_server.make_url("/rules.json")))
        qtbot.keyClick(box, Qt.Key.Key_Return)
        await asyncio.wait_for(page.importing, 15)

    assert rows(window)[SITE_NAME][3] == "enabled"
    assert button(window, "importUrlButton").isEnabled()


async def test_try_reports_each_step(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    page = page_of(window)
    page.import_text(
        rule_text(site_rule(site.site_base), site_rule(dead_address(), bookSourceName="断线书站")),
        "test",
    )
    controller = window.search_controller

    choose(window, SITE_NAME)
    finished = SignalWaiter(controller.check_finished)
    click(qtbot, window, "trySourceButton")
    assert not button(window, "trySourceButton").isEnabled()  # one try at a time
    (_, worked) = await finished.wait()

    assert worked
    text = report(window)
    for step in ("ok  search '青云': 1 found", "ok  details: 青云山海录", "ok  catalog: "):
        assert step in text, text
    assert "ok  chapter 1 (" in text and " works." in text
    assert button(window, "trySourceButton").isEnabled()

    choose(window, "断线书站")
    finished = SignalWaiter(controller.check_finished)
    click(qtbot, window, "trySourceButton")
    (_, worked) = await finished.wait()
    assert not worked
    text = report(window)
    assert "FAILED  search '青云': cannot connect to 127.0.0.1" in text, text
    assert "did not work (see the failed step)" in text


async def test_try_searches_the_words_given_and_shows_why_it_could_not(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    page = page_of(window)
    rule = site_rule(site.site_base)
    del rule["ruleSearch"]["checkKeyWord"]  # a source that names no words of its own
    del rule["bookUrlPattern"]  # nor its book addresses: no book to take from its home page
    page.import_text(rule_text(rule), "test")
    controller = window.search_controller

    choose(window, SITE_NAME)
    finished = SignalWaiter(controller.check_finished)
    click(qtbot, window, "trySourceButton")
    (_, worked) = await finished.wait()
    assert not worked
    text = report(window)
    assert "FAILED  find a book on its home page: no check word and no pattern" in text, text
    assert "did not work (see the failed step)" in text
    assert window.message_bar.isHidden()  # said where the steps are, once

    page.report.clear()
    words = window.findChild(QLineEdit, "tryWordsInput")
    words.setText("青云")  # QTest types Latin keys only
    finished = SignalWaiter(controller.check_finished)
    qtbot.keyClick(words, Qt.Key.Key_Return)
    (_, worked) = await finished.wait()
    assert worked, report(window)
    assert "ok  search '青云': 1 found" in report(window)


async def test_disable_enable_remove_and_the_picker_follows(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    page = page_of(window)
    page.import_text(rule_text(site_rule(site.site_base)), "test")
    source_id = rows(window)[SITE_NAME][1]
    assert picker(window)[source_id] == SITE_NAME

    # Built-ins can be tried but not switched off or removed.
    choose(window, "Sample (offline)")
    assert button(window, "trySourceButton").isEnabled()
    assert not button(window, "toggleSourceButton").isEnabled()
    assert not button(window, "removeSourceButton").isEnabled()

    choose(window, SITE_NAME)
    assert button(window, "toggleSourceButton").text() == "Disable"
    click(qtbot, window, "toggleSourceButton")
    assert rows(window)[SITE_NAME][3] == "disabled"
    assert source_id not in picker(window)
    assert not SourceRegistry(tmp_path / "data").get(source_id).enabled
    assert button(window, "toggleSourceButton").text() == "Enable"

    click(qtbot, window, "toggleSourceButton")
    assert rows(window)[SITE_NAME][3] == "enabled"
    assert picker(window)[source_id] == SITE_NAME

    click(qtbot, window, "removeSourceButton")
    confirm = window.findChild(QMessageBox, "removeSourceDialog")
    assert confirm is not None and confirm.isVisible()
    confirm.button(QMessageBox.StandardButton.No).click()
    assert SITE_NAME in rows(window)

    click(qtbot, window, "removeSourceButton")
    confirm = next(
        box for box in window.findChildren(QMessageBox, "removeSourceDialog") if box.isVisible()
    )
    changed = SignalWaiter(page.sources_changed)
    confirm.button(QMessageBox.StandardButton.Yes).click()
    await changed.wait()
    assert SITE_NAME not in rows(window)
    assert source_id not in picker(window)
    assert f"Removed {source_id}" in report(window)
    # The data folder says so too: the next start sees the same list.
    assert source_id not in {entry.id for entry in SourceRegistry(tmp_path / "data").entries()}


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2, 3]",
        json.dumps({"bookSourceName": "无网址"}, ensure_ascii=False),
        "",
    ],
    ids=["not-json", "no-sources", "no-url", "empty"],
)
async def test_a_malformed_file_shows_a_message_and_changes_nothing(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path, content: str
) -> None:
    window = make_window(site, data_dir=tmp_path / "data")
    page = page_of(window)
    page.import_text(rule_text(site_rule(site.site_base)), "test")
    saved = (tmp_path / "data" / "sources.json").read_bytes()
    before, choices = rows(window), picker(window)
    path = tmp_path / "broken.json"
    path.write_text(content, "utf-8")
    changes: list[None] = []
    page.sources_changed.connect(lambda: changes.append(None))

    page.import_path(str(path))

    said = report(window).split("Imported from test:")[-1]
    assert "broken.json" in said, said
    assert "not a rule file" in said or "skipped 无网址" in said, said
    assert "bookSourceUrl" in said or "not a rule file" in said, said
    assert rows(window) == before and picker(window) == choices
    assert (tmp_path / "data" / "sources.json").read_bytes() == saved
    assert not changes


async def test_a_missing_file_is_named(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    page = page_of(window)
    page.import_path(str(tmp_path / "nowhere.json"))
    assert "nowhere.json" in report(window).splitlines()[-1]


async def test_names_from_rule_files_are_shown_as_plain_text(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    page = page_of(window)
    name = "<b>x</b><img src=x>"
    page.import_text(rule_text(site_rule(site.site_base, bookSourceName=name)), "test")

    row = rows(window)[name]  # the table shows the markup as the characters it is
    assert row[3] == "enabled"
    assert picker(window)[row[1]] == name
    assert f"imported {name}" in report(window)


async def test_the_book_page_shows_a_long_source_name_whole(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    window.resize(900, 600)
    window.shell.show_page("book")  # shown once before the import, as a user would have
    long_name = SITE_NAME + "第二分站（备用线路）"
    (line,) = (
        page_of(window)
        .import_text(rule_text(site_rule(site.site_base, bookSourceName=long_name)), "test")
        .lines
    )
    window.picker.set_source(str(line.source_id))
    window.shell.show_page("book")
    for _ in range(12):  # a layout request travels up one parent at a time
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    combo = window.source_combo
    assert combo.currentText() == long_name
    assert combo.width() >= combo.fontMetrics().horizontalAdvance(long_name)
    assert window.width() == 900  # it found the room without widening the window
