"""Build the desktop app for this platform: ``python packaging/build.py``.

Produces ``dist/novelfetch/`` (the PyInstaller onedir build; ``dist/NovelFetch.app`` on
macOS) and, on Linux, ``dist/novelfetch-<version>-linux-<arch>.tar.gz`` holding the build,
the desktop files, the icons and ``install.sh``, and, where ``dpkg-deb`` exists (Debian,
Ubuntu), ``dist/novelfetch_<version>_<arch>.deb`` (``packaging/deb.py``). Windows and macOS
installers are made from the build by ``packaging/windows/novelfetch.iss`` and
``packaging/macos/make-dmg.sh``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.novelfetch.NovelFetch"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def run_pyinstaller(dist: Path, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "packaging" / "novelfetch.spec"),
        ],
        check=True,
    )
    return dist / "novelfetch"


def linux_tarball(bundle: Path, dist: Path) -> Path:
    """The onedir build plus what ``install.sh`` puts into ``~/.local/share``."""
    name = f"novelfetch-{version('novelfetch')}-linux-{platform.machine()}"
    stage = dist / name
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / "novelfetch", symlinks=True)
    share = stage / "share"
    linux = ROOT / "packaging" / "linux"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", share / "icons" / "hicolor")
    shutil.copy2(linux / "install.sh", stage / "install.sh")
    shutil.copy2(ROOT / "LICENSE", stage / "LICENSE")
    archive = dist / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage)
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    bundle = run_pyinstaller(args.dist, args.work)
    print(f"{bundle}: {folder_size(bundle) / 1e6:.1f} MB")
    if sys.platform.startswith("linux"):
        archive = linux_tarball(bundle, args.dist)
        print(f"{archive}: {archive.stat().st_size / 1e6:.1f} MB")
        if shutil.which("dpkg-deb"):
            sys.path.insert(0, str(ROOT / "packaging"))
            from deb import build_deb

            package = build_deb(bundle, args.dist, version("novelfetch"))
            print(f"{package}: {package.stat().st_size / 1e6:.1f} MB")
        else:
            print("No dpkg-deb here: no .deb built.")
    elif os.name == "nt":
        print("Next: compile packaging/windows/novelfetch.iss with Inno Setup 6.")
    elif sys.platform == "darwin":
        print("Next: packaging/macos/make-dmg.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
