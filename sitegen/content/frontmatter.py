"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.text.textchars import FORBIDDEN

_FENCE = "---"
_CLOSERS = ("---", "...")


class FrontMatterError(ValueError):
    """The file does not start with a closed front-matter block."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


@dataclass(frozen=True)
class Split:
    """The two halves of a content file."""

    front_matter: str
    """The YAML text between the fences (without them)."""
    body: str
    """The Markdown after the closing fence, without the characters no output can hold
    (:mod:`sitegen.text.textchars`): a body is long prose, often pasted, so they are dropped with a
    warning rather than refused."""
    body_line: int
    """1-based line number of the body's first line in the file."""
    fence_line: int = 1
    """1-based line of the opening ``---``: after the blank lines some editors leave above it."""
    dropped: Dropped | None = None
    """What was taken out of the body, if anything."""


@dataclass(frozen=True)
class Dropped:
    """Characters taken out of a body."""

    line: int
    """File line of the first one."""
    first: str
    """The first one."""
    count: int
    """How many."""


def split_front_matter(text: str) -> Split:
    """Split ``text`` at its ``---`` fences; the YAML starts on the line after the first fence.

    A byte-order mark and blank lines before the opening fence are skipped (``fence_line`` says
    where it is, so the loader can warn about them).

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody\\n").body
    'Body\\n'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or lines[start].rstrip() != _FENCE:
        raise FrontMatterError(
            "the file does not start with front matter",
            start + 1 if start < len(lines) else 1,
            "start the file with a line '---', the YAML fields, then another '---'",
        )
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() in _CLOSERS:
            yaml = "".join(lines[start + 1 : index])
            body, dropped = _clean("".join(lines[index + 1 :]), index + 2)
            return Split(yaml, body, index + 2, start + 1, dropped)
    raise FrontMatterError(
        "the front matter is never closed", start + 1, "did you forget the closing '---' line?"
    )


def _clean(body: str, first_line: int) -> tuple[str, Dropped | None]:
    found = FORBIDDEN.search(body)
    if found is None:
        return body, None
    line = first_line + body.count("\n", 0, found.start())
    cleaned = FORBIDDEN.sub("", body)
    return cleaned, Dropped(line, found.group(), len(body) - len(cleaned))
