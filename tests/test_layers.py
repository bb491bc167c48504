"""sitegen's modules import only from layers before theirs in the flow (see docs/architecture.md).

Every top-level module and package of ``sitegen`` has a place in ``LAYERS``; a module may import
from its own layer only in the foundation layer, and from earlier layers always. Every import form
counts: ``import sitegen.x``, ``from sitegen.x import y``, ``from sitegen import x`` and relative
imports, at the top of a file or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sitegen

PACKAGE = Path(sitegen.__file__).parent

FOUNDATION = "foundation"
LAYERS: list[tuple[str, frozenset[str]]] = [
    # Shared by every stage: errors, the typed config, small pure helpers, the state files.
    (
        FOUNDATION,
        frozenset(
            {
                "__init__",
                "config",
                "digests",
                "errors",
                "gcpause",
                "i18n",
                "state",
                "text",
                "validation",
            }
        ),
    ),
    # The stages, in the order data flows through them.
    ("content", frozenset({"content"})),
    ("graph", frozenset({"graph"})),
    ("render", frozenset({"render"})),
    # The job types, apart from the rest of the engine: the syndication formats declare jobs.
    ("jobs", frozenset({"engine.jobs"})),
    ("syndication", frozenset({"syndication"})),
    ("engine", frozenset({"engine"})),
    ("pipeline", frozenset({"pipeline"})),
    # The command line (build, check and the small commands, with the options and wording
    # every command shares), then the commands with machinery of their own, which the command
    # line names as strings and imports only when one is run; none of them uses another.
    ("command line", frozenset({"commands"})),
    ("commands", frozenset({"deploy", "importers", "serve"})),
    ("entry point", frozenset({"__main__"})),
]
"""Each layer's name and its units: a top-level module's stem or package's folder name, or
``package.module`` for a module of a package that has a layer of its own."""

OUTSIDE = ("benchmarks", "tests", "scripts")
"""Checkout folders the installed package must never import: they are not installed."""


def _layer_of(unit: str) -> int | None:
    return next((i for i, (_, units) in enumerate(LAYERS) if unit in units), None)


def _unit(path: Path) -> str:
    """The unit a file of the package belongs to."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if len(parts) > 1 and _layer_of(f"{parts[0]}.{parts[1]}") is not None:
        return f"{parts[0]}.{parts[1]}"
    return parts[0]


def _is_unit(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module an import-from names, with a relative import resolved against ``path``."""
    if node.level == 0:
        return node.module or ""
    parts = ("sitegen", *path.relative_to(PACKAGE).with_suffix("").parts)
    base = parts[: len(parts) - node.level]
    return ".".join(base + ((node.module,) if node.module else ()))


def imported_modules(path: Path, text: str | None = None) -> list[str]:
    """Every module ``path`` (or ``text`` read as if it were that file) imports, dotted."""
    source = path.read_text(encoding="utf-8") if text is None else text
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            found.append(module)
            # ``from sitegen import pipeline`` imports the module sitegen.pipeline
            found += [f"{module}.{alias.name}" for alias in node.names if alias.name != "*"]
    return found


def imported_units(path: Path, text: str | None = None) -> set[str]:
    """The sitegen units ``path`` imports from (``__init__`` for names of the package itself)."""
    units = set()
    for name in imported_modules(path, text):
        parts = name.split(".")
        if parts[0] != "sitegen":
            continue
        if len(parts) == 1 or not _is_unit(parts[1]):
            units.add("__init__")
        elif len(parts) > 2 and _layer_of(f"{parts[1]}.{parts[2]}") is not None:
            units.add(f"{parts[1]}.{parts[2]}")
        else:
            units.add(parts[1])
    return units


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_top_level_module_has_a_layer() -> None:
    units = {_unit(path) for path in _sources()}
    homeless = sorted(unit for unit in units if _layer_of(unit) is None)
    assert homeless == [], f"add these to a layer in {__file__}: {homeless}"


def test_modules_import_only_earlier_layers() -> None:
    backwards = []
    for path in _sources():
        mine = _layer_of(_unit(path))
        if mine is None:
            continue  # reported by the test above
        for unit in sorted(imported_units(path) - {_unit(path)}):
            theirs = _layer_of(unit)
            same_allowed = LAYERS[mine][0] == FOUNDATION
            if theirs is None or theirs > mine or (theirs == mine and not same_allowed):
                where = "?" if theirs is None else LAYERS[theirs][0]
                rel = path.relative_to(PACKAGE)
                backwards.append(f"{rel} ({LAYERS[mine][0]}) imports sitegen.{unit} ({where})")
    assert backwards == []


def test_the_package_imports_nothing_from_the_checkout() -> None:
    """Benchmarks, tests and scripts are not installed: the package cannot depend on them."""
    leaks = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _sources()
        for name in imported_modules(path)
        if name.split(".")[0] in OUTSIDE
    ]
    assert leaks == []
    assert not (PACKAGE / "bench").exists(), "benchmark code belongs in benchmarks/"


@pytest.mark.parametrize(
    ("source", "units"),
    [
        ("import sitegen.graph.urls", {"graph"}),
        ("from sitegen.render import views", {"render"}),
        ("from sitegen import pipeline, __version__", {"pipeline", "__init__"}),
        ("from sitegen.engine.jobs import DataJob", {"engine.jobs"}),
        ("from sitegen.engine import jobs", {"engine", "engine.jobs"}),
        ("import sitegen.engine.plan", {"engine"}),
        ("def f():\n    from sitegen.pipeline import build", {"pipeline"}),
        ("from ..pipeline import build", {"pipeline"}),
        ("from . import views", {"render"}),
        ("import json", set()),
    ],
)
def test_every_import_form_is_seen(source: str, units: set[str]) -> None:
    # read as the file render/views.py, so relative imports resolve as they would there
    assert imported_units(PACKAGE / "render" / "views.py", source) == units
