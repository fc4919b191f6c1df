"""``setup_app``: everything the application sets up once, before the first window.

Start-up, the self-test, the screenshot script and the tests all call it, so each of them
runs the window with the same identity, translations and colours a user gets.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from novelfetch import __version__
from novelfetch.gui.app.i18n import install_language, resolve_language
from novelfetch.gui.app.icons import APP_ID, app_icon
from novelfetch.gui.app.settings import APPLICATION, ORGANIZATION, AppSettings, default_qsettings
from novelfetch.gui.app.theme import ColourScheme, apply_colour_scheme


def setup_app(
    app: QApplication,
    *,
    language: str | None = None,
    colour_scheme: str | None = None,
    settings: QSettings | None = None,
) -> None:
    """Give ``app`` its identity, interface language and colour scheme.

    ``language`` (``"zh_CN"``, ``"en"`` or ``"system"``) and ``colour_scheme``
    (``"light"``, ``"dark"`` or ``"system"``) override what the user chose in Settings;
    tests pass them so they never depend on the machine's locale or the user's settings.
    Calling it again replaces the earlier translators and colours.
    """
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("novelfetch.github.io")
    app.setApplicationVersion(__version__)
    # Wayland finds the icon and groups windows through the desktop file's name.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())

    chosen: AppSettings | None = None
    if language is None or colour_scheme is None:
        chosen = AppSettings(settings if settings is not None else default_qsettings())
    install_language(app, resolve_language(language or (chosen and chosen.language)))
    apply_colour_scheme(app, ColourScheme.parse(colour_scheme or (chosen and chosen.colour_scheme)))
