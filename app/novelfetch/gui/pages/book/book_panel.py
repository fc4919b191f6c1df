"""The book panel: cover, title, author, intro and chapter counts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from novelfetch.core.models import Book, Chapter
from novelfetch.gui.app.i18n import fill
from novelfetch.gui.app.icons import cover_placeholder
from novelfetch.gui.app.theme import palette_changed
from novelfetch.gui.widgets.basics import ElidedLabel, name_widget, plain_label, plain_tooltip

COVER_WIDTH, COVER_HEIGHT = 96, 128
COVER_GAP = 10  # between the cover and the title
INTRO_MAX_CHARS = 240


class IntroLabel(QLabel):
    """A wrapped label that takes the height it is given, however long its text.

    A word-wrapped QLabel claims its wrapped height as a minimum (height-for-width), which
    would push the title over the cover on a short window; the full intro is the tooltip.
    """

    def hasHeightForWidth(self) -> bool:
        return False

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


class BookPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paid = self._total = 0
        self._placeholder: str | None = None  # the placeholder's text while one is shown
        self.setObjectName("bookPanel")
        # A card painted from the palette (see paintEvent): a style sheet's palette(...)
        # colours are fixed when it is applied and would not follow a light/dark switch.
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.cover = QLabel()
        self.cover.setFixedSize(COVER_WIDTH, COVER_HEIGHT)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name_widget(self.cover, "coverLabel", self.tr("Book cover"))

        self.title = plain_label(QLabel())
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.45)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.title, "bookTitleLabel", self.tr("Book title"))

        self.author = plain_label(QLabel())
        self.author.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.author, "bookAuthorLabel", self.tr("Author"))

        self.counts = plain_label(QLabel())
        name_widget(self.counts, "chapterCountLabel", self.tr("Chapter count"))

        # One line, cut short with "…" (whole in its tooltip): a rule source's long name
        # wrapped onto lines the card had no room for, and its last line was cut in half.
        self.origin = ElidedLabel()
        self.origin.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        name_widget(self.origin, "bookOriginLabel", self.tr("Source and book ID"))

        self.intro = plain_label(IntroLabel())
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.intro.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        name_widget(self.intro, "bookIntroLabel", self.tr("Introduction"))

        for label in (self.author, self.counts):
            label.setWordWrap(True)
        # The intro takes what height is left and no more (the whole text is its tooltip):
        # a long one must never push the window taller than a small screen.
        self.intro.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

        # A column beside the chapter list: the list keeps the window's height.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(4)
        layout.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(COVER_GAP - layout.spacing())
        layout.addWidget(self.title)
        layout.addWidget(self.author)
        layout.addWidget(self.counts)
        layout.addSpacing(4)
        layout.addWidget(self.intro, 1)
        layout.addWidget(self.origin)
        self.setMinimumWidth(COVER_WIDTH + 120)
        self.clear()

    def clear(self) -> None:
        self._show_placeholder("")
        self.title.setText(self.tr("No book loaded"))
        self.author.setText(self.tr("Enter a book ID or paste a book address above."))
        self.counts.setText("")
        self.origin.setText("")
        self.intro.setText("")
        self.intro.setToolTip("")

    def show_book(
        self, book: Book, chapters: list[Chapter], stored: int, source_label: str
    ) -> None:
        self._show_placeholder(self.tr("Loading cover…"))
        self.title.setText(book.title)
        self.author.setText(book.author or self.tr("Unknown author"))
        intro = " ".join(book.intro.split("\n"))
        short = intro if len(intro) <= INTRO_MAX_CHARS else intro[:INTRO_MAX_CHARS] + "…"
        self.intro.setText(short)
        self.intro.setToolTip(plain_tooltip(book.intro))
        self.origin.setText(fill(self.tr("%1 · book %2"), source_label, book.book_id))
        self._paid = sum(chapter.paid for chapter in chapters)
        self._total = len(chapters)
        self.set_stored(stored)

    def set_stored(self, stored: int) -> None:
        parts = [
            self.tr("%Ln chapter(s)", "", self._total),
            self.tr("%Ln already stored", "", stored),
        ]
        if self._paid:
            parts.append(self.tr("%Ln paid", "", self._paid))
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
            self._placeholder = None
        else:
            self._show_placeholder(self.tr("No cover"))

    # --- the cover gives way on a short window ---------------------------------------------

    def minimumSizeHint(self) -> QSize:
        # Without the cover: the panel must never make the window taller than the screen.
        # resizeEvent hides the cover when the panel is too short to hold it.
        hint = super().minimumSizeHint()
        if not self.cover.isHidden():
            hint.setHeight(hint.height() - COVER_HEIGHT - COVER_GAP)
        return hint

    def _height_without_cover(self) -> int:
        layout = self.layout()
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        labels = (self.title, self.author, self.counts, self.origin)
        texts = sum(max(label.heightForWidth(width), label.sizeHint().height()) for label in labels)
        intro_line = self.intro.fontMetrics().lineSpacing()
        return margins.top() + margins.bottom() + texts + intro_line + 6 * layout.spacing()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fits = self.height() >= self._height_without_cover() + COVER_HEIGHT + COVER_GAP
        if fits == self.cover.isHidden():
            self.cover.setVisible(fits)

    def _show_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.cover.setPixmap(cover_placeholder(COVER_WIDTH, COVER_HEIGHT, text, self.palette()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if palette_changed(event) and self._placeholder is not None:
            self._show_placeholder(self._placeholder)  # drawn in the new scheme's colours
        super().changeEvent(event)
