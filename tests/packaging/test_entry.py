"""The frozen app's entry script lets worker processes start (multiprocessing spawn)."""

from __future__ import annotations

import ast
from pathlib import Path

ENTRY = Path(__file__).parents[2] / "packaging" / "novelfetch_entry.py"


def test_freeze_support_comes_first_in_the_entry_script() -> None:
    """A frozen worker starts the same executable; freeze_support must catch it before the
    app starts (otherwise every worker would open a window)."""
    tree = ast.parse(ENTRY.read_text(encoding="utf-8"))
    (guard,) = [node for node in tree.body if isinstance(node, ast.If)]
    assert ast.unparse(guard.test) == "__name__ == '__main__'"
    assert ast.unparse(guard.body[0]) == "multiprocessing.freeze_support()"
    imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    # Nothing heavy at import time: the worker passes through these before freeze_support.
    assert {ast.unparse(node) for node in imports} == {
        "import multiprocessing",
        "import sys",
        "from novelfetch.__main__ import main",
    }
