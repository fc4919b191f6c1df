"""The settings dialog: appearance and the advanced network options.

Open it with ``open()``, not ``exec()``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from novelfetch.core.jobs.queue import MAX_JOBS
from novelfetch.core.sources.baidu import API_BASE_ENV, DEFAULT_API_BASE
from novelfetch.gui.app.i18n import LANGUAGE_CHOICES
from novelfetch.gui.app.settings import AppSettings
from novelfetch.gui.app.theme import ColourScheme, apply_colour_scheme, colours
from novelfetch.gui.dialogs.replace_rules import ReplaceRulesDialog
from novelfetch.gui.widgets.basics import name_widget
from novelfetch.gui.widgets.text_choice import TextChoice, fill_conversions, set_conversion


def _looks_like_url(text: str, schemes: tuple[str, ...]) -> bool:
    parts = urlsplit(text)
    return parts.scheme in schemes and bool(parts.netloc)


class SettingsDialog(QDialog):
    """Edits ``settings`` in place when accepted; ``accepted`` tells the window to re-read."""

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, data_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("NovelFetch settings"))
        self.setObjectName("settingsDialog")
        self.settings = settings

        # Appearance: the language applies on the next start (every string is translated as
        # its widget is built); the colour scheme at once.
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "system")
        for value, name in LANGUAGE_CHOICES:
            if name:  # each language named in itself: findable whatever the interface speaks
                self.language.addItem(name, value)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        name_widget(self.language, "languageCombo", self.tr("Interface language"))
        language_note = QLabel(self.tr("Applies when NovelFetch starts again."))
        language_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        name_widget(language_note, "languageNote", self.tr("When the language applies"))

        self.colour_scheme = QComboBox()
        for label, value in (
            (self.tr("Follow the system"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.colour_scheme.addItem(label, value)
        self.colour_scheme.setCurrentIndex(
            max(0, self.colour_scheme.findData(settings.colour_scheme))
        )
        name_widget(self.colour_scheme, "colourSchemeCombo", self.tr("Colour scheme"))

        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1.0, 600.0)
        self.timeout.setDecimals(0)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(settings.timeout)
        name_widget(self.timeout, "timeoutSpin", self.tr("Request timeout in seconds"))

        self.retries = QSpinBox()
        self.retries.setRange(0, 20)
        self.retries.setValue(settings.retries)
        name_widget(self.retries, "retriesSpin", self.tr("Retries per request"))

        self.max_jobs = QSpinBox()
        self.max_jobs.setRange(1, MAX_JOBS)
        self.max_jobs.setValue(settings.max_jobs)
        name_widget(self.max_jobs, "maxJobsSpin", self.tr("Queued downloads that run at once"))

        self.proxy = QLineEdit(settings.proxy)
        self.proxy.setPlaceholderText(self.tr("Optional, e.g. http://127.0.0.1:8080"))
        name_widget(self.proxy, "proxyEdit", self.tr("Proxy"))
        self.system_proxy = QCheckBox(
            self.tr("Use the system proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)")
        )
        self.system_proxy.setChecked(settings.use_system_proxy)
        name_widget(self.system_proxy, "systemProxyCheck", self.tr("Use the system proxy"))

        self.api_base = QLineEdit(settings.api_base)
        self.api_base.setPlaceholderText(DEFAULT_API_BASE)
        name_widget(self.api_base, "apiBaseEdit", self.tr("Baidu API base"))
        # Notes keep their own line breaks: a word-wrapped label in a form makes Qt size
        # the rows for one width and lay them out at another, cutting the note in half.
        env_note = QLabel()
        if settings.env_api_base:
            # The environment wins; show that instead of letting an edit silently do nothing.
            self.api_base.setEnabled(False)
            self.api_base.setText(settings.env_api_base)
            env_note.setText(
                self.tr("Set by the environment variable %1.").replace("%1", API_BASE_ENV)
            )
        else:
            note = self.tr("Leave empty for the default.\n%1 overrides it.")
            env_note.setText(note.replace("%1", API_BASE_ENV))
        env_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # Text options: the defaults for books never downloaded, and the saved rules.
        default_text = settings.default_text_choice
        self.default_script = QComboBox()
        fill_conversions(self.default_script)
        set_conversion(self.default_script, default_text.conversion)
        name_widget(self.default_script, "defaultScriptCombo", self.tr("Default Chinese script"))
        self.default_rules = QCheckBox(self.tr("Apply the replacement rules to new books"))
        self.default_rules.setChecked(default_text.apply_rules)
        name_widget(self.default_rules, "defaultRulesCheck", self.tr("Apply rules by default"))
        self.data_dir = data_dir
        self.rules_button = QPushButton(self.tr("Edit replacement r&ules…"))
        name_widget(self.rules_button, "rulesButton", self.tr("Edit replacement rules"))
        self.rules_button.setEnabled(data_dir is not None)
        self.rules_button.clicked.connect(self.open_rules)
        self.rules_dialog: ReplaceRulesDialog | None = None

        self.check_on_start = QCheckBox(self.tr("Check the library for new chapters at start-up"))
        self.check_on_start.setChecked(settings.check_library_on_start)
        name_widget(self.check_on_start, "checkOnStartCheck", self.tr("Check the library at start"))

        self.error = QLabel()
        error_palette = QPalette()
        error_palette.setColor(QPalette.ColorRole.WindowText, QColor(colours().error_text))
        self.error.setPalette(error_palette)
        self.error.hide()
        name_widget(self.error, "settingsError", self.tr("Settings problem"))

        appearance = QFormLayout()
        appearance.addRow(self.tr("&Language"), self.language)
        appearance.addRow("", language_note)
        appearance.addRow(self.tr("Colour &scheme"), self.colour_scheme)
        appearance.addRow(self.tr("Library"), self.check_on_start)
        appearance_box = QGroupBox(self.tr("Appearance"))
        appearance_box.setLayout(appearance)

        form = QFormLayout()
        form.addRow(self.tr("Request &timeout"), self.timeout)
        form.addRow(self.tr("&Retries"), self.retries)
        form.addRow(self.tr("&Downloads at once"), self.max_jobs)
        form.addRow(self.tr("&Proxy"), self.proxy)
        form.addRow("", self.system_proxy)
        form.addRow(self.tr("Baidu &API base"), self.api_base)
        form.addRow("", env_note)
        form.addRow(self.tr("Default Chinese &script"), self.default_script)
        form.addRow("", self.default_rules)
        form.addRow("", self.rules_button)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        network_box = QGroupBox(self.tr("Network"))
        network_box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(appearance_box)
        layout.addWidget(network_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Never smaller than what its rows need: a row squeezed below that is cut in half.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def open_rules(self) -> None:
        """The saved rules, in their own window (saved as edited, apart from OK/Cancel)."""
        if self.data_dir is None:
            return
        if self.rules_dialog is None:
            self.rules_dialog = ReplaceRulesDialog(self.data_dir, self)
        self.rules_dialog.open()  # never exec(): no nested event loop under the downloads

    def problem(self) -> str:
        proxy = self.proxy.text().strip()
        if proxy and not _looks_like_url(proxy, ("http", "https")):
            return self.tr("The proxy must be an address such as http://host:port.")
        api_base = self.api_base.text().strip()
        if (
            self.api_base.isEnabled()
            and api_base
            and not _looks_like_url(api_base, ("http", "https"))
        ):
            return self.tr("The API base must be an http:// or https:// address.")
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        settings = self.settings
        settings.language = str(self.language.currentData())
        scheme = str(self.colour_scheme.currentData())
        if scheme != settings.colour_scheme:
            settings.colour_scheme = scheme
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_colour_scheme(app, ColourScheme.parse(scheme))
        settings.timeout = self.timeout.value()
        settings.retries = self.retries.value()
        settings.max_jobs = self.max_jobs.value()
        settings.proxy = self.proxy.text()
        settings.use_system_proxy = self.system_proxy.isChecked()
        settings.check_library_on_start = self.check_on_start.isChecked()
        if self.api_base.isEnabled():
            settings.api_base = self.api_base.text()
        settings.default_text_choice = TextChoice(
            str(self.default_script.currentData()), self.default_rules.isChecked()
        )
        settings.sync()
        super().accept()
