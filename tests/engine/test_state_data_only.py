"""State under ``.sitegen/`` is data: a crafted state folder never runs anything.

Every file a build leaves in ``.sitegen/`` (and every row of its databases) is replaced by a
pickle that would create a file if it were unpickled, wrapped so that it passes every check a
damaged file fails (the state header of its kind and version, a correct checksum, a row's
CRC). The build must run nothing, and still give exactly what a clean build gives.
"""

from __future__ import annotations

import ast
import io
import json
import pickle
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

import sitegen
from sitegen.state import STATE_DIR
from sitegen.state.files import write_state

from .conftest import build_site, copy_example, tree


class _Touch:
    """Unpickling this creates ``path`` (a stand-in for any code a crafted file could run)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.path,))


def _crafted(marker: Path) -> bytes:
    payload = pickle.dumps(_Touch(marker), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"touch" in payload
    return payload


def test_the_crafted_payload_runs_when_unpickled(tmp_path: Path) -> None:
    """The payload is live: what the build must never do would create the file."""
    marker = tmp_path / "ran"
    # unpickled here on purpose, and only here: this is what a state reader must never do
    pickle.Unpickler(io.BytesIO(_crafted(marker))).load()
    assert marker.exists()


def _tamper_file(path: Path, payload: bytes) -> None:
    """Replace a state file by ``payload``, under its header (kind, version, checksum) when it
    has one, so that only decoding the payload itself could reject it."""
    raw = path.read_bytes()
    header_line, newline, _ = raw.partition(b"\n")
    try:
        header = json.loads(header_line) if newline else None
    except ValueError:
        header = None
    if isinstance(header, dict) and header.get("magic") == "sitegen-state":
        checksum = "crc32" if "crc32" in header else "sha256"
        write_state(path, header["kind"], header["version"], payload, checksum=checksum)
    else:
        path.write_bytes(payload)


def _tamper_database(path: Path, payload: bytes) -> int:
    """Replace every row's value by ``payload``, with a matching CRC; returns the rows."""
    with sqlite3.connect(path) as db:
        count = db.execute("UPDATE rows SET value = ?, crc = ?", (payload, zlib.crc32(payload)))
        changed = count.rowcount
    db.close()
    return changed


@pytest.fixture(scope="module")
def clean_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = copy_example(tmp_path_factory.mktemp("clean") / "site")
    build_site(site, clean=True)
    return tree(site / "public")


def _built_and_tampered(site: Path, marker: Path, rows: bool) -> None:
    """Build ``site``, then replace every state file (and with ``rows``, every row)."""
    build_site(site)
    payload = _crafted(marker)
    files = [p for p in (site / STATE_DIR).rglob("*") if p.is_file()]
    assert len(files) >= 8 and any(p.suffix == ".sqlite" for p in files)
    for path in files:
        if path.suffix != ".sqlite":
            _tamper_file(path, payload)
        elif rows:
            assert _tamper_database(path, payload) > 0


@pytest.mark.parametrize("no_op", [False, True])
def test_crafted_state_runs_nothing_and_the_build_starts_from_scratch(
    tmp_path: Path, clean_output: dict[str, bytes], no_op: bool
) -> None:
    """``no_op``: the output is left in place, so the no-op check reads state first."""
    site = copy_example(tmp_path / "site")
    marker = tmp_path / "ran"
    _built_and_tampered(site, marker, rows=not no_op)
    if not no_op:
        shutil.rmtree(site / "public")
    build_site(site)
    assert not marker.exists()
    assert tree(site / "public") == clean_output
    # the state was made again: a second build finds it usable and still runs nothing
    build_site(site)
    assert not marker.exists()
    assert tree(site / "public") == clean_output


def _calls(tree_: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree_):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
    return names


def test_no_module_unpickles_or_unmarshals() -> None:
    """Nothing in sitegen can turn bytes into code: no unpickling or marshal, no Jinja bytecode.

    Pickling is allowed: ``sitegen.digests`` digests a page's context by its pickle, which only
    writes bytes and never reads any back.
    """
    package = Path(sitegen.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        names = _calls(ast.parse(path.read_text(encoding="utf-8")))
        pickles = any(name.split(".")[0] == "pickle" for name in names)
        for name in names:
            reads = pickles and name.rsplit(".", 1)[-1] in ("load", "loads", "Unpickler")
            if (
                reads
                or name.split(".")[0] in ("marshal", "dill", "shelve")
                or name
                in (
                    "jinja2.BytecodeCache",
                    "jinja2.bccache",
                    "bytecode_cache",
                    "load_bytecode",
                )
            ):
                found.append(f"{path.relative_to(package)}: {name}")
    assert found == []
