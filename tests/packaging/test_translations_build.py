"""The interface translations: complete, compiled by the build, kept by the bundle's trim."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from novelfetch.gui.app.i18n import qm_file

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
sys.path.insert(0, str(ROOT / "packaging"))
from translations import compile_translations  # noqa: E402
from trim import keep_data  # noqa: E402


def test_every_string_has_a_translation() -> None:
    for ts in TRANSLATIONS.glob("*.ts"):
        root = ET.parse(ts).getroot()
        unfinished = [
            message.findtext("source")
            for message in root.iter("message")
            if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
            or not "".join(message.find("translation").itertext()).strip()
        ]
        assert not unfinished, (ts.name, unfinished)
    assert {ts.stem for ts in TRANSLATIONS.glob("*.ts")} == {
        "novelfetch_zh_CN",
        "novelfetch_en",
    }


def test_the_build_compiles_loadable_translations(tmp_path: Path) -> None:
    compiled = compile_translations(TRANSLATIONS, tmp_path)
    assert {path.name for path in compiled} == {"novelfetch_zh_CN.qm", "novelfetch_en.qm"}
    chinese, english = QTranslator(), QTranslator()
    assert chinese.load(str(tmp_path / "novelfetch_zh_CN.qm"))
    assert chinese.translate("ProgressPanel", "Start") == "开始"
    assert english.load(str(tmp_path / "novelfetch_en.qm"))
    assert english.translate("BookPanel", "%Ln chapter(s)", "", 2) == "%Ln chapters"


def test_a_checkout_compiles_on_first_use_into_the_cache(tmp_path: Path) -> None:
    first = qm_file("novelfetch_zh_CN", cache_dir=tmp_path)
    assert first is not None and first.parent == tmp_path
    assert qm_file("novelfetch_zh_CN", cache_dir=tmp_path) == first  # compiled once
    (tmp_path / "novelfetch_zh_CN-0000000000000000.qm").write_bytes(b"stale")
    first.unlink()
    again = qm_file("novelfetch_zh_CN", cache_dir=tmp_path)
    assert again == first and not (tmp_path / "novelfetch_zh_CN-0000000000000000.qm").exists()
    assert qm_file("novelfetch_xx", cache_dir=tmp_path) is None


def test_the_bundle_keeps_our_translations_and_qt_s_chinese_and_english() -> None:
    assert keep_data("novelfetch/resources/translations/novelfetch_zh_CN.qm")
    assert keep_data("novelfetch/resources/translations/novelfetch_en.qm")
    assert keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep_data("novelfetch/resources/translations/novelfetch_zh_CN.ts")
