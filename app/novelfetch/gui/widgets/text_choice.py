"""The per-book text options in the window: the Chinese script and "apply replacement rules".

``TextChoice`` is the plain value the window remembers for each book (``AppSettings``);
``TextChoicePanel`` is the row of widgets beside the download options that edits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from novelfetch.core.text.options import CONVERSIONS
from novelfetch.gui.widgets.basics import name_widget

__all__ = [
    "TextChoice",
    "TextChoicePanel",
    "conversion_labels",
    "fill_conversions",
    "set_conversion",
]


@dataclass(frozen=True, slots=True)
class TextChoice:
    """What the user chose for one book (or as the default for books never downloaded)."""

    conversion: str = "none"
    apply_rules: bool = True

    def __post_init__(self) -> None:
        if self.conversion not in CONVERSIONS:
            raise ValueError(f"unknown conversion {self.conversion!r}")


def conversion_labels() -> list[tuple[str, str]]:
    """``(label, conversion)`` for each OpenCC configuration offered, in CONVERSIONS order."""

    # Spelled out in full: lupdate extracts only literal QCoreApplication.translate() calls.
    labels = {
        "none": QCoreApplication.translate("TextChoice", "Keep original"),
        "s2t": QCoreApplication.translate("TextChoice", "Simplified → Traditional"),
        "s2tw": QCoreApplication.translate("TextChoice", "Simplified → Traditional (Taiwan)"),
        "s2hk": QCoreApplication.translate("TextChoice", "Simplified → Traditional (Hong Kong)"),
        "t2s": QCoreApplication.translate("TextChoice", "Traditional → Simplified"),
    }
    return [(labels[conversion], conversion) for conversion in CONVERSIONS]


def fill_conversions(combo: QComboBox) -> None:
    for label, conversion in conversion_labels():
        combo.addItem(label, conversion)


def set_conversion(combo: QComboBox, conversion: str) -> None:
    combo.setCurrentIndex(max(0, combo.findData(conversion)))


class TextChoicePanel(QGroupBox):
    """``changed`` fires when the user edits either choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Text of this book"))
        self.script = QComboBox()
        fill_conversions(self.script)
        self.script.setToolTip(
            self.tr("Convert the book between Simplified and Traditional characters")
        )
        name_widget(self.script, "scriptCombo", self.tr("Chinese script"))
        script_label = QLabel(self.tr("&Chinese script"))
        script_label.setBuddy(self.script)

        self.apply_rules = QCheckBox(self.tr("Apply &replacement rules"))
        self.apply_rules.setChecked(True)
        self.apply_rules.setToolTip(
            self.tr("Use the replacement rules saved in File ▸ Settings for this book")
        )
        name_widget(self.apply_rules, "applyRulesCheck", self.tr("Apply replacement rules"))

        # Stacked, and the list as narrow as a short label: it lives in the book's column, whose
        # width the chapter list needs at 900×600.
        self.script.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.script.setMinimumContentsLength(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(script_label)
        layout.addWidget(self.script)
        layout.addWidget(self.apply_rules)

        self.script.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.apply_rules.toggled.connect(lambda *_: self.changed.emit())

    def choice(self) -> TextChoice:
        return TextChoice(str(self.script.currentData()), self.apply_rules.isChecked())

    def set_choice(self, choice: TextChoice) -> None:
        set_conversion(self.script, choice.conversion)
        self.apply_rules.setChecked(choice.apply_rules)

    def set_editable(self, editable: bool) -> None:
        self.script.setEnabled(editable)
        self.apply_rules.setEnabled(editable)
