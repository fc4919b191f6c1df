"""The interface speaks Chinese under zh_CN and English under en, and Settings picks one.

The walk reads every visible string of the window, its menus, its pages and its dialogs;
under zh_CN any that still holds an English word (ASCII letters outside the brand and
format names below) is reported. No network text is in the window during the walk.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QTabBar,
    QWidget,
)

from novelfetch.core import messages as said
from novelfetch.core.messages import Message
from novelfetch.core.net.gate_status import GateStatus
from novelfetch.gui import MainWindow, setup_app
from novelfetch.gui.app.i18n import resolve_language, system_language
from novelfetch.gui.pages.book.progress_panel import translate_reason
from novelfetch.gui.window.menus import AboutDialog
from tests.gui.conftest import WindowFactory, make_settings
from tests.gui.test_app import ROOT, user_env

# Names that stay as they are in a Chinese interface: the brand, formats, protocols,
# settings that name technical things, and each language's own name for itself.
ALLOWED_TOKENS = {
    "NovelFetch",
    "EPUB",
    "TXT",
    "URL",
    "ID",
    "GNU",
    "AGPL",  # AGPL-3.0-or-later, the licence's SPDX name
    "API",
    "http",
    "https",
    "BDUSS",
    "Affero",  # in the licence's name
    "utf",  # encodings: utf-8, utf-8-sig, gb18030, gbk, big5, utf-16
    "sig",
    "gb",
    "gbk",
    "big",
    "Cookie",
    "English",
}
WORD = re.compile(r"[A-Za-z]+")
# Text that comes from the core (source names, example URLs) rather than the window.
NOT_OURS = re.compile(
    r"https?://\S+|\b[\w.-]+\.(?:com|json|org)\b|\(dushu\.baidu\.com\)|AGPL-3\.0-or-later"
    r"|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"  # environment variables
)
# Keyboard mnemonics: "文件(&F)" in a label, "设置(S)" in the tooltip Qt derives from it.
MNEMONIC = re.compile(r"\(&?[A-Za-z]\)")


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Leave the application in English: later tests read English texts without a window."""
    yield
    setup_app(qapp, language="en", colour_scheme="light")


def english_words(text: str) -> list[str]:
    text = NOT_OURS.sub("", MNEMONIC.sub("", text).replace("&&", "").replace("&", ""))
    return [word for word in WORD.findall(text) if word not in ALLOWED_TOKENS]


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every string ``widget`` shows or speaks."""
    name = widget.objectName() or type(widget).__name__
    if widget.toolTip():
        yield f"{name} tooltip", widget.toolTip()
    if widget.accessibleName():
        yield f"{name} accessible name", widget.accessibleName()
    if widget.windowTitle() and widget.isWindow():
        yield f"{name} title", widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield name, widget.text()
    if isinstance(widget, QLineEdit):
        yield f"{name} placeholder", widget.placeholderText()
    if isinstance(widget, QGroupBox):
        yield name, widget.title()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield f"{name} item {index}", widget.itemText(index)
    if isinstance(widget, QAbstractSpinBox):
        yield f"{name} suffix", getattr(widget, "suffix", lambda: "")()
        yield f"{name} special", widget.specialValueText()
    if isinstance(widget, QProgressBar):
        yield name, widget.text()
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield f"{name} tab {index}", widget.tabText(index)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for column in range(model.columnCount()):
            yield f"{name} column {column}", str(model.headerData(column, _horizontal()) or "")
    for action in widget.actions():
        yield from texts_of_action(action)


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def texts_of_action(action: QAction) -> Iterator[tuple[str, str]]:
    name = action.objectName() or "action"
    yield f"{name} ({action.text()!r})", action.text()
    if action.toolTip() != action.text().replace("&", ""):
        yield f"{name} tooltip", action.toolTip()
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield f"menu {menu.title()!r}", menu.title()
        for inner in menu.actions():
            yield from texts_of_action(inner)


def untranslated(root: QWidget) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        for where, text in texts_of(widget):
            words = english_words(text or "")
            if words:
                found.append(f"{where}: {text!r} ({' '.join(words)})")
    return found


def open_dialogs(window: MainWindow) -> list[QDialog]:
    window.open_settings()
    about = AboutDialog(window)
    return [window.settings_dialog, about]


async def test_every_visible_string_is_chinese_under_zh_cn(make_window: WindowFactory) -> None:
    window = make_window(language="zh_CN")
    assert QCoreApplication.translate("ProgressPanel", "Start") != "Start"
    problems = untranslated(window)
    for page in ("search", "sources", "book"):
        window.shell.show_page(page)
        problems += untranslated(window)
    for dialog in open_dialogs(window):
        problems += untranslated(dialog)
        dialog.close()
    # Qt's own dialogs (file chooser, OK/Cancel) speak Chinese too: qtbase_zh_CN is loaded.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert not problems, "\n".join(sorted(set(problems)))


async def test_english_under_en(make_window: WindowFactory) -> None:
    window = make_window(language="en")
    assert window.progress.start.text() == "Start"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    texts = [
        text
        for widget in window.findChildren(QWidget)
        if widget.objectName() != "sourceCombo"  # the sources' own names, from the core
        for _, text in texts_of(widget)
    ]
    assert not [text for text in texts if re.search(r"[\u4e00-\u9fff]", text)]


async def test_settings_choose_the_language(qapp: QApplication, tmp_path: Path) -> None:
    async def start_label(settings: QSettings) -> str:
        setup_app(qapp, settings=settings, colour_scheme="light")
        window = MainWindow(settings, tmp_path / "store")
        try:
            return window.progress.start.text()
        finally:
            await window.shutdown()
            window.deleteLater()

    chinese = make_settings(tmp_path / "zh.ini", **{"appearance/language": "zh_CN"})
    english = make_settings(tmp_path / "en.ini", **{"appearance/language": "en"})
    assert await start_label(chinese) == "开始"
    assert await start_label(english) == "Start"
    # An explicit argument (what the tests use) wins over the stored choice.
    setup_app(qapp, settings=chinese, language="en", colour_scheme="light")
    assert QCoreApplication.translate("ProgressPanel", "Start") == "Start"


def test_the_source_s_limit_reasons_are_translated(qapp: QApplication) -> None:
    def status(reason: Message | None, english: str = "") -> GateStatus:
        return GateStatus(4, 8, 0, english or str(reason), 0.0, 10, 1, 0.05, reason)

    setup_app(qapp, language="zh_CN", colour_scheme="light")
    assert translate_reason(status(said.GATE_REFUSED(status=503))) == "已放慢：书源返回 503"
    assert translate_reason(status(said.GATE_FIXED(limit=4))) == "固定为 4"
    assert translate_reason(status(None, "something new")) == "something new"  # as the core said
    setup_app(qapp, language="en", colour_scheme="light")
    assert translate_reason(status(said.GATE_FIXED(limit=4))) == "fixed at 4"


def test_the_default_language_follows_the_system_locale() -> None:
    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("zh_TW")) == "zh_CN"  # closer than English
    assert system_language(QLocale("en_GB")) == "en"
    assert system_language(QLocale("de_DE")) == "en"
    assert resolve_language("system") == system_language()
    assert resolve_language("zh-CN") == "zh_CN" and resolve_language("EN") == "en"


LANG_CHECK = """
from PySide6.QtWidgets import QApplication
from novelfetch.gui import setup_app
from novelfetch.gui.pages.book.progress_panel import ProgressPanel
app = QApplication([])
setup_app(app)  # no arguments: the user's settings (none yet) and the system locale
panel = ProgressPanel()
print(panel.start.text())
"""


def test_lang_picks_the_interface_and_the_settings_choice_overrides_it(tmp_path: Path) -> None:
    def start_label(lang: str) -> str:
        env = user_env(tmp_path)
        env.update(LANG=lang, LC_ALL="", LC_MESSAGES="", LANGUAGE="")
        done = subprocess.run(
            [sys.executable, "-c", LANG_CHECK],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    assert start_label("zh_CN.UTF-8") == "开始"
    assert start_label("en_US.UTF-8") == "Start"
    config = tmp_path / "config" / "NovelFetch"
    config.mkdir(parents=True)
    (config / "NovelFetch.conf").write_text("[appearance]\nlanguage=en\n", encoding="utf-8")
    assert start_label("zh_CN.UTF-8") == "Start"
