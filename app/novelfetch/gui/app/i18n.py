"""The interface language: which one, and loading its translations.

English is the source language. ``resources/translations/novelfetch_<lang>.ts`` are the
translation sources; Qt loads compiled ``.qm`` files. The rule for where a ``.qm`` comes from:

- a wheel carries them, compiled by the build hook (``hatch_build.py``);
- the desktop bundle carries them, compiled by its spec (``packaging/novelfetch.spec``);
- a source checkout or editable install has only the ``.ts``: ``qm_file`` compiles it with
  PySide6's ``lrelease`` into the user's cache folder on first use (and again when the
  ``.ts`` changes).

``novelfetch_en`` holds only the English plural forms ("1 chapter", "2 chapters").
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from novelfetch.gui.app.core_messages import error_text
from novelfetch.resources import resources_dir

log = logging.getLogger(__name__)

#: What Settings offers: the stored value and the name shown (in its own language).
LANGUAGE_CHOICES = (("system", None), ("zh_CN", "简体中文"), ("en", "English"))
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "en"


def system_language(locale: QLocale | None = None) -> str:
    """The interface language for a locale: Chinese of any script gets the Chinese one."""
    locale = locale or QLocale.system()
    for name in locale.uiLanguages() or [locale.name()]:
        code = name.replace("-", "_").lower()
        if code.startswith("zh"):
            return "zh_CN"  # the only Chinese translation; closer than English for zh_TW too
        if code.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def resolve_language(choice: str | None) -> str:
    """``"zh_CN"``, ``"en"``, or for anything else (``"system"``, unknown) the system's."""
    if choice:
        normalized = choice.replace("-", "_")
        for language in LANGUAGES:
            if normalized.lower() == language.lower():
                return language
        if normalized.lower().startswith("zh"):
            return "zh_CN"
    return system_language()


def _lrelease() -> list[str] | None:
    """The command that compiles ``.ts`` to ``.qm``: PySide6's bundled lrelease."""
    try:
        import PySide6
    except ImportError:  # pragma: no cover - the window cannot run without it anyway
        return None
    folder = Path(PySide6.__file__).resolve().parent
    for name in ("lrelease.exe", "lrelease") if sys.platform == "win32" else ("lrelease",):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return [found] if found else None


def compile_ts(source: Path, target: Path) -> bool:
    """Compile one ``.ts``; False (and a log line) when lrelease is missing or fails."""
    command = _lrelease()
    if command is None:
        log.warning("no lrelease found; the interface stays in English")
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".qm.part")
    result = subprocess.run(
        [*command, "-silent", str(source), "-qm", str(partial)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not partial.exists():
        log.warning("lrelease failed for %s: %s", source.name, result.stderr.strip())
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    return True


def qm_file(name: str, cache_dir: Path | None = None) -> Path | None:
    """The compiled ``<name>.qm``: shipped (wheel, bundle), or compiled from the ``.ts``."""
    folder = resources_dir() / "translations"
    shipped = folder / f"{name}.qm"
    if shipped.is_file():
        return shipped
    source = folder / f"{name}.ts"
    if not source.is_file():
        return None
    # Named by content, so an edited .ts is compiled again and never read stale.
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache_dir = cache_dir or Path(user_cache_dir("novelfetch", appauthor=False)) / "translations"
    cached = cache_dir / f"{name}-{digest}.qm"
    if cached.is_file():
        return cached
    if not compile_ts(source, cached):
        return None
    for stale in cache_dir.glob(f"{name}-*.qm"):  # earlier versions of the .ts
        if stale != cached:
            stale.unlink(missing_ok=True)
    return cached


def load_translators(language: str) -> list[QTranslator]:
    """Our translator and Qt's own for ``language``, loaded but not installed."""
    translators = []
    ours = qm_file(f"novelfetch_{language}")
    translator = QTranslator()
    if ours is not None and translator.load(str(ours)):
        translators.append(translator)
    elif language != "en":
        log.warning("no %s translation found; the interface stays in English", language)
    if language != "en":
        qt_own = QTranslator()
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", qt_folder):
            translators.append(qt_own)
        else:
            log.info("Qt's own %s translation not found in %s", language, qt_folder)
    return translators


# The built-in sources' names, as the window shows them (the core's names are English).
# Imported rule sources keep the names their rule files give.
_SOURCE_NAMES = {
    "sample": QT_TRANSLATE_NOOP("SourceNames", "Sample (offline)"),
    "baidu": QT_TRANSLATE_NOOP("SourceNames", "Baidu 读书 (dushu.baidu.com)"),
}


def fill(template: str, *values: object) -> str:
    """``template`` with ``%1``, ``%2``… replaced in one pass (Qt's ``arg()``); an error
    among the values is said in the interface's language (``error_text``).

    One pass, so a value that itself contains "%2" (a book title can) is left alone.
    """
    shown = [error_text(v) if isinstance(v, BaseException) else str(v) for v in values]
    return re.sub(
        r"%(\d)",
        lambda m: shown[int(m[1]) - 1] if 0 < int(m[1]) <= len(shown) else m[0],
        template,
    )


def source_name(source_id: str, name: str) -> str:
    """The name to show for a source: built-in ones in the interface's language."""
    text = _SOURCE_NAMES.get(source_id)
    return QCoreApplication.translate("SourceNames", text) if text else name


def qt_gaps() -> list[str]:
    """Qt's own strings its Chinese translation (qtbase_zh_CN) lacks, translated here.

    Qt 6 gave the file dialog's labels keyboard mnemonics its translation still has without,
    and names folders in a context it never translates. Our translation has them (``lupdate``
    reads these calls); Qt's own is searched first and, lacking them, falls back to ours.
    """
    translate = QCoreApplication.translate
    return [
        translate("QFileDialog", "&Look in:"),
        translate("QFileDialog", "Files of &type:"),
        translate("QAbstractFileIconProvider", "Folder", "Match Windows Explorer"),
    ]


_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, language: str) -> None:
    """Replace any translators installed earlier with ``language``'s."""
    while _installed:
        app.removeTranslator(_installed.pop())
    for translator in load_translators(language):
        app.installTranslator(translator)
        _installed.append(translator)  # Qt does not own them: keep them alive
    # Numbers (%Ln), dates and Qt's standard dialogs follow the interface language; the
    # system's own locale when it speaks that language (en_GB keeps its dates).
    system = QLocale.system()
    QLocale.setDefault(system if system_language(system) == language else QLocale(language))
