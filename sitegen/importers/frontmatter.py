"""Front matter as Hugo and Jekyll write it: YAML (``---``), TOML (``+++``) or JSON (``{...}``).

Each parser also gives the line of every top-level key, so the report can say where a field that
was not carried over came from.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from sitegen.text.yamlsource import YamlSyntaxError, parse_mapping


class FrontMatterUnreadable(ValueError):
    """Front matter that none of its parsers accepts, with the line of the problem."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Parsed:
    """A content file split into its front matter and its body."""

    data: dict[str, Any]
    lines: dict[str, int]
    """Line of each top-level key in the file."""
    body: str
    body_line: int
    """Line of the body's first line in the file."""
    repaired: str = ""
    """What had to be fixed for the YAML to load (e.g. tabs), for the report; "" if nothing."""


_FENCES = {"---": "yaml", "+++": "toml"}


def parse(text: str) -> Parsed | None:
    """Split and parse ``text``; None when it has no front matter (Jekyll copies such files)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1  # blank lines before the fence: Hugo reads such files, so accept them
    if start == len(lines):
        return None
    fence = lines[start].strip()
    if fence in _FENCES:
        for end in range(start + 1, len(lines)):
            closer = lines[end].strip()
            if closer == fence or (fence == "---" and closer == "..."):
                block = "".join(lines[start + 1 : end])
                body = "".join(lines[end + 1 :])
                return _parsed(_FENCES[fence], block, start + 2, body, end + 2)
        raise FrontMatterUnreadable(f"the front matter opened with {fence!r} is never closed", 1)
    if fence.startswith("{"):
        return _json(lines, start)
    return None


def _parsed(kind: str, block: str, first: int, body: str, body_line: int) -> Parsed:
    if kind == "toml":
        try:
            data = tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            line = _toml_line(str(exc))
            raise FrontMatterUnreadable(f"malformed TOML: {exc}", first + line - 1) from None
        return Parsed(data, _key_lines(block, _TOML_KEY, first), body, body_line)
    try:
        doc = parse_mapping(block, first_line=first)
        return Parsed(doc.data, _top_level(doc.lines), body, body_line)
    except YamlSyntaxError as exc:
        # Ruby's YAML reader takes tabs that PyYAML refuses (trailing tabs, tab indentation).
        fixed = "\n".join(line.rstrip().replace("\t", "  ") for line in block.split("\n"))
        if fixed == block:
            raise FrontMatterUnreadable(str(exc), exc.line) from None
        try:
            doc = parse_mapping(fixed, first_line=first)
        except YamlSyntaxError:
            raise FrontMatterUnreadable(str(exc), exc.line) from None
        note = f"front matter line {exc.line}: tabs replaced by spaces for the YAML to load"
        return Parsed(doc.data, _top_level(doc.lines), body, body_line, note)


def _json(lines: list[str], start: int) -> Parsed:
    text = "".join(lines[start:])
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise FrontMatterUnreadable(f"malformed JSON: {exc.msg}", start + exc.lineno) from None
    if not isinstance(data, dict):
        raise FrontMatterUnreadable("JSON front matter must be an object", start + 1)
    block = text[:end]
    rest = text[end:]
    body = rest.split("\n", 1)[1] if "\n" in rest else ""
    body_line = start + block.count("\n") + 2
    return Parsed(data, _key_lines(block, _JSON_KEY, start + 1), body, body_line)


_TOML_KEY = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=', re.MULTILINE)
_JSON_KEY = re.compile(r'^\s*"([^"]+)"\s*:', re.MULTILINE)
_TOML_LINE = re.compile(r"line (\d+)")


def _key_lines(block: str, pattern: re.Pattern[str], first: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for match in pattern.finditer(block):
        out.setdefault(match[1], first + block.count("\n", 0, match.start()))
    return out


def _toml_line(message: str) -> int:
    found = _TOML_LINE.search(message)
    return int(found[1]) if found else 1


def _top_level(lines: dict[str, int]) -> dict[str, int]:
    return {key: line for key, line in lines.items() if "." not in key}
