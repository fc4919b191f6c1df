"""Compile the interface translations (``resources/translations/*.ts``) to Qt's ``.qm``.

Used by the wheel's build hook (``hatch_build.py``) and the desktop bundle's spec; the
compiled files are build output, never committed. A source checkout needs neither: the app
compiles the ``.ts`` into the user's cache on first use (``novelfetch.gui.app.i18n``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_CN", "en")


def _qt_tool(tool: str) -> list[str]:
    """PySide6's bundled ``tool`` (PySide6-Essentials ships lrelease and lupdate)."""
    try:
        import PySide6

        folder = Path(PySide6.__file__).resolve().parent
        for name in (f"{tool}.exe", tool) if sys.platform == "win32" else (tool,):
            if (folder / name).is_file():
                return [str(folder / name)]
    except ImportError:
        pass
    for name in (f"pyside6-{tool}", f"{tool}-qt6", tool):
        found = shutil.which(name)
        if found:
            return [found]
    raise RuntimeError(
        f"{tool} not found: install PySide6-Essentials (it ships {tool}) or Qt's "
        "linguist tools, to build the interface translations"
    )


def find_lrelease() -> list[str]:
    return _qt_tool("lrelease")


def update_sources() -> None:
    """Re-extract the window's strings into the ``.ts`` files (``lupdate``), keeping
    existing translations. English gets only the plural forms ("%n chapter(s)")."""
    sources = sorted(str(p) for p in (ROOT / "app" / "novelfetch" / "gui").rglob("*.py"))
    folder = ROOT / "resources" / "translations"
    for language in LANGUAGES:
        extra = ["-pluralonly"] if language == "en" else []
        subprocess.run(
            [
                *_qt_tool("lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                *extra,
                *sources,
                "-ts",
                str(folder / f"novelfetch_{language}.ts"),
            ],
            check=True,
        )


def compile_translations(source_dir: Path, target_dir: Path) -> list[Path]:
    """Compile every ``*.ts`` in ``source_dir`` into ``target_dir``; the ``.qm`` paths."""
    sources = sorted(source_dir.glob("*.ts"))
    if not sources:
        raise RuntimeError(f"no translations (*.ts) in {source_dir}")
    command = find_lrelease()
    target_dir.mkdir(parents=True, exist_ok=True)
    compiled = []
    for source in sources:
        target = target_dir / source.with_suffix(".qm").name
        result = subprocess.run(
            [*command, "-silent", str(source), "-qm", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not target.is_file():
            raise RuntimeError(f"lrelease failed on {source.name}: {result.stderr.strip()}")
        compiled.append(target)
    return compiled


if __name__ == "__main__":
    # python packaging/translations.py update: after changing strings in the window;
    # python packaging/translations.py [OUT_DIR]: compile by hand, e.g. to inspect a .qm.
    if sys.argv[1:] == ["update"]:
        update_sources()
    else:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "translations"
        for path in compile_translations(ROOT / "resources" / "translations", out):
            print(path)
