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

from ..core.downloader import MAX_CONCURRENCY
from .widgets import name_widget

FORMAT_CHOICES = (("EPUB", "epub"), ("TXT", "txt"))


class OptionsPanel(QWidget):
    """``changed`` fires when the user edits any option (the window persists them)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = QComboBox()
        for label, value in FORMAT_CHOICES:
            self.format.addItem(label, value)
        name_widget(self.format, "formatCombo", "Format")

        self.output_dir = QLineEdit()
        self.output_dir.setPlaceholderText("Folder to save the book in")
        self.output_dir.setClearButtonEnabled(True)
        name_widget(self.output_dir, "outputDirEdit", "Output folder")
        self.browse = QPushButton("Choose…")
        name_widget(self.browse, "browseButton", "Choose output folder")
        self.browse.clicked.connect(self._choose_folder)

        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setToolTip("Chapters fetched at the same time")
        name_widget(self.concurrency, "concurrencySpin", "Concurrent downloads")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for text, buddy, stretch in (
            ("F&ormat", self.format, 0),
            ("Save &in", self.output_dir, 1),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            layout.addWidget(label)
            layout.addWidget(buddy, stretch)
            if buddy is self.output_dir:
                layout.addWidget(self.browse)
            layout.addSpacing(10)
        concurrency_label = QLabel("&Parallel")
        concurrency_label.setBuddy(self.concurrency)
        layout.addWidget(concurrency_label)
        layout.addWidget(self.concurrency)

        for signal in (
            self.format.currentIndexChanged,
            self.output_dir.editingFinished,
            self.concurrency.valueChanged,
        ):
            signal.connect(lambda *_: self.changed.emit())
        self._dialog: QFileDialog | None = None

    # --- values ---------------------------------------------------------------------------

    def fmt(self) -> str:
        return str(self.format.currentData())

    def set_fmt(self, fmt: str) -> None:
        index = self.format.findData(fmt)
        self.format.setCurrentIndex(max(0, index))

    def folder(self) -> Path | None:
        text = self.output_dir.text().strip()
        return Path(text).expanduser() if text else None

    def set_folder(self, folder: Path) -> None:
        self.output_dir.setText(display_path(folder))

    def set_editable(self, editable: bool) -> None:
        for widget in (self.format, self.output_dir, self.browse, self.concurrency):
            widget.setEnabled(editable)

    # --- the folder picker ----------------------------------------------------------------

    def _choose_folder(self) -> None:
        # open(), not exec(): a nested event loop would stall every download in flight.
        dialog = QFileDialog(self, "Save books in", self.output_dir.text())
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
