"""The window with the hundreds of sources a real collection brings: the Search page keeps
its results in view while every source reports, and the Sources page shows each source's
state (and that it runs JavaScript) and finds one by a few letters of its name."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget

from novelfetch.gui import MainWindow
from novelfetch.gui.pages.search.page import STATUS_SOURCES_NAMED

from .conftest import SignalWaiter, WindowFactory
from .rule_files import dead_address, rule_text, site_rule

MANY = 60


async def import_many(window: MainWindow, base: str) -> list[str]:
    """Import MANY sources of one site (a document this long is read in a worker thread)."""
    page = window.sources_page
    rules = [
        site_rule(f"{base}s{index}/", bookSourceName=f"断线书站{index}号") for index in range(MANY)
    ]
    imported = SignalWaiter(page.sources_changed)
    assert page.import_text(rule_text(*rules), "many") is None
    await imported.wait()
    ids = [entry.id for entry in window.registry.entries() if entry.name.startswith("断线书站")]
    assert len(ids) == MANY
    return ids


async def test_the_results_stay_in_view_while_many_sources_fail(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    window.resize(960, 720)
    await import_many(window, dead_address())
    window.shell.show_page("search")
    page = window.search_page
    finished = SignalWaiter(window.search_controller.search_finished)
    page.query.setText("青云")
    page.submit()
    await finished.wait()
    page.layout().activate()

    status = window.findChild(QLabel, "searchStatus").text()
    # Those that answered first; then failures, each with its reason, up to a number, then
    # how many more (a thousand names made the window lay out a page of text per answer).
    assert status.index("Sample (offline): 1 found") < status.index("断线书站")
    assert ": failed: cannot connect to 127.0.0.1" in status
    assert status.endswith(f" · {MANY + 2 - STATUS_SOURCES_NAMED} more"), status[-200:]
    assert len(status) < 4000
    # The per-source report has a bounded room (it scrolls); the results keep theirs.
    results = window.findChild(QTreeWidget, "searchResults")
    assert results.height() >= page.height() // 2, (results.height(), page.height())
    # And a count up front says how the search went at a glance.
    assert status.startswith(f"{MANY + 2} sources: "), status[:120]


def _state_fits(table: QTreeWidget, row: int) -> bool:
    item = table.topLevelItem(row)
    needed = table.fontMetrics().horizontalAdvance(item.text(3))
    return table.columnWidth(3) >= needed


async def test_the_state_and_javascript_show_beside_long_names_and_addresses(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    window.resize(960, 720)
    long_name = "重生之我在修仙界当大魔王：从杂役弟子到万古第一人（精校全本书源，勿外传）"
    long_base = "https://www.an-unusually-long-host-name-for-a-novel-site.example.com/"
    scripted = site_rule(
        long_base + "path/to/the/site/",
        bookSourceName=long_name,
        ruleContent={"content": "<js>result</js>"},
    )
    report = window.sources_page.import_text(rule_text(scripted), "long")
    assert report is not None and report.usable_count == 1
    window.shell.show_page("sources")
    page = window.sources_page
    page.layout().activate()
    table = page.table
    row = next(
        index
        for index in range(table.topLevelItemCount())
        if table.topLevelItem(index).text(0) == long_name
    )
    assert "runs JavaScript" in table.topLevelItem(row).text(3)
    assert _state_fits(table, row), (table.columnWidth(3), table.topLevelItem(row).text(3))
    # Whatever a column shows cut short is whole in its tooltip.
    assert long_name in table.topLevelItem(row).toolTip(0)


async def test_typing_in_the_filter_shows_only_the_sources_it_matches(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    ids = await import_many(window, "https://books.example.com/")
    page = window.sources_page
    box = window.findChild(QLineEdit, "sourcesFilter")
    table = page.table

    def shown() -> list[str]:
        return [
            table.topLevelItem(index).text(1)
            for index in range(table.topLevelItemCount())
            if not table.topLevelItem(index).isHidden()
        ]

    assert len(shown()) == MANY + 2
    box.setText("书站17号")  # part of a name
    assert shown() == [ids[17]]
    box.setText(ids[42][:-3].upper())  # part of an id, any case
    assert shown() == [ids[42]]
    box.setText("sample")  # the built-ins too
    assert shown() == ["sample"]
    # A refresh (after an import or a toggle) keeps the filter.
    page.select("sample")
    page.toggle_selected()
    assert shown() == ["sample"]
    box.clear()
    assert len(shown()) == MANY + 2
    # A source the filter hides is no longer the chosen one: Remove would act on a row the
    # user cannot see.
    page.select(ids[5])
    assert page.remove_button.isEnabled()
    box.setText("书站17号")
    assert page.selected_id() == "" and not page.remove_button.isEnabled()


async def test_an_import_report_ends_with_its_count(make_window: WindowFactory) -> None:
    window = make_window()
    page = window.sources_page
    good = site_rule("https://books.example.com/", bookSourceName="好书站")
    scripted = site_rule(
        "https://js.example.com/",
        bookSourceName="要浏览器",
        ruleContent={"content": "<js>java.webView(null, baseUrl, null)</js>"},
    )
    broken = {"bookSourceName": "坏书站", "bookSourceUrl": "坏书站"}
    assert page.import_text(rule_text(good, scripted, broken), "three") is not None
    lines = page.report.toPlainText().splitlines()
    assert lines[-1] == "Sources read: 3 (1 imported, 1 not usable, 1 skipped)", lines
    # The name starts the line; the reader's reason does not say it again.
    (skipped,) = [line for line in lines if "skipped 坏书站" in line]
    assert skipped.count("坏书站") == 2, skipped  # the name and the address it gave


async def test_the_sources_a_filter_shows_are_removed_together(
    make_window: WindowFactory,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    ids = await import_many(window, "https://books.example.com/")
    page = window.sources_page
    window.findChild(QLineEdit, "sourcesFilter").setText("书站1")  # 1, 10-19: eleven
    page.table.selectAll()  # Ctrl+A: the hidden rows are not chosen
    assert sorted(page.selected_ids()) == sorted([ids[1], *ids[10:20]])
    page.remove_selected()
    box = window.findChild(QMessageBox, "removeSourceDialog")
    assert box is not None and "Remove 11 sources?" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    left = {entry.id for entry in window.registry.entries()}
    assert not left & {ids[1], *ids[10:20]} and ids[2] in left and "baidu" in left
