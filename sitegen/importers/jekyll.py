"""``sitegen import jekyll DIR``: a Jekyll site's posts, drafts and Markdown pages.

Posts are the files in ``_posts/`` (and ``_drafts/``, as drafts), plus any Markdown file named
``YYYY-MM-DD-title.md`` elsewhere (sites built with Eleventy keep Jekyll's naming). The date
comes from the front matter, else from the file name; the date prefix never reaches the slug.
Old URLs follow the site's ``permalink`` (``_config.yml`` or ``--permalink``; Jekyll's default
``date`` style otherwise), plus ``permalink:`` and ``redirect_from:`` of each file.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sitegen.importers import staticgen, templates
from sitegen.importers.media import static_files
from sitegen.importers.model import Converted, Links, SiteInfo, Source, SourceItem
from sitegen.importers.report import Report
from sitegen.text.slugs import slugify

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's built-in permalink styles."""
_SKIPPED_PAGES = frozenset({"index", "404", "readme", "license", "changelog", "contributing"})


def read_jekyll(folder: Path, label: str, permalink: str | None, tz: tzinfo) -> Source:
    """Read the Jekyll site at ``folder``; nothing is written here."""
    report = Report()
    config = _config(folder)
    tz = _timezone(config, tz)
    pattern = STYLES.get(str(permalink or config.get("permalink") or "date"))
    pattern = pattern or str(permalink or config.get("permalink"))
    separator = config.get("excerpt_separator")
    people = _people(folder)
    items = []
    for path in staticgen.content_files(folder, _wanted):
        rel = path.relative_to(folder).as_posix()
        file = staticgen.read_file(path, rel, report)
        if file is None:
            continue
        item = _item(file, tz, report, pattern, people)
        if item is not None:
            sep = file.parsed.data.get("excerpt_separator", separator)
            if isinstance(sep, str) and sep:
                item.fields["__excerpt_separator"] = sep
            items.append(item)
    site = SiteInfo(
        title=str(config.get("title") or "Imported site"),
        base_url=_base(config),
        language=str(config.get("lang") or config.get("locale") or "en"),
        description=str(config.get("description") or ""),
        authors={
            p["name"]: {k: v for k, v in p.items() if k in ("bio", "url")}
            for p in people.values()
            if any(p["name"] in i.authors for i in items)
        },
    )
    return Source("jekyll", label, items, _convert, report, site, static_files(folder, True))


def _wanted(rel: Path) -> bool:
    underscored = [p for p in rel.parts[:-1] if p.startswith("_")]
    if any(p in ("node_modules", "vendor") for p in rel.parts):
        return False
    return all(p in ("_posts", "_drafts") for p in underscored)


def _item(
    file: staticgen.ContentFile,
    tz: tzinfo,
    report: Report,
    pattern: str,
    people: dict[str, dict[str, str]],
) -> SourceItem | None:
    parts = file.rel.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    file_date, title_part = staticgen.split_dated(stem, tz)
    in_posts = "_posts" in parts[:-1]
    draft_folder = "_drafts" in parts[:-1]
    article = in_posts or draft_folder or file_date is not None
    if not article and (stem.lower() in _SKIPPED_PAGES and len(parts) == 1):
        report.add("skipped", file.rel, "the site's own front page or a repository file")
        return None
    if draft_folder and file_date is None and "date" not in file.parsed.data:
        when = datetime.fromtimestamp(file.path.stat().st_mtime, tz).replace(microsecond=0)
        report.add("changed", file.rel, f"draft without a date: dated by its file time, {when}")
        file_date = when
    item = staticgen.to_item(
        file, "article" if article else "page", tz, report, title_part, file_date
    )
    if item is None:
        return None
    item.draft = item.draft or draft_folder
    item.tags = staticgen.split_words(item.tags)
    folder_categories = [p for p in parts[: parts.index("_posts")] if p] if in_posts else []
    names = folder_categories + staticgen.split_words([c for c, _ in item.categories])
    item.categories = [(c, c) for c in dict.fromkeys(names)]
    item.authors = [people.get(a, {}).get("name", a) for a in item.authors]
    slug = slugify(item.slug_hint) or slugify(item.title)
    item.old_paths = _old_paths(file, item, pattern, slug, article)
    item.link_keys = (file.rel, stem, file.rel.rsplit(".", 1)[0])
    return item


def _old_paths(
    file: staticgen.ContentFile, item: SourceItem, pattern: str, slug: str, article: bool
) -> list[str]:
    data = file.parsed.data
    own = data.get("permalink")
    if isinstance(own, str) and own.strip():
        first = own.strip() if own.startswith("/") else "/" + own.strip()
    elif article and item.date is not None:
        first = _fill(pattern, item.date, slug, [c for c, _ in item.categories])
    else:
        path = file.rel.rsplit(".", 1)[0]
        first = f"/{path}/" if pattern.endswith("/") else f"/{path}.html"
    redirects = data.get("redirect_from")
    extra = staticgen.as_list(redirects)
    return [first, *(r if r.startswith("/") else "/" + r for r in extra)]


def _fill(pattern: str, when: datetime, slug: str, categories: list[str]) -> str:
    values = {
        "year": f"{when:%Y}",
        "short_year": f"{when:%y}",
        "month": f"{when:%m}",
        "i_month": str(when.month),
        "short_month": f"{when:%b}",
        "long_month": f"{when:%B}",
        "day": f"{when:%d}",
        "i_day": str(when.day),
        "y_day": f"{when:%j}",
        "hour": f"{when:%H}",
        "minute": f"{when:%M}",
        "second": f"{when:%S}",
        "title": slug,
        "slug": slug,
        "categories": "/".join(slugify(c) for c in categories),
        "output_ext": ".html",
    }
    path = re.sub(r":(\w+)", lambda m: values.get(m[1], m[0]), pattern)
    return "/" + re.sub(r"/{2,}", "/", path).lstrip("/")


def _convert(item: SourceItem, links: Links, report: Report) -> Converted:
    ctx = templates.Context(item.origin, item.body_line, links, item.fields, report)
    body = templates.convert_liquid(item.body, ctx)
    separator = item.fields.get("__excerpt_separator")
    if not isinstance(separator, str) or separator not in body:
        return Converted(body)
    before, after = body.split(separator, 1)
    teaser = " ".join(before.split())
    return Converted(before.rstrip() + "\n\n" + after.lstrip(), teaser or None)


def _config(folder: Path) -> dict[str, Any]:
    path = folder / "_config.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _timezone(config: dict[str, Any], default: tzinfo) -> tzinfo:
    name = config.get("timezone")
    if isinstance(name, str):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return default


def _people(folder: Path) -> dict[str, dict[str, str]]:
    """Author handle -> {name, bio, url} from ``_data/authors.yml`` (or ``data/``)."""
    for candidate in (folder / "_data" / "authors.yml", folder / "data" / "authors.yml"):
        if candidate.is_file():
            data = yaml.safe_load(candidate.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                return {str(k): _person(str(k), v) for k, v in data.items()}
    return {}


def _person(handle: str, value: object) -> dict[str, str]:
    info = value if isinstance(value, dict) else {}
    name = info.get("full_name") or info.get("name") or info.get("display_name") or handle
    person = {"name": str(name)}
    for key, source in (("bio", "bio"), ("url", "url"), ("url", "website")):
        if isinstance(info.get(source), str) and key not in person:
            person[key] = info[source]
    return person


def _base(config: dict[str, Any]) -> str:
    url = str(config.get("url") or "")
    if not url.startswith(("http://", "https://")):
        return SiteInfo().base_url
    path = str(config.get("baseurl") or "").strip("/")
    return url.rstrip("/") + "/" + (path + "/" if path else "")
