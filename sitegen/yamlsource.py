"""YAML parsed once, keeping the line of every key, so errors can point at the offending line.

Dates and times are deliberately *not* resolved by YAML: they stay strings and are parsed by the
content models with the site's timezone, so a bare ``2021-01-14`` never silently becomes UTC.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """Safe loader without the timestamp resolver (dates stay text; see the module docstring)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(ValueError):
    """Malformed YAML, with the 1-based line (relative to the YAML text) where it was found."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping and the 1-based line of every key path (``image.src``)."""

    data: dict[str, Any]
    lines: dict[str, int]

    def line_of(self, path: tuple[str | int, ...], default: int = 1) -> int:
        """Line of the deepest known key along ``path`` (falls back to the parent key)."""
        parts = [str(p) for p in path]
        while parts:
            found = self.lines.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return default


def parse_mapping(text: str, first_line: int = 1) -> YamlDoc:
    """Parse ``text`` as a YAML mapping; lines are offset so line 1 of ``text`` is ``first_line``.

    An empty document is an empty mapping. Raises :class:`YamlSyntaxError` for malformed YAML or a
    document that is not a mapping.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, {})
        if not isinstance(node, yaml.MappingNode):
            raise YamlSyntaxError(
                "expected a mapping of 'key: value' lines", node.start_mark.line + first_line
            )
        data = _construct_document(loader, node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket runs to the end: point where it was opened.
            mark = exc.context_mark
        line = (mark.line if mark else 0) + first_line
        what = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlSyntaxError(f"malformed YAML: {what}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"malformed YAML: {exc}", first_line) from None
    except (ArithmeticError, AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        # an explicit tag whose value does not fit it (``!!int abc``, ``!!bool maybe``,
        # ``!!timestamp x``): PyYAML's constructor raises a bare error without a position
        message = f"malformed YAML: a value does not fit its explicit tag ({exc})"
        raise YamlSyntaxError(message, first_line) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    _collect_lines(node, "", first_line, lines, set())
    return YamlDoc(data if isinstance(data, dict) else {}, lines)


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))


class _Unusual(Exception):
    """The document needs PyYAML's own constructor (anchors, merge keys, explicit tags)."""


def _construct_document(loader: _Loader, node: yaml.Node) -> Any:
    """The document's value: plain mappings, lists and strings are built here, the rest by PyYAML.

    PyYAML's constructor is pure Python even with the C loader and is most of the cost of
    parsing front matter; building the common node kinds directly gives the same values at a
    third of the cost. Anything unusual is handed to PyYAML as a whole.
    """
    try:
        return _construct(loader, node, set())
    except _Unusual:
        return loader.construct_document(node)


def _construct(loader: _Loader, node: yaml.Node, seen: set[int]) -> Any:
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value  # what SafeConstructor.construct_yaml_str returns
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node)  # numbers, booleans, null: PyYAML's own rules
    if id(node) in seen:  # an alias to a collection (possibly recursive)
        raise _Unusual
    seen.add(id(node))
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, seen) for item in node.value]
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping = {}
        for key, value in node.value:
            if key.tag != _STR or not isinstance(key, yaml.ScalarNode):  # merge keys '<<' too
                raise _Unusual
            mapping[key.value] = _construct(loader, value, seen)
        return mapping
    raise _Unusual


def _collect_lines(
    node: yaml.Node, prefix: str, offset: int, out: dict[str, int], active: set[int]
) -> None:
    """Record the line of every key path under ``node``; ``active`` holds the nodes being
    walked, so a recursive alias (``a: &r [*r]``) ends instead of recursing forever."""
    if id(node) in active:
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = sys.intern(f"{prefix}{key.value}")  # shared by every file: cached once
            out[path] = key.start_mark.line + offset
            _collect_lines(value, path + ".", offset, out, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = sys.intern(f"{prefix}{index}")
            out[path] = item.start_mark.line + offset
            _collect_lines(item, path + ".", offset, out, active)
    active.discard(id(node))
