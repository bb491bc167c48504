"""How the command line words a build's result: counts with the right plurals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.pipeline import BuildResult, LeftOut


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``nouns`` for an irregular plural.

    >>> plural(1, "draft"), plural(0, "scheduled article")
    ('1 draft', '0 scheduled articles')
    """
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def content_counts(result: BuildResult) -> str:
    """``12 articles and 2 pages``."""
    return f"{plural(result.articles, 'article')} and {plural(result.pages, 'page')}"


def left_out(counts: LeftOut) -> str:
    """``2 drafts and 1 scheduled article left out (...)``, or "" when nothing was."""
    parts, flags = [], []
    if counts.drafts:
        parts.append(plural(counts.drafts, "draft"))
        flags.append("--drafts")
    if counts.scheduled:
        parts.append(plural(counts.scheduled, "scheduled article"))
        flags.append("--future")
    if not parts:
        return ""
    them = "it" if counts.drafts + counts.scheduled == 1 else "them"
    return f"{' and '.join(parts)} left out ({' and '.join(flags)} to include {them})"


def build_summary(result: BuildResult) -> str:
    """The line ``sitegen build`` ends with."""
    report = result.report
    assert report is not None
    text = (
        f"Built {content_counts(result)} into {result.output}: "
        f"{report.rendered} rendered, {report.written} written, {report.unchanged} unchanged, "
        f"{report.removed} removed in {sum(result.timings.values()):.2f}s"
    )
    skipped = left_out(result.left_out)
    return f"{text}; {skipped}." if skipped else f"{text}."


def check_summary(result: BuildResult) -> str:
    """The line ``sitegen check`` ends with."""
    text = f"OK: {content_counts(result)}, no problems"
    if result.warnings_total:
        text += f" ({plural(result.warnings_total, 'warning')})"
    skipped = left_out(result.left_out)
    return f"{text}; {skipped}." if skipped else f"{text}."
