"""Render the app icon's PNG sizes from its SVG with Qt's own SVG renderer, then pack them
as the Windows ``.ico`` and macOS ``.icns`` the installers use (both formats hold PNGs).

Run after editing the SVG: ``python packaging/render_icons.py``. The PNGs are committed so
neither the app nor a packager needs an SVG toolchain.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.novelfetch.NovelFetch"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HICOLOR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "hicolor"


def render(svg: Path, size: int, target: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"cannot write {target}")


ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def png_of(size: int) -> bytes:
    return (HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()


def write_ico(target: Path) -> None:
    """An ICO whose entries are PNGs (Windows Vista and later read these)."""
    images = [png_of(size) for size in ICO_SIZES]
    offset = 6 + 16 * len(images)
    entries = b""
    for size, data in zip(ICO_SIZES, images, strict=True):
        edge = size % 256  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(struct.pack("<HHH", 0, 1, len(images)) + entries + b"".join(images))


def write_icns(target: Path) -> None:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data
        for kind, data in ((kind, png_of(size)) for size, kind in ICNS_TYPES.items())
    )
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt up)
    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    for size in SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(svg, size, target)
        print(target.relative_to(HICOLOR.parent.parent.parent))
    write_ico(HICOLOR.parent / "novelfetch.ico")
    write_icns(HICOLOR.parent / "novelfetch.icns")
    print("resources/icons/novelfetch.ico, resources/icons/novelfetch.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
