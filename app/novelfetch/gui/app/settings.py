"""The window's persistent settings: a typed face over ``QSettings``.

Every value is read with a type and a default, so a hand-edited or older settings file can
never crash the window. ``NOVELFETCH_BAIDU_API_BASE``, when set, wins over the stored API
base, as it does for the command line.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from novelfetch.core.errors import NovelFetchError
from novelfetch.core.jobs.downloader import MAX_CONCURRENCY, DownloadOptions
from novelfetch.core.jobs.queue import DEFAULT_MAX_JOBS, MAX_JOBS
from novelfetch.core.net.http import HttpSettings
from novelfetch.core.net.retry import RetryPolicy
from novelfetch.core.sources import BUILTIN_ADAPTERS, DEFAULT_SOURCE, SourceRegistry
from novelfetch.core.sources.baidu import API_BASE_ENV
from novelfetch.core.text.options import CONVERSIONS
from novelfetch.gui.widgets.text_choice import TextChoice

log = logging.getLogger(__name__)

ORGANIZATION = "NovelFetch"
APPLICATION = "NovelFetch"


def default_qsettings() -> QSettings:
    """The user's real settings (explicit names, so they never depend on app identity)."""
    return QSettings(ORGANIZATION, APPLICATION)


def default_output_dir() -> Path:
    for location in (
        QStandardPaths.StandardLocation.DownloadLocation,
        QStandardPaths.StandardLocation.DocumentsLocation,
    ):
        folder = QStandardPaths.writableLocation(location)
        if folder:
            return Path(folder)
    return Path.home()


class AppSettings:
    """Typed properties; setters write through immediately (a crash loses nothing)."""

    def __init__(self, store: QSettings, environ: Mapping[str, str] | None = None) -> None:
        self.qsettings = store
        self._environ = os.environ if environ is None else environ
        #: Source ids a saved choice may name (the window adds the imported ones).
        self.known_sources: set[str] = set(BUILTIN_ADAPTERS)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        try:
            value = self.qsettings.value(key, default, type=kind)
        except (TypeError, ValueError):
            return default
        return default if value is None else value

    def _set(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    # --- the window -----------------------------------------------------------------------

    @property
    def source(self) -> str:
        value = str(self._get("window/source", DEFAULT_SOURCE, str))
        return value if value in self.known_sources else DEFAULT_SOURCE

    @source.setter
    def source(self, value: str) -> None:
        self._set("window/source", value)

    @property
    def output_dir(self) -> Path:
        value = str(self._get("window/output_dir", "", str)).strip()
        return Path(value) if value else default_output_dir()

    @output_dir.setter
    def output_dir(self, value: Path) -> None:
        self._set("window/output_dir", str(value))

    @property
    def fmt(self) -> str:
        value = str(self._get("window/format", "epub", str))
        return value if value in ("epub", "txt") else "epub"

    @fmt.setter
    def fmt(self, value: str) -> None:
        self._set("window/format", value)

    @property
    def txt_encoding(self) -> str:
        return str(self._get("window/txt_encoding", "utf-8", str)) or "utf-8"

    @txt_encoding.setter
    def txt_encoding(self, value: str) -> None:
        self._set("window/txt_encoding", value)

    @property
    def concurrency(self) -> int:
        return min(max(int(self._get("window/concurrency", 8, int)), 1), MAX_CONCURRENCY)

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self._set("window/concurrency", int(value))

    @property
    def max_jobs(self) -> int:
        """Queued downloads and updates that run at once (the Downloads page)."""
        return min(max(int(self._get("queue/max_jobs", DEFAULT_MAX_JOBS, int)), 1), MAX_JOBS)

    @max_jobs.setter
    def max_jobs(self, value: int) -> None:
        self._set("queue/max_jobs", int(value))

    @property
    def geometry(self) -> QByteArray:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) else QByteArray()

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def last_page(self) -> str:
        """The page shown when the window last closed (the window checks it still exists)."""
        return str(self._get("window/last_page", "library", str)) or "library"

    @last_page.setter
    def last_page(self, value: str) -> None:
        self._set("window/last_page", value)

    @property
    def last_book(self) -> tuple[str, str] | None:
        """The source and reference of the book last loaded on the Book page, if any."""
        source = str(self._get("window/last_book_source", "", str)).strip()
        reference = str(self._get("window/last_book", "", str)).strip()
        return (source, reference) if source and reference else None

    @last_book.setter
    def last_book(self, value: tuple[str, str] | None) -> None:
        source, reference = value or ("", "")
        self._set("window/last_book_source", source)
        self._set("window/last_book", reference)

    @property
    def library_sort(self) -> str:
        """How the Library page sorts: ``title``, ``author``, ``updated`` or ``added``."""
        value = str(self._get("library/sort", "title", str))
        return value if value in ("title", "author", "updated", "added") else "title"

    @library_sort.setter
    def library_sort(self, value: str) -> None:
        self._set("library/sort", value)

    @property
    def check_library_on_start(self) -> bool:
        """Check every library book for new chapters when the window opens (off by default)."""
        return self._flag("library/check_on_start", False)

    @check_library_on_start.setter
    def check_library_on_start(self, value: bool) -> None:
        self._set("library/check_on_start", bool(value))

    # --- appearance (the settings dialog; read once at start-up by setup_app) -------------

    @property
    def language(self) -> str:
        """``"system"``, ``"zh_CN"`` or ``"en"``; applies on the next start."""
        value = str(self._get("appearance/language", "system", str))
        return value if value in ("system", "zh_CN", "en") else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._set("appearance/language", value)

    @property
    def colour_scheme(self) -> str:
        """``"system"``, ``"light"`` or ``"dark"``."""
        value = str(self._get("appearance/colour_scheme", "system", str))
        return value if value in ("system", "light", "dark") else "system"

    @colour_scheme.setter
    def colour_scheme(self, value: str) -> None:
        self._set("appearance/colour_scheme", value)

    # --- advanced (the settings dialog) ---------------------------------------------------

    @property
    def timeout(self) -> float:
        return min(max(float(self._get("network/timeout", 30.0, float)), 1.0), 600.0)

    @timeout.setter
    def timeout(self, value: float) -> None:
        self._set("network/timeout", float(value))

    @property
    def retries(self) -> int:
        return min(max(int(self._get("network/retries", 4, int)), 0), 20)

    @retries.setter
    def retries(self, value: int) -> None:
        self._set("network/retries", int(value))

    @property
    def legacy_cookie(self) -> str:
        """The one cookie older versions sent every source; it now belongs to Baidu alone."""
        return str(self._get("network/cookie", "", str)).strip()

    def forget_legacy_cookie(self) -> None:
        self.qsettings.remove("network/cookie")

    @property
    def proxy(self) -> str:
        return str(self._get("network/proxy", "", str)).strip()

    @proxy.setter
    def proxy(self, value: str) -> None:
        self._set("network/proxy", value.strip())

    @property
    def use_system_proxy(self) -> bool:
        return bool(self._get("network/use_system_proxy", True, bool))

    @use_system_proxy.setter
    def use_system_proxy(self, value: bool) -> None:
        self._set("network/use_system_proxy", bool(value))

    @property
    def api_base(self) -> str:
        """The API base the user saved (empty: the source's default)."""
        return str(self._get("baidu/api_base", "", str)).strip()

    @api_base.setter
    def api_base(self, value: str) -> None:
        self._set("baidu/api_base", value.strip())

    @property
    def env_api_base(self) -> str:
        return self._environ.get(API_BASE_ENV, "").strip()

    def effective_api_base(self) -> str | None:
        return self.env_api_base or self.api_base or None

    # --- text options: defaults (the settings dialog) and each book's own choice ----------

    def _flag(self, key: str, default: bool) -> bool:
        # QSettings turns any unknown text into False; a hand-edited "maybe" keeps the default.
        value = self.qsettings.value(key)
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower() if isinstance(value, str | int) else ""
        if text in ("true", "1", "yes", "on"):
            return True
        if text in ("false", "0", "no", "off"):
            return False
        return default

    def _conversion(self, key: str, default: str) -> str:
        value = str(self._get(key, default, str))
        return value if value in CONVERSIONS else default

    @property
    def default_text_choice(self) -> TextChoice:
        """What a book never downloaded before starts with."""
        return TextChoice(
            self._conversion("text/conversion", "none"), self._flag("text/apply_rules", True)
        )

    @default_text_choice.setter
    def default_text_choice(self, value: TextChoice) -> None:
        self._set("text/conversion", value.conversion)
        self._set("text/apply_rules", bool(value.apply_rules))

    @staticmethod
    def _book_key(source: str, book_id: str) -> str:
        # Book ids are the source's text: quoted, no "/" or "=" can break the key apart.
        return "books/" + quote(f"{source}:{book_id}", safe="")

    def book_text_choice(self, source: str, book_id: str) -> TextChoice:
        """The choice last used to write this book, or the default for a new one."""
        key, default = self._book_key(source, book_id), self.default_text_choice
        return TextChoice(
            self._conversion(f"{key}/conversion", default.conversion),
            self._flag(f"{key}/apply_rules", default.apply_rules),
        )

    def remember_text_choice(self, source: str, book_id: str, choice: TextChoice) -> None:
        key = self._book_key(source, book_id)
        self._set(f"{key}/conversion", choice.conversion)
        self._set(f"{key}/apply_rules", bool(choice.apply_rules))

    # --- what a job needs -----------------------------------------------------------------

    def download_options(self, source: str, concurrency: int) -> DownloadOptions:
        return DownloadOptions(
            source=source,
            concurrency=min(max(concurrency, 1), MAX_CONCURRENCY),
            retry=RetryPolicy(retries=self.retries),
            api_base=self.effective_api_base() if source == "baidu" else None,
            # No cookie here: each source's own, saved on the Sources page, is used.
            http=HttpSettings(
                read_timeout=self.timeout,
                connect_timeout=min(10.0, self.timeout),
                proxy=self.proxy or None,
                trust_env=self.use_system_proxy,
            ),
        )


def move_legacy_cookie(settings: AppSettings, registry: SourceRegistry) -> None:
    """Give the one cookie of older versions (sent to every source) to Baidu, whose login it
    was made for, unless Baidu has one already; then forget it here."""
    legacy = settings.legacy_cookie
    if not legacy:
        return
    try:
        if not registry.get("baidu").cookie():
            registry.set_cookie("baidu", legacy)
    except NovelFetchError as error:  # unreadable or unsavable: dropped, never sent anywhere
        log.warning("the cookie of older settings was not kept: %s", error)
    settings.forget_legacy_cookie()
