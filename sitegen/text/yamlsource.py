"""YAML parsed once, keeping the line of every key, so errors can point at the offending line.

Dates and times are deliberately *not* resolved by YAML: they stay strings and are parsed by the
content models with the site's timezone, so a bare ``2021-01-14`` never silently becomes UTC.

A document is bounded before anything walks it: its length (:data:`MAX_CHARS`), its nesting
(:data:`MAX_DEPTH`) and the number of values it holds once aliases are expanded
(:data:`MAX_VALUES`), so nine levels of nine aliases (a "billion laughs") are refused in
milliseconds. A key given twice, and characters no output can hold
(:mod:`sitegen.text.textchars`), are errors at their line rather than a silent last-one-wins or an
unreadable feed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import yaml

from sitegen.text.textchars import FORBIDDEN, describe

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_CHARS = 1_000_000
"""Longest document read (front matter or ``sitegen.yaml``): far past any real one, and a bound
on what parsing may cost."""
MAX_VALUES = 100_000
"""Most values (mappings, lists, keys and scalars) a document may hold with its aliases expanded."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings."""
_CHAR_HINT = "delete it; it is invisible in most editors, so retype the value if you cannot see it"


class _Loader(_BaseLoader):
    """Safe loader without the timestamp resolver (dates stay text; see the module docstring)."""

    current: yaml.Node | None = None
    """The node being constructed: PyYAML's constructor errors carry no position, this does."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self.current = node
        return super().construct_object(node, deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(ValueError):
    """Malformed or refused YAML, with the 1-based line where it was found (relative to the
    YAML text's ``first_line``), the dotted key path when known, and a hint."""

    def __init__(
        self, message: str, line: int, field: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.hint = hint


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

    An empty document is an empty mapping. Raises :class:`YamlSyntaxError` for malformed YAML, a
    document that is not a mapping, and one past the bounds, with a duplicate key or with a
    character no output can hold.
    """
    if len(text) > MAX_CHARS:
        message = f"is {len(text):,} characters long, more than the {MAX_CHARS:,} allowed"
        raise YamlSyntaxError(message, first_line)
    _refuse_raw_characters(text, first_line)
    loader = _Loader(text)
    lines: dict[str, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, {})
        if not isinstance(node, yaml.MappingNode):
            raise YamlSyntaxError(
                "expected a mapping of 'key: value' lines", node.start_mark.line + first_line
            )
        if "&" in text:  # no anchor, no alias: the document is a tree no larger than the text
            _expanded_size(node, {}, set(), 0, first_line)
        _collect_lines(node, "", _Walk(first_line, "\\" in text), lines, 0)
        if len(lines) > MAX_VALUES:
            raise YamlSyntaxError(f"holds more than {MAX_VALUES:,} values", first_line)
        data = _construct_document(loader, node)
    except YamlSyntaxError:
        raise
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
        at = loader.current.start_mark.line + first_line if loader.current else first_line
        raise YamlSyntaxError(message, at, _key_at(lines, at)) from None
    finally:
        loader.dispose()
    return YamlDoc(data if isinstance(data, dict) else {}, lines)


def _refuse_raw_characters(text: str, first_line: int) -> None:
    """A character no output can hold, typed into the text itself (YAML's reader refuses it
    too, but without a line): reported at its line, naming the key it belongs to."""
    found = FORBIDDEN.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + first_line
    try:
        lines = parse_mapping(FORBIDDEN.sub(" ", text), first_line).lines
    except YamlSyntaxError:
        lines = {}
    raise YamlSyntaxError(_unholdable(found.group()), line, _key_at(lines, line), _CHAR_HINT)


def _key_at(lines: dict[str, int], line: int) -> str | None:
    """The key whose value runs over ``line``: the last (deepest) key at or before it."""
    return max(((at, path) for path, at in lines.items() if at <= line), default=(0, None))[1]


def _unholdable(char: str) -> str:
    return f"contains {describe(char)}, which feeds, sitemaps and HTML cannot hold"


def _expanded_size(
    node: yaml.Node, sizes: dict[int, int], open_: set[int], depth: int, first_line: int
) -> int:
    """How many values ``node`` holds with its aliases expanded, each shared node counted once
    per use but walked once (``sizes``), so a bomb is measured without being expanded."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    line = node.start_mark.line + first_line
    if id(node) in open_:
        raise YamlSyntaxError("an alias refers to a value that contains it", line)
    if depth > MAX_DEPTH:
        raise YamlSyntaxError(f"is nested more than {MAX_DEPTH} levels deep", line)
    total = 1
    if isinstance(node, yaml.CollectionNode):
        open_.add(id(node))
        items = node.value if isinstance(node, yaml.SequenceNode) else _flat(node.value)
        total += sum(_expanded_size(item, sizes, open_, depth + 1, first_line) for item in items)
        open_.discard(id(node))
        if total > MAX_VALUES:
            message = f"holds more than {MAX_VALUES:,} values once its aliases are expanded"
            raise YamlSyntaxError(message, line, None, "use fewer aliases ('*name')")
    sizes[id(node)] = total
    return total


def _flat(pairs: list[tuple[yaml.Node, yaml.Node]]) -> list[yaml.Node]:
    return [part for pair in pairs for part in pair]


_STR, _SEQ, _MAP, _BINARY = (
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map", "binary")
)


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


@dataclass(frozen=True)
class _Walk:
    """What :func:`_collect_lines` needs besides the node: the line offset, and whether the text
    has escapes (only a ``\\`` escape can put a forbidden character into a parsed value)."""

    first_line: int
    escapes: bool


def _collect_lines(
    node: yaml.Node, prefix: str, walk: _Walk, out: dict[str, int], depth: int
) -> None:
    """Record the line of every key path under ``node``; refuse a key given twice in one
    mapping, nesting past :data:`MAX_DEPTH` and escaped characters no output can hold."""
    if depth > MAX_DEPTH:
        line = node.start_mark.line + walk.first_line
        raise YamlSyntaxError(f"is nested more than {MAX_DEPTH} levels deep", line)
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            path = sys.intern(f"{prefix}{key.value}")  # shared by every file: cached once
            line = key.start_mark.line + walk.first_line
            if isinstance(key, yaml.ScalarNode):
                ident = (key.tag, key.value)
                if ident in seen:
                    message = f"is given twice (first on line {seen[ident]})"
                    raise YamlSyntaxError(message, line, path, "keep one of them")
                seen[ident] = line
                if walk.escapes:
                    _refuse_escaped(key.value, line, path)
            out[path] = line
            _collect_lines(value, path + ".", walk, out, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = sys.intern(f"{prefix}{index}")
            out[path] = item.start_mark.line + walk.first_line
            _collect_lines(item, path + ".", walk, out, depth + 1)
    elif isinstance(node, yaml.ScalarNode):
        line = node.start_mark.line + walk.first_line
        if node.tag == _BINARY:  # bytes, which validation would take as text unchecked
            message = "binary data (!!binary) is not allowed"
            raise YamlSyntaxError(message, line, prefix[:-1] or None, "write the value as text")
        if walk.escapes:
            _refuse_escaped(node.value, line, prefix[:-1])


def _refuse_escaped(value: str, line: int, field: str) -> None:
    found = FORBIDDEN.search(value)
    if found is not None:
        raise YamlSyntaxError(_unholdable(found.group()), line, field or None, _CHAR_HINT)
