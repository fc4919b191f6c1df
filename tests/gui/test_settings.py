"""Settings persist through QSettings; the dialog edits the advanced ones."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from novelfetch.core.sources.baidu import API_BASE_ENV
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import WindowFactory, load, make_settings
from tests.gui.layout_checks import clipped


async def test_settings_survive_a_new_window(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    ini = tmp_path / "shared.ini"
    first = make_window(settings=make_settings(ini))
    first.source_combo.setCurrentIndex(first.source_combo.findData("sample"))
    qtbot.keyClicks(first.options.format, "T")  # keyboard search picks "TXT"
    first.options.output_dir.clear()
    qtbot.keyClicks(first.options.output_dir, str(tmp_path / "books"))
    qtbot.keyClick(first.options.output_dir, Qt.Key.Key_Return)
    first.options.concurrency.setValue(13)
    first.resize(770, 580)  # inside the offscreen screen (800 x 600)
    first.close()

    second = make_window(settings=QSettings(str(ini), QSettings.Format.IniFormat))
    assert second.source_combo.currentData() == "sample"
    assert second.options.fmt() == "txt"
    assert second.options.folder() == tmp_path / "books"
    assert second.options.concurrency.value() == 13
    assert (second.width(), second.height()) == (770, 580)


async def test_settings_dialog_saves_advanced_options(
    qtbot: Any, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog.isVisible() and dialog.isModal()  # open(): window-modal, no nested loop
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)

    qtbot.keyClicks(dialog.proxy, "not a proxy")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "proxy" in dialog.error.text()

    dialog.proxy.setText("http://127.0.0.1:3128")
    dialog.timeout.setValue(12)
    dialog.retries.setValue(7)
    dialog.system_proxy.setChecked(False)
    dialog.api_base.setText("http://127.0.0.1:1/api/pc")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    reread = AppSettings(
        QSettings(str(tmp_path / "settings0.ini"), QSettings.Format.IniFormat), environ={}
    )
    options = reread.download_options("baidu", 3)
    assert options.http.read_timeout == 12 and options.retry.retries == 7
    assert options.cookie == "" and options.concurrency == 3  # cookies: per source
    assert options.http.proxy == "http://127.0.0.1:3128" and options.http.trust_env is False
    assert options.api_base == "http://127.0.0.1:1/api/pc"


def test_environment_api_base_overrides_the_saved_one(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "s.ini", **{"baidu/api_base": "http://saved/api"})
    assert AppSettings(settings, environ={}).effective_api_base() == "http://saved/api"
    overridden = AppSettings(settings, environ={API_BASE_ENV: "http://from-env/api"})
    assert overridden.effective_api_base() == "http://from-env/api"
    assert overridden.download_options("baidu", 4).api_base == "http://from-env/api"
    assert overridden.download_options("sample", 4).api_base is None


def test_garbage_in_the_settings_file_falls_back_to_defaults(tmp_path: Path) -> None:
    ini = tmp_path / "bad.ini"
    ini.write_text(
        "[window]\nsource=nonsense\nformat=pdf\nconcurrency=lots\n"
        "[network]\ntimeout=-5\nretries=999\n",
        encoding="utf-8",
    )
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat), environ={})
    assert settings.source == "baidu" and settings.fmt == "epub"
    assert 1 <= settings.concurrency <= 64
    assert settings.timeout == 1.0 and settings.retries == 20


async def test_window_honours_the_environment_variable(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, monkeypatch: Any
) -> None:
    monkeypatch.setenv(API_BASE_ENV, server.api_base)
    window = make_window(**{"baidu/api_base": "http://127.0.0.1:9/nothing-here"})
    assert await load(qtbot, window, "1") is JobState.READY
    window.open_settings()
    assert not window.settings_dialog.api_base.isEnabled()
    assert window.settings_dialog.api_base.text() == server.api_base
    window.settings_dialog.reject()


async def test_cookie_never_reaches_the_log_panel(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server, **{"network/cookie": "BDUSS=hushhush"})
    await load(qtbot, window, "1")
    assert server.stats.cookies and set(server.stats.cookies) == {"BDUSS=hushhush"}
    logging.getLogger("novelfetch.gui.test").warning("headers: Cookie: BDUSS=hushhush")
    logging.getLogger("novelfetch.gui.test").warning("echo hushhush")
    text = window.log_panel.text()
    assert "hushhush" not in text and "[redacted]" in text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_nothing_in_the_settings_dialog_is_cut_off(
    qtbot: Any, make_window: WindowFactory, language: str
) -> None:
    window = make_window(language=language)
    window.open_settings()
    dialog = window.settings_dialog
    QApplication.sendPostedEvents()
    assert dialog.isVisible()
    assert clipped(dialog) == []  # the API base's note was cut in half, in both languages
