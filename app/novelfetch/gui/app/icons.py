"""Icons drawn or loaded once: the app icon, chapter status dots, the cover placeholder."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyle

from novelfetch.gui.app.theme import DARK, LIGHT, is_dark
from novelfetch.resources import resources_dir

APP_ID = "io.github.novelfetch.NovelFetch"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    """Every rendered PNG size plus the SVG, so each platform picks a sharp one."""
    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon


@cache
def status_icon(status: str, dark: bool = False) -> QIcon:
    """A filled dot; a ring for chapters not stored yet. (A state also has a word: the
    state never rests on colour alone.)"""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor((DARK if dark else LIGHT).status(status))
    if status == "missing":
        painter.setPen(QPen(colour, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
    painter.drawEllipse(QRectF(8, 8, 16, 16))
    painter.end()
    return QIcon(pixmap)


def cover_placeholder(
    width: int, height: int, text: str = "", palette: QPalette | None = None
) -> QPixmap:
    """A quiet book-shaped card shown until (or instead of) the real cover.

    Its colours come from ``palette`` (default: the application's), so it sits as quietly
    on a dark window as on a light one.
    """
    palette = palette if palette is not None else QGuiApplication.palette()
    roles = QPalette.ColorRole
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(palette.color(roles.Mid), 1))
    painter.setBrush(palette.color(roles.AlternateBase))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(roles.Midlight))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width * 0.12, height - 1), 6, 6)
    icon_size = min(width, height) // 2
    painter.setOpacity(0.45)  # a hint of the app, not a second logo
    app_icon().paint(
        painter,
        (width - icon_size) // 2,
        (height - icon_size) // 2 - (10 if text else 0),
        icon_size,
        icon_size,
    )
    painter.setOpacity(1.0)
    if text:
        font = QFont(painter.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        painter.setPen(palette.color(roles.PlaceholderText))
        painter.drawText(
            QRectF(4, height * 0.72, width - 8, height * 0.25),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            text,
        )
    painter.end()
    return pixmap


class _GlyphEngine(QIconEngine):
    """A style's black glyph (arrow, play, pause, stop) in the text colour of the palette it
    is painted under: black on a light window, light on a dark one.

    Fusion draws these glyphs black whatever the palette, which on a dark window all but
    hides them. The colour is picked at each paint, so a switch of scheme needs no refresh.
    A glyph the platform's icon theme already colours is left alone.
    """

    def __init__(self, which: QStyle.StandardPixmap) -> None:
        super().__init__()
        self._which = which
        self._black: dict[tuple[int, int, QIcon.Mode], bool] = {}

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._which)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        source = QApplication.style().standardIcon(self._which).pixmap(size, mode, state)
        palette = QGuiApplication.palette()
        if source.isNull() or not is_dark(palette):
            return source
        key = (source.width(), source.height(), mode)
        if key not in self._black:  # measured once per size: the style's pixmap is fixed
            self._black[key] = _is_black_glyph(source)
        if not self._black[key]:
            return source
        group = QPalette.ColorGroup.Disabled if mode is QIcon.Mode.Disabled else None
        roles = QPalette.ColorRole
        colour = palette.color(group, roles.ButtonText) if group else palette.buttonText().color()
        tinted = QPixmap(source.size())
        tinted.setDevicePixelRatio(source.devicePixelRatio())
        tinted.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tinted)
        painter.drawPixmap(0, 0, source)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(tinted.rect(), colour)
        painter.end()
        return tinted

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))


def _is_black_glyph(pixmap: QPixmap) -> bool:
    """Whether every visible pixel of ``pixmap`` is (nearly) black: a glyph, not a picture."""
    image = pixmap.toImage()
    shown = [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]
    shown = [colour for colour in shown if colour.alpha() > 64]
    return bool(shown) and all(colour.lightness() < 64 for colour in shown)


def glyph_icon(which: QStyle.StandardPixmap) -> QIcon:
    """The style's icon ``which``, readable on a dark window too (see ``_GlyphEngine``)."""
    return QIcon(_GlyphEngine(which))
