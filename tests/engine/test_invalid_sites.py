"""One broken site per validation rule: non-zero exit, no traceback, a numbered list of problems
naming file:line, field and message (tests/sites/invalid/<case>/expected.txt), nothing written.

What git cannot hold is made after copying, as ``prepare.json`` in the case says:
``{"symlinks": {"path": "target"}, "fifos": ["path"], "unreadable": ["path"], "latin1_names":
{"path": "text"}}`` (the last: files whose names are Latin-1 bytes, not UTF-8). An unreadable
file is mode 000; since tests may run as root, who reads any file, the run then goes through
``setpriv`` without the two capabilities that let root bypass file permissions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from sitegen.config import SiteConfig
from sitegen.content.models import ArticleMeta, PageMeta

INVALID = Path(__file__).resolve().parents[1] / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expected.txt").is_file())
NUMBERED = re.compile(r"^\s*(\d+)\. (.*)$")
SETPRIV = shutil.which("setpriv")
NO_DAC_OVERRIDE = ["--bounding-set=-dac_override,-dac_read_search"]
"""``setpriv`` arguments: root without them is refused a file its mode does not let it read."""


def _site(tmp_path: Path, case: str) -> Path:
    """A scratch copy, so a (wrongly) successful build could not write into the repository."""
    root = Path(shutil.copytree(INVALID / case, tmp_path / case, symlinks=True))
    prepare = _prepare(case)
    for link, target in prepare.get("symlinks", {}).items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / link)
    for fifo in prepare.get("fifos", []):
        os.mkfifo(root / fifo)
    for name, text in prepare.get("latin1_names", {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        with open(os.fsencode(root) + b"/" + name.encode("latin-1"), "wb") as handle:
            handle.write(text.encode("utf-8"))
    for path in prepare.get("unreadable", []):
        os.chmod(root / path, 0)
    return root


def _prepare(case: str) -> dict[str, Any]:
    path = INVALID / case / "prepare.json"
    found: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    return found


def _expected(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@dataclass(frozen=True)
class _Run:
    exit_code: int
    output: str


def _run(kit: Any, case: str, *args: str) -> _Run:
    """``sitegen ARGS`` in-process, or in a process without root's file access when the case has
    unreadable files and the tests run as root."""
    args = (*args, "--build-time", kit.build_time)
    if not _prepare(case).get("unreadable") or os.geteuid() != 0:
        result = kit.run_cli(*args)
        return _Run(result.exit_code, result.output)
    if SETPRIV is None:
        pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
    command = [SETPRIV, *NO_DAC_OVERRIDE, sys.executable, "-m", "sitegen", *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return _Run(run.returncode, run.stdout + run.stderr)


def _numbered(output: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in map(NUMBERED.match, output.splitlines()) if m]


def _assert_reported(output: str, expected: list[str]) -> None:
    assert "Traceback" not in output
    count = len(expected)
    assert (
        f"Error: {count} problem{'s' if count != 1 else ''} found; nothing was written." in output
    ), output
    numbered = _numbered(output)
    assert [int(n) for n, _ in numbered] == list(range(1, count + 1)), output
    for (_, problem), wanted in zip(numbered, expected, strict=True):
        assert problem.startswith(wanted), f"expected {wanted!r}, got {problem!r}"


def _errors(output: str) -> list[str]:
    """The lines of a failed run from its first ``Error:`` on (the problems, or the one error)."""
    lines = output.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("Error:")), len(lines))
    return lines[first:]


CONSTRAINT_MESSAGES = {
    "MinLen": "should have at least",
    "MaxLen": "should have at most",
    "Ge": "greater than or equal",
    "Gt": "should be greater than",
    "Le": "less than or equal",
    "Lt": "should be less than",
    "pattern": "should match pattern",
}
"""How pydantic words the failure of each kind of field constraint."""
MODEL_RULES = {
    "ArticleMeta._check_consistency": "use either 'author' or 'authors', not both",
    "FolderTarget._no_credentials": "is not allowed",
    "GitTarget._no_credentials": "is not allowed",
    "S3Target._no_credentials": "is not allowed",
    "CacheRule._has_condition": "a cache rule needs 'match:' or 'fingerprinted:'",
}
"""What each whole-model check of the config and content models reports."""


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _nested(arg)]


def _container(annotation: Any) -> bool:
    """Whether a value of ``annotation`` holds items (a list or a mapping, maybe in a union)."""
    if get_origin(annotation) in (list, dict):
        return True
    return any(_container(arg) for arg in get_args(annotation))


def _fields_of(model: type[BaseModel], path: str) -> Iterator[tuple[type[BaseModel], str, Any]]:
    """Every field of ``model`` and the models nested in it, with a pattern of its dotted
    path in problems (list items and mapping keys as any segment)."""
    for name, info in model.model_fields.items():
        here = f"{path}{re.escape(name)}"
        yield model, here, info
        for nested in _nested(info.annotation):
            below = here + (r"\.[^.:]+" if _container(info.annotation) else "")
            yield from _fields_of(nested, below + r"\.")


def _rules() -> Iterator[tuple[str, str, str, str]]:
    """Each rule of the config and content models: its name, the file its problems name, the
    field path pattern ("": a whole-model check's) and the message it gives ("": a field
    validator's own words)."""
    documents = (
        (SiteConfig, r"sitegen\.yaml"),
        (ArticleMeta, r"content/articles/.*\.md"),
        (PageMeta, r"content/pages/.*\.md"),
    )
    for root, file in documents:
        seen: set[type[BaseModel]] = set()
        for model, path, info in _fields_of(root, ""):
            seen.add(model)
            name = f"{model.__name__}.{path}"
            for constraint in info.metadata:
                kind = type(constraint).__name__
                kind = "pattern" if getattr(constraint, "pattern", None) else kind
                yield f"{name} {kind}", file, path, CONSTRAINT_MESSAGES[kind]
            validators = model.__pydantic_decorators__.field_validators.values()
            if any(path.rsplit("\\.", 1)[-1] in v.info.fields for v in validators):
                yield f"{name} validator", file, path, ""
        for model in sorted(seen, key=lambda m: m.__name__):
            for validator in model.__pydantic_decorators__.model_validators:
                rule = f"{model.__name__}.{validator}"
                yield rule, file, "", MODEL_RULES[rule]


def test_every_rule_has_a_case() -> None:
    """Each rule of the models (a field's constraint or validator, a whole-model check) is
    broken by at least one case, whose expected problems show that rule's report."""
    lines = [line for case in CASES for line in _expected(case)]
    constraint = "|".join(CONSTRAINT_MESSAGES.values())
    missing = []
    for rule, file, path, message in _rules():
        # a validator may name the item or key of its field it refuses (``social.Mastodon``)
        below = r"(?:\.[^:]+)?" if not message else ""
        field = f"{path}{below}: " if path else ""
        where = re.compile(rf"^{file}:\d+: {field}(.*)$")
        found = [m.group(1) for m in map(where.match, lines) if m]
        if message:
            hit = any(message in text for text in found)
        else:  # a validator: its own message, not a constraint's or a missing value's
            hit = any(not re.search(constraint, text) and "required" not in text for text in found)
        if not hit:
            missing.append(rule)
    assert not missing, f"no invalid site breaks: {missing}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["build", "check"])
def test_invalid_site(tmp_path: Path, kit: Any, case: str, command: str) -> None:
    root = _site(tmp_path, case)
    result = _run(kit, case, command, "--root", str(root))
    assert result.exit_code == 1, result.output
    _assert_reported(result.output, _expected(case))
    assert not (root / "public").exists()
    assert not (root / ".public.staging").exists()


@pytest.mark.parametrize("case", CASES)
def test_check_reports_what_build_reports(tmp_path: Path, kit: Any, case: str) -> None:
    """``check`` applies every rule ``build`` applies: on each broken site both fail with exit
    status 1 and the same error lines (whatever rule a case exercises, now or later)."""
    built = _run(kit, case, "build", "--root", str(_site(tmp_path / "build", case)))
    checked = _run(kit, case, "check", "--root", str(_site(tmp_path / "check", case)))
    assert (built.exit_code, checked.exit_code) == (1, 1), built.output + checked.output
    assert "Traceback" not in built.output + checked.output
    assert _errors(built.output), built.output
    assert _errors(checked.output) == _errors(built.output)


def test_invalid_site_in_a_real_process(tmp_path: Path) -> None:
    root = _site(tmp_path, "many-problems")
    run = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    _assert_reported(run.stderr, _expected("many-problems"))
    assert not (root / "public").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    root = _site(tmp_path, "bad-date")
    run = subprocess.run(
        [sys.executable, "-m", "sitegen", "--debug", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "Traceback" in run.stderr and "ProblemsFound" in run.stderr
