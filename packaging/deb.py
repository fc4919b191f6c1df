"""The Debian/Ubuntu package: ``dist/novelfetch_<version>_<arch>.deb`` from the onedir build.

Layout: the PyInstaller build in ``/opt/novelfetch/``, a ``/usr/bin/novelfetch`` symlink to
it, the menu entry, hicolor icons and AppStream metainfo under ``/usr/share``. The bundle
leaves the desktop's own libraries (X11/xcb, Wayland, GL, fontconfig, GLib, D-Bus) to the
system, so the control file depends on them and ``apt-get install ./novelfetch_….deb`` pulls
them in. Built with ``dpkg-deb --build --root-owner-group``: no fakeroot, files owned by root.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.novelfetch.NovelFetch"
PACKAGE = "novelfetch"
MAINTAINER = "NovelFetch developers <novelfetch@users.noreply.github.com>"
HOMEPAGE = "https://github.com/novelfetch/novelfetch"

#: What the bundle's Qt loads from the system (checked with ldd on the build; libc for the
#: PySide6 wheels' glibc 2.34 floor). Debian names; Ubuntu's t64 packages provide them.
DEPENDS = (
    "libc6 (>= 2.34)",
    "libstdc++6",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
)
# Chinese books need a CJK font; most desktops have one, so it is not a hard dependency.
RECOMMENDS = ("fonts-noto-cjk",)

DESCRIPTION = """\
Save offline reading copies of web novels as EPUB or TXT
 NovelFetch loads a web novel from a supported source, lets you choose its
 chapters, and downloads them into an EPUB or TXT file to read offline. It
 resumes where it stopped and never fetches a stored chapter twice.
 .
 It has a desktop window and a command line (novelfetch download BOOK)."""

# Refreshing menus and icons is a courtesy: a missing tool or a failing cache never fails
# the install or the removal.
REFRESH = """\
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
"""
MAINTAINER_SCRIPT = "#!/bin/sh\nset -e\n" + REFRESH + "exit 0\n"


def deb_arch() -> str:
    """Debian's name for this machine (``amd64``, ``arm64``), from dpkg when it is there."""
    dpkg = shutil.which("dpkg")
    if dpkg:
        result = subprocess.run([dpkg, "--print-architecture"], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "armhf", "i686": "i386"}.get(
        machine, machine
    )


def installed_size_kib(root: Path) -> int:
    """``Installed-Size``: the unpacked size in KiB, symlinks counted as nothing."""
    total = sum(f.lstat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink())
    return (total + 1023) // 1024


def control_file(version: str, arch: str, size_kib: int) -> str:
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(size_kib),
        "Depends": ", ".join(DEPENDS),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "net",
        "Priority": "optional",
        "Homepage": HOMEPAGE,
        "Description": DESCRIPTION,
    }
    return "".join(f"{name}: {value}\n" for name, value in fields.items())


def copyright_file() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: NovelFetch\nSource: {HOMEPAGE}\n\n"
        "Files: *\nCopyright: NovelFetch developers\nLicense: AGPL-3.0-or-later\n"
        " The full text is in /opt/novelfetch/LICENSE.\n"
    )


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _normalise_modes(root: Path) -> None:
    """Directories 0755, files 0644 unless executable (then 0755): whatever the umask was."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def stage_tree(bundle: Path, stage: Path, version: str, arch: str) -> None:
    """Lay out the package's files and ``DEBIAN/`` under ``stage``."""
    linux = ROOT / "packaging" / "linux"
    opt = stage / "opt" / PACKAGE
    shutil.copytree(bundle, opt, symlinks=True)
    shutil.copy2(ROOT / "LICENSE", opt / "LICENSE")
    share = stage / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo")
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", share / "icons" / "hicolor")
    _write(share / "doc" / PACKAGE / "copyright", copyright_file())
    (stage / "usr" / "bin").mkdir(parents=True)
    # A symlink: the frozen launcher finds its _internal folder through /proc/self/exe.
    (stage / "usr" / "bin" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{PACKAGE}")
    _normalise_modes(stage)
    size = installed_size_kib(stage)
    debian = stage / "DEBIAN"
    _write(debian / "control", control_file(version, arch, size))
    for script in ("postinst", "postrm"):
        _write(debian / script, MAINTAINER_SCRIPT, 0o755)
    debian.chmod(0o755)


def build_deb(bundle: Path, dist: Path, version: str, arch: str | None = None) -> Path:
    """``dist/novelfetch_<version>_<arch>.deb`` from the onedir ``bundle``; needs dpkg-deb."""
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise FileNotFoundError("dpkg-deb is needed to build the .deb (Debian: dpkg)")
    arch = arch or deb_arch()
    stage = dist / f"{PACKAGE}-deb-stage"
    shutil.rmtree(stage, ignore_errors=True)
    old_umask = os.umask(0o022)
    try:
        stage_tree(bundle, stage, version, arch)
        package = dist / f"{PACKAGE}_{version}_{arch}.deb"
        package.unlink(missing_ok=True)
        subprocess.run(
            [dpkg_deb, "--build", "--root-owner-group", "-Zxz", str(stage), str(package)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    finally:
        os.umask(old_umask)
        shutil.rmtree(stage, ignore_errors=True)
    return package
