"""The Sources page: import rule files (a file, an address, the clipboard), see which sources can
be used and why not, try one, switch it on or off, remove it."""

from __future__ import annotations

import asyncio
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.sources import SourceEntry, SourceKind
from novelfetch.core.sources.check import CheckStep
from novelfetch.core.sources.registry import ImportReport
from novelfetch.core.sources.rule_input import fetch_rule_document, read_rule_input
from novelfetch.core.sources.rules.reasons import joined
from novelfetch.core.sources.rules.rulefile import parse_rule_document
from novelfetch.gui.app.core_messages import error_text, translated
from novelfetch.gui.app.i18n import fill, source_name
from novelfetch.gui.app.worker_thread import in_worker_thread
from novelfetch.gui.pages.search.controller import SearchController
from novelfetch.gui.pages.sources.access import SourceAccess
from novelfetch.gui.pages.sources.report import report_lines
from novelfetch.gui.pages.sources.table import ColumnFitter, filter_rows
from novelfetch.gui.widgets.basics import name_widget, plain_tooltip

_ID_ROLE = Qt.ItemDataRole.UserRole
BUILTIN = SourceKind.BUILTIN
# A rule document longer than this is parsed in a worker thread: a shorter one parses in
# well under a tenth of a second, and its report comes back at once (JSON5 reads ~4 s a MB).
PARSE_IN_THREAD_CHARS = 64_000


class SourcesPage(QWidget):
    """``sources_changed`` fires after anything that changes the list (pickers refresh)."""

    sources_changed = Signal()

    def __init__(self, controller: SearchController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.registry = controller.registry
        self._dialog: QFileDialog | None = None
        self._confirm: QMessageBox | None = None
        #: The import from an address under way, if any (tests and shutdown await it).
        self.importing: asyncio.Task[None] | None = None

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.table.setHeaderLabels(
            [self.tr("Name"), self.tr("ID"), self.tr("Kind"), self.tr("State"), self.tr("Address")]
        )
        header = self.table.header()
        # The state takes what is left: a "not usable" reason is the longest text in a row.
        # Name, ID and address fit their text, giving way (whole in the tooltip) when the
        # state needs the room: a collection's longest name must not push it out of view.
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        name_widget(self.table, "sourcesTable", self.tr("Sources"))
        self._columns = ColumnFitter(self.table)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter by name, ID or address"))
        name_widget(self.filter, "sourcesFilter", self.tr("Filter the sources"))

        self.import_file = QPushButton(self.tr("Import file…"))
        name_widget(self.import_file, "importFileButton", self.tr("Import a rule file"))
        self.import_clipboard = QPushButton(self.tr("Paste from clipboard"))
        name_widget(self.import_clipboard, "importClipboardButton", self.tr("Import the clipboard"))
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Address of a rule file (https://…)"))
        name_widget(self.address, "importUrlInput", self.tr("Rule file address"))
        self.import_url = QPushButton(self.tr("Import from address"))
        name_widget(self.import_url, "importUrlButton", self.tr("Import from the address"))

        self.try_words = QLineEdit()
        self.try_words.setClearButtonEnabled(True)
        self.try_words.setPlaceholderText(
            self.tr("Words to search for (default: the source's own)")
        )
        name_widget(self.try_words, "tryWordsInput", self.tr("Words the try searches for"))
        self.try_button = QPushButton(self.tr("Try"))
        name_widget(self.try_button, "trySourceButton", self.tr("Try the chosen source"))
        self.toggle_button = QPushButton(self.tr("Disable"))
        name_widget(self.toggle_button, "toggleSourceButton", self.tr("Enable or disable"))
        self.remove_button = QPushButton(self.tr("Remove"))
        name_widget(self.remove_button, "removeSourceButton", self.tr("Remove the chosen source"))
        self.access = SourceAccess(self.registry)

        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)  # plain text: rule files and sites are untrusted
        self.report.setMaximumBlockCount(2000)
        self.report.setPlaceholderText(self.tr("What importing and trying sources found"))
        name_widget(self.report, "sourcesReport", self.tr("Report"))

        imports = QHBoxLayout()
        imports.addWidget(self.import_file)
        imports.addWidget(self.import_clipboard)
        imports.addWidget(self.address, 1)
        imports.addWidget(self.import_url)
        actions = QHBoxLayout()
        actions.addWidget(self.try_words, 1)
        actions.addWidget(self.try_button)
        actions.addWidget(self.toggle_button)
        actions.addWidget(self.remove_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.access)
        lower_layout.addWidget(self.report, 1)
        # A splitter: a long import report or a long list each get the room the user gives.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(imports)
        layout.addWidget(self.filter)
        layout.addWidget(split, 1)

        self.import_file.clicked.connect(lambda *_: self.choose_file())
        self.import_clipboard.clicked.connect(lambda *_: self.import_from_clipboard())
        self.import_url.clicked.connect(lambda *_: self.import_from_address())
        self.address.returnPressed.connect(self.import_from_address)
        self.filter.textChanged.connect(lambda *_: self._apply_filter())
        self.try_button.clicked.connect(lambda *_: self.try_selected())
        self.try_words.returnPressed.connect(self.try_selected)
        self.toggle_button.clicked.connect(lambda *_: self.toggle_selected())
        self.remove_button.clicked.connect(lambda *_: self.remove_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.access.said.connect(self._say)
        self.access.changed.connect(self.refresh)
        controller.check_step.connect(self._check_step)
        controller.check_finished.connect(self._check_finished)
        self.refresh()

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.selected_id()
        self.table.clear()
        for entry in self.registry.entries():
            item = QTreeWidgetItem(
                [
                    source_name(entry.id, entry.name),
                    entry.id,
                    self._kind(entry),
                    self._state(entry),
                    entry.url,
                ]
            )
            item.setData(0, _ID_ROLE, entry.id)
            for column in (0, 1, 4):  # from rule files, and maybe cut short
                item.setToolTip(column, plain_tooltip(item.text(column)))
            if entry.problem_messages:  # naming what the rule file wrote
                reasons = "\n".join(map(translated, entry.problem_messages))
                item.setToolTip(3, plain_tooltip(reasons))
            self.table.addTopLevelItem(item)
            if entry.id == chosen:
                item.setSelected(True)
        self._columns.measure()
        self._apply_filter()
        self._update_buttons()

    def _apply_filter(self) -> None:
        filter_rows(self.table, self.filter.text())
        self._update_buttons()  # a hidden row is not the chosen one any more

    def _kind(self, entry: SourceEntry) -> str:
        if entry.kind is SourceKind.BUILTIN:
            return self.tr("built-in")
        return {SourceKind.LEGADO: "Legado", SourceKind.SONOVEL: "so-novel"}.get(
            entry.kind, str(entry.kind)
        )

    def _state(self, entry: SourceEntry) -> str:
        if not entry.usable:
            reasons = translated(joined(entry.problem_messages))
            return self.tr("not usable: %1").replace("%1", reasons)
        state = self.tr("enabled") if entry.enabled else self.tr("disabled")
        if entry.scripted:
            state += self.tr(", runs JavaScript")
        if entry.allow_local:
            state += self.tr(", may reach the local network")
        return state

    def selected_id(self) -> str:
        items = self.table.selectedItems()
        return str(items[0].data(0, _ID_ROLE)) if items else ""

    def select(self, source_id: str) -> None:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            item.setSelected(item.data(0, _ID_ROLE) == source_id)

    def _update_buttons(self) -> None:
        known = {entry.id: entry for entry in self.registry.entries()}
        entry = known.get(self.selected_id())
        chosen = [known[s] for s in self.selected_ids() if s in known]  # (rows being removed)
        imported = any(e.kind is not BUILTIN for e in chosen)
        self.try_button.setEnabled(entry is not None and entry.usable and entry.searchable)
        self.toggle_button.setEnabled(imported)
        self.remove_button.setEnabled(imported)
        if entry is None or entry.id != self.access.source_id:
            self.access.show_entry(entry)
        if entry is not None:
            self.toggle_button.setText(self.tr("Disable") if entry.enabled else self.tr("Enable"))

    # --- importing ------------------------------------------------------------------------

    def choose_file(self) -> None:
        # open(), not exec(): a nested event loop inside the asyncio loop breaks it.
        dialog = QFileDialog(self, self.tr("Import a rule file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)  # a collection comes in parts
        dialog.setNameFilter(self.tr("Rule files (*.json *.txt);;All files (*)"))
        dialog.setObjectName("importFileDialog")
        dialog.filesSelected.connect(lambda paths: [self.import_path(path) for path in paths])
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def import_path(self, path: str) -> None:
        try:
            text, origin = read_rule_input(path)
        except NovelFetchError as error:
            self._say(error_text(error))
            return
        self.import_text(text, origin)

    def import_from_clipboard(self) -> None:
        self.import_text(QGuiApplication.clipboard().text(), self.tr("the clipboard"))

    def import_from_address(self) -> None:
        url = self.address.text().strip()
        if url:
            self.importing = self.controller.tasks.spawn(
                self._import_address(url), name=f"import {url}"
            )

    async def _import_address(self, url: str) -> None:
        self.import_url.setEnabled(False)
        try:
            text = await fetch_rule_document(url)
        except NovelFetchError as error:
            self._say(error_text(error))
            return
        finally:
            self.import_url.setEnabled(True)
        self.import_text(text, url)

    def import_text(self, text: str, origin: str) -> ImportReport | None:
        """Import a rule document; its report (None when it failed, or when it is large
        enough to be parsed in a worker thread, and reports when that is done)."""
        if len(text) > PARSE_IN_THREAD_CHARS:
            self.importing = self.controller.tasks.spawn(
                self._import_in_thread(text, origin), name=f"import {origin}"
            )
            return None
        try:
            report = self.registry.import_text(text, origin)
        except NovelFetchError as error:
            self._say(error_text(error))
            return None
        return self._reported(report, origin)

    async def _import_in_thread(self, text: str, origin: str) -> None:
        self._say(self.tr("Reading %1…").replace("%1", origin))
        try:
            parsed = await in_worker_thread(partial(parse_rule_document, text, origin=origin))
            report = self.registry.import_parsed(parsed)
        except NovelFetchError as error:
            self._say(error_text(error))
            return
        self._reported(report, origin)

    def _reported(self, report: ImportReport, origin: str) -> ImportReport:
        imported = any(line.imported for line in report.lines)
        for text in report_lines(report, origin):
            self._say(text)
        if imported:
            self.refresh()
            self.sources_changed.emit()
        return report

    # --- acting on one source -------------------------------------------------------------

    def try_selected(self) -> None:
        source_id = self.selected_id()
        if source_id and self.try_button.isEnabled():
            self._say(self.tr("Trying %1…").replace("%1", self._name(source_id)))
            self.try_button.setEnabled(False)
            self.controller.check(source_id, self.try_words.text())

    def selected_ids(self) -> list[str]:
        """Every chosen source (several at once: a filter, then Ctrl+A, then Remove)."""
        return [str(item.data(0, _ID_ROLE)) for item in self.table.selectedItems()]

    def toggle_selected(self) -> None:
        """Switch the chosen imported sources to the opposite of the first one's state."""
        chosen = [e for e in map(self.registry.get, self.selected_ids()) if e.kind is not BUILTIN]
        try:
            for entry in chosen:
                self.registry.set_enabled(entry.id, not chosen[0].enabled)
        except NovelFetchError as error:
            self._say(error_text(error))
        self.refresh()
        self.sources_changed.emit()

    def remove_selected(self) -> None:
        chosen = [e for e in map(self.registry.get, self.selected_ids()) if e.kind is not BUILTIN]
        source_ids = [entry.id for entry in chosen]
        if not source_ids:
            return
        question = (
            self.tr("Remove the source %1? Books already stored stay.").replace("%1", source_ids[0])
            if len(source_ids) == 1
            else self.tr("Remove %n sources? Books already stored stay.", "", len(source_ids))
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove source"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("removeSourceDialog")
        yes = QMessageBox.StandardButton.Yes
        box.buttonClicked.connect(
            lambda button: self.remove(*source_ids) if box.standardButton(button) == yes else None
        )
        box.finished.connect(box.deleteLater)
        self._confirm = box
        box.open()

    def remove(self, *source_ids: str) -> None:
        for source_id in source_ids:
            try:
                self.registry.remove(source_id)
            except NovelFetchError as error:
                self._say(error_text(error))
                continue
            self._say(self.tr("Removed %1").replace("%1", source_id))
        self.refresh()
        self.sources_changed.emit()

    def _check_step(self, source_id: str, step: CheckStep) -> None:
        state = self.tr("ok") if step.ok else self.tr("FAILED")
        line = self.tr("  %1  %2: %3")  # state, step, what it found or why it failed
        self._say(fill(line, state, translated(step.name), translated(step.detail)))

    def _check_finished(self, source_id: str, worked: bool) -> None:
        name = self._name(source_id)
        if worked:
            self._say(self.tr("%1 works.").replace("%1", name))
        else:
            self._say(self.tr("%1 did not work (see the failed step).").replace("%1", name))
        self._update_buttons()

    def _name(self, source_id: str) -> str:
        entry = next((e for e in self.registry.entries() if e.id == source_id), None)
        return source_name(entry.id, entry.name) if entry is not None else source_id

    def _say(self, text: str) -> None:
        self.report.appendPlainText(text)
