"""One exception family that knows how to print itself, and the problems it carries.

Every content or config problem becomes a :class:`Problem` naming the file, the line, the field,
what was wrong and what was expected. Stages return their problems as plain lists instead of
raising on the first one, and the pipeline raises :class:`ProblemsFound` once with all of them,
so a run reports everything at once (STYLE.md, conventions 3-5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    """Path of the offending file, relative to the site root, POSIX separators."""
    line: int | None
    """1-based line of the offending key (or of the file's start when unknown)."""
    field: str | None
    """Dotted front-matter or config field, e.g. ``image.src``; None for whole-file problems."""
    message: str
    """What is wrong, including the bad value and what was expected."""
    hint: str | None = None
    """A suggestion for the fix, shown after the message."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{where}: {what}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class SitegenError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to print for the user."""
        return [f"Error: {self.message}"]


class UsageError(SitegenError):
    """The command was called wrongly (bad option combination, missing folder)."""

    exit_code = 2


class ProblemsFound(SitegenError):
    """Validation or rendering found problems; they are all listed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_key)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")

    def lines(self) -> list[str]:
        width = len(str(len(self.problems)))
        out = [f"Error: {self.message}; nothing was written."]
        out += [f"{i:>{width}}. {p}" for i, p in enumerate(self.problems, 1)]
        return out


def not_utf8(file: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """The problem of a file that is not UTF-8, at the line of its first bad byte."""
    line = raw[: exc.start].count(b"\n") + 1
    message = f"is not UTF-8 text (bad byte at offset {exc.start})"
    return Problem(file, line, None, message, "save the file as UTF-8")


def _problem_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.field or "", p.message)
