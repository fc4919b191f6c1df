"""The Library page: books downloaded on the Book page, checks, updates, export, remove, sort.

The real window against the real local server; a test grows a book at the server between
runs and counts the chapter requests there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QTreeWidgetItem

from novelfetch.core.library.library import Library
from novelfetch.gui import MainWindow
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.pages.library.page import AUTHOR, NEW, PROGRESS, SOURCE, STATUS, TITLE
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import FaultPlan, SampleServer
from tests.gui.conftest import SignalWaiter, WindowFactory, load, make_settings, state_waiter
from tests.gui.test_download import epub_chapters, type_into

# Escaped at the source, so what reaches the window is literal text that looks like markup.
MARKUP_TITLE = "<b>粗体</b>书"
MARKUP_AUTHOR = "<a href='x'>某</a>"


def shelf() -> dict[str, SampleBook]:
    """Small books with Latin titles and authors: their sort order is plain."""
    return {
        "1": SampleBook("1", "Alpha", "Zed", "", chapter_count=12, chars_per_chapter=200),
        "2": SampleBook("2", "Beta", "Young", "", chapter_count=3, chars_per_chapter=200),
        "3": SampleBook("3", "Gamma", "Xavier", "", chapter_count=3, chars_per_chapter=200),
        "4": SampleBook("4", escape(MARKUP_TITLE), escape(MARKUP_AUTHOR), "", chapter_count=2),
    }


@pytest.fixture
async def site() -> AsyncIterator[SampleServer]:
    async with SampleServer(shelf()) as running:
        yield running


async def download(qtbot: Any, window: MainWindow, book: str, last: int | None = None) -> Path:
    """Load ``book`` on the Book page, Start (chapters 1…``last``), wait until it is written."""
    assert await load(qtbot, window, book) is JobState.READY, window.message_bar.text()
    if last is not None:
        type_into(qtbot, window.chapters.last, last)
    done = state_waiter(window, JobState.DONE, JobState.READY)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert (await done.wait()) == (JobState.DONE,), window.message_bar.text()
    assert window.controller.output is not None
    return window.controller.output


def rows(window: MainWindow) -> list[QTreeWidgetItem]:
    tree = window.library_page.books
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def row(window: MainWindow, title: str) -> QTreeWidgetItem:
    (found,) = [item for item in rows(window) if item.text(TITLE) == title]
    return found


def choose(window: MainWindow, title: str) -> None:
    window.library_page.books.setCurrentItem(row(window, title))


async def run(window: MainWindow, start: Any) -> tuple:
    """Start a check or update with ``start()`` and wait until it has finished."""
    finished = SignalWaiter(window.library.controller.run_finished)
    start()
    return await finished.wait()


async def test_a_book_downloaded_on_the_book_page_joins_the_library(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    page = window.library_page
    assert window.shell.current() == "library"  # the home page
    assert not page.empty.isHidden() and page.books.isHidden()
    assert not page.check_all.isEnabled()

    path = await download(qtbot, window, "1", last=5)
    (item,) = rows(window)
    assert [item.text(c) for c in (TITLE, AUTHOR, PROGRESS, NEW)] == ["Alpha", "Zed", "5 / 12", ""]
    assert item.text(SOURCE) == "Baidu 读书 (dushu.baidu.com)"
    (entry,) = window.library.controller.entries
    (record,) = entry.files
    # Chapters 1-5 under the title's name: recorded as the part it is, never the whole book.
    assert record.path == path and not record.whole and record.part == "第1-5章"
    assert not page.books.isHidden() and page.empty.isHidden() and page.check_all.isEnabled()
    # The cover the Book page stored, decoded off the loop, replaces the placeholder.
    controller = window.library.controller
    if controller.cover(entry.key) is None:
        await SignalWaiter(controller.cover_ready, lambda key, _image: key == entry.key).wait()
    cover = controller.cover(entry.key)
    assert cover is not None and not cover.isNull() and cover.height() <= 112
    icon = rows(window)[0].icon(TITLE)
    assert icon.cacheKey() != page._placeholder.cacheKey()

    # Open book (the row's double-click) shows the book already loaded, without a new load.
    loads = site.stats.requests.copy()
    choose(window, "Alpha")
    page.open_action.trigger()
    assert window.shell.current() == "book" and window.controller.state is JobState.DONE
    assert site.stats.requests == loads


async def test_check_all_finds_new_chapters_and_update_fetches_only_those(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await download(qtbot, window, "2")
    path = await download(qtbot, window, "1")
    assert epub_chapters(path) == 12
    window.shell.show_page("library")
    site.library["1"] = dataclasses.replace(site.library["1"], chapter_count=15)
    before = sum(site.stats.chapter_requests.values())

    page = window.library_page
    check_only, done, failed = await run(window, page.check_all.click)
    assert (check_only, done, failed) == (True, 2, 0)
    assert sum(site.stats.chapter_requests.values()) == before  # a check fetches no chapter
    assert row(window, "Alpha").text(NEW) == "3 new"
    assert row(window, "Alpha").text(PROGRESS) == "12 / 15"
    assert row(window, "Beta").text(NEW) == "" and row(window, "Beta").text(STATUS) == "Up to date"
    assert page.status.text() == "Checked 2 books; 1 with new chapters."

    choose(window, "Alpha")
    assert page.update_action.isEnabled()
    check_only, done, failed = await run(window, page.update_action.trigger)
    assert (check_only, done, failed) == (False, 1, 0)
    book = site.library["1"]
    new_ids = sorted(book.chapter_id(i) for i in (13, 14, 15))
    fetched = sorted(k for k, n in site.stats.chapter_requests.items() for _ in range(n))
    assert sum(site.stats.chapter_requests.values()) == before + 3
    assert [k for k in fetched if k in new_ids] == new_ids
    assert epub_chapters(path) == 15  # the file in its place, rewritten whole
    alpha = row(window, "Alpha")
    assert alpha.text(NEW) == "" and alpha.text(PROGRESS) == "15 / 15"
    assert alpha.text(STATUS) == "3 fetched" and "rewritten with 15 chapters" in alpha.toolTip(
        STATUS
    )

    # Alpha is still on the Book page, as it was before the update: opening it loads it again.
    reloaded = state_waiter(window, JobState.READY)
    page.open_action.trigger()
    assert (await reloaded.wait()) == (JobState.READY,)
    assert window.shell.current() == "book" and window.chapters.model.rowCount() == 15
    assert window.book_panel.counts.text().startswith("15 chapters · 15 already stored")


async def test_a_book_downloading_on_the_book_page_is_not_updated_meanwhile(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await download(qtbot, window, "1", last=5)
    window.chapters.select_all()
    done = state_waiter(window, JobState.DONE, JobState.READY)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert window.controller.state is JobState.DOWNLOADING
    choose(window, "Alpha")
    window.library_page.update_action.trigger()
    assert not window.library.controller.running
    assert "Alpha is being downloaded on the Book page" in window.message_bar.text()
    assert (await done.wait()) == (JobState.DONE,)
    assert row(window, "Alpha").text(PROGRESS) == "12 / 12"


async def test_remove_forgets_the_book_and_its_chapters_after_asking(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    path = await download(qtbot, window, "2")
    window.shell.show_page("library")
    page = window.library_page
    choose(window, "Beta")

    page.remove_action.trigger()
    box = page.remove_box
    assert box is not None and box.isVisible() and "Beta" in box.text()
    box.button(QMessageBox.StandardButton.No).click()  # Keep
    assert [item.text(TITLE) for item in rows(window)] == ["Beta"]

    page.books.setFocus()
    qtbot.keyClick(page.books, Qt.Key.Key_Delete)  # as the menu's Remove…
    assert page.remove_box is not box and page.remove_box.isVisible()
    removed = SignalWaiter(window.library.controller.removed)
    page.remove_box.button(QMessageBox.StandardButton.Yes).click()
    await removed.wait()
    assert rows(window) == [] and not page.empty.isHidden()
    store = window.controller.open_store()
    assert store.load_book("baidu", "2") is None and Library(store).entries() == []
    assert path.is_file()  # the book file stays where it is


async def test_export_as_writes_from_the_store_without_the_network(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    await download(qtbot, window, "2")
    window.shell.show_page("library")
    choose(window, "Beta")
    requests = sum(site.stats.requests.values())

    window.library_page.export_action.trigger()
    dialog = window.library.export_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.format.setCurrentIndex(dialog.format.findData("txt"))
    dialog.folder.setText(str(tmp_path / "exported"))
    exported = SignalWaiter(window.library.controller.exported)
    dialog.export_button.click()
    (outcome,) = await exported.wait()
    assert outcome.path == tmp_path / "exported" / "Beta.txt"
    text = outcome.path.read_text(encoding="utf-8")
    assert all(site.library["2"].chapter_title(i) in text for i in (1, 2, 3))
    assert sum(site.stats.requests.values()) == requests
    assert window.library_page.status.text() == f"Exported to {outcome.path}"
    (entry,) = window.library.controller.entries
    assert outcome.path in [record.path for record in entry.files]

    # Show in folder: the folder of the file written last.
    window.library_page.show_folder_action.trigger()
    assert window.opened_urls[-1].toLocalFile() == str(tmp_path / "exported")  # type: ignore


async def test_sort_and_filter(qtbot: Any, make_window: WindowFactory, site: SampleServer) -> None:
    window = make_window(site)
    for book in ("1", "2", "3"):
        await download(qtbot, window, book)
    window.shell.show_page("library")
    page = window.library_page

    def sort_by(key: str) -> list[str]:
        page.sort.setCurrentIndex(page.sort.findData(key))
        return page.visible_titles()

    assert sort_by("title") == ["Alpha", "Beta", "Gamma"]
    assert sort_by("author") == ["Gamma", "Beta", "Alpha"]  # Xavier, Young, Zed
    assert sort_by("added") == ["Gamma", "Beta", "Alpha"]  # newest first
    site.library["2"] = dataclasses.replace(site.library["2"], chapter_count=4)
    choose(window, "Beta")
    await run(window, page.update_action.trigger)
    assert sort_by("updated") == ["Beta", "Gamma", "Alpha"]

    qtbot.keyClicks(page.filter, "YOU")  # the author, any case
    assert page.visible_titles() == ["Beta"]
    page.filter.setText("a")
    assert page.visible_titles() == ["Beta", "Gamma", "Alpha"]
    page.filter.setText("gam alp")  # every word must match
    assert page.visible_titles() == []
    page.filter.clear()
    assert len(page.visible_titles()) == 3


async def test_markup_in_titles_is_shown_as_text(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await download(qtbot, window, "4")
    window.shell.show_page("library")
    page = window.library_page
    item = row(window, MARKUP_TITLE)
    assert item.text(AUTHOR) == MARKUP_AUTHOR
    assert "&lt;b&gt;粗体&lt;/b&gt;" in item.toolTip(TITLE)  # escaped: never rendered
    choose(window, MARKUP_TITLE)
    page.remove_action.trigger()
    assert page.remove_box is not None
    assert page.remove_box.textFormat() == Qt.TextFormat.PlainText
    page.remove_box.button(QMessageBox.StandardButton.No).click()
    page.export_action.trigger()
    dialog = window.library.export_dialog
    assert dialog is not None
    heading = dialog.findChild(QLabel, "exportTitle")
    assert heading.text() == MARKUP_TITLE and heading.textFormat() == Qt.TextFormat.PlainText
    dialog.reject()


async def test_last_page_and_book_are_remembered_and_the_start_up_check(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    values = {"baidu/api_base": site.api_base, "window/output_dir": str(tmp_path / "out")}
    settings = make_settings(tmp_path / "remembered.ini", **values)
    first = make_window(site, settings=settings)
    await download(qtbot, first, "2")
    first.library_page.sort.setCurrentIndex(first.library_page.sort.findData("added"))
    first.shell.show_page("search")
    await first.shutdown()

    # The last page comes back; the last book is re-opened when the Book page is shown.
    second = make_window(site, settings=settings)
    assert second.shell.current() == "search"
    assert second.library_page.sort.currentData() == "added"
    assert second.controller.state is JobState.IDLE  # nothing loaded behind the user's back
    loaded = state_waiter(second, JobState.READY, JobState.IDLE)
    second.shell.show_page("book")
    assert (await loaded.wait()) == (JobState.READY,)
    assert second.book_panel.title.text() == "Beta"
    await second.shutdown()

    # Checking every book at start-up, when the user switched it on.
    settings.setValue("library/check_on_start", True)
    site.library["2"] = dataclasses.replace(site.library["2"], chapter_count=5)
    third = make_window(site, settings=settings)
    finished = SignalWaiter(third.library.controller.run_finished)
    assert third.library.controller.running
    assert (await finished.wait()) == (True, 1, 0)
    assert row(third, "Beta").text(NEW) == "2 new"
    assert third.shell.current() == "book"  # Book page was the last one shown


class SecondDetailHangs(FaultPlan):
    """The second book asked for gets no answer (until long after the test)."""

    def next_fault(self, key: str) -> str | None:
        if key != "getDetail":
            return None
        self.details = getattr(self, "details", 0) + 1
        return "hang" if self.details == 2 else None


async def test_stop_ends_a_check_all_between_books(
    qtbot: Any, make_window: WindowFactory, site: SampleServer
) -> None:
    window = make_window(site)
    await download(qtbot, window, "2")
    await download(qtbot, window, "3")
    window.shell.show_page("library")
    page, controller = window.library_page, window.library.controller
    # Books of one source are checked in turn: the first answers, the second never does.
    site.faults = SecondDetailHangs()
    first = SignalWaiter(controller.book_done)
    finished = SignalWaiter(controller.run_finished)
    qtbot.mouseClick(page.check_all, Qt.MouseButton.LeftButton)
    assert page.check_all.text() == "Stop" and not page.progress.isHidden()
    (report, done, total) = await first.wait()
    assert (report.ok, done, total) == (True, 1, 2)
    assert page.status.text() == "Checking for updates: 1 of 2 books…"
    qtbot.mouseClick(page.check_all, Qt.MouseButton.LeftButton)  # Stop
    assert (await finished.wait()) == (True, 1, 0)
    assert not controller.running and page.check_all.text() == "Check all for updates"
    assert page.progress.isHidden()
    assert page.status.text() == "Checked 1 book; 0 with new chapters."
    assert "Checking…" not in [item.text(STATUS) for item in rows(window)]


async def test_export_over_a_bigger_book_file_asks_first(
    qtbot: Any, make_window: WindowFactory, site: SampleServer, tmp_path: Path
) -> None:
    window = make_window(site)
    whole = await download(qtbot, window, "1")  # out/Alpha.epub, 12 chapters
    window.shell.show_page("library")
    choose(window, "Alpha")
    window.library_page.remove_action.trigger()
    window.library_page.remove_box.button(QMessageBox.StandardButton.Yes).click()
    await download(qtbot, window, "1", last=5)  # only 5 stored now (a part file)
    window.shell.show_page("library")
    choose(window, "Alpha")

    def export_epub_to_out() -> None:
        window.library_page.export_action.trigger()
        dialog = window.library.export_dialog
        dialog.format.setCurrentIndex(dialog.format.findData("epub"))
        dialog.folder.setText(str(whole.parent))
        dialog.export_button.click()

    controller = window.library.controller
    asked = SignalWaiter(controller.export_would_shrink)
    export_epub_to_out()
    (_entry, _target, reason) = await asked.wait()
    assert "12" in reason and epub_chapters(whole) == 12  # untouched until the user says so
    box = window.library.shrink_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert epub_chapters(whole) == 12

    asked = SignalWaiter(controller.export_would_shrink)
    export_epub_to_out()
    await asked.wait()
    exported = SignalWaiter(controller.exported)
    window.library.shrink_box.button(QMessageBox.StandardButton.Yes).click()
    (outcome,) = await exported.wait()
    assert outcome.path == whole and epub_chapters(whole) == 5
