"""Other generators' template syntax in a body: reported, never shown to readers silently.

Content moved from Hugo or Jekyll carries their shortcodes and Liquid tags (``{{< figure >}}``,
``{{% notice %}}``, ``{% include %}``, ``{{ site.baseurl }}``). sitegen runs no template code in
articles, so each one would reach readers as text: each is a warning at its line, naming the
shortcode. A link or image whose target is one (``[x]({{< ref "a.md" >}})``) would be a broken
link on the page: an error. Code spans and fenced code blocks are examples, not markup: skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.errors import Problem

_TAG = re.compile(
    r"(?P<hugo>\{\{<\s*(?P<hugo_name>/?[^\s>]*)(?s:.{0,400}?)>\}\})"
    r"|(?P<hugo_md>\{\{%\s*(?P<md_name>/?[^\s%]*)(?s:.{0,400}?)%\}\})"
    r"|(?P<liquid>\{%-?\s*(?P<tag_name>[^\s%]*)(?s:.{0,400}?)-?%\})"
    r"|(?P<output>\{\{-?\s*(?P<expression>[^{}\n]{0,200}?)\s*-?\}\})"
)
"""Hugo shortcodes (both delimiters), Liquid tags and Liquid output; each with its name."""

_TARGET = re.compile(
    r"\]\(\s*<?\s*(?=\{[{%])"  # inline link or image: [text](TARGET
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?=\{[{%])"  # reference definition: [id]: TARGET
    r"|\b(?:href|src)[ \t]*=[ \t]*[\"']?(?=\{[{%])",  # raw HTML: href="TARGET
    re.MULTILINE,
)
"""Where a link target starts, when it starts with template syntax."""

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])+?(?<!`)\1(?!`)")
"""A code span: within one paragraph, closed by a run of as many backticks."""
_KINDS = {
    "hugo": "Hugo shortcode",
    "hugo_md": "Hugo shortcode",
    "liquid": "Liquid tag",
    "output": "Liquid output tag",
}
_NAME_GROUPS = {"hugo": "hugo_name", "hugo_md": "md_name", "liquid": "tag_name"}
_NAME_GROUPS["output"] = "expression"
_HINTS = {
    "highlight": "use a fenced code block (```python ... ```)",
    "figure": "use ![alt text](/images/picture.jpg) or an HTML <figure>",
    "img": "use ![alt text](/images/picture.jpg)",
    "youtube": "embed the video with its <iframe> code",
    "vimeo": "embed the video with its <iframe> code",
    "raw": "remove it: sitegen shows the text between as written",
}
"""Hints by shortcode name (an ``end...`` tag shares its opening tag's)."""
_GENERIC_HINT = "replace it with Markdown or HTML: sitegen runs no template code in articles"
_LINK_HINT = "write the target's URL, e.g. /2021/01/article-slug/ or https://example.org/page"


@dataclass(frozen=True)
class _Tag:
    start: int
    text: str
    kind: str
    name: str


def foreign_syntax(rel: str, body: str, body_line: int) -> tuple[list[Problem], list[Problem]]:
    """The errors (link targets) and warnings (everything else) for template syntax in
    ``body``, the text of file ``rel`` from line ``body_line`` on."""
    if "{{" not in body and "{%" not in body:  # most bodies: nothing to look at
        return [], []
    text = _without_code(body)
    targets = {m.end() for m in _TARGET.finditer(text)}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for tag in _tags(text):
        line = body_line + text.count("\n", 0, tag.start)
        shown = _shorten(tag.text)
        if tag.start in targets:
            message = f"the link target {shown} is a {tag.kind}, which sitegen does not run"
            message += ": the link would be broken"
            errors.append(Problem(rel, line, None, message, _LINK_HINT))
        else:
            message = f"{tag.kind} '{tag.name}' ({shown}) is not run by sitegen"
            key = tag.name.lstrip("/")
            hint = _HINTS.get(key) or _HINTS.get(key.removeprefix("end"), _GENERIC_HINT)
            warnings.append(Problem(rel, line, None, message + ": readers see it as text", hint))
    return errors, warnings


def _tags(text: str) -> Iterator[_Tag]:
    for match in _TAG.finditer(text):
        kind = next(k for k in _KINDS if match.group(k) is not None)
        name = match.group(_NAME_GROUPS[kind]) or ""
        yield _Tag(match.start(), match.group(kind), _KINDS[kind], name)


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _without_code(body: str) -> str:
    """``body`` with fenced code blocks and code spans blanked out (line breaks kept, so
    positions still give line numbers)."""
    lines = body.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                if not line[opening.end() :].strip():
                    fence = ""
            lines[index] = ""
        elif opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
            fence = opening.group(1)
            lines[index] = ""
    text = "\n".join(lines)
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
