"""“Export as…”: a small non-modal dialog asking for a format and a folder.

Nothing is fetched: the book is written from the store. ``export_requested(fmt, folder)``
when the user presses Export; the dialog closes itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from novelfetch.gui.widgets.basics import name_widget, plain_label
from novelfetch.gui.widgets.options_panel import FORMAT_CHOICES


class ExportDialog(QDialog):
    export_requested = Signal(str, object)  # format, Path

    def __init__(self, title: str, fmt: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export as"))
        self.setModal(False)  # the library and downloads stay usable meanwhile
        heading = plain_label(QLabel(title))  # the source's text
        heading.setWordWrap(True)
        name_widget(heading, "exportTitle", self.tr("Book to export"))
        note = QLabel(self.tr("Written from the chapters already stored; nothing is fetched."))
        note.setWordWrap(True)

        self.format = QComboBox()
        for label, value in FORMAT_CHOICES:
            self.format.addItem(label, value)
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        name_widget(self.format, "exportFormatCombo", self.tr("Export format"))
        self.folder = QLineEdit(str(folder))
        name_widget(self.folder, "exportFolderEdit", self.tr("Export folder"))
        browse = QPushButton(self.tr("&Browse…"))
        name_widget(browse, "exportBrowseButton", self.tr("Choose the export folder"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("&Format"), self.format)
        form.addRow(self.tr("F&older"), folder_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        name_widget(self.export_button, "exportButton", self.tr("Export the book"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._chooser: QFileDialog | None = None

    def _browse(self) -> None:
        chooser = QFileDialog(self, self.tr("Export to"), self.folder.text())
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        chooser.fileSelected.connect(lambda folder: folder and self.folder.setText(folder))
        chooser.finished.connect(chooser.deleteLater)
        self._chooser = chooser
        chooser.open()  # never exec(): no nested event loop under running downloads

    def accept(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.folder.setFocus()
            return
        self.export_requested.emit(str(self.format.currentData()), Path(folder).expanduser())
        super().accept()
