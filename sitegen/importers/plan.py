"""From source items to sitegen files: sections, unique slugs, URLs, aliases, ids, front matter.

Articles are taken oldest first, so the first of two stories with one slug keeps it. Every file
is checked against sitegen's own front-matter model before it is planned: what the import writes
is what ``sitegen check`` accepts.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote

import yaml
from pydantic import ValidationError

from sitegen.config import SiteConfig
from sitegen.content.models import ArticleMeta, PageMeta
from sitegen.importers import naming
from sitegen.importers.dates import iso
from sitegen.importers.model import ImageRef, Source, SourceItem
from sitegen.importers.report import Report, _natural_key
from sitegen.text.slugs import slugify
from sitegen.text.yamlsource import parse_mapping

_ID_NAMESPACE = uuid.UUID("6f1c3a52-4b7e-5d0c-9a8e-2f4d6b1e7c90")
"""Seed of the permanent ids the import gives: the same item always gets the same id."""


@dataclass(frozen=True)
class OutFile:
    path: str
    """POSIX path relative to the site folder."""
    text: str
    origin: str


@dataclass
class Existing:
    """What the site already has (articles and pages not written by this source)."""

    slugs: dict[str, str] = field(default_factory=dict)
    """Article slug -> its file."""
    page_slugs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    """Output file (``2021/01/x/index.html``, aliases too) -> what writes it."""
    tags: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    dates: list[datetime] = field(default_factory=list)
    static: set[str] = field(default_factory=set)
    """Files under the site's ``static/`` (POSIX, relative to it)."""


@dataclass
class Planned:
    files: list[OutFile]
    sections: list[tuple[str, str]]
    """New sections for ``sitegen.yaml``: (slug, name)."""
    articles: int = 0
    pages: int = 0


@dataclass
class _Slot:
    item: SourceItem
    slug: str
    path: str
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def plan(source: Source, config: SiteConfig, existing: Existing) -> Planned:
    """Decide every file the import writes; entries for what changed go to the report."""
    report = source.report
    static = existing.static | {unquote(m.dest) for m in source.media}
    picker = _Sections(config, report)
    articles = sorted(
        (i for i in source.items if i.kind == "article"),
        key=lambda i: (i.date or datetime.min, _natural_key(i.origin)),
    )
    slots = [_Slot(i, "", "", *picker.pick(i)) for i in articles]
    listings = naming.listing_paths(
        config,
        [s.slug for s in config.sections] + [slug for slug, _ in picker.new],
        {t for s in slots for t in s.tags} | existing.tags,
        {a for s in slots for a in s.item.authors} | existing.authors,
        [i.date for i in articles if i.date] + existing.dates,
    )
    taken = dict(existing.outputs)
    _name_articles(slots, config, existing, listings, taken, report)
    pages = [_Slot(i, "", "") for i in source.items if i.kind == "page"]
    _name_pages(pages, existing, listings, taken, report)
    for slot in slots:
        slot.aliases = _aliases(slot, config, listings, taken, report)
    links = {key: "/" + s.path for s in slots + pages for key in s.item.link_keys}
    files = [
        f
        for s in slots + pages
        if (f := _render(s, source, config, links, static, report)) is not None
    ]
    return Planned(files, picker.new, len(slots), len(pages))


class _Sections:
    """Categories -> a section per article (the first category) and tags (the others)."""

    def __init__(self, config: SiteConfig, report: Report) -> None:
        self.by_name = {s.name.casefold(): s.slug for s in config.sections}
        self.known = {s.slug for s in config.sections}
        self.new: list[tuple[str, str]] = []
        self.report = report

    def pick(self, item: SourceItem) -> tuple[str | None, list[str]]:
        tags = list(item.tags)
        section = None
        for index, (slug, name) in enumerate(item.categories):
            if index == 0 and slug.casefold() not in naming.NO_SECTION:
                section = self._slug(slug, name)
            elif index > 0:
                tags.append(name)
                self.report.field("categories after the first", "added as tags", item.origin)
        return section, _dedupe(tags)

    def _slug(self, slug: str, name: str) -> str:
        found = self.by_name.get(name.casefold())
        if found is None and slug.casefold() in self.known:
            found = slug.casefold()
        if found is None:
            found = naming.section_slug(slug, name, self.known)
            self.known.add(found)
            self.by_name[name.casefold()] = found
            self.new.append((found, name))
        return found


def _dedupe(tags: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for tag in (" ".join(t.split()) for t in tags):
        key = slugify(tag)
        if key and key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def _name_articles(
    slots: list[_Slot],
    config: SiteConfig,
    existing: Existing,
    listings: set[str],
    taken: dict[str, str],
    report: Report,
) -> None:
    owners = dict(existing.slugs)
    for slot in slots:
        item = slot.item
        assert item.date is not None
        base = naming.clean_slug(item.slug_hint, item.title) or "article"
        _note_cleaned(item, base, report)
        slug, number = base, 1
        while True:
            path = naming.article_path(config, item.date, slug, slot.section)
            output = naming.alias_output("/" + path)
            if slug not in owners and output not in taken and path not in listings:
                break
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            other = owners.get(base) or taken.get(naming.alias_output("/" + path), "a listing")
            report.add(
                "changed",
                item.origin,
                f"{item.title!r}: slug {base!r} is taken ({other}): {slug!r}",
            )
        slot.slug, slot.path = slug, path
        owners[slug] = item.origin
        taken[output] = item.origin


def _name_pages(
    pages: list[_Slot],
    existing: Existing,
    listings: set[str],
    taken: dict[str, str],
    report: Report,
) -> None:
    owners = dict(existing.page_slugs)
    for slot in pages:
        item = slot.item
        base = naming.clean_slug(item.slug_hint, item.title) or "page"
        _note_cleaned(item, base, report)
        slug, number = base, 1
        while f"{slug}/" in listings or f"{slug}/index.html" in taken or slug in owners:
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            report.add(
                "changed", item.origin, f"{item.title!r}: page slug {base!r} is taken: {slug!r}"
            )
        slot.slug, slot.path = slug, f"{slug}/"
        owners[slug] = item.origin
        taken[f"{slug}/index.html"] = item.origin
        for old in item.old_paths:
            alias, _ = naming.alias_candidate(old, "/")
            if alias and alias != f"/{slug}/":
                report.add("aliases", item.origin, f"{alias}: pages have no aliases in sitegen")


def _note_cleaned(item: SourceItem, base: str, report: Report) -> None:
    hint = unquote(item.slug_hint.strip())
    if hint and hint != base:
        report.add("changed", item.origin, f"{item.title!r}: slug {hint!r} cleaned to {base!r}")


def _aliases(
    slot: _Slot, config: SiteConfig, listings: set[str], taken: dict[str, str], report: Report
) -> list[str]:
    kept: list[str] = []
    own = "/" + slot.path
    for raw in slot.item.old_paths:
        alias, why = naming.alias_candidate(raw, config.base_path)
        if alias is None:
            if slot.item.draft:
                continue  # a draft's preview link was never public
            report.add("aliases", slot.item.origin, f"{raw}: {why}")
            continue
        if alias == own or alias in kept:
            continue
        output = naming.alias_output(alias)
        clash = naming.clashes(output, listings, set(taken))
        if clash:
            owner = taken.get(output)
            report.add(
                "aliases", slot.item.origin, f"{alias} {clash}" + (f" ({owner})" if owner else "")
            )
            continue
        kept.append(alias)
        taken[output] = slot.item.origin
    return kept


def _render(
    slot: _Slot,
    source: Source,
    config: SiteConfig,
    links: dict[str, str],
    static: set[str],
    report: Report,
) -> OutFile | None:
    item = slot.item
    converted = source.convert(item, links, report)
    body = converted.markdown.strip() + "\n" if converted.markdown.strip() else ""
    summary = item.summary or _teaser_summary(converted.teaser, body)
    if not summary and not converted.teaser:
        summary = item.description
    elif item.description and item.description != summary:
        item.extra.setdefault("description", item.description)
    body = tidy(body)
    _check_body_media(item, body, static, report)
    if item.kind == "page":
        meta: dict[str, Any] = {"title": item.title, "slug": slot.slug}
        if summary:
            meta["summary"] = summary
        if item.draft:
            meta["draft"] = True
        return _file(f"content/pages/{slot.slug}.md", meta, body, PageMeta, config, item, report)
    assert item.date is not None
    meta = _article_meta(slot, source, summary, static, report)
    year = naming.local_year(item.date, config.tz)
    path = f"content/articles/{year:04d}/{slot.slug}.md"
    return _file(path, meta, body, ArticleMeta, config, item, report)


def _article_meta(
    slot: _Slot, source: Source, summary: str | None, static: set[str], report: Report
) -> dict[str, Any]:
    item = slot.item
    assert item.date is not None
    key = f"sitegen-import:{source.name}:{source.site.base_url}:{item.key}"
    meta: dict[str, Any] = {
        "id": str(uuid.uuid5(_ID_NAMESPACE, key)),
        "title": item.title,
        "slug": slot.slug,
        "date": _Date(iso(item.date)),
    }
    if item.updated and item.updated > item.date:
        meta["updated"] = _Date(iso(item.updated))
    authors = list(dict.fromkeys(a.strip() for a in item.authors if a.strip()))
    if len(authors) == 1:
        meta["author"] = authors[0]
    elif authors:
        meta["authors"] = authors
    if slot.section:
        meta["section"] = slot.section
    meta["tags"] = slot.tags
    if summary:
        meta["summary"] = summary
    image = _image(item, static, report)
    if image:
        meta["image"] = image
    if item.draft:
        meta["draft"] = True
    if item.featured:
        meta["featured"] = True
    if slot.aliases:
        meta["aliases"] = slot.aliases
    if item.extra:
        meta["extra"] = _plain(item.extra)
    return meta


def _image(item: SourceItem, static: set[str], report: Report) -> dict[str, str] | None:
    ref: ImageRef | None = item.image
    if ref is None or not ref.src.strip():
        return None
    src = ref.src.strip()
    if not src.startswith(("http://", "https://")):
        src = "/" + src.lstrip("/")
        if unquote(src[1:]) not in static:
            report.add("media", item.origin, f"{item.title!r}: lead image {src} is not in static/")
            return None
    alt = ref.alt.strip() or ref.caption.strip() or item.title
    if not ref.alt.strip():
        report.add(
            "changed", item.origin, f"{item.title!r}: lead image has no alt text; used {alt!r}"
        )
    image = {"src": src, "alt": " ".join(alt.split())}
    if ref.caption.strip():
        image["caption"] = " ".join(ref.caption.split())
    if ref.credit.strip():
        image["credit"] = ref.credit.strip()
    return image


_BODY_IMAGES = re.compile(r"!\[[^\]]*\]\(<?(/[^)\s>]+)|<img\b[^>]*\bsrc=\"(/[^\"]+)\"")


def _check_body_media(item: SourceItem, body: str, static: set[str], report: Report) -> None:
    for match in _BODY_IMAGES.finditer(body):
        path = match[1] or match[2]
        if path.startswith("//"):
            continue
        if unquote(path[1:].split("#")[0].split("?")[0]) not in static:
            report.add("media", item.origin, f"{item.title!r}: image {path} is not in static/")


_FENCE = re.compile(r"^\s*(```|~~~)")


def tidy(markdown: str) -> str:
    """At most one blank line in a row outside code blocks (converted tags bring their own)."""
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        mark = _FENCE.match(line)
        if mark and (not fence or mark[1] == fence):
            fence = "" if fence else mark[1]
        if not fence and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + ("\n" if markdown.strip() else "")


def _teaser_summary(teaser: str | None, body: str) -> str | None:
    """The text before ``<!--more-->``, unless it is just the first paragraph (the default)."""
    if not teaser:
        return None
    first = " ".join(body.split("\n\n", 1)[0].split())
    return None if teaser == first else teaser


def _file(
    path: str,
    meta: dict[str, Any],
    body: str,
    model: type[ArticleMeta] | type[PageMeta],
    config: SiteConfig,
    item: SourceItem,
    report: Report,
) -> OutFile | None:
    front = front_matter(meta)
    try:
        model.model_validate(parse_mapping(front, first_line=2).data, context={"tz": config.tz})
    except ValidationError as exc:
        first = exc.errors()[0]
        report.add("skipped", item.origin, f"{item.title!r}: {first['loc']}: {first['msg']}")
        return None
    return OutFile(path, f"---\n{front}---\n\n{body}", item.origin)


class _Date(str):
    """A date written as a plain YAML scalar (``2021-01-14T11:20:00+03:00``), not quoted."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", str(v))
)


def front_matter(meta: dict[str, Any]) -> str:
    """The YAML between the fences, keys in the order given, Unicode kept, never folded."""
    return yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def _plain(value: Any) -> Any:
    """Front-matter values as YAML-safe plain data (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
