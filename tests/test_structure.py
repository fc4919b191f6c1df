"""The package's shape, read from the code itself: no import cycles, layers that only import
downwards, and no file past 400 lines (docs/architecture.md is the map these keep true)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "app" / "novelfetch"
MAX_LINES = 400

# What each layer may import of NovelFetch besides itself. ``novelfetch`` is the package's
# ``__init__`` (the version), ``resources`` finds the shipped files.
LAYERS = {
    "novelfetch.sample": (),  # the demo and test server stands alone
    "novelfetch.core": ("novelfetch.sample", "novelfetch.resources"),
    "novelfetch.cli": (
        "novelfetch",
        "novelfetch.core",
        "novelfetch.sample",
        "novelfetch.resources",
    ),
    "novelfetch.gui": ("novelfetch", "novelfetch.core", "novelfetch.resources"),
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the NovelFetch modules it imports (anywhere in it, type-checking ones too)."""
    paths = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from package import module`` imports the module.
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            found.update(t for t in targets if t in paths and t != module)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_is_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(group) for group in found)


def test_the_check_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "novelfetch"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from novelfetch import b\n")
    (package / "b.py").write_text("from .a import thing\n")
    assert cycles(import_graph(package)) == [["novelfetch.a", "novelfetch.b"]]


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_what_is_below_it(layer: str) -> None:
    allowed = (layer, *LAYERS[layer])
    wrong = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if module == layer or module.startswith(layer + ".")
        for target in sorted(targets)
        if not any(
            target == ok or (ok != "novelfetch" and target.startswith(ok + ".")) for ok in allowed
        )
    ]
    assert not wrong, "\n".join(wrong)


def test_no_file_is_longer_than_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"files over {MAX_LINES} lines (split them by concern): {long}"
