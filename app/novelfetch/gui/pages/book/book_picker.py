"""The top row: which source, which book, and the Load button."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from novelfetch.core.sources import SourceRegistry
from novelfetch.gui.app.i18n import source_name
from novelfetch.gui.widgets.basics import name_widget

_PLACEHOLDERS = {
    "baidu": QT_TRANSLATE_NOOP(
        "BookPicker",
        "Book ID or address, e.g. 4306063500 or https://dushu.baidu.com/pc/detail?gid=…",
    ),
    "sample": QT_TRANSLATE_NOOP("BookPicker", "Sample book 1, 2 or 3"),
}


class BookPicker(QWidget):
    """``load_requested`` fires on Enter in the book field or a click on Load."""

    load_requested = Signal()
    source_changed = Signal(str)

    def __init__(self, registry: SourceRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.source_combo = QComboBox()
        # As wide as the longest name (an imported source's can be long), up to a limit.
        self.source_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.source_combo.setMaximumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.refresh_sources()
        name_widget(self.source_combo, "sourceCombo", self.tr("Source"))
        self.book_input = QLineEdit()
        self.book_input.setClearButtonEnabled(True)
        name_widget(self.book_input, "bookInput", self.tr("Book ID or address"))
        self.load_button = QPushButton(self.tr("Load"))
        name_widget(self.load_button, "loadButton", self.tr("Load the book"))

        source_label = QLabel(self.tr("&Source"))
        source_label.setBuddy(self.source_combo)
        book_label = QLabel(self.tr("&Book"))
        book_label.setBuddy(self.book_input)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(source_label)
        row.addWidget(self.source_combo)
        row.addSpacing(10)
        row.addWidget(book_label)
        row.addWidget(self.book_input, 1)
        row.addWidget(self.load_button)

        self.book_input.returnPressed.connect(self.load_requested)
        self.load_button.clicked.connect(lambda *_: self.load_requested.emit())
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

    def refresh_sources(self) -> None:
        """List the sources that can be used now (after an import, enable or remove)."""
        current = self.source_combo.currentData()
        self.source_combo.blockSignals(True)
        self.source_combo.clear()
        for entry in self.registry.entries():
            if entry.enabled and entry.usable:
                self.source_combo.addItem(source_name(entry.id, entry.name), entry.id)
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(current)))
        self.source_combo.blockSignals(False)
        # The list that drops down shows every name whole, however narrow the box.
        view = self.source_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth())

    def source(self) -> str:
        return str(self.source_combo.currentData())

    def set_source(self, source: str, *, quiet: bool = False) -> None:
        """Choose ``source``; ``quiet`` for showing which source a loaded book came from."""
        self.source_combo.blockSignals(quiet)
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(source)))
        self.source_combo.blockSignals(False)
        if not quiet:
            self._source_changed()

    def text(self) -> str:
        return self.book_input.text()

    def set_editable(self, editable: bool) -> None:
        for widget in (self.source_combo, self.book_input, self.load_button):
            widget.setEnabled(editable)

    def _source_changed(self) -> None:
        source = self.source()
        placeholder = _PLACEHOLDERS.get(source)
        self.book_input.setPlaceholderText(
            QCoreApplication.translate("BookPicker", placeholder)
            if placeholder
            else self.tr("Book address")
        )
        self.source_changed.emit(source)
