"""``sitegen import wordpress EXPORT.xml``: posts and pages of a WordPress export.

Posts become articles and pages pages; attachments are looked up for featured images and
galleries; every other post type (menus, revisions, custom types...) is listed in the report.
Dates come from the GMT fields and keep the newsroom's offset of the time (``post_date`` minus
``post_date_gmt``); ``post_modified`` is not carried over, since WordPress changes it on any save
and sitegen shows ``updated`` to readers as a substantive update.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.importers import wphtml, wpshortcodes, wxr
from sitegen.importers.media import UploadsMedia
from sitegen.importers.model import Converted, ImageRef, Links, SiteInfo, Source, SourceItem
from sitegen.importers.report import Report
from sitegen.importers.wpshortcodes import Attachment

_STATUSES = {"publish": False, "future": False, "draft": True, "pending": True, "private": True}
_TAGS = re.compile(r"<[^>]+>")


def read_wordpress(
    export: Path, label: str, media_dir: Path | None, permalink: str | None, tz: tzinfo
) -> Source:
    """Read ``export`` into a :class:`Source`; nothing is written here."""
    channel = wxr.read(export, label)
    report = Report()
    items_nodes = list(channel.all("item"))
    attachments = _attachments(n for n in items_nodes if _type(n) == "attachment")
    logins = _logins(channel)
    categories = {
        html.unescape(c.text("wp:cat_name")): c.text("wp:category_nicename")
        for c in channel.all("wp:category")
    }
    base = (channel.text("wp:base_blog_url") or channel.text("link")).rstrip("/") + "/"
    media = UploadsMedia(media_dir, report)
    reader = _Reader(label, tz, report, attachments, logins, categories, permalink, media)
    items = [item for node in items_nodes if (item := reader.item(node)) is not None]
    if media_dir is None and media.referenced:
        report.add("media", "", "no --media folder given: media still point at the old site")
    site = SiteInfo(
        title=html.unescape(channel.text("title")) or "Imported site",
        base_url=base if base.startswith(("http://", "https://")) else SiteInfo().base_url,
        language=channel.text("language") or "en",
        description=html.unescape(channel.text("description")),
        authors={name: {} for item in items for name in item.authors},
    )
    return Source("wordpress", label, items, reader.convert, report, site, media.copies)


def _type(node: wxr.Node) -> str:
    return node.text("wp:post_type") or "post"


def _attachments(nodes: object) -> dict[str, Attachment]:
    out = {}
    for node in nodes:  # type: ignore[attr-defined]
        meta = _meta(node)
        ident = node.text("wp:post_id")
        out[ident] = Attachment(
            id=ident,
            url=node.text("wp:attachment_url") or node.text("guid"),
            alt=meta.get("_wp_attachment_image_alt", "").strip(),
            caption=html.unescape(_TAGS.sub("", node.raw("excerpt:encoded"))).strip(),
            title=html.unescape(node.text("title")),
            parent=node.text("wp:post_parent"),
            order=int(node.text("wp:menu_order") or 0),
            file=meta.get("_wp_attached_file", ""),
        )
    return out


def _meta(node: wxr.Node) -> dict[str, str]:
    return {m.text("wp:meta_key"): m.raw("wp:meta_value") for m in node.all("wp:postmeta")}


def _logins(channel: wxr.Node) -> dict[str, str]:
    """Author login -> display name (WXR 1.1+; 1.0 bylines are logins already)."""
    out = {}
    for author in channel.all("wp:author"):
        name = html.unescape(author.text("wp:author_display_name"))
        login = author.text("wp:author_login")
        out[login.casefold()] = name or login
    return out


class _Reader:
    """Turns ``item`` elements into source items; keeps what converting their bodies needs."""

    def __init__(
        self,
        label: str,
        tz: tzinfo,
        report: Report,
        attachments: dict[str, Attachment],
        logins: dict[str, str],
        categories: dict[str, str],
        permalink: str | None,
        media: UploadsMedia,
    ) -> None:
        self.label, self.tz, self.report = label, tz, report
        self.attachments, self.logins, self.categories = attachments, logins, categories
        self.permalink, self.media = permalink, media
        self.content: dict[str, tuple[str, int, str]] = {}

    def item(self, node: wxr.Node) -> SourceItem | None:
        kind, where = _type(node), f"{self.label}:{node.line}"
        title = html.unescape(node.text("title"))
        status = node.text("wp:status")
        ident = node.text("wp:post_id")
        what = f"{kind} {ident} {title!r}" if title else f"{kind} {ident} (no title)"
        if kind == "attachment":
            return None
        if kind not in ("post", "page"):
            self.report.add("skipped", where, f"{what}: post type {kind!r} is not imported")
            return None
        if status not in _STATUSES:
            self.report.add("skipped", where, f"{what}: status {status!r} is not imported")
            return None
        return self._item(node, kind, where, title, status, what)

    def _item(
        self, node: wxr.Node, kind: str, where: str, title: str, status: str, what: str
    ) -> SourceItem | None:
        content_node = node.first("content:encoded")
        content = (content_node.element.text or "") if content_node else ""
        when = self._date(node, where, what)
        if when is None:
            self.report.add("skipped", where, f"{what}: no usable date")
            return None
        if not title.strip():
            title = _title_from(content) or f"Untitled {kind} {node.text('wp:post_id')}"
            self.report.add("changed", where, f"{what}: headline made up: {title!r}")
        draft = _STATUSES[status] or bool(node.text("wp:post_password"))
        self._note_status(node, status, where, what, when)
        key = f"{node.text('wp:post_id')}:{node.line}"
        self.content[key] = (content, content_node.line if content_node else node.line, what)
        categories, tags = self._terms(node, where)
        excerpt = wphtml.to_markdown(node.raw("excerpt:encoded"), self.media.rewrite)[0].strip()
        item = SourceItem(
            kind="article" if kind == "post" else "page",
            origin=where,
            key=key,
            title=" ".join(title.split()),
            date=when,
            slug_hint=node.text("wp:post_name"),
            body=content,
            authors=[self._author(node.text("dc:creator"))] if node.text("dc:creator") else [],
            categories=categories,
            tags=tags,
            summary=" ".join(excerpt.split()) or None,
            image=self._featured(node, where, what),
            draft=draft,
            old_paths=self._old_paths(node, when),
            featured=node.text("wp:is_sticky") == "1",
        )
        self._note_comments(node, where, what)
        return item

    def _date(self, node: wxr.Node, where: str, what: str) -> datetime | None:
        local = _wp_time(node.text("wp:post_date"))
        gmt = _wp_time(node.text("wp:post_date_gmt"))
        if gmt is not None:
            offset = (local - gmt) if local is not None else timedelta(0)
            sane = abs(offset) <= timedelta(hours=14) and offset % timedelta(
                minutes=15
            ) == timedelta(0)
            return gmt.replace(tzinfo=UTC).astimezone(timezone(offset) if sane else UTC)
        if local is not None:
            self.report.add("changed", where, f"{what}: no GMT date; post_date read in {self.tz}")
            return local.replace(tzinfo=self.tz)
        return None

    def _note_status(
        self, node: wxr.Node, status: str, where: str, what: str, when: datetime
    ) -> None:
        if status == "future":
            self.report.add(
                "changed", where, f"{what}: scheduled; published by the first build after {when}"
            )
        elif status in ("private", "pending"):
            self.report.add("changed", where, f"{what}: {status}; imported as a draft")
        if node.text("wp:post_password"):
            self.report.add("changed", where, f"{what}: password-protected; imported as a draft")

    def _note_comments(self, node: wxr.Node, where: str, what: str) -> None:
        comments = list(node.all("wp:comment"))
        if comments:
            approved = sum(1 for c in comments if c.text("wp:comment_approved") == "1")
            self.report.add(
                "skipped",
                where,
                f"{what}: {len(comments)} comments ({approved} approved) not imported "
                "(sitegen has no comments)",
            )
        meta = _meta(node)
        for key in sorted(meta):
            if not key.startswith("_") and meta[key].strip():
                self.report.field(f"custom field {key}", "not imported", where)

    def _author(self, login: str) -> str:
        return self.logins.get(login.casefold(), login)

    def _terms(self, node: wxr.Node, where: str) -> tuple[list[tuple[str, str]], list[str]]:
        categories: list[tuple[str, str]] = []
        tags: list[str] = []
        for term in node.all("category"):
            domain = term.element.get("domain", "category")
            name = html.unescape((term.element.text or "").strip())
            if not name:
                continue
            if domain == "category":
                slug = self.categories.get(name) or term.element.get("nicename") or ""
                categories.append((slug, name))
            elif domain == "post_tag":
                tags.append(name)
            else:
                self.report.field(f"taxonomy {domain}", "not imported", where)
        return categories, tags

    def _featured(self, node: wxr.Node, where: str, what: str) -> ImageRef | None:
        ident = _meta(node).get("_thumbnail_id", "").strip()
        if not ident:
            return None
        found = self.attachments.get(ident)
        if found is None or not found.url:
            self.report.add(
                "media", where, f"{what}: featured image (attachment {ident}) is not in the export"
            )
            return None
        src = self.media.rewrite(found.url, found.file)
        return ImageRef(src, found.alt, found.caption)

    def _old_paths(self, node: wxr.Node, when: datetime) -> list[str]:
        paths = []
        link = urlsplit(node.text("link"))
        if link.path and not link.query:
            paths.append(link.path)
        if self.permalink:
            paths.append(_structure(self.permalink, node, self.categories))
        return paths

    def convert(self, item: SourceItem, links: Links, report: Report) -> Converted:
        content, line, what = self.content[item.key]
        ctx = wpshortcodes.Context(
            self.attachments,
            item.key.split(":", 1)[0],
            lambda pos: f"{self.label}:{line + content.count(chr(10), 0, pos)}",
            report,
        )
        content = wpshortcodes.convert(content, ctx)
        blocks = wphtml.is_block_content(content)
        content, teaser = wphtml.split_more(wphtml.strip_block_comments(content))
        markdown, removed = wphtml.to_markdown(
            content if blocks else wphtml.autop(content), self.media.rewrite
        )
        for name in sorted(set(removed)):
            count = removed.count(name)
            report.add("changed", item.origin, f"{what}: {count} <{name}> element(s) removed")
        summary = None
        if teaser is not None and teaser.strip():
            text = wphtml.to_markdown(teaser if blocks else wphtml.autop(teaser), _same)[0]
            summary = " ".join(text.split())
        return Converted(markdown, summary)


def _same(url: str) -> str:
    return url


def _wp_time(text: str) -> datetime | None:
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _title_from(content: str) -> str:
    words = html.unescape(_TAGS.sub(" ", wphtml.strip_block_comments(content))).split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _structure(pattern: str, node: wxr.Node, categories: dict[str, str]) -> str:
    """The URL path WordPress's permalink structure (``/%year%/%postname%/``) gave the post."""
    local = _wp_time(node.text("wp:post_date")) or datetime(1970, 1, 1)
    first = next((t for t in node.all("category") if t.element.get("domain") == "category"), None)
    category = ""
    if first is not None:
        name = html.unescape((first.element.text or "").strip())
        category = categories.get(name) or first.element.get("nicename") or ""
    values = {
        "year": f"{local:%Y}",
        "monthnum": f"{local:%m}",
        "day": f"{local:%d}",
        "hour": f"{local:%H}",
        "minute": f"{local:%M}",
        "second": f"{local:%S}",
        "postname": node.text("wp:post_name"),
        "post_id": node.text("wp:post_id"),
        "category": category,
        "author": node.text("dc:creator"),
    }
    return re.sub(r"%(\w+)%", lambda m: values.get(m[1], m[0]), pattern)
