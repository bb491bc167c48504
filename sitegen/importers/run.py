"""One import, start to end: the site's config, what it has, the plan, then the writes.

Everything is read and planned before the first byte is written, so an input that cannot be
imported (malformed XML, a hostile export) leaves the site folder exactly as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import CONFIG_FILE, SiteConfig
from sitegen.content.loader import load_content
from sitegen.graph import urls
from sitegen.importers import siteconfig
from sitegen.importers.model import Source
from sitegen.importers.naming import alias_output
from sitegen.importers.plan import Existing, Planned, plan
from sitegen.importers.writer import REPORT, Ledger, Writer, write_plain


@dataclass(frozen=True)
class Outcome:
    """What the import did, for the command's summary."""

    articles: int
    pages: int
    converted: int
    leftovers: int
    reported: int
    written: int
    unchanged: int
    kept: int
    media: int
    report: Path


def run_import(source: Source, root: Path, force: bool) -> Outcome:
    """Plan ``source`` into the site at ``root`` and write it; see the module docstring."""
    text, new = siteconfig.starting_text(root, source.name, source.site)
    config = siteconfig.current(root, text, new)
    ledger = Ledger.load(root)
    existing = Existing() if new else _existing(root, config, ledger.owned_by(source.label))
    planned = plan(source, config, existing)
    updated = siteconfig.with_additions(text, planned.sections, source.site.authors)
    siteconfig.validated(updated)
    root.mkdir(parents=True, exist_ok=True)
    if new or updated != text:
        write_plain(root, CONFIG_FILE, updated)
    writer = Writer(root, ledger, force, source.label, source.report)
    for file in planned.files:
        writer.write_text(file.path, file.text)
    for media in sorted(source.media, key=lambda m: m.dest):
        writer.copy(f"static/{media.dest}", media.source)
    writer.save()
    outcome = Outcome(
        articles=sum(1 for f in planned.files if f.path.startswith("content/articles/")),
        pages=sum(1 for f in planned.files if f.path.startswith("content/pages/")),
        converted=source.report.converted,
        leftovers=source.report.leftovers,
        reported=len(source.report.entries),
        written=writer.written,
        unchanged=writer.unchanged,
        kept=writer.kept,
        media=len(source.media),
        report=root / REPORT,
    )
    write_plain(root, REPORT, _report_text(source, planned, outcome))
    return outcome


def _existing(root: Path, config: SiteConfig, ours: set[str]) -> Existing:
    """Articles, pages and static files the site has, leaving out what this source wrote."""
    loaded = load_content(root, config)
    found = Existing()
    for article in loaded.articles:
        if article.file in ours:
            continue
        found.slugs[article.slug] = article.file
        path = urls.article_path(config.permalink, article)
        found.outputs[alias_output("/" + path)] = article.file
        for alias in article.aliases:
            found.outputs[alias_output("/" + alias)] = article.file
        found.tags.update(article.tags)
        found.authors.update(article.authors)
        found.dates.append(article.date)
    for page in loaded.pages:
        if page.file not in ours:
            found.page_slugs[page.slug] = page.file
            found.outputs[f"{urls.page_path(page.slug)}index.html"] = page.file
    static = root / "static"
    for current, _dirs, files in os.walk(static):
        for name in files:
            found.static.add((Path(current) / name).relative_to(static).as_posix())
    return found


def _report_text(source: Source, planned: Planned, outcome: Outcome) -> str:
    sections = ", ".join(slug for slug, _ in planned.sections) or "none"
    summary = [
        f"Source: {source.name}, `{source.label}`.",
        "",
        f"- Imported: {outcome.articles} articles and {outcome.pages} pages.",
        f"- Shortcodes and template tags converted: {outcome.converted}.",
        f"- Left in place (listed below with file:line): {outcome.leftovers}.",
        f"- Media files: {outcome.media} to copy into static/.",
        f"- Files: {outcome.written} written, {outcome.unchanged} unchanged, "
        f"{outcome.kept} left as they were (see 'Files not written').",
        f"- Sections added to {CONFIG_FILE}: {sections}.",
        "",
        "Every imported article has a permanent `id` (the same on every run of the import). "
        "Run `sitegen check` next.",
    ]
    return source.report.render("Import report", summary)
