"""What the core says reaches the Chinese window in Chinese: errors, the steps of a try, the
source's limit and its log line, and Qt's own file dialog. The core sends ids and values
(``core.messages``), never English sentences for the window to recognise."""

from __future__ import annotations

import dataclasses
import logging
import re
import string
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from novelfetch.core import messages as said
from novelfetch.core.errors import NetworkError
from novelfetch.core.jobs.progress import EventKind, ProgressEvent
from novelfetch.core.messages import KINDS, log_message
from novelfetch.core.models import Chapter
from novelfetch.core.net.gate_status import GateStatus
from novelfetch.gui import setup_app
from novelfetch.gui.app.core_messages import english_template, template_ids, translated
from novelfetch.gui.app.i18n import qt_gaps
from novelfetch.gui.app.progress_adapter import ProgressAdapter, ProgressBatch
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import SignalWaiter, WindowFactory, load
from tests.gui.rule_files import dead_address


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_core_message_has_a_translation_with_the_same_values(qapp: QApplication) -> None:
    assert set(KINDS) == template_ids()
    setup_app(qapp, language="zh_CN", colour_scheme="light")
    try:
        for message_id, kind in KINDS.items():
            english = english_template(message_id)
            assert english == kind.template, message_id  # the window's copy is the core's
            chinese = QCoreApplication.translate("CoreMessages", english)
            assert chinese != english or not any(c.isalpha() for c in english), message_id
            assert fields(chinese) == fields(english), message_id
    finally:
        setup_app(qapp, language="en", colour_scheme="light")


def test_a_message_inside_a_message_is_translated_too(qapp: QApplication) -> None:
    refused = said.CANNOT_CONNECT(host="127.0.0.1", port=9, reason="Connection refused")
    error = said.CANNOT_REACH(source="http://127.0.0.1:9/api/pc", error=refused)
    assert translated(error) == str(error)  # English: the core's own text
    setup_app(qapp, language="zh_CN", colour_scheme="light")
    try:
        assert translated(error) == (
            "无法访问 http://127.0.0.1:9/api/pc：无法连接到 127.0.0.1:9（Connection refused）"
        )
        assert translated(said.plain("as the site said")) == "as the site said"
    finally:
        setup_app(qapp, language="en", colour_scheme="light")


async def test_the_chinese_window_shows_the_core_s_errors_in_chinese(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server, language="zh_CN")
    assert await load(qtbot, window, "1") is JobState.READY
    assert await load(qtbot, window, "abc") is JobState.IDLE
    assert window.message_bar.text() == "不是书号也不是书籍地址：'abc'（书号由数字组成）"

    dead = make_window(language="zh_CN", **{"baidu/api_base": dead_address() + "api/pc"})
    dead.source_combo.setCurrentIndex(dead.source_combo.findData("baidu"))
    failed = SignalWaiter(dead.controller.message)
    dead.book_input.setText("1")
    dead.load_book()
    (_level, text) = await failed.wait()
    assert text.startswith("无法访问 ") and "：无法连接到 127.0.0.1:" in text, text

    # A search: the source that failed is named with the reason, in Chinese too.
    searched = SignalWaiter(dead.search_controller.search_finished)
    dead.search_page.query.setText("青云")
    dead.search_page.submit()
    await searched.wait()
    status = dead.findChild(QLabel, "searchStatus").text()
    assert "：无法连接到 127.0.0.1:" in status, status


async def test_the_steps_of_a_try_the_limit_and_its_log_line_are_chinese(
    qtbot: Any, make_window: WindowFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="novelfetch")  # as the app logs
    window = make_window(language="zh_CN")
    page = window.sources_page
    page.select("sample")
    finished = SignalWaiter(window.search_controller.check_finished)
    page.try_selected()
    (_, worked) = await finished.wait()
    assert worked
    report = window.findChild(QPlainTextEdit, "sourcesReport").toPlainText()
    for step in (
        "通过  搜索 '青云'：找到 1 本",
        "书籍信息：《青云山海录》— 林间客",
        "目录：120 章",
    ):
        assert step in report, report

    reason = said.GATE_EASING()
    window.progress.show_politeness(GateStatus(7, 8, 7, str(reason), 0.0, 80, 0, 0.05, reason))
    assert window.progress.politeness.text() == "同时 7/8 个请求 · 已放缓：本机处理不过来"
    change = said.GATE_LIMIT(before=8, after=7, reason=reason)
    log_message(logging.getLogger("novelfetch.core.net.politeness"), logging.INFO, change)
    assert "同时请求数 8 → 7：已放缓：本机处理不过来" in window.log_panel.text()
    chapter = said.FETCH_CHAPTER(index=7, title="第七章")
    retry = said.retrying(chapter, NetworkError(said.TIMED_OUT()), 1, 0.5)
    log_message(logging.getLogger("novelfetch.core.jobs.downloader"), logging.INFO, retry)
    assert "第 7 章 第七章：超时；0.5 秒后第 1 次重试" in window.log_panel.text()


@pytest.mark.parametrize(
    ("language", "look_in"), [("zh_CN", "查找范围(&L)："), ("en", "&Look in:")]
)
async def test_qt_s_file_dialog_speaks_the_interface_s_language(
    make_window: WindowFactory, language: str, look_in: str
) -> None:
    window = make_window(language=language)
    window.sources_page.choose_file()
    dialog = window.sources_page._dialog
    assert dialog is not None
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    dialog.close()
    assert look_in in labels, labels
    # Every string Qt's own translation lacks has one of ours (a folder's type among them).
    gaps = qt_gaps()
    assert (gaps[-1] == "文件夹") is (language == "zh_CN")
    if language == "zh_CN":
        words = [re.sub(r"\(&[A-Z]\)", "", text) for text in gaps]  # mnemonics stay
        assert not [text for text in words if re.search("[A-Za-z]", text)], gaps


def test_a_chapter_s_failure_reaches_the_window_in_its_language(qapp: QApplication) -> None:
    chapter = Chapter(7, "c7", "第七章")
    dropped = said.CONNECTION_CLOSED()
    failed = ProgressEvent(EventKind.CHAPTER_FAILED, 0, 1, 2, 0, 0.1, chapter, str(dropped))
    failed = dataclasses.replace(failed, said=dropped)
    batches: list[ProgressBatch] = []
    setup_app(qapp, language="zh_CN", colour_scheme="light")
    try:
        adapter = ProgressAdapter()
        adapter.progressed.connect(batches.append)
        adapter(failed)
        adapter.flush()
    finally:
        setup_app(qapp, language="en", colour_scheme="light")
    assert batches[-1].failed == ((chapter, "服务器关闭了连接"),)
