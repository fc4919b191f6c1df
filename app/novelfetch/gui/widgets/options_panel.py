"""Where and how the book is written: format, output folder, concurrency."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from novelfetch.core.jobs.downloader import MAX_CONCURRENCY
from novelfetch.gui.widgets.basics import name_widget

FORMAT_CHOICES = (("EPUB", "epub"), ("TXT", "txt"))
# Offered in the TXT encoding field; any other codec name can be typed.
ENCODING_CHOICES = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16")


class OptionsPanel(QWidget):
    """``changed`` fires when the user edits any option (the window persists them)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = QComboBox()
        for label, value in FORMAT_CHOICES:
            self.format.addItem(label, value)
        name_widget(self.format, "formatCombo", self.tr("Format"))

        self.output_dir = QLineEdit()
        self.output_dir.setPlaceholderText(self.tr("Folder to save the book in"))
        self.output_dir.setClearButtonEnabled(True)
        name_widget(self.output_dir, "outputDirEdit", self.tr("Output folder"))
        self.browse = QPushButton(self.tr("Choose…"))
        name_widget(self.browse, "browseButton", self.tr("Choose output folder"))
        self.browse.clicked.connect(self._choose_folder)

        self.encoding_combo = QComboBox()
        self.encoding_combo.setEditable(True)
        self.encoding_combo.addItems(ENCODING_CHOICES)
        self.encoding_combo.setToolTip(self.tr("Text encoding of the TXT file"))
        name_widget(self.encoding_combo, "encodingCombo", self.tr("TXT encoding"))
        self.encoding_label = QLabel(self.tr("&Encoding"))
        self.encoding_label.setBuddy(self.encoding_combo)

        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setToolTip(self.tr("Chapters fetched at the same time"))
        name_widget(self.concurrency, "concurrencySpin", self.tr("Concurrent downloads"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for text, buddy, stretch in (
            (self.tr("F&ormat"), self.format, 0),
            (self.tr("Save &in"), self.output_dir, 1),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            layout.addWidget(label)
            layout.addWidget(buddy, stretch)
            if buddy is self.format:
                layout.addWidget(self.encoding_label)
                layout.addWidget(self.encoding_combo)
            if buddy is self.output_dir:
                layout.addWidget(self.browse)
            layout.addSpacing(10)
        concurrency_label = QLabel(self.tr("&Parallel"))
        concurrency_label.setBuddy(self.concurrency)
        layout.addWidget(concurrency_label)
        layout.addWidget(self.concurrency)

        for signal in (
            self.format.currentIndexChanged,
            self.output_dir.editingFinished,
            self.concurrency.valueChanged,
            self.encoding_combo.currentTextChanged,
        ):
            signal.connect(lambda *_: self.changed.emit())
        self._dialog: QFileDialog | None = None
        self.format.currentIndexChanged.connect(self._show_encoding)
        self._show_encoding()

    # --- values ---------------------------------------------------------------------------

    def fmt(self) -> str:
        return str(self.format.currentData())

    def set_fmt(self, fmt: str) -> None:
        index = self.format.findData(fmt)
        self.format.setCurrentIndex(max(0, index))

    def encoding(self) -> str:
        """The TXT encoding as typed (checked when Start is pressed)."""
        return self.encoding_combo.currentText().strip() or "utf-8"

    def set_encoding(self, encoding: str) -> None:
        self.encoding_combo.setCurrentText(encoding)

    def _show_encoding(self) -> None:
        # Only TXT has an encoding; EPUB is always UTF-8.
        txt = self.fmt() == "txt"
        self.encoding_combo.setVisible(txt)
        self.encoding_label.setVisible(txt)

    def folder(self) -> Path | None:
        text = self.output_dir.text().strip()
        return Path(text).expanduser() if text else None

    def set_folder(self, folder: Path) -> None:
        self.output_dir.setText(display_path(folder))

    def set_editable(self, editable: bool) -> None:
        for widget in (
            self.format,
            self.encoding_combo,
            self.output_dir,
            self.browse,
            self.concurrency,
        ):
            widget.setEnabled(editable)

    # --- the folder picker ----------------------------------------------------------------

    def _choose_folder(self) -> None:
        # open(), not exec(): a nested event loop would stall every download in flight.
        # Qt does not expand "~": the dialog would open in the working folder instead.
        folder = self.folder()
        dialog = QFileDialog(self, self.tr("Save books in"), str(folder) if folder else "")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setObjectName("folderDialog")
        dialog.fileSelected.connect(self._folder_chosen)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def _folder_chosen(self, folder: str) -> None:
        if folder:
            self.set_folder(Path(folder))
            self.changed.emit()


def display_path(folder: Path) -> str:
    """``~/Books`` rather than ``/home/someone/Books``: shorter, and what people recognise."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)
