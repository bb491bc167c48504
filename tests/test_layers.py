"""The pipeline's packages import only from packages before them in the flow (see STYLE)."""

from __future__ import annotations

import ast
from pathlib import Path

import sitegen

ORDER = ["content", "graph", "render", "build", "serve", "deploy", "bench"]
"""The stages' packages, in the order data flows through them."""


def _imports(path: Path) -> list[str]:
    """Every ``sitegen.*`` module ``path`` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name.startswith("sitegen.")]


def test_packages_import_only_earlier_stages() -> None:
    package = Path(sitegen.__file__).parent
    backwards = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if len(parts) < 2 or parts[0] not in ORDER:
            continue
        for name in _imports(path):
            target = name.split(".")[1]
            if target in ORDER and ORDER.index(target) > ORDER.index(parts[0]):
                backwards.append(f"{path.relative_to(package)} imports {name}")
    assert backwards == []
