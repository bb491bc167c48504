"""YAML with key lines: the values are exactly PyYAML's (safe loader, dates kept as text)."""

from __future__ import annotations

import pytest
import yaml

from sitegen.text.yamlsource import (
    MAX_CHARS,
    MAX_DEPTH,
    MAX_VALUES,
    YamlSyntaxError,
    parse_mapping,
)

DOCUMENTS = [
    "title: A\ndate: 2021-01-14\ntags: [a, b]\n",
    "n: 1\nf: 1.5\nx: 0x1F\no: 0o17\nb: yes\nt: true\nnull1: ~\nnull2:\ninf: .inf\ns: '1'\n",
    "nested:\n  list:\n    - {a: 1, b: [x, y]}\n    - plain\n  empty: {}\n  none: []\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",
    "a: &s text\nb: *s\nc: &l [1, 2]\nd: *l\n",
    "tagged: !!str 123\nset: !!set {a, b}\nomap: !!omap [{a: 1}]\n",
    "? [complex, key]\n: value\n",
    "1: int key\ntrue: bool key\n",
    "text: |\n  block\n  lines\nfolded: >\n  one\n  two\n",
]


class _StockLoader(yaml.SafeLoader):
    """PyYAML's own safe loader without the timestamp resolver: sitegen keeps dates as text."""


_StockLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _stock(text: str) -> object:
    return yaml.load(text, Loader=_StockLoader)  # noqa: S506 - the safe loader, timestamps off


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_equal_pyyaml(text: str) -> None:
    try:
        expected = _stock(text)
    except yaml.YAMLError:
        with pytest.raises(YamlSyntaxError):
            parse_mapping(text)
        return
    got = parse_mapping(text).data
    assert got == expected
    assert repr(got) == repr(expected)  # same types, same order


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str {b: 1}\n",
        "a: !!python/name:os.system\n",
        "a: [1\n",
        "a: !!int notanumber\n",
        "a: !!float x\n",
        "a: !!bool maybe\n",
        "a: !!timestamp notadate\n",
    ],
)
def test_constructor_errors_are_syntax_errors(text: str) -> None:
    with pytest.raises(YamlSyntaxError, match="malformed YAML"):
        parse_mapping(text)


def test_key_lines() -> None:
    doc = parse_mapping("title: A\nimage:\n  src: x.png\n  alt: B\ntags:\n  - a\n  - b\n", 2)
    assert doc.lines == {
        "title": 2,
        "image": 3,
        "image.src": 4,
        "image.alt": 5,
        "tags": 6,
        "tags.0": 7,
        "tags.1": 8,
    }
    assert doc.line_of(("image", "width")) == 3


def _refused(text: str, first_line: int = 2) -> YamlSyntaxError:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_mapping(text, first_line)
    return caught.value


# Nine levels of nine aliases: 9**9 strings once expanded ("billion laughs").
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + below] * 9)}]\n"
    for below, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize("where", ["top", "extra"])
def test_an_alias_bomb_is_refused_before_it_is_expanded(where: str) -> None:
    text = BOMB if where == "top" else "title: T\nextra:\n  " + BOMB.replace("\n", "\n  ")
    error = _refused(text)
    assert f"more than {MAX_VALUES:,} values once its aliases are expanded" in str(error)
    # at the first anchor past the limit: 'f', holding 9**6 strings
    assert error.line == (7 if where == "top" else 9)


def test_aliases_within_the_limit_still_work() -> None:
    text = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n"
    doc = parse_mapping(text)
    assert doc.data["c"] == [[["x"] * 3] * 3] * 2
    assert doc.lines["c.1.2.0"] == 1  # an alias's values are where its anchor is


def test_a_recursive_alias_is_refused() -> None:
    error = _refused("title: T\nloop: &r [a, *r]\n")
    assert "an alias refers to a value that contains it" in str(error)
    assert error.line == 3


@pytest.mark.parametrize("text", ["a: " + "[" * 200 + "]" * 200, "a: &x " + "[" * 80 + "]" * 80])
def test_deep_nesting_is_refused(text: str) -> None:
    assert f"nested more than {MAX_DEPTH} levels" in str(_refused(text + "\n"))


def test_an_overlong_document_is_refused() -> None:
    error = _refused("a: '" + "x" * MAX_CHARS + "'\n")
    assert "characters long" in str(error) and error.line == 2


def test_too_many_values_are_refused() -> None:
    error = _refused("a: [" + ", ".join(["1"] * (MAX_VALUES + 1)) + "]\n")
    assert f"more than {MAX_VALUES:,} values" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("title: A\nsummary: B\ntitle: C\n", 4, "title"),
        ("image:\n  src: a.png\n  alt: x\n  src: b.png\n", 5, "image.src"),
        ("extra: {a: 1, b: 2, a: 3}\n", 2, "extra.a"),
        ("tags: [a]\nTags: [b]\ntags: [c]\n", 4, "tags"),
    ],
)
def test_a_duplicate_key_is_refused_at_its_second_line(text: str, line: int, field: str) -> None:
    error = _refused(text)
    assert (error.line, error.field) == (line, field)
    assert "is given twice (first on line" in str(error)


def test_equal_looking_keys_of_different_types_are_not_duplicates() -> None:
    assert parse_mapping("1: a\n'1': b\n").data == {1: "a", "1": "b"}


def test_merge_keys_may_be_overridden() -> None:
    assert parse_mapping("b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n").data["m"] == {"x": 2}


UNHOLDABLE = ["\\v", "\\x01", "\\0", "\\x7f", "\\x85", "\\uFFFE", "\\uFFFF", "\\uFDD0", "\\e"]


@pytest.mark.parametrize("escape", UNHOLDABLE)
@pytest.mark.parametrize(
    ("template", "line", "field"),
    [
        ('title: "A{c}B"\n', 2, "title"),
        ('title: T\nimage:\n  src: a.png\n  alt: "x{c}"\n', 5, "image.alt"),
        ('title: T\ntags: [ok, "t{c}"]\n', 3, "tags.1"),
        ('title: T\nextra:\n  "k{c}": 1\n', 4, "extra.k"),
    ],
)
def test_escaped_characters_no_output_can_hold_are_refused(
    escape: str, template: str, line: int, field: str
) -> None:
    error = _refused(template.format(c=escape))
    assert error.line == line
    assert (error.field or "").startswith(field)
    assert "which feeds, sitemaps and HTML cannot hold" in str(error)


@pytest.mark.parametrize("char", ["\v", "\x01", "\x00", "\x1f", "\x7f", "\x9f", "\ufffe", "\uffff"])
@pytest.mark.parametrize(
    ("template", "line", "field"),
    [
        ("title: A{c}B\n", 2, "title"),
        ("title: T\nsummary: |\n  one\n  two{c}\n", 5, "summary"),
        ("title: T\nimage:\n  src: a.png\n  caption: x{c}\n", 5, "image.caption"),
    ],
)
def test_raw_characters_no_output_can_hold_are_refused(
    char: str, template: str, line: int, field: str
) -> None:
    error = _refused(template.format(c=char))
    assert (error.line, error.field) == (line, field)
    assert f"U+{ord(char):04X}" in str(error)


def test_a_lone_surrogate_is_refused() -> None:
    # libyaml refuses the escape itself; PyYAML's own loader would build the string
    assert _refused('title: "a\\ud800b"\n').line == 2


def test_binary_values_are_refused() -> None:
    # validation would take the bytes as text, control characters and all
    error = _refused("title: !!binary AQID\n")
    assert (error.line, error.field) == (2, "title")


def test_legal_escapes_and_scripts_are_kept() -> None:
    text = 'a: "tab\\there"\nb: "\\u00e9 \\u2028 \\U0001F600"\nc: ھەواڵ\n'
    assert parse_mapping(text).data == {"a": "tab\there", "b": "é \u2028 😀", "c": "ھەواڵ"}
