"""The .deb from ``packaging/deb.py``: layout, control file and maintainer scripts.

Built here from a stand-in bundle (a tiny onedir with a ``novelfetch`` launcher), so the test
takes a second; CI builds the real one, installs it with apt, self-tests and purges it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from deb import DEPENDS, MAINTAINER_SCRIPT, build_deb  # noqa: E402

APP_ID = "io.github.novelfetch.NovelFetch"


def _dpkg_deb() -> str:
    path = shutil.which("dpkg-deb")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("dpkg-deb is missing in CI")
        pytest.skip("dpkg-deb not installed (not a Debian system)")
    return path


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _dpkg_deb()
    base = tmp_path_factory.mktemp("deb")
    bundle = base / "novelfetch"
    (bundle / "_internal").mkdir(parents=True)
    launcher = bundle / "novelfetch"
    launcher.write_text("#!/bin/sh\necho stand-in\n")
    launcher.chmod(0o700)  # a tight umask at build time must not leak into the package
    (bundle / "_internal" / "base_library.zip").write_bytes(b"x" * 5000)
    (bundle / "_internal" / "base_library.zip").chmod(0o600)
    return build_deb(bundle, base, "1.2.3", "amd64")


def _listing(package: Path) -> dict[str, tuple[str, str, str]]:
    """path -> (mode string, owner/group, link target)"""
    out = subprocess.run(
        [_dpkg_deb(), "--contents", str(package)], capture_output=True, text=True, check=True
    ).stdout
    entries = {}
    for line in out.splitlines():
        mode, owner, _size, _date, _time, rest = line.split(None, 5)
        name, _, target = rest.partition(" -> ")
        entries[name.removeprefix(".").rstrip("/") or "/"] = (mode, owner, target)
    return entries


def _field(package: Path, name: str) -> str:
    return subprocess.run(
        [_dpkg_deb(), "--field", str(package), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_named_by_version_and_arch_with_a_complete_control_file(package: Path) -> None:
    assert package.name == "novelfetch_1.2.3_amd64.deb"
    assert _field(package, "Package") == "novelfetch"
    assert _field(package, "Version") == "1.2.3"
    assert _field(package, "Architecture") == "amd64"
    for name in ("Maintainer", "Section", "Priority", "Description", "Homepage"):
        assert _field(package, name), name
    depends = _field(package, "Depends")
    for library in ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libglib2.0-0"):
        assert library in depends
    assert depends == ", ".join(DEPENDS)
    assert int(_field(package, "Installed-Size")) >= 5  # KiB, the stand-in's 5,000 bytes


def test_installs_under_opt_with_a_command_menu_entry_icons_and_metainfo(package: Path) -> None:
    entries = _listing(package)
    assert entries["/opt/novelfetch/novelfetch"][0] == "-rwxr-xr-x"
    assert entries["/opt/novelfetch/_internal/base_library.zip"][0] == "-rw-r--r--"
    assert entries["/usr/bin/novelfetch"][0].startswith("l")
    assert entries["/usr/bin/novelfetch"][2] == "/opt/novelfetch/novelfetch"
    assert f"/usr/share/applications/{APP_ID}.desktop" in entries
    assert f"/usr/share/metainfo/{APP_ID}.metainfo.xml" in entries
    assert f"/usr/share/icons/hicolor/256x256/apps/{APP_ID}.png" in entries
    assert f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg" in entries
    assert "/usr/share/doc/novelfetch/copyright" in entries
    assert {owner for _mode, owner, _target in entries.values()} == {"root/root"}


def test_maintainer_scripts_never_fail_without_the_refresh_tools(
    package: Path, tmp_path: Path
) -> None:
    subprocess.run([_dpkg_deb(), "--control", str(package), str(tmp_path)], check=True)
    for script in ("postinst", "postrm"):
        path = tmp_path / script
        assert path.read_text() == MAINTAINER_SCRIPT
        assert os.access(path, os.X_OK)
        # An empty PATH: neither update-desktop-database nor gtk-update-icon-cache exists.
        result = subprocess.run(["/bin/sh", str(path), "configure"], env={"PATH": ""})
        assert result.returncode == 0
