"""What the chosen source may reach and send: local network addresses and, while it holds your
cookie, other sites (a rule source's switches), and the cookie for its own site (saved, never
shown again)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.sources import SourceEntry, SourceKind, SourceRegistry
from novelfetch.gui.widgets.basics import name_widget


class SourceAccess(QWidget):
    """``changed`` after a setting was saved; ``said`` with what to tell the user."""

    changed = Signal()
    said = Signal(str)

    def __init__(self, registry: SourceRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.source_id = ""
        self.allow_local = QCheckBox(self.tr("May reach the local network"))
        self.allow_local.setToolTip(
            self.tr(
                "A rule source may connect only to public addresses and its own host. Allow "
                "this only for a source of a server you run at home."
            )
        )
        name_widget(self.allow_local, "allowLocalCheck", self.tr("Allow local addresses"))
        self.allow_other_sites = QCheckBox(self.tr("May reach other sites with my cookie"))
        self.allow_other_sites.setToolTip(
            self.tr(
                "A rule source that holds your cookie may reach only its own site: its scripts "
                "could read the cookie, or a page it unlocks, and send either elsewhere. Allow "
                "this only for a source you trust."
            )
        )
        name_widget(self.allow_other_sites, "allowOtherSitesCheck", self.tr("Allow other sites"))
        self.cookie = QLineEdit()
        self.cookie.setEchoMode(QLineEdit.EchoMode.Password)
        name_widget(self.cookie, "sourceCookieEdit", self.tr("Cookie for this source"))
        self.save_cookie = QPushButton(self.tr("Save cookie"))
        name_widget(self.save_cookie, "saveCookieButton", self.tr("Save the cookie"))
        self.forget_cookie = QPushButton(self.tr("Forget cookie"))
        name_widget(self.forget_cookie, "forgetCookieButton", self.tr("Forget the cookie"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.allow_local)
        layout.addWidget(self.allow_other_sites)
        layout.addWidget(self.cookie, 1)
        layout.addWidget(self.save_cookie)
        layout.addWidget(self.forget_cookie)
        self.allow_local.clicked.connect(self._allow_local_clicked)
        self.allow_other_sites.clicked.connect(self._allow_other_sites_clicked)
        self.save_cookie.clicked.connect(lambda *_: self._set_cookie(self.cookie.text()))
        self.cookie.returnPressed.connect(lambda: self._set_cookie(self.cookie.text()))
        self.forget_cookie.clicked.connect(lambda *_: self._set_cookie(""))
        self.show_entry(None)

    def show_entry(self, entry: SourceEntry | None) -> None:
        """Show the chosen source's settings (None: nothing chosen)."""
        self.source_id = entry.id if entry is not None else ""
        rule_source = entry is not None and entry.kind is not SourceKind.BUILTIN
        self.allow_local.setEnabled(rule_source)
        self.allow_local.setChecked(rule_source and entry is not None and entry.allow_local)
        self.allow_other_sites.setEnabled(rule_source)
        self.allow_other_sites.setChecked(
            rule_source and entry is not None and entry.allow_other_sites
        )
        has_cookie = entry is not None and bool(entry.cookie())
        self.cookie.clear()
        self.cookie.setEnabled(entry is not None)
        self.save_cookie.setEnabled(entry is not None)
        self.forget_cookie.setEnabled(has_cookie)
        self.cookie.setPlaceholderText(
            self.tr("A cookie is saved; type one to replace it")
            if has_cookie
            else self.tr("Cookie for its own site only, e.g. k=v; k2=v2")
        )

    def _allow_local_clicked(self, checked: bool) -> None:
        try:
            entry = self.registry.set_allow_local(self.source_id, checked)
        except NovelFetchError as error:
            self.said.emit(str(error))
            return
        self.said.emit(
            (
                self.tr("%1 may now reach the local network.")
                if entry.allow_local
                else self.tr("%1 may reach only public addresses and its own host.")
            ).replace("%1", entry.id)
        )
        self.changed.emit()

    def _allow_other_sites_clicked(self, checked: bool) -> None:
        try:
            entry = self.registry.set_allow_other_sites(self.source_id, checked)
        except NovelFetchError as error:
            self.said.emit(str(error))
            return
        self.said.emit(
            (
                self.tr("%1 may now reach other sites while it holds your cookie.")
                if entry.allow_other_sites
                else self.tr("%1 may reach only its own site while it holds your cookie.")
            ).replace("%1", entry.id)
        )
        self.changed.emit()

    def _set_cookie(self, text: str) -> None:
        if not self.source_id:
            return
        try:
            entry = self.registry.set_cookie(self.source_id, text)
        except NovelFetchError as error:
            self.said.emit(str(error))
            return
        saved = self.tr("Cookie saved for %1.") if text.strip() else ""
        self.said.emit((saved or self.tr("Cookie forgotten for %1.")).replace("%1", entry.id))
        self.show_entry(self.registry.get(entry.id))
        self.changed.emit()
