"""``sitegen import hugo DIR``: a Hugo site's content (YAML, TOML or JSON front matter).

Files directly in ``content/`` become pages; files in a section folder become articles
(``post/x.md``, or a leaf bundle ``post/x/index.md``). List pages (``_index.md``) and headless
bundles are Hugo's own constructs and are listed in the report. Old URLs follow Hugo's rules:
``url`` front matter, else ``[permalinks]`` from the site config, else ``/section/slug/``;
relative ``aliases`` are resolved against the page's section, as Hugo does.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen.importers import staticgen, templates
from sitegen.importers.media import static_files
from sitegen.importers.model import Converted, Links, SiteInfo, Source, SourceItem
from sitegen.importers.report import Report
from sitegen.text.slugs import slugify

_CONFIG_NAMES = ("hugo", "config")
_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def read_hugo(folder: Path, label: str, permalink: str | None, tz: tzinfo) -> Source:
    """Read the Hugo site (or content folder) at ``folder``; nothing is written here."""
    report = Report()
    config = _site_config(folder)
    content = folder / "content" if (folder / "content").is_dir() else folder
    patterns = _permalinks(config, permalink)
    files = [
        file
        for path in staticgen.content_files(content, lambda rel: True)
        if (file := staticgen.read_file(path, path.relative_to(folder).as_posix(), report))
    ]
    headless = {f.path.parent for f in files if _headless(f)}
    items: list[SourceItem] = []
    for file in files:
        if file.path.parent in headless and not _headless(file):
            report.add("skipped", file.rel, "part of a headless bundle (not a page in Hugo either)")
            continue
        rel = file.path.relative_to(content).as_posix()
        item = _item(file, rel, tz, report, patterns, config)
        if item is not None:
            items.append(item)
    site = SiteInfo(
        title=str(config.get("title") or "Imported site"),
        base_url=_base(config),
        language=str(config.get("languagecode") or config.get("defaultcontentlanguage") or "en"),
    )
    media = static_files(folder / "static", media_only=False) if content != folder else []
    return Source("hugo", label, items, _convert, report, site, media)


def _item(
    file: staticgen.ContentFile,
    rel: str,
    tz: tzinfo,
    report: Report,
    patterns: dict[str, str],
    config: dict[str, Any],
) -> SourceItem | None:
    parts = rel.split("/")
    name = parts[-1].rsplit(".", 1)[0]
    data = {k.lower(): v for k, v in file.parsed.data.items()}
    if name == "_index":
        kept = ", ".join(str(a) for a in staticgen.as_list(data.get("aliases")))
        note = f"; its aliases ({kept}) are not kept" if kept else ""
        report.add("skipped", file.rel, f"a Hugo list page (sitegen makes its own listings){note}")
        return None
    if _headless(file):
        report.add("skipped", file.rel, "a headless bundle (no page of its own in Hugo either)")
        return None
    if not data.get("title") and not file.parsed.body.strip():
        layout = data.get("layout") or data.get("type") or "none"
        report.add("skipped", file.rel, f"no title and no text (layout {layout!r}): a theme page")
        return None
    bundle = name == "index" and len(parts) > 1
    stem = parts[-2] if bundle else name
    folders = parts[:-2] if bundle else parts[:-1]
    file_date, stem = staticgen.split_dated(stem, tz)
    kind = "article" if folders else "page"
    item = staticgen.to_item(file, kind, tz, report, stem, file_date)
    if item is None:
        return None
    slug = slugify(item.slug_hint) or slugify(item.title)
    item.old_paths = _old_paths(data, folders, slug, item.date, patterns, config, item.title)
    keys = {rel, rel.rsplit(".", 1)[0], "/".join(parts[:-1]) if bundle else "", stem}
    item.link_keys = tuple(sorted(k for k in keys if k))
    return item


def _headless(file: staticgen.ContentFile) -> bool:
    return file.path.stem == "index" and file.parsed.data.get("headless") is True


def _old_paths(
    data: dict[str, Any],
    folders: list[str],
    slug: str,
    when: datetime | None,
    patterns: dict[str, str],
    config: dict[str, Any],
    title: str,
) -> list[str]:
    section = folders[0] if folders else ""
    if isinstance(data.get("url"), str):
        own = "/" + data["url"].strip("/") + "/"
    elif section in patterns:
        own = _fill(patterns[section], when, slug, section, folders, title)
    else:
        own = "/" + "/".join([*folders, slug]) + "/"
    if config.get("uglyurls") is True and own.endswith("/"):
        own = own.rstrip("/") + ".html"
    parent = own.rstrip("/").rsplit("/", 1)[0] + "/"
    paths = [own]
    for alias in staticgen.as_list(data.get("aliases")):
        paths.append(alias if alias.startswith("/") else parent + alias)
    return paths


def _fill(
    pattern: str, when: datetime | None, slug: str, section: str, folders: list[str], title: str
) -> str:
    values = {
        "year": f"{when:%Y}" if when else "",
        "month": f"{when:%m}" if when else "",
        "day": f"{when:%d}" if when else "",
        "slug": slug,
        "title": slugify(title),
        "filename": slug,
        "contentbasename": slug,
        "section": section,
        "sections": "/".join(folders),
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m[1].lower(), m[0]), pattern)
    return "/" + path.strip("/") + ("/" if not path.endswith(".html") else "")


def _convert(item: SourceItem, links: Links, report: Report) -> Converted:
    ctx = templates.Context(item.origin, item.body_line, links, item.fields, report)
    body = templates.convert_hugo(item.body, ctx)
    parts = _MORE.split(body, maxsplit=1)
    if len(parts) == 1:
        return Converted(body)
    teaser = " ".join(parts[0].split())
    return Converted(parts[0].rstrip() + "\n\n" + parts[1].lstrip(), teaser or None)


def _site_config(folder: Path) -> dict[str, Any]:
    """Hugo's site configuration (keys lower-cased), from whichever file the site has."""
    for name in _CONFIG_NAMES:
        for suffix, load in (
            (".toml", tomllib.loads),
            (".yaml", yaml.safe_load),
            (".yml", yaml.safe_load),
            (".json", json.loads),
        ):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                data = load(path.read_text(encoding="utf-8"))
                return {str(k).lower(): v for k, v in (data or {}).items()}
    return {}


def _permalinks(config: dict[str, Any], override: str | None) -> dict[str, str]:
    found = config.get("permalinks")
    if isinstance(found, dict) and isinstance(found.get("page"), dict):
        found = found["page"]
    patterns = {}
    if isinstance(found, dict):
        patterns = {str(k): v for k, v in found.items() if isinstance(v, str)}
    if override:
        patterns = {"*": override} | patterns
    return _Default(patterns) if "*" in patterns else patterns


class _Default(dict[str, str]):
    """Permalinks with one pattern (``--permalink``) for every section not configured."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return dict.__getitem__(self, "*")


def _base(config: dict[str, Any]) -> str:
    base = str(config.get("baseurl") or "")
    if not base.startswith(("http://", "https://")):
        return SiteInfo().base_url
    return base if base.endswith("/") else base + "/"
