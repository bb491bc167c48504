"""Tests test sitegen through what it offers: no private names, no patched internals.

A test that imports ``_name`` or patches a module's attribute pins the code's insides, so it
breaks on a refactoring that keeps the behaviour, and may pass while the real path is broken.
Read through the AST of every test file: ``from sitegen.x import _y``, ``obj._y`` on anything
but ``self``/``cls``, and ``monkeypatch.setattr``/``delattr`` aimed at a sitegen module.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

TESTS = Path(__file__).resolve().parent

KNOWN: dict[str, str] = {
    "engine/test_incremental.py": "edits a source mid-build through update.render_jobs and the "
    "bodies cache; goes when plan and render stop reading the source tree (issue 12, item 1)",
    "engine/test_markdown_cache.py": "the Markdown HTML cache's key and files; goes with the state "
    "layer that owns that cache (issue 12, item 2)",
    "engine/test_pictures.py": "refuses picturecache.make_picture to prove a text edit encodes "
    "no picture",
    "render/test_sitemaps.py": "lowers sitemaps.MAX_URLS and NEWS_MAX_URLS to split a small site",
    "deploy/test_deploy_s3.py": "kills an upload half-way through publisher.put_file",
}
"""Files that still break the rule, with why; a file leaves this list when it is fixed (the
second test makes sure it does)."""


def _is_sitegen_module(name: str) -> bool:
    if not name.startswith("sitegen"):
        return False
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _modules(tree: ast.Module) -> dict[str, str]:
    """Local names bound to sitegen modules (``import sitegen.x``, ``from sitegen import x``)."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sitegen"):
                    # ``import sitegen.x`` binds ``sitegen``; ``import sitegen.x as y`` binds y
                    bound[alias.asname or "sitegen"] = alias.name if alias.asname else "sitegen"
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if _is_sitegen_module(full):
                    bound[alias.asname or alias.name] = full
    return bound


def _targets_sitegen(node: ast.expr, modules: dict[str, str]) -> bool:
    """Whether ``node`` (monkeypatch's first argument) names a sitegen module or attribute."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.startswith("sitegen.")
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in modules


def offences(path: Path) -> list[str]:
    """Each private name or patched internal in one test file, as ``line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = _modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen"):
            found += [f"{node.lineno}: imports {a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"{node.lineno}: reads {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            patch = node.func
            if (
                isinstance(patch.value, ast.Name)
                and patch.value.id == "monkeypatch"
                and patch.attr in ("setattr", "delattr")
                and node.args
                and _targets_sitegen(node.args[0], modules)
            ):
                found.append(f"{node.lineno}: patches {ast.unparse(node.args[0])}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _test_files() -> list[Path]:
    return [p for p in sorted(TESTS.rglob("*.py")) if "sites" not in p.relative_to(TESTS).parts]


def test_tests_use_only_public_names_and_patch_no_internals() -> None:
    found = {
        rel: hits
        for path in _test_files()
        if (rel := path.relative_to(TESTS).as_posix()) not in KNOWN and (hits := offences(path))
    }
    assert found == {}


def test_every_known_exception_is_still_needed() -> None:
    fixed = [rel for rel in KNOWN if not offences(TESTS / rel)]
    assert fixed == [], "remove these from KNOWN: they follow the rule now"


def test_the_rule_sees_each_form(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import sitegen.digests\n"
        "from sitegen.engine import executor\n"
        "from sitegen.text.yamlsource import _Loader, parse_mapping\n"
        "def test(monkeypatch, server):\n"
        "    monkeypatch.setattr(executor, 'SERIAL_BELOW', 1)\n"
        "    monkeypatch.setattr('sitegen.engine.picturecache.make_picture', None)\n"
        "    monkeypatch.setattr(sitegen.digests, 'X', 1)\n"
        "    monkeypatch.setenv('HOME', '/tmp')\n"
        "    with server._building:\n"
        "        self._fine = sitegen.digests.__file__\n",
        encoding="utf-8",
    )
    assert offences(probe) == [
        "3: imports _Loader",
        "5: patches executor",
        "6: patches 'sitegen.engine.picturecache.make_picture'",
        "7: patches sitegen.digests",
        "9: reads server._building",
    ]
