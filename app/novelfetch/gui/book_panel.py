"""The book panel: cover, title, author, intro and chapter counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QWidget

from ..core.models import Book, Chapter
from .icons import cover_placeholder
from .widgets import name_widget

COVER_WIDTH, COVER_HEIGHT = 96, 128
INTRO_MAX_CHARS = 240


class BookPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paid = self._total = 0
        self.setObjectName("bookPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#bookPanel { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )

        self.cover = QLabel()
        self.cover.setFixedSize(COVER_WIDTH, COVER_HEIGHT)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name_widget(self.cover, "coverLabel", "Book cover")

        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.45)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.title, "bookTitleLabel", "Book title")

        self.author = QLabel()
        self.author.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.author, "bookAuthorLabel", "Author")

        self.counts = QLabel()
        name_widget(self.counts, "chapterCountLabel", "Chapter count")

        self.origin = QLabel()
        self.origin.setStyleSheet("color: palette(placeholder-text);")
        name_widget(self.origin, "bookOriginLabel", "Source and book ID")

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.intro.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.intro.setStyleSheet("color: palette(placeholder-text);")
        name_widget(self.intro, "bookIntroLabel", "Introduction")

        layout = QGridLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.cover, 0, 0, 6, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title, 0, 1)
        layout.addWidget(self.author, 1, 1)
        layout.addWidget(self.counts, 2, 1)
        layout.addWidget(self.intro, 3, 1)
        layout.setRowStretch(4, 1)
        layout.addWidget(self.origin, 5, 1)
        layout.setColumnStretch(1, 1)
        self.clear()

    def clear(self) -> None:
        self.cover.setPixmap(cover_placeholder(COVER_WIDTH, COVER_HEIGHT))
        self.title.setText("No book loaded")
        self.author.setText("Enter a book ID or paste a book address above.")
        self.counts.setText("")
        self.origin.setText("")
        self.intro.setText("")
        self.intro.setToolTip("")

    def show_book(
        self, book: Book, chapters: list[Chapter], stored: int, source_label: str
    ) -> None:
        self.cover.setPixmap(cover_placeholder(COVER_WIDTH, COVER_HEIGHT, "Loading cover…"))
        self.title.setText(book.title)
        self.author.setText(book.author or "Unknown author")
        intro = " ".join(book.intro.split("\n"))
        short = intro if len(intro) <= INTRO_MAX_CHARS else intro[:INTRO_MAX_CHARS] + "…"
        self.intro.setText(short)
        self.intro.setToolTip(book.intro)
        self.origin.setText(f"{source_label} · book {book.book_id}")
        self._paid = sum(chapter.paid for chapter in chapters)
        self._total = len(chapters)
        self.set_stored(stored)

    def set_stored(self, stored: int) -> None:
        parts = [f"{self._total:,} chapters", f"{stored:,} already stored"]
        if self._paid:
            parts.append(f"{self._paid:,} paid")
        self.counts.setText(" · ".join(parts))

    def set_cover(self, image: bytes | None) -> None:
        pixmap = QPixmap()
        if image and pixmap.loadFromData(image):
            self.cover.setPixmap(
                pixmap.scaled(
                    COVER_WIDTH,
                    COVER_HEIGHT,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.cover.setPixmap(cover_placeholder(COVER_WIDTH, COVER_HEIGHT, "No cover"))
