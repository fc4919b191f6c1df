"""Why a source is skipped or not usable, on the Sources page in Chinese: the core gives the
reasons as messages, the window translates them, the rule file's names stay as written, and a
problem several fields share is said once, naming the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from novelfetch.gui import MainWindow

from .conftest import SignalWaiter, WindowFactory
from .rule_files import rule_text, site_rule
from .test_sources_page import page_of, report, row_item, rows

SITE = "https://shuzhan.example/"  # never fetched: importing reads the rules only
BROWSER = "只能用浏览器"
JAVA = "用Java类"
UNREADABLE = "读不懂的目录"
BROWSER_FIELDS = ("ruleSearch.bookUrl", "ruleToc.chapterUrl", "ruleContent.nextContentUrl")


def collection() -> str:
    browser = site_rule(SITE, bookSourceName=BROWSER, bookSourceUrl=SITE + "browser/")
    web_view = ',{"webView": true}'
    browser["ruleSearch"]["bookUrl"] += web_view
    browser["ruleToc"]["chapterUrl"] += web_view
    browser["ruleContent"]["nextContentUrl"] = "a.next@href" + web_view
    java = site_rule(SITE, bookSourceName=JAVA, bookSourceUrl=SITE + "java/")
    java["ruleContent"]["content"] = "<js>Packages.java.lang.System.gc(); java.fooBar()</js>"
    unreadable = site_rule(SITE, bookSourceName=UNREADABLE, bookSourceUrl=SITE + "xpath/")
    unreadable["ruleToc"]["chapterList"] = "//div[@class='list'"
    skipped = site_rule(SITE, bookSourceName="搜书大全", bookSourceUrl="搜书大全")
    return rule_text(browser, java, unreadable, skipped)


async def import_collection(
    make_window: WindowFactory, tmp_path: Path, language: str
) -> MainWindow:
    window = make_window(language=language)
    page = page_of(window)
    path = tmp_path / "合集.json"
    path.write_text(collection(), "utf-8")
    changed = SignalWaiter(page.sources_changed)
    page.import_path(str(path))
    await changed.wait()
    return window


async def test_the_reasons_read_in_chinese_naming_what_the_rule_file_wrote(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = await import_collection(make_window, tmp_path, "zh_CN")
    lines = report(window).splitlines()

    browser = f"字段 {'、'.join(BROWSER_FIELDS)} 均需要浏览器（webView）"
    java = (
        "字段 ruleContent.content 需要 Java 类（Packages、java.lang …）、java.fooBar："
        "NovelFetch 没有提供"
    )
    assert f"  已导入 {BROWSER}，但不可用：{browser}" in lines, lines
    assert f"  已导入 {JAVA}，但不可用：{java}" in lines, lines
    unreadable = "字段 ruleToc.chapterList 无法读取：有未闭合的 '['"
    assert f"  已导入 {UNREADABLE}，但不可用：{unreadable}" in lines, lines
    assert "  已跳过 搜书大全：字段 bookSourceUrl '搜书大全' 不是 http(s) 地址" in lines, lines
    # Said once: three fields lack a browser, and the report says so one time.
    assert report(window).count("需要浏览器") == 1

    listed = rows(window)
    assert listed[BROWSER][3] == f"不可用：{browser}"
    assert listed[JAVA][3] == f"不可用：{java}"
    assert java in row_item(window, JAVA).toolTip(3)
    assert "needs" not in report(window) + "".join(row[3] for row in listed.values())


async def test_the_english_window_says_a_shared_problem_once_too(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = await import_collection(make_window, tmp_path, "en")
    shared = f"{', '.join(BROWSER_FIELDS)}: each needs a browser (webView)"
    assert f"  imported {BROWSER}, not usable: {shared}" in report(window).splitlines()
    assert rows(window)[BROWSER][3] == f"not usable: {shared}"


async def test_a_file_that_is_not_a_rule_file_says_so_in_chinese(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(language="zh_CN")
    page = page_of(window)
    path = tmp_path / "空.json"
    path.write_text("[]", "utf-8")
    page.import_path(str(path))
    assert report(window).splitlines()[-1] == f"不是规则文件：{path}：文件为空"
