"""Why a rule file could not be read or fetched, in the window's language: the Chinese
Sources page reported these in English."""

from __future__ import annotations

import json
from pathlib import Path

from novelfetch.sample.server import SampleServer

from .conftest import WindowFactory


async def test_a_rule_file_that_cannot_be_read_or_fetched_is_said_in_chinese(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(language="zh_CN")
    page = window.sources_page
    page.import_path(str(tmp_path / "没有的文件.json"))
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage\xff")
    page.import_path(str(tmp_path / "binary.json"))
    async with SampleServer() as server:
        page.address.setText(f"{server.origin}/nothere.json")
        page.import_from_address()
        assert page.importing is not None
        await page.importing
    page.address.setText("ftp://example.com/x.json")
    page.import_from_address()
    assert page.importing is not None
    await page.importing
    lines = page.report.toPlainText().splitlines()
    missing, binary, fetched, scheme = lines
    assert missing.startswith("无法读取 ") and "没有的文件.json" in missing, missing
    assert binary.endswith("不是文本文件（规则文件是 UTF-8 编码的 JSON）"), binary
    assert fetched.startswith("无法获取 ") and "HTTP 404" in fetched, fetched
    assert scheme == "只能从 http 或 https 地址导入：'ftp://example.com/x.json'", scheme


async def test_a_source_that_cannot_be_used_is_said_in_chinese(
    make_window: WindowFactory,
) -> None:
    window = make_window(language="zh_CN")
    rule = {
        "bookSourceUrl": "https://browser-only.example.com/",
        "bookSourceName": "要浏览器的书站",
        "searchUrl": "/s?q={{key}}",
        "ruleSearch": {"bookList": "li", "name": "a@text", "bookUrl": "a@href"},
        "ruleToc": {"chapterList": "li", "chapterName": "a@text", "chapterUrl": "a@href"},
        "ruleContent": {"content": "<js>java.webView(null, baseUrl, null)</js>"},
    }
    report = window.sources_page.import_text(json.dumps(rule, ensure_ascii=False), "x")
    assert report is not None and report.not_usable_count == 1
    window.shell.show_page("search")
    window.search_page.query.setText("https://browser-only.example.com/book/1")
    window.search_page.submit()
    status = window.search_page.status.text()
    assert status.startswith("书源 要浏览器的书站（browser-only.example.com-"), status
    assert "）无法使用：" in status, status


async def test_the_file_dialog_imports_several_files_at_once(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from .rule_files import rule_text, site_rule

    window = make_window()
    names = ["甲书站", "乙书站"]
    for index, name in enumerate(names):
        rule = site_rule(f"https://site{index}.example.com/", bookSourceName=name)
        (tmp_path / f"{index}.json").write_text(rule_text(rule), encoding="utf-8")
    window.sources_page.choose_file()
    dialog = window.findChild(QFileDialog, "importFileDialog")
    assert dialog is not None
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile('"0.json" "1.json"')
    dialog.accept()
    imported = {entry.name for entry in window.registry.entries()}
    assert set(names) <= imported, imported
