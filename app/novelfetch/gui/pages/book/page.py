"""The Book page's widgets: the source and book row, the book beside its chapters, the
download options and progress, the log. Behaviour lives in the window and its controller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QSplitter, QVBoxLayout, QWidget

from novelfetch.core.sources import SourceRegistry
from novelfetch.gui.pages.book.book_panel import BookPanel
from novelfetch.gui.pages.book.book_picker import BookPicker
from novelfetch.gui.pages.book.chapter_panel import ChapterPanel
from novelfetch.gui.pages.book.progress_panel import ProgressPanel
from novelfetch.gui.widgets.basics import name_widget
from novelfetch.gui.widgets.log_panel import LogPanel
from novelfetch.gui.widgets.options_panel import OptionsPanel
from novelfetch.gui.widgets.text_choice import TextChoicePanel

BOOK_COLUMN_WIDTH = 250


class BookPage(QWidget):
    def __init__(self, registry: SourceRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "bookPage", self.tr("Book"))
        self.picker = BookPicker(registry)
        self.book_panel = BookPanel()
        self.chapters = ChapterPanel()
        #: The Chinese script and "apply replacement rules", remembered for each book; in the
        #: book's column, under its details, where the cover leaves height to spare.
        self.text_choice = TextChoicePanel()
        book_column = QWidget()
        column = QVBoxLayout(book_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.book_panel, 1)
        column.addWidget(self.text_choice)
        # The book beside its chapters, not above them: on a short screen (900 x 600, or
        # 1080 lines at 200 %) the chapter list keeps most of the height.
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setObjectName("bodySplitter")
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(book_column)
        self.body.addWidget(self.chapters)
        self.body.setStretchFactor(0, 0)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([BOOK_COLUMN_WIDTH, 1000])

        self.options = OptionsPanel()
        self.progress = ProgressPanel()
        download_box = QGroupBox(self.tr("Download"))
        download_layout = QVBoxLayout(download_box)
        download_layout.setContentsMargins(10, 6, 10, 8)
        download_layout.setSpacing(6)
        download_layout.addWidget(self.options)
        download_layout.addWidget(self.progress)

        self.log_panel = LogPanel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.picker)
        layout.addWidget(self.body, 1)
        layout.addWidget(download_box)
        layout.addWidget(self.log_panel)
