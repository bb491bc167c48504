"""The real-content sites build whole; foreign template syntax is reported; no Markdown shows raw.

- Every source becomes a page (the 509 18F posts and 150 Markdown cases, the 17 Arabic docs).
- Every foreign shortcode or template tag in a body (``{{< … >}}``, ``{{% … %}}``, ``{% … %}``,
  Liquid ``{{ … }}``) outside code (fenced blocks, code spans) is listed by ``sitegen check`` as a
  warning naming its ``file:line``.
- The visible text of every article and page (outside ``code``/``pre``) holds no raw Markdown:
  ``**`` or ``__`` opening or closing a word, ``[text](url)``, a pair of backticks, or ``#`` +
  space at a line start. For the Markdown cases, markers that the suite's own expected HTML also
  shows as text are allowed (escapes, a stray ``**`` the spec leaves alone...).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from tests.realdata.builder import markdown_expectations, split_front
from tests.realdata.conftest import BuiltSite

# --- foreign template syntax -----------------------------------------------------------------

_IN_PARAGRAPH = r"(?:(?!\n[ \t]*\n)[\s\S])*?"
FOREIGN = re.compile(
    rf"\{{\{{<{_IN_PARAGRAPH}>\}}\}}|\{{\{{%{_IN_PARAGRAPH}%\}}\}}"
    rf"|\{{%{_IN_PARAGRAPH}%\}}|\{{\{{{_IN_PARAGRAPH}\}}\}}"
)
"""Hugo shortcodes, Jekyll/Liquid tags and Liquid output, each within one paragraph."""
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(rf"(`+)(?!`){_IN_PARAGRAPH}[^`](?<!`)\1(?!`)")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match[0])


def foreign_tags(path: Path, root: Path) -> list[tuple[str, int, str]]:
    """``(file, line, tag)`` for each foreign tag in the body of ``path``, outside code; the
    line is the one the tag starts on."""
    text = path.read_text(encoding="utf-8")
    _, body = split_front(text)
    first = text[: len(text) - len(body)].count("\n") + 1
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):  # fenced code blocks become blank lines
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence, lines[index] = opened.group(1), ""
        elif fence is not None:
            fence = None if opened and opened.group(1) == fence else fence
            lines[index] = ""
    prose = _CODE_SPAN.sub(_blank, "\n".join(lines))
    rel = path.relative_to(root).as_posix()
    return [
        (rel, first + prose.count("\n", 0, match.start()), match[0])
        for match in FOREIGN.finditer(prose)
    ]


def test_every_source_becomes_a_page(realdata_sites: dict[str, BuiltSite]) -> None:
    en, ar = realdata_sites["en"], realdata_sites["ar"]
    for site in (en, ar):
        print(f"{site.name}: {len(site.pages)} HTML pages, built in {site.build_seconds:.1f}s")
    assert "Built 659 articles and 0 pages" in en.build_output, en.build_output
    assert "Built 10 articles and 7 pages" in ar.build_output, ar.build_output
    assert (en.public / "2014/03/19/hello-world-we-are-18f/index.html").is_file()
    assert (ar.public / "faq/index.html").is_file()


def test_every_foreign_tag_is_warned_with_file_and_line(
    realdata_sites: dict[str, BuiltSite],
) -> None:
    expected: list[tuple[str, int, str]] = []
    warned: set[str] = set()
    for site in realdata_sites.values():
        for path in sorted((site.root / "content").rglob("*.md")):
            expected += foreign_tags(path, site.root)
        for warning in site.warnings:
            match = re.match(r"Warning \d+: (\S+?:\d+):", warning)
            if match:
                warned.add(match.group(1))
    assert len(expected) > 500  # the 18F posts are full of Liquid and Eleventy tags
    missing = [(f, n, tag) for f, n, tag in expected if f"{f}:{n}" not in warned]
    files = {f for f, _, _ in missing}
    shown = "\n".join(f"{f}:{n}: {tag}" for f, n, tag in missing[:40])
    assert not missing, (
        f"{len(missing)} of {len(expected)} foreign tags ({len(files)} files) not warned "
        f"about; first ones:\n{shown}"
    )


# --- raw Markdown in rendered text -----------------------------------------------------------

MARKERS = {
    # A pair of delimiters that opens or closes a word: "** x **" and "___" blanks are text.
    "**": re.compile(r"(?<![*\\])\*\*(?=[^\s*])|(?<=[^\s*\\])\*\*(?!\*)"),
    # Underscores inside a word (snake_case, THIS__STAYS) are text in Markdown too.
    "__": re.compile(r"(?<!\w)__(?=[^\s_])|(?<=[^\s_])__(?!\w)"),
    "[text](url)": re.compile(r"\[[^\]\n]+\]\([^)\s]*\)"),
    "`code`": re.compile(r"`[^`\n]+`"),
    "# at line start": re.compile(r"^[ \t]*#{1,6}[ \t]", re.M),
}
_NOT_TEXT = {"code", "pre", "kbd", "samp", "script", "style", "template", "textarea"}
_BLOCKS = {
    "p", "li", "dd", "dt", "td", "th", "div", "blockquote", "figcaption", "br", "hr", "h1", "h2",
    "h3", "h4", "h5", "h6", "section", "header", "footer", "article", "table", "tr", "ul", "ol",
}  # fmt: skip


def visible_text(element: Tag) -> str:
    """Text a reader sees in ``element`` outside code, with a line break at each block."""
    out: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in _NOT_TEXT:
                    continue
                block = child.name in _BLOCKS
                if block:
                    out.append("\n")
                walk(child)
                if block:
                    out.append("\n")
            elif type(child) is NavigableString:  # not comments, CDATA, doctypes
                out.append(str(child))

    walk(element)
    return "".join(out)


def markers(text: str) -> Counter[tuple[str, str]]:
    """Each raw-Markdown marker found in ``text``: ``(kind, matched text)`` with its count."""
    return Counter(
        (kind, match.group(0).strip())
        for kind, rx in MARKERS.items()
        for match in rx.finditer(text)
    )


def _content(html: str) -> Tag | None:
    """The page's own content: ``main`` without breadcrumbs, Previous/Next and Related."""
    start, end = html.find("<main"), html.find("</main>")
    if start < 0:
        return None
    main = BeautifulSoup(html[start : end + 7], "html.parser").main
    assert main is not None
    for other in main.select(".breadcrumbs, .article-nav, .related"):
        other.decompose()
    return main


def test_no_raw_markdown_markers_in_rendered_text(
    realdata: Path, realdata_sites: dict[str, BuiltSite]
) -> None:
    allowed = {
        slug: markers(visible_text(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")))
        for slug, path in markdown_expectations(realdata).items()
    }
    problems: list[str] = []
    checked = 0
    for site in realdata_sites.values():
        for page in site.pages:
            html = page.read_text(encoding="utf-8")
            if 'class="article-body"' not in html:
                continue  # listings show summaries, which are checked on their articles
            content = _content(html)
            if content is None:
                continue
            checked += 1
            found = markers(visible_text(content))
            found -= allowed.get(page.parent.name, Counter())
            for (kind, text), count in sorted(found.items()):
                rel = page.relative_to(site.public).as_posix()
                problems.append(f"{site.name}/{rel}: {kind} x{count}: {text[:70]!r}")
    pages_hit = len({p.split(":")[0] for p in problems})
    assert checked > 600
    assert not problems, (
        f"raw Markdown in the visible text of {pages_hit} of {checked} pages:\n"
        + "\n".join(problems)
    )
