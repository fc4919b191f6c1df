"""The saved replacement rules (净化规则): list, import, remove, switch on and off, reorder.

Every change is saved at once (``save_rules``) to the same file the command line's ``rules``
commands use, so there is no Cancel to lose edits to. Rules run in list order: saving
renumbers ``order`` by position. Open it with ``open()``: downloads keep running.

Rule files are untrusted: their names and patterns are shown as plain text in item views,
and a file that is not rules gives a message in the dialog, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.text.replace_rules import (
    ReplaceRule,
    load_rules,
    parse_rules,
    save_rules,
    with_changes,
)
from novelfetch.gui.widgets.basics import name_widget, plain_tooltip

__all__ = ["ReplaceRulesDialog"]

log = logging.getLogger(__name__)

_COLUMNS = 4  # name or pattern (with the on/off box), replacement, kind, scope


def in_order(rules: Sequence[ReplaceRule]) -> list[ReplaceRule]:
    """The rules in the order they run (a stable sort: equal orders keep file order)."""
    return sorted(rules, key=lambda rule: rule.order)


def renumbered(rules: Sequence[ReplaceRule]) -> list[ReplaceRule]:
    """``order`` set to each rule's position, so the list's order is the order they run in."""
    return [
        rule if rule.order == position else with_changes(rule, order=position)
        for position, rule in enumerate(rules)
    ]


class ReplaceRulesDialog(QDialog):
    """``rules_changed`` fires after each save."""

    rules_changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Replacement rules"))
        self.setObjectName("replaceRulesDialog")
        self.data_dir = data_dir
        self.rules: list[ReplaceRule] = []
        self._file_dialog: QFileDialog | None = None
        self._filling = False
        #: The saved file could not be read: saving over it would lose the rules in it.
        self.unreadable = False

        self.table = QTableWidget(0, _COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Rule"), self.tr("Replace with"), self.tr("Kind"), self.tr("Applies to")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        name_widget(self.table, "rulesTable", self.tr("Saved replacement rules"))

        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(self.tr("Add rules from a Legado (替换净化) JSON file"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.toggle_button = QPushButton(self.tr("&Disable"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        for button, name, spoken in (
            (self.import_button, "importRulesButton", self.tr("Import rules")),
            (self.remove_button, "removeRuleButton", self.tr("Remove rule")),
            (self.toggle_button, "toggleRuleButton", self.tr("Enable or disable rule")),
            (self.up_button, "ruleUpButton", self.tr("Move rule up")),
            (self.down_button, "ruleDownButton", self.tr("Move rule down")),
        ):
            name_widget(button, name, spoken)
        self.import_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))

        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # file names and errors are data
        self.note.setWordWrap(True)
        name_widget(self.note, "rulesNote", self.tr("Replacement rules message"))

        buttons = QVBoxLayout()
        for button in (
            self.import_button,
            self.remove_button,
            self.toggle_button,
            self.up_button,
            self.down_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        explanation = QLabel(
            self.tr(
                "Rules run from top to bottom as a book is written; each sees the text the ones"
                " above it left. Changes are saved at once."
            )
        )
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(row, 1)
        layout.addWidget(self.note)
        layout.addWidget(close)
        self.resize(720, 420)

        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemChanged.connect(self._item_changed)
        self.reload()

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.rules = in_order(load_rules(self.data_dir))
            self.unreadable = False
        except NovelFetchError as error:
            self.rules, self.unreadable = [], True
            self._say(
                self.tr("%1. Fix or delete that file to edit the rules here.").replace(
                    "%1", str(error)
                )
            )
        self._fill()

    def _fill(self, select: int | None = None) -> None:
        self._filling = True
        try:
            self.table.setRowCount(len(self.rules))
            for row, rule in enumerate(self.rules):
                first = QTableWidgetItem(rule.label)
                first.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                first.setCheckState(
                    Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked
                )
                first.setToolTip(plain_tooltip(rule.pattern))  # a rule file's text
                self.table.setItem(row, 0, first)
                for column, text in (
                    (1, rule.replacement),
                    (2, self.tr("Regex") if rule.is_regex else self.tr("Text")),
                    (3, self._scope(rule)),
                ):
                    item = QTableWidgetItem(text)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        if select is not None and 0 <= select < len(self.rules):
            self.table.selectRow(select)
        self._update_buttons()

    def _scope(self, rule: ReplaceRule) -> str:
        if rule.book_id:
            return self.tr("Book %1").replace("%1", f"{rule.source}:{rule.book_id}")
        if rule.source:
            return self.tr("Source %1").replace("%1", rule.source)
        if rule.scope_text:
            return rule.scope_text
        return self.tr("All books")

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        chosen = row is not None
        self.import_button.setEnabled(not self.unreadable)
        self.remove_button.setEnabled(chosen)
        self.toggle_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < len(self.rules) - 1)
        enabled = chosen and self.rules[row].enabled
        self.toggle_button.setText(self.tr("&Disable") if enabled else self.tr("&Enable"))

    def _say(self, text: str) -> None:
        self.note.setText(text[:1].upper() + text[1:])  # the core's messages start lower-case

    # --- changes (each saved at once) -----------------------------------------------------

    def _save(self, rules: list[ReplaceRule], select: int | None) -> bool:
        if self.unreadable:
            return False
        rules = renumbered(rules)
        try:
            save_rules(self.data_dir, rules)
        except NovelFetchError as error:
            self._say(str(error))
            return False
        self.rules = rules
        self._fill(select)
        self.rules_changed.emit()
        return True

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        row = item.row()
        enabled = item.checkState() == Qt.CheckState.Checked
        if self.rules[row].enabled != enabled:
            self._set_enabled(row, enabled)

    def _set_enabled(self, row: int, enabled: bool) -> None:
        rules = list(self.rules)
        rules[row] = with_changes(rules[row], enabled=enabled)
        if self._save(rules, row):
            text = self.tr("Enabled “%1”.") if enabled else self.tr("Disabled “%1”.")
            self._say(text.replace("%1", rules[row].label))

    def toggle_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._set_enabled(row, not self.rules[row].enabled)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        rules = list(self.rules)
        removed = rules.pop(row)
        if self._save(rules, min(row, len(rules) - 1)):
            self._say(self.tr("Removed “%1”.").replace("%1", removed.label))

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        if row is None or not 0 <= row + step < len(self.rules):
            return
        rules = list(self.rules)
        rules[row], rules[row + step] = rules[row + step], rules[row]
        self._save(rules, row + step)

    # --- importing ------------------------------------------------------------------------

    def choose_file(self) -> None:
        # open(), not exec(): a nested event loop would stall every download in flight.
        dialog = QFileDialog(self, self.tr("Import replacement rules"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("JSON files (*.json *.txt)"), self.tr("All files (*)")])
        dialog.setObjectName("rulesFileDialog")
        dialog.fileSelected.connect(lambda name: self.import_file(Path(name)) if name else None)
        dialog.finished.connect(dialog.deleteLater)
        self._file_dialog = dialog
        dialog.open()

    def import_file(self, path: Path) -> bool:
        """Add the rules of a Legado or NovelFetch JSON file after the saved ones."""
        try:
            data = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self._say(self.tr("Cannot read %1: %2").replace("%1", str(path)).replace("%2", reason))
            return False
        try:
            added = in_order(parse_rules(data, what=path.name))
        except NovelFetchError as error:
            self._say(str(error))
            return False
        if not self._save([*self.rules, *added], len(self.rules)):
            return False
        log.info("Imported %d replacement rule(s) from %s", len(added), path)
        self._say(self.tr("Imported %n rule(s) from %1.", "", len(added)).replace("%1", path.name))
        return True
