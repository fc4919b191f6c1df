"""The window's one chapter store, opened on first use: every page and job shares it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from novelfetch.core.store.chapter_store import Store
from novelfetch.gui.app.i18n import fill
from novelfetch.gui.window.message_bar import Level


class StoreOpener(QObject):
    """``opener()`` is the store; a damaged one repaired, or moved aside and salvaged, on
    opening is told through ``tell`` once."""

    def __init__(
        self,
        store_dir: Path | None,
        tell: Callable[[Level, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_dir = store_dir
        self._tell = tell
        self._store: Store | None = None

    def __call__(self) -> Store:
        if self._store is None:
            self._store = Store.in_folder(self._store_dir)
            recovery = self._store.recovery
            if recovery is not None and recovery.moved_to is None:
                text = self.tr(
                    "The chapter store was damaged and has been repaired; its %1 chapters are kept."
                )
                self._tell(Level.WARNING, fill(text, recovery.chapters))
            elif self._store.moved_aside:
                text = self.tr(
                    "The chapter store was damaged and moved to %1; %2 chapters were recovered"
                    " from it into a fresh one."
                )
                chapters = recovery.chapters if recovery is not None else 0
                self._tell(Level.WARNING, fill(text, self._store.moved_aside, chapters))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
