"""YAML with key lines: the values are exactly PyYAML's (safe loader, dates kept as text)."""

from __future__ import annotations

import pytest
import yaml

from sitegen.yamlsource import YamlSyntaxError, _Loader, parse_mapping

DOCUMENTS = [
    "title: A\ndate: 2021-01-14\ntags: [a, b]\n",
    "n: 1\nf: 1.5\nx: 0x1F\no: 0o17\nb: yes\nt: true\nnull1: ~\nnull2:\ninf: .inf\ns: '1'\n",
    "nested:\n  list:\n    - {a: 1, b: [x, y]}\n    - plain\n  empty: {}\n  none: []\n",
    "dup: 1\nother: 2\ndup: 3\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",
    "a: &s text\nb: *s\nc: &l [1, 2]\nd: *l\n",
    "tagged: !!str 123\nset: !!set {a, b}\nbinary: !!binary aGVsbG8=\nomap: !!omap [{a: 1}]\n",
    "? [complex, key]\n: value\n",
    "1: int key\ntrue: bool key\n",
    "text: |\n  block\n  lines\nfolded: >\n  one\n  two\n",
    "recursive: &r [*r]\n",
]


def _stock(text: str) -> object:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - the safe loader, timestamps off


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_equal_pyyaml(text: str) -> None:
    try:
        expected = _stock(text)
    except yaml.YAMLError:
        with pytest.raises(YamlSyntaxError):
            parse_mapping(text)
        return
    got = parse_mapping(text).data
    if "recursive" in text:
        assert got["recursive"][0] is got["recursive"]
    else:
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
