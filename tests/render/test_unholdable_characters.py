"""Characters no feed, sitemap or page can hold: refused in front matter and the config at their
line and field, dropped from bodies with a warning, and never in any output, which parses."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from syndication_site import ARTICLES, BUILD_TIME, CONFIG, build_site, parse_page, write_site

from sitegen.errors import ProblemsFound
from sitegen.pipeline import BuildOptions, build, check
from sitegen.render.environment import json_script
from sitegen.syndication.xmldoc import xml_bytes
from sitegen.text.textchars import FORBIDDEN

CHARS = ["\x0b", "\x01", "\x00", "\x7f", "\x85", "\ufffe", "\uffff"]

ARTICLE_FIELDS = [
    ("title",),
    ("summary",),
    ("location",),
    ("source",),
    ("authors", 0),
    ("tags", 1),
    ("image", "alt"),
    ("image", "caption"),
    ("image", "credit"),
    ("extra", "note"),
]
CONFIG_FIELDS = [
    ("title",),
    ("description",),
    ("sections", 0, "name"),
    ("sections", 1, "description"),
    ("publisher", "name"),
    ("authors", "Ava Karim", "bio"),
    ("extra", "motto"),
]


def _poke(data: Any, path: tuple[str | int, ...], char: str) -> None:
    """Put ``char`` into the value at ``path`` (creating a missing last key)."""
    for part in path[:-1]:
        data = data.setdefault(part, {}) if isinstance(data, dict) else data[part]
    old = data.get(path[-1], "") if isinstance(data, dict) else data[path[-1]]
    data[path[-1]] = f"{old} before{char}after"


def _problems(root: Path, command: str) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        run = build if command == "build" else check
        run(BuildOptions(root, build_time=BUILD_TIME))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("char", CHARS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("path", ARTICLE_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_front_matter_holding_one_is_refused_at_its_line(
    tmp_path: Path, path: tuple[str | int, ...], char: str
) -> None:
    articles = copy.deepcopy(ARTICLES)
    meta = articles["budget-deal"][0]
    meta["summary"] = "A standfirst."
    _poke(meta, path, char)
    root = write_site(tmp_path / "site", articles)
    file = root / "content" / "articles" / "budget-deal.md"
    field = ".".join(map(str, path))
    for command in ("build", "check"):
        problems = _problems(root, command)
        assert len(problems) == 1, problems
        where, rest = problems[0].split(": ", 1)
        assert where.startswith("content/articles/budget-deal.md:")
        line = int(where.rsplit(":", 1)[1])
        assert rest.startswith(f"{field}: contains U+{ord(char):04X}")
        assert "before" in file.read_text(encoding="utf-8").splitlines()[line - 1]
    assert not (root / "public").exists()


@pytest.mark.parametrize("char", ["\x0b", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("path", CONFIG_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_config_holding_one_is_refused_at_its_line(
    tmp_path: Path, path: tuple[str | int, ...], char: str
) -> None:
    config = copy.deepcopy(CONFIG)
    config["authors"] = {"Ava Karim": {"bio": "Reporter."}}
    _poke(config, path, char)
    root = write_site(tmp_path / "site", **config)
    text = (root / "sitegen.yaml").read_text(encoding="utf-8").splitlines()
    for command in ("build", "check"):
        problems = _problems(root, command)
        assert len(problems) == 1, problems
        where, rest = problems[0].split(": ", 1)
        line = int(where.removeprefix("sitegen.yaml:"))
        assert rest.startswith(f"{'.'.join(map(str, path))}: contains U+{ord(char):04X}")
        assert "before" in text[line - 1]


def _every_output_parses(out: Path) -> int:
    """Parse every XML and JSON file and every page's JSON-LD; no file holds a forbidden
    character. Returns how many feeds and sitemaps were read."""
    read = 0
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (".xml", ".json", ".html", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        assert FORBIDDEN.search(text) is None, path
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())
            if path.name in ("feed.xml", "atom.xml"):
                parsed = feedparser.parse(path.read_bytes())
                assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            read += 1
        elif path.suffix == ".json":
            json.loads(text)
            read += 1
        elif path.suffix == ".html":
            for block in parse_page(path).jsonld:
                json.loads(block)
    return read


def test_a_body_loses_them_with_a_warning_and_every_output_parses(tmp_path: Path) -> None:
    articles = copy.deepcopy(ARTICLES)
    meta, _ = articles["budget-deal"]
    body = "Talks went on\x00 late.\n\nA form\x0c feed, a \x01 and a \ufffe; a \x85 too.\n"
    articles["budget-deal"] = (meta, body)
    root = write_site(tmp_path / "site", articles)
    result = build(BuildOptions(root, build_time=BUILD_TIME))
    text = (root / "content" / "articles" / "budget-deal.md").read_text(encoding="utf-8")
    line = text[: text.index("\x00")].count("\n") + 1
    dropped = [w for w in result.warnings if w.field == "body"]
    assert [(w.file, w.line) for w in dropped] == [("content/articles/budget-deal.md", line)]
    assert "5 characters" in dropped[0].message and "U+0000" in dropped[0].message
    assert _every_output_parses(result.output) >= 8
    page = (result.output / "2026" / "11" / "budget-deal" / "index.html").read_text("utf-8")
    assert "Talks went on late." in page and "A form feed, a  and a ; a  too." in page


def test_a_cached_body_loses_them_too(tmp_path: Path) -> None:
    """A rebuild takes the article from the load cache and reads its body from the file."""
    articles = copy.deepcopy(ARTICLES)
    meta, _ = articles["oil-report"]
    articles["oil-report"] = (meta, "Exports\x0b rose.\n")
    root = write_site(tmp_path / "site", articles)
    build_site(root)
    (root / "content" / "pages" / "about.md").write_text("---\ntitle: About us\n---\n\nUs.\n")
    again = build(BuildOptions(root, build_time=BUILD_TIME))
    assert again.report is not None and again.report.written > 0  # a real rebuild, not a no-op
    assert [w.file for w in again.warnings if w.field == "body"] == [
        "content/articles/oil-report.md"
    ]
    _every_output_parses(again.output)


def test_the_xml_writer_drops_them_whatever_it_is_given() -> None:
    root = ET.Element("rss", {"version": "2.0"})
    item = ET.SubElement(root, "item", {"title": "a\x0bb\ud800"})
    ET.SubElement(item, "title").text = "x\x01y\uffff\udfffz"
    data = xml_bytes(root)
    parsed = ET.fromstring(data)
    assert parsed[0].get("title") == "ab"
    assert parsed[0][0].text == "xyz"
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<rss")


def test_json_ld_stays_json_whatever_it_is_given() -> None:
    text = str(json_script({"headline": "a\x0bb\ud800\ufffe</script>"}))
    assert json.loads(text) == {"headline": "a\x0bb</script>"}
    text.encode("utf-8")  # a lone surrogate could not have been written


def test_yaml_dump_writes_them_as_escapes() -> None:
    """What the tests above feed in: valid YAML, as an editor's tool would write it."""
    assert '"a\\vb"' in yaml.safe_dump({"t": "a\x0bb"})
