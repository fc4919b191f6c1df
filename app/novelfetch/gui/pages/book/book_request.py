"""What the Book page asks for when Start or "Add to queue" is pressed: the book target
(format, folder, encoding, text options) as chosen, or a message saying what cannot be used.

Kept out of the window so that it stays a composer of panels; it reads the panels and the
settings, and answers with a ``BookTarget`` or None (having shown why).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from novelfetch.core.errors import BadInputError
from novelfetch.core.export.txt import check_encoding
from novelfetch.core.jobs.pipeline import BookTarget
from novelfetch.core.jobs.results import LoadedBook
from novelfetch.core.text.options import TextOptions
from novelfetch.core.text.replace_rules import ReplaceRule, load_rules
from novelfetch.gui.app.core_messages import error_text
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.widgets.options_panel import OptionsPanel
from novelfetch.gui.widgets.text_choice import TextChoicePanel
from novelfetch.gui.window.message_bar import Level

Tell = Callable[[Level, str], None]


def chosen_target(
    options: OptionsPanel,
    text_choice: TextChoicePanel,
    settings: AppSettings,
    data_dir: Path | None,
    loaded: LoadedBook | None,
    tell: Tell,
) -> BookTarget | None:
    """Format, folder, encoding and text options as chosen; None (and a message) when one of
    them cannot be used."""
    folder = options.folder()
    if folder is None:
        message = QCoreApplication.translate("MainWindow", "Choose a folder to save the book in.")
        tell(Level.ERROR, message)
        return None
    fmt, encoding = options.fmt(), options.encoding()
    if fmt == "txt":
        try:
            check_encoding(encoding)
        except BadInputError as error:
            message = QCoreApplication.translate("MainWindow", "Cannot write the TXT: %1")
            tell(Level.ERROR, message.replace("%1", error_text(error)))
            return None
    text = text_options(text_choice, settings, data_dir, loaded, tell)
    if text is None:
        return None
    return BookTarget(fmt, folder, encoding, text)


def text_options(
    text_choice: TextChoicePanel,
    settings: AppSettings,
    data_dir: Path | None,
    loaded: LoadedBook | None,
    tell: Tell,
) -> TextOptions | None:
    """The loaded book's text options, remembered for it; None (and a message) when the
    saved rules cannot be read."""
    choice = text_choice.choice()
    if loaded is not None:
        settings.remember_text_choice(loaded.book.source, loaded.book.book_id, choice)
    rules: list[ReplaceRule] = []
    if choice.apply_rules and data_dir is not None:
        try:
            rules = load_rules(data_dir)
        except BadInputError as error:
            message = QCoreApplication.translate(
                "MainWindow",
                "The replacement rules cannot be used: %1. Untick “Apply replacement"
                " rules” to write the book without them.",
            )
            tell(Level.ERROR, message.replace("%1", error_text(error)))
            return None
    # Every saved rule goes in; the runner keeps those whose scope names this book.
    return TextOptions(choice.conversion, tuple(rules))
