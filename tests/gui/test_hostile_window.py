"""The window's side of issue 18: a damaged source list does not stop it starting, a rule's
text shows as plain text in tooltips, and a large rule document is read off its thread."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextDocumentFragment

from novelfetch.core.text.replace_rules import ReplaceRule, save_rules
from novelfetch.gui.dialogs.replace_rules import ReplaceRulesDialog
from tests.gui.conftest import WindowFactory
from tests.reliability.hostile_support import legado_rule, store_with_a_damaged_index


def shown_text(tooltip: str) -> str:
    """What a tooltip shows: Qt renders it as rich text whenever it looks like markup."""
    return QTextDocumentFragment.fromHtml(tooltip).toPlainText()


async def test_the_window_starts_with_a_damaged_source_list_and_says_where_it_went(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.json").write_text('{"version": 1, "sources": [{"raw": {"bookSo', "utf-8")
    window = make_window(data_dir=data)
    (moved,) = data.glob("sources.json.broken-*")
    assert window.message_bar.isVisible() and str(moved) in window.message_bar.label.text()
    assert {entry.id for entry in window.registry.entries()} == {"baidu", "sample"}


async def test_a_replacement_rule_pattern_shows_as_plain_text(qtbot: Any, tmp_path: Path) -> None:
    pattern = "<b>bold</b><img src='x'>"
    save_rules(tmp_path, [ReplaceRule(pattern, name="markup", is_regex=False)])
    dialog = ReplaceRulesDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert shown_text(dialog.table.item(0, 0).toolTip()) == pattern


async def test_a_large_rule_document_is_read_off_the_window_thread(
    make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    rules = [legado_rule(f"http://127.0.0.1:9/#{n}", name=f"源{n}") for n in range(400)]
    text = json.dumps(rules, ensure_ascii=False)
    page = window.sources_page
    assert page.import_text(text, "big") is None  # not done yet: in a thread
    assert page.importing is not None and not page.importing.done()
    await asyncio.wait_for(page.importing, 30)
    assert len(window.registry.entries()) == 402


async def test_the_window_says_how_many_chapters_a_damaged_store_gave_back(
    make_window: WindowFactory, qtbot: Any, tmp_path: Path
) -> None:
    store_dir = tmp_path / "damaged"
    store_dir.mkdir()
    store_with_a_damaged_index(store_dir)
    window = make_window(store_dir=store_dir)
    window.controller.open_store()
    shown = window.message_bar.label.text()
    assert "300 chapters" in shown and "recovered" in shown
