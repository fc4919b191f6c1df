"""Text options in the window: the Chinese script and replacement rules, chosen per book and
remembered, with defaults and the saved rules edited in Settings."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import opencc
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from novelfetch.core.text.replace_rules import RULES_FILE, ReplaceRule, load_rules, save_rules
from novelfetch.gui import MainWindow
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.dialogs.replace_rules import ReplaceRulesDialog
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.widgets.text_choice import TextChoice
from novelfetch.gui.window.message_bar import Level
from novelfetch.sample.server import SampleServer
from tests.conftest import make_library
from tests.gui.conftest import WindowFactory, load, make_settings, state_waiter
from tests.gui.test_download import type_into

CHAPTER_FILE = re.compile(r"c\d{5}\.xhtml$")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The windows' data folder (sources, replacement rules): ``make_window``'s temporary one."""
    return tmp_path / "data"


def choose(window: MainWindow, conversion: str, apply_rules: bool = True) -> None:
    combo = window.text_choice.script
    combo.setCurrentIndex(combo.findData(conversion))
    window.text_choice.apply_rules.setChecked(apply_rules)


async def download(qtbot: Any, window: MainWindow, first: int, last: int, fmt: str) -> Path:
    """Download chapters ``first``-``last`` of the loaded book; the written file."""
    type_into(qtbot, window.chapters.first, first)
    type_into(qtbot, window.chapters.last, last)
    window.options.set_fmt(fmt)
    done = state_waiter(window, JobState.DONE, JobState.READY)
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert (await done.wait()) == (JobState.DONE,), window.message_bar.text()
    assert window.controller.output is not None
    return window.controller.output


def chapter_page(path: Path, number: int) -> str:
    with zipfile.ZipFile(path) as book:
        names = sorted(n for n in book.namelist() if CHAPTER_FILE.search(n))
        return book.read(names[number - 1]).decode("utf-8")


def opf(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        name = next(n for n in book.namelist() if n.endswith(".opf"))
        return book.read(name).decode("utf-8")


async def test_traditional_taiwan_writes_a_zh_tw_epub(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    assert window.text_choice.choice() == TextChoice("none", True)  # the default
    choose(window, "s2tw")
    path = await download(qtbot, window, 1, 2, "epub")

    assert path.name == "測試之書 (第1-2章).epub"  # a part, named by the converted title
    package = opf(path)
    assert "<dc:language>zh-TW</dc:language>" in package
    assert "測試之書" in package and "测试之书" not in package
    to_taiwan = opencc.OpenCC("s2tw.json").convert
    simplified = make_library()["1"].chapter_text(1).split("\n")[0].strip("\u3000")
    traditional = to_taiwan(simplified)
    assert traditional != simplified  # the sample's sentence has characters to convert
    page = chapter_page(path, 1)
    assert traditional in page and simplified not in page
    assert 'xml:lang="zh-TW"' in page
    # The store keeps the text as fetched: the choice changes only what is written.
    assert not window.message_bar.text()


async def test_each_books_choice_is_remembered_and_new_books_get_the_default(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path
) -> None:
    ini = tmp_path / "shared.ini"
    values = {
        "baidu/api_base": server.api_base,
        "window/output_dir": str(tmp_path / "out"),
        "text/conversion": "s2t",
    }
    first = make_window(settings=make_settings(ini, **values))
    assert await load(qtbot, first, "1") is JobState.READY
    assert first.text_choice.choice() == TextChoice("s2t", True)  # the Settings default
    choose(first, "s2hk", apply_rules=False)
    path = await download(qtbot, first, 1, 1, "epub")
    assert "<dc:language>zh-HK</dc:language>" in opf(path)
    first.close()

    second = make_window(settings=QSettings(str(ini), QSettings.Format.IniFormat))
    assert await load(qtbot, second, "1") is JobState.READY
    assert second.text_choice.choice() == TextChoice("s2hk", False)
    assert await load(qtbot, second, "3") is JobState.READY  # never downloaded
    assert second.text_choice.choice() == TextChoice("s2t", True)
    assert await load(qtbot, second, "1") is JobState.READY
    assert second.text_choice.script.currentData() == "s2hk"


async def test_a_rule_imported_in_settings_changes_the_written_text(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path, data_dir: Path
) -> None:
    legado = tmp_path / "legado-rules.json"
    legado.write_text(
        json.dumps(
            [
                {
                    "name": "章节名",
                    "pattern": "第(.)章",
                    "replacement": "Chapter $1",
                    "isRegex": True,
                    "isEnabled": True,
                    "scope": "",
                    "order": 3,
                }
            ],
            ensure_ascii=False,
        ),
        "utf-8",
    )
    window = make_window(server)
    window.open_settings()
    settings_dialog = window.settings_dialog
    qtbot.mouseClick(settings_dialog.rules_button, Qt.MouseButton.LeftButton)
    rules_dialog = settings_dialog.rules_dialog
    assert rules_dialog is not None and rules_dialog.isVisible()
    assert rules_dialog.table.rowCount() == 0

    qtbot.mouseClick(rules_dialog.import_button, Qt.MouseButton.LeftButton)
    chooser = rules_dialog.findChild(QFileDialog, "rulesFileDialog")
    assert chooser is not None and chooser.isVisible()  # open(): no nested event loop
    chooser.selectFile(str(legado))
    chooser.accept()
    assert rules_dialog.table.rowCount() == 1, rules_dialog.note.text()
    assert rules_dialog.table.item(0, 0).text() == "章节名"
    assert rules_dialog.note.text() == "Imported 1 rule from legado-rules.json."
    assert load_rules(data_dir) == [
        ReplaceRule("第(.)章", "Chapter \\g<1>", True, name="章节名", order=0)
    ]
    rules_dialog.reject()
    settings_dialog.reject()

    assert await load(qtbot, window, "1") is JobState.READY
    text = (await download(qtbot, window, 1, 2, "txt")).read_text("utf-8")
    assert "Chapter 一" in text and "Chapter 二" in text and "第一章" not in text

    choose(window, "none", apply_rules=False)  # this book only: the rule stays saved
    text = (await download(qtbot, window, 1, 2, "txt")).read_text("utf-8")
    assert "第一章" in text and "Chapter" not in text


async def test_a_catastrophic_rule_is_a_warning_and_the_book_is_still_written(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path, data_dir: Path
) -> None:
    save_rules(data_dir, [ReplaceRule("(.|.)+$", is_regex=True, name="<b>slow</b>")])
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    path = await download(qtbot, window, 1, 3, "txt")

    assert "第三章" in path.read_text("utf-8")
    bar = window.message_bar
    assert bar.level is Level.WARNING
    lines = bar.text().split("\n")
    assert lines[0] == f"Wrote {path.name}, but 1 replacement rule was skipped:"
    assert lines[1].startswith("Replacement rule '<b>slow</b>' skipped: it ran longer than")
    assert bar.label.textFormat() is Qt.TextFormat.PlainText  # a rule's name is not markup
    assert len(lines) == 2  # reported once, not once per chapter


async def test_the_rules_dialog_reorders_disables_and_removes(qtbot: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    save_rules(
        data,
        [
            ReplaceRule("b", name="second", order=5),
            ReplaceRule("a", name="first", order=1),
            ReplaceRule("c", name="third", order=9, source="baidu"),
        ],
    )
    dialog = ReplaceRulesDialog(data)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(3)] == ["first", "second", "third"]
    assert table.item(2, 3).text() == "Source baidu"

    table.selectRow(0)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert [(r.name, r.order) for r in load_rules(data)] == [
        ("second", 0),
        ("first", 1),
        ("third", 2),
    ]
    assert dialog.selected_row() == 1

    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert [r.enabled for r in load_rules(data)] == [True, False, True]
    assert table.item(1, 0).checkState() == Qt.CheckState.Unchecked
    assert dialog.toggle_button.text() == "&Enable"
    table.item(1, 0).setCheckState(Qt.CheckState.Checked)  # the box in the list does the same
    assert [r.enabled for r in load_rules(data)] == [True, True, True]

    table.selectRow(2)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in load_rules(data)] == ["second", "first"]
    assert dialog.note.text() == "Removed “third”."

    broken = tmp_path / "broken.json"
    broken.write_text("{oops", "utf-8")
    assert not dialog.import_file(broken)
    assert dialog.note.text().startswith("Broken.json is not JSON")
    assert len(load_rules(data)) == 2  # nothing half-imported


async def test_default_text_options_are_set_in_the_settings_dialog(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.open_settings()
    dialog = window.settings_dialog
    dialog.default_script.setCurrentIndex(dialog.default_script.findData("t2s"))
    dialog.default_rules.setChecked(False)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # No book is loaded: the panel shows the new default at once.
    assert window.text_choice.choice() == TextChoice("t2s", False)
    reread = AppSettings(QSettings(str(tmp_path / "settings0.ini"), QSettings.Format.IniFormat))
    assert reread.default_text_choice == TextChoice("t2s", False)


def test_garbage_text_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    ini = tmp_path / "bad.ini"
    ini.write_text(
        "[text]\nconversion=klingon\napply_rules=perhaps\n"
        "[books]\nbaidu%253A1\\conversion=42\nbaidu%253A1\\apply_rules=@Invalid()\n",
        encoding="utf-8",
    )
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat), environ={})
    assert settings.default_text_choice == TextChoice("none", True)
    assert settings.book_text_choice("baidu", "1") == TextChoice("none", True)
    settings.remember_text_choice("baidu", "1", TextChoice("t2s", False))
    assert settings.book_text_choice("baidu", "1") == TextChoice("t2s", False)
    assert settings.book_text_choice("baidu", "2") == TextChoice("none", True)


async def test_an_unreadable_rules_file_stops_start_until_rules_are_off(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, tmp_path: Path, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / RULES_FILE).write_text("{oops", "utf-8")
    window = make_window(server)
    assert await load(qtbot, window, "1") is JobState.READY
    qtbot.mouseClick(window.progress.start, Qt.MouseButton.LeftButton)
    assert window.message_bar.level is Level.ERROR
    assert window.message_bar.text().startswith("The replacement rules cannot be used: ")
    assert "is not JSON" in window.message_bar.text()
    assert window.controller.state is JobState.READY and not server.stats.chapter_requests

    window.open_settings()  # the editor says so too, and never saves over the file
    window.settings_dialog.open_rules()
    rules_dialog = window.settings_dialog.rules_dialog
    assert rules_dialog is not None and rules_dialog.unreadable
    assert "Fix or delete that file" in rules_dialog.note.text()
    assert not rules_dialog.import_button.isEnabled()
    assert (data_dir / RULES_FILE).read_text("utf-8") == "{oops"
    rules_dialog.reject()
    window.settings_dialog.reject()

    choose(window, "none", apply_rules=False)
    path = await download(qtbot, window, 1, 1, "txt")
    assert "第一章" in path.read_text("utf-8")
