"""Hatchling build hook: the wheel carries the compiled interface translations.

``resources/translations/*.ts`` are compiled with lrelease (PySide6-Essentials, a build
requirement, ships it) into ``novelfetch/resources/translations/*.qm`` inside the wheel.
Editable installs skip it: a checkout compiles on first use (``novelfetch.gui.app.i18n``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class TranslationsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, str(Path(self.root) / "packaging"))
        try:
            from translations import compile_translations
        finally:
            sys.path.pop(0)
        self._temp = Path(tempfile.mkdtemp(prefix="novelfetch-qm-"))
        source = Path(self.root) / "resources" / "translations"
        for qm in compile_translations(source, self._temp):
            build_data["force_include"][str(qm)] = f"novelfetch/resources/translations/{qm.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temp = getattr(self, "_temp", None)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
