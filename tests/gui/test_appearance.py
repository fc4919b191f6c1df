"""How the window looks: network text shown as text, light and dark, small screens."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from novelfetch.gui import setup_app
from novelfetch.gui.app.theme import DARK, LIGHT, Colours, dark_palette, is_dark
from novelfetch.gui.pages.book.chapter_model import STATUS, TITLE
from novelfetch.gui.pages.book.job_state import JobState
from novelfetch.gui.window.message_bar import Level
from novelfetch.sample.library import SampleBook
from novelfetch.sample.server import SampleServer
from tests.gui.conftest import WindowFactory, load
from tests.gui.layout_checks import clipped

MARKUP = '<b>x</b><img src="file:///etc/passwd">'
# As a source sends it: the core drops raw tags, but escaped ones are text that means "<b>".
SENT = escape(MARKUP)


@dataclass(frozen=True, slots=True)
class MarkupBook(SampleBook):
    """Every text a source supplies is markup-shaped."""

    def chapter_title(self, index: int) -> str:
        return f"{SENT} {index}"


def reference_label(like: QLabel, plain: bool) -> QLabel:
    label = QLabel(like.text())
    label.setFont(like.font())
    label.setWordWrap(like.wordWrap())
    label.setTextFormat(Qt.TextFormat.PlainText if plain else Qt.TextFormat.RichText)
    return label


def shown_as_text(tooltip: str) -> str:
    """What a tooltip reads as, once Qt has rendered it."""
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


async def test_network_text_is_shown_literally(qtbot: Any, make_window: WindowFactory) -> None:
    library = {"5": MarkupBook("5", SENT, SENT, f"{SENT} intro", chapter_count=3)}
    async with SampleServer(library) as server:
        window = make_window(server)
        assert await load(qtbot, window, "5") is JobState.READY
        panel = window.book_panel
        for label in (panel.title, panel.author, panel.intro):
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
            assert MARKUP in label.text(), label.objectName()
        # Rendered as text: laid out like a plain-text label of the same characters, and
        # unlike the rich text (one bold "x") they would otherwise become.
        literal, rich = reference_label(panel.author, True), reference_label(panel.author, False)
        for width in (120, 200):
            height = panel.author.heightForWidth(width)
            assert height == literal.heightForWidth(width) > rich.heightForWidth(width)
        assert shown_as_text(panel.intro.toolTip()) == f"{MARKUP} intro"
        assert MARKUP in window.windowTitle()

        model = window.chapters.model
        assert model.data(model.index(0, TITLE)) == f"{MARKUP} 1"
        model.mark_failed([(model.chapters[0], f"server said {MARKUP}")])
        tooltip = model.data(model.index(0, STATUS), Qt.ItemDataRole.ToolTipRole)
        assert shown_as_text(tooltip) == f"Failed: server said {MARKUP}"

        window.message_bar.show_message(Level.ERROR, f"cannot load {MARKUP}")
        assert window.message_bar.label.textFormat() == Qt.TextFormat.PlainText
        assert window.message_bar.text() == f"cannot load {MARKUP}"
        window.progress.set_status(MARKUP)
        assert window.progress.status.textFormat() == Qt.TextFormat.PlainText


def _contrast(foreground: str | QColor, background: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    lighter, darker = sorted((luminance(QColor(foreground)), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _scheme_pairs(scheme: Colours, palette: QPalette) -> dict[str, tuple[str | QColor, QColor]]:
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    pairs: dict[str, tuple[str | QColor, QColor]] = {
        f"status {name}": (scheme.status(name), base)
        for name in ("stored", "failed", "paid", "missing")
    }
    pairs["error text"] = (scheme.error_text, window)
    pairs["warning text"] = (scheme.warning_text, window)
    for level in ("info", "warning", "error"):
        bar = getattr(scheme, level)
        pairs[f"{level} message"] = (bar.text, QColor(bar.background))
    return pairs


def test_every_custom_colour_is_readable_in_light_and_dark(qapp: QApplication) -> None:
    app = qapp
    light = app.style().standardPalette()
    assert not is_dark(light) and is_dark(dark_palette())
    for scheme, palette in ((LIGHT, light), (DARK, dark_palette())):
        for name, (foreground, background) in _scheme_pairs(scheme, palette).items():
            # WCAG AA for large/bold text and interface parts; body text uses the palette.
            assert _contrast(foreground, background) >= 3.0, (scheme is DARK, name)


def card_background(panel: QWidget) -> QColor:
    """The book card's colour where no text can ever be, whatever the fonts: halfway down
    its right margin (text wraps differently with each font, and a pixel sampled among the
    lines may land on a letter)."""
    card = panel.grab().toImage()
    margin = panel.layout().contentsMargins().right()
    return card.pixelColor(card.width() - margin // 2, card.height() // 2)


async def test_dark_scheme_reaches_every_custom_colour(
    qtbot: Any, server: SampleServer, make_window: WindowFactory
) -> None:
    window = make_window(server, colour_scheme="dark")
    assert is_dark(window.palette()) and is_dark(window.chapters.view.palette())
    assert await load(qtbot, window, "1") is JobState.READY
    model = window.chapters.model
    foreground = model.data(model.index(0, STATUS), Qt.ItemDataRole.ForegroundRole)
    assert foreground.color() == QColor(DARK.missing)
    window.message_bar.show_message(Level.ERROR, "x")
    assert DARK.error.background in window.message_bar.styleSheet()
    window.progress.set_failed(2)
    assert window.progress.failed.palette().color(QPalette.ColorRole.WindowText) == QColor(
        DARK.error_text
    )
    # The book card is painted from the palette: dark, like the rest.
    assert card_background(window.book_panel).lightness() < 80

    # Switching back while the window is open: every custom colour follows.
    setup_app(QApplication.instance(), language="en", colour_scheme="light")
    QApplication.sendPostedEvents()
    assert not is_dark(window.palette())
    foreground = model.data(model.index(0, STATUS), Qt.ItemDataRole.ForegroundRole)
    assert foreground.color() == QColor(LIGHT.missing)
    assert LIGHT.error.background in window.message_bar.styleSheet()
    assert window.progress.failed.palette().color(QPalette.ColorRole.WindowText) == QColor(
        LIGHT.error_text
    )
    assert card_background(window.book_panel).lightness() > 200


def lay_out(window: QWidget, width: int, height: int) -> None:
    """Resize and lay out now, without running the event loop.

    A hidden window takes its size at once (a shown one waits for the window system),
    and sending the posted layout requests settles every layout inside it.
    """
    window.hide()
    window.resize(width, height)
    window.show()
    QApplication.sendPostedEvents()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_chapter_list_keeps_most_of_a_small_window(
    qtbot: Any, server: SampleServer, make_window: WindowFactory, language: str
) -> None:
    window = make_window(server, language=language)
    assert await load(qtbot, window, "1") is JobState.READY
    lay_out(window, 900, 600)
    assert (window.width(), window.height()) == (900, 600)  # nothing forced it bigger
    central = window.centralWidget().height()
    assert window.chapters.view.height() >= 0.5 * central
    # The open log takes its share, never most of the list.
    window.log_panel.set_expanded(True)
    lay_out(window, 900, 600)
    assert (window.width(), window.height()) == (900, 600)
    assert window.chapters.view.height() >= central / 3
    row = window.chapters.view.sizeHintForRow(0)
    assert window.chapters.view.height() >= 8 * row
    # The book's text stays clear of its cover (or the cover gives way).
    panel = window.book_panel
    if panel.cover.isVisible():
        assert panel.title.geometry().top() >= panel.cover.geometry().bottom()
    # A rule source's long name: its line gives way, and nothing on the card is cut off (the
    # intro takes what room is left by design; it is whole in its tooltip).
    loaded = window.controller.loaded
    assert loaded is not None
    long_name = "墨香书屋（NovelFetch 示例站）" + " a rule source with a very long name" * 2
    panel.show_book(loaded.book, loaded.chapters, 0, long_name)
    lay_out(window, 900, 600)
    assert clipped(panel, panel.intro) == []
    assert long_name in panel.origin.text()


async def test_settings_choose_colours_at_once_and_the_language_for_next_time(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = make_window()
    assert not is_dark(window.palette())
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog.findChild(QLabel, "languageNote").text() == (
        "Applies when NovelFetch starts again."
    )
    dialog.colour_scheme.setCurrentIndex(dialog.colour_scheme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    QApplication.sendPostedEvents()
    assert is_dark(window.palette())  # the colours change now ...
    assert window.progress.start.text() == "Start"  # ... the language on the next start
    assert window.settings.colour_scheme == "dark" and window.settings.language == "zh_CN"


def glyph_lightness(icon: QIcon) -> float:
    """The mean lightness of an icon's visible pixels."""
    image = icon.pixmap(16, 16).toImage()
    shown = [
        colour.lightness()
        for colour in (image.pixelColor(x, y) for y in range(16) for x in range(16))
        if colour.alpha() > 128
    ]
    assert shown
    return sum(shown) / len(shown)


def indicator_border(box: QCheckBox) -> QColor:
    """The colour of an unchecked check box's left border, as painted."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    return box.grab().toImage().pixelColor(rect.left(), rect.center().y())


@pytest.mark.parametrize("scheme", ["dark", "light"])
async def test_glyphs_and_check_boxes_stand_out_in_either_scheme(
    qtbot: Any, make_window: WindowFactory, scheme: str
) -> None:
    window = make_window(colour_scheme=scheme)
    window.shell.show_page("book")
    dark = scheme == "dark"
    assert is_dark(window.palette()) is dark
    downloads = window.shell.navigation.tabIcon(window.shell.page_keys().index("downloads"))
    for icon in (downloads, window.progress.queue.icon(), window.progress.start.icon()):
        lightness = glyph_lightness(icon)
        assert lightness > 150 if dark else lightness < 100, (scheme, lightness)
    box = window.chapters.only_missing
    box.setEnabled(True)  # as with a book loaded
    assert isinstance(box, QCheckBox) and not box.isChecked()
    background = window.palette().color(QPalette.ColorRole.Window)
    # WCAG's 3:1 for the parts of a control (it was 1.2:1 on the dark window).
    if dark:
        assert _contrast(indicator_border(box), background) >= 3.0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_search_columns_have_room_before_any_result(
    qtbot: Any, make_window: WindowFactory, language: str
) -> None:
    window = make_window(language=language)
    window.shell.show_page("search")
    QApplication.sendPostedEvents()
    header = window.search_page.results.header()
    room = window.search_page.fontMetrics().averageCharWidth() * 10
    for column in (1, 2):  # author, source
        assert header.sectionSize(column) >= room, (column, header.sectionSize(column))
