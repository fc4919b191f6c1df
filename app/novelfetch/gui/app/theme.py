"""Light and dark: the colour scheme choice and every custom colour the window uses.

Qt follows the desktop's light or dark scheme by itself; ``apply_colour_scheme`` only acts
on an explicit choice. Where Qt can ask the platform for a scheme (Qt 6.8 and later,
``QStyleHints.setColorScheme``) it does; where the platform ignores that (the offscreen
platform, older desktops), a palette of our own stands in.

Custom colours (chapter states, the message bar, error text) never assume a white
background: each comes in a light and a dark variant, picked by the palette the widget
actually has, so both stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget


class ColourScheme(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def parse(cls, value: object) -> ColourScheme:
        try:
            return cls(str(value).lower())
        except ValueError:
            return cls.SYSTEM


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether text is drawn light on dark in ``palette`` (default: the application's)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return text.lightness() > window.lightness()


@dataclass(frozen=True)
class MessageColours:
    background: str
    border: str
    text: str


@dataclass(frozen=True)
class Colours:
    """One scheme's custom colours (hex strings, for style sheets and ``QColor`` alike)."""

    stored: str
    failed: str
    paid: str
    missing: str
    error_text: str
    warning_text: str
    #: The border of an unchecked check box or radio button (3:1 against the window).
    indicator_outline: str
    info: MessageColours
    warning: MessageColours
    error: MessageColours

    def status(self, status: str) -> str:
        return {
            "stored": self.stored,
            "failed": self.failed,
            "paid": self.paid,
            "missing": self.missing,
        }[status]


LIGHT = Colours(
    stored="#1e8e3e",
    failed="#d93025",
    paid="#b06000",
    missing="#80868b",
    error_text="#b3261e",
    warning_text="#8a5a00",
    indicator_outline="#80868b",
    info=MessageColours("#e8f0fe", "#aecbfa", "#174ea6"),
    warning=MessageColours("#fef7e0", "#fdd663", "#7a4f01"),
    error=MessageColours("#fce8e6", "#f6aea9", "#a50e0e"),
)
DARK = Colours(
    stored="#81c995",
    failed="#f28b82",
    paid="#fdd663",
    missing="#9aa0a6",
    error_text="#f28b82",
    warning_text="#fdd663",
    indicator_outline="#8e9297",
    info=MessageColours("#1c2b41", "#3b5f94", "#aecbfa"),
    warning=MessageColours("#3a2f0b", "#8a6d1a", "#fde293"),
    error=MessageColours("#41201d", "#8c3a33", "#f6aea9"),
)


def colours(palette: QPalette | None = None) -> Colours:
    return DARK if is_dark(palette) else LIGHT


def palette_changed(event: QEvent) -> bool:
    """Whether a ``changeEvent`` may have switched light and dark."""
    return event.type() in (
        QEvent.Type.PaletteChange,
        QEvent.Type.ApplicationPaletteChange,
        QEvent.Type.ThemeChange,
        QEvent.Type.StyleChange,
    )


def dark_palette() -> QPalette:
    """A dark palette for platforms that cannot switch schemes themselves."""
    palette = QPalette()
    roles = QPalette.ColorRole
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#e3e3e3")
    for role, colour in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, QColor("#25272a")),
        (roles.ToolTipBase, QColor("#3c3f41")),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, QColor("#9aa0a6")),
        (roles.Text, text),
        (roles.Button, QColor("#35373b")),
        (roles.ButtonText, text),
        (roles.BrightText, QColor("#ff8a80")),
        (roles.Light, QColor("#4a4d52")),
        (roles.Midlight, QColor("#3d4044")),
        (roles.Mid, QColor("#55585d")),
        (roles.Dark, QColor("#151617")),
        (roles.Shadow, QColor("#000000")),
        (roles.Highlight, QColor("#3d6fb6")),
        (roles.HighlightedText, QColor("#ffffff")),
        (roles.Link, QColor("#8ab4f8")),
        (roles.LinkVisited, QColor("#c58af9")),
    ):
        palette.setColor(role, colour)
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#6f7378"))
    palette.setColor(disabled, roles.Highlight, QColor("#4a4d52"))
    return palette


def apply_colour_scheme(app: QApplication, choice: ColourScheme) -> None:
    """Ask for ``choice``; fall back to a palette of our own where the platform cannot."""
    hints = app.styleHints()
    wanted = {
        ColourScheme.LIGHT: Qt.ColorScheme.Light,
        ColourScheme.DARK: Qt.ColorScheme.Dark,
        ColourScheme.SYSTEM: Qt.ColorScheme.Unknown,  # Unknown: "follow the system"
    }[choice]
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later
        hints.setColorScheme(wanted)
    if choice is ColourScheme.SYSTEM:
        # An empty palette resets to the platform's own (undoes an earlier explicit choice).
        app.setPalette(QPalette())
        _outline_indicators(app, is_dark(app.palette()))
        return
    if hints.colorScheme() != wanted:  # else the platform switched: its palette is right
        app.setPalette(dark_palette() if choice is ColourScheme.DARK else _light_palette(app))
    _outline_indicators(app, is_dark(app.palette()))


def _light_palette(app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    if is_dark(palette):  # a dark desktop that cannot switch: Fusion's own light palette
        from PySide6.QtWidgets import QStyleFactory

        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            palette = fusion.standardPalette()
    return palette


_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
)


class OutlinedIndicators(QProxyStyle):
    """The style in use, with a visible border round check boxes and radio buttons.

    Fusion draws an unchecked box's border a little darker than the window: on a dark
    window it all but disappears. Installed only while the colours are dark (every
    primitive the style draws passes through this Python method).
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _INDICATORS or not is_dark(option.palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, element != _INDICATORS[0])
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        outline = QColor(DARK.indicator_outline)
        if not enabled:
            outline = option.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()


def _outline_indicators(app: QApplication, dark: bool) -> None:
    current = app.style()
    outlined = isinstance(current, OutlinedIndicators)
    if dark == outlined:
        return
    palette = app.palette()
    if dark:
        app.setStyle(OutlinedIndicators(current.name()))
    else:
        app.setStyle(current.baseStyle().name())
    app.setPalette(palette)  # a new style starts from its own palette
