"""The import report: everything not carried over, where it came from, and the counts.

Entries are collected during the run and written once, as Markdown, sorted so that two runs over
the same input give the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOPICS = {
    "skipped": "Not imported",
    "changed": "Changed on the way (check these)",
    "leftover": "Shortcodes and template tags left in place",
    "media": "Media not carried over",
    "aliases": "Old URLs not kept as aliases",
    "unwritten": "Files not written",
}
"""Report sections, in the order they are printed."""


@dataclass(frozen=True, order=True)
class Entry:
    """One thing the import could not carry over as it was."""

    topic: str
    where: str
    """``source:line`` or a source path; sorted naturally (line 9 before line 10)."""
    message: str


@dataclass
class Report:
    """Collects entries and counters during an import."""

    entries: list[Entry] = field(default_factory=list)
    converted: int = 0
    """Shortcodes and template tags converted to Markdown or HTML."""
    fields: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(front-matter field, what happened to it) -> the sources that had it."""
    _seen: set[Entry] = field(default_factory=set, repr=False)

    def add(self, topic: str, where: str, message: str) -> None:
        assert topic in TOPICS, topic
        entry = Entry(topic, where, message)
        if entry not in self._seen:
            self._seen.add(entry)
            self.entries.append(entry)

    def leftover(self, where: str, token: str, why: str = "not a known shortcode") -> None:
        """A shortcode or template tag left in the body as it was."""
        text = " ".join(token.split())
        if len(text) > 120:
            text = text[:117] + "..."
        self.add("leftover", where, f"`{_code(text)}`: {why}")

    def field(self, name: str, fate: str, origin: str) -> None:
        """A front-matter field that sitegen has no place for (``fate``: where it went)."""
        self.fields.setdefault((name, fate), []).append(origin)

    def count(self, topic: str) -> int:
        return sum(1 for e in self.entries if e.topic == topic)

    @property
    def leftovers(self) -> int:
        return self.count("leftover")

    def render(self, title: str, summary: list[str]) -> str:
        """The report as Markdown: a title, the summary lines, then one section per topic."""
        out = [f"# {title}", "", *summary, ""]
        for topic, heading in TOPICS.items():
            entries = sorted((e for e in self.entries if e.topic == topic), key=_natural)
            if not entries:
                continue
            out += [f"## {heading} ({len(entries)})", ""]
            out += [f"- {_where(e.where)}: {e.message}" for e in entries]
            out.append("")
        if self.fields:
            out += ["## Front-matter fields sitegen has no field for", ""]
            for (name, fate), origins in sorted(self.fields.items()):
                name = name if len(name) <= 60 else name[:57] + "..."
                shown = ", ".join(_where(o) for o in sorted(origins, key=_natural_key)[:3])
                more = f" and {len(origins) - 3} more" if len(origins) > 3 else ""
                out.append(f"- `{name}` ({len(origins)}): {fate}; e.g. {shown}{more}")
            out.append("")
        return "\n".join(out)


def _code(text: str) -> str:
    return text.replace("`", "'")


def _where(where: str) -> str:
    return f"`{_code(where)}`" if where else "(whole import)"


_DIGITS = re.compile(r"(\d+)")


def _natural_key(text: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def _natural(entry: Entry) -> tuple[object, ...]:
    return (_natural_key(entry.where), entry.message)
