"""What Hugo and Jekyll content files share: front matter mapped to sitegen's fields.

Hugo and Jekyll name most fields alike (``title``, ``date``, ``draft``, ``tags``, ``categories``,
``author(s)``, ``summary``/``excerpt``/``description``, ``image``). What sitegen has no field for
goes under ``extra:`` (templates can still read it) and is counted in the report; fields that
only steered the old generator's templates (``layout``, ``weight``, ``menu``...) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sitegen.importers.dates import date_from_filename, iso, parse_loose
from sitegen.importers.frontmatter import FrontMatterUnreadable, Parsed, parse
from sitegen.importers.model import ImageRef, SourceItem
from sitegen.importers.report import Report

CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_MAPPED = frozenset(
    "title date publishdate lastmod last_modified_at updated modified draft published "
    "expirydate unpublishdate author authors categories category tags tag summary excerpt "
    "description image images image_alt image_caption image_figcaption image_credit "
    "featured_image aliases redirect_from slug url permalink".split()
)
_DROPPED = frozenset(
    "layout type weight menu menus headless outputs cascade build _build sitemap markup linktitle "
    "translationkey iscjklanguage excerpt_separator render_with_liquid".split()
)


@dataclass(frozen=True)
class ContentFile:
    """A content file of the source, read and split."""

    path: Path
    rel: str
    """POSIX path relative to the folder given on the command line (the report's file name)."""
    parsed: Parsed


def read_file(path: Path, rel: str, report: Report) -> ContentFile | None:
    """The file split into front matter and body; None (reported) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        report.add("skipped", rel, "not UTF-8 text")
        return None
    try:
        parsed = parse(text)
    except FrontMatterUnreadable as exc:
        report.add("skipped", f"{rel}:{exc.line}", f"front matter unreadable: {exc}")
        return None
    if parsed is None:
        report.add("skipped", rel, "no front matter (the old site did not publish it as a page)")
        return None
    if parsed.repaired:
        report.add("changed", rel, parsed.repaired)
    return ContentFile(path, rel, parsed)


def content_files(folder: Path, keep: Callable[[Path], bool]) -> list[Path]:
    """Content files under ``folder`` (sorted), hidden entries left out, ``keep`` deciding."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.is_symlink():
            continue
        if path.is_file() and path.suffix.lower() in CONTENT_SUFFIXES and keep(rel):
            found.append(path)
    return found


def to_item(
    file: ContentFile,
    kind: str,
    tz: tzinfo,
    report: Report,
    slug_hint: str,
    file_date: datetime | None,
) -> SourceItem | None:
    """The shared mapping; the caller adds old URLs, link keys and what is its own."""
    data = {k.lower(): v for k, v in file.parsed.data.items()}
    where = _where(file)
    when = _date(data, "publishdate", tz, where, report) or _date(data, "date", tz, where, report)
    when = when or file_date
    if kind == "article" and when is None:
        report.add("skipped", file.rel, "no date in the front matter or the file name")
        return None
    title = _text(data.get("title")) or _title_from(slug_hint)
    if not _text(data.get("title")):
        report.add("changed", file.rel, f"no title; headline made from the file name: {title!r}")
    updated = None
    for key in ("lastmod", "last_modified_at", "updated", "modified"):
        updated = updated or _date(data, key, tz, where, report)
    item = SourceItem(
        kind="article" if kind == "article" else "page",
        origin=file.rel,
        key=file.rel,
        title=title,
        date=when,
        slug_hint=_text(data.get("slug")) or slug_hint,
        body=file.parsed.body,
        body_line=file.parsed.body_line,
        updated=updated,
        authors=as_list(data.get("authors")) or as_list(data.get("author")),
        categories=[
            (c, c) for c in as_list(data.get("categories")) + as_list(data.get("category"))
        ],
        tags=as_list(data.get("tags")) + as_list(data.get("tag")),
        summary=_text(data.get("summary")) or _text(data.get("excerpt")) or None,
        description=_text(data.get("description")) or None,
        image=_image(data),
        draft=data.get("draft") is True or data.get("published") is False,
        extra=_extra(file, data, tz, report),
        fields=dict(file.parsed.data),
    )
    return item


def _where(file: ContentFile) -> Callable[[str], str]:
    lines = {k.lower(): v for k, v in file.parsed.lines.items()}
    return lambda key: f"{file.rel}:{lines.get(key, 1)}"


def _date(
    data: dict[str, Any], key: str, tz: tzinfo, where: Callable[[str], str], report: Report
) -> datetime | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    parsed = parse_loose(value, tz)
    if parsed is None:
        report.add("changed", where(key), f"{key}: {value!r} is not a date; not used")
    return parsed


def _text(value: object) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def as_list(value: object) -> list[str]:
    """A list of names from a list, or from one string (Jekyll splits it at spaces for tags
    and categories, but a byline keeps its spaces: the caller decides by the key)."""
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    text = _text(value)
    return [text] if text else []


def _image(data: dict[str, Any]) -> ImageRef | None:
    value = data.get("image") or data.get("featured_image")
    if isinstance(value, dict):
        value = value.get("path") or value.get("src") or value.get("url")
    if not value and isinstance(data.get("images"), list) and data["images"]:
        value = data["images"][0]
    if not isinstance(value, str) or not value.strip():
        return None
    caption = _text(data.get("image_caption")) or _text(data.get("image_figcaption"))
    image = data.get("image")
    alt = _text(image.get("alt")) if isinstance(image, dict) else ""
    return ImageRef(
        value.strip(),
        alt or _text(data.get("image_alt")),
        caption,
        _text(data.get("image_credit")),
    )


def _extra(file: ContentFile, data: dict[str, Any], tz: tzinfo, report: Report) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    where = _where(file)
    for key, value in file.parsed.data.items():
        low = key.lower()
        if low in _DROPPED:
            report.field(key, "dropped (it steered the old site's templates)", file.rel)
        elif low in ("expirydate", "unpublishdate") and value:
            parsed = parse_loose(value, tz)
            extra["expires"] = iso(parsed) if parsed else str(value)
            report.add(
                "changed",
                where(low),
                f"{key}: {value}: sitegen has no expiry yet; kept as extra.expires, "
                "the article stays published",
            )
        elif low not in _MAPPED and value not in (None, "", [], {}):
            extra[key] = value
            report.field(key, "kept under extra:", file.rel)
    return extra


def _title_from(slug: str) -> str:
    words = re.split(r"[-_\s]+", slug.strip())
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Untitled"


def split_dated(stem: str, tz: tzinfo) -> tuple[datetime | None, str]:
    """``2014-03-19-hello`` -> (that date at midnight in ``tz``, ``hello``)."""
    found = date_from_filename(stem)
    if found is None:
        return None, stem
    day, rest = found
    return datetime(day.year, day.month, day.day, tzinfo=tz), rest


def split_words(values: list[str]) -> list[str]:
    """Jekyll's ``tags: a b c`` (one string) is three tags."""
    if len(values) == 1 and " " in values[0]:
        return values[0].split()
    return values
