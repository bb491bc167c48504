"""WordPress shortcodes in post content: ``[caption]``, ``[gallery]``, ``[embed]`` and friends.

They are turned into the HTML WordPress would have shown (a ``figure`` with its caption, one
figure per gallery picture, an embed placeholder), which the HTML-to-Markdown step then
converts. Other shortcodes stay as they are and are reported with the line of the export they
are on. Only ``[name ...]`` forms that look like shortcodes (a closing tag, an ``=`` attribute or
an underscore in the name) are reported, so "[citation needed]" in a text is left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sitegen.importers.report import Report
from sitegen.importers.templates import parse_args

_SHORTCODE = re.compile(
    r"\[(?P<esc>\[?)(?P<name>[a-zA-Z_][\w-]*)(?P<attrs>[\s=][^\[\]]*?)?(?P<self>/?)\]"
    r"(?:(?P<inner>(?:(?!\[(?P=name)[\s\]]).)*?)\[/(?P=name)\])?(?P<esc2>\]?)",
    re.DOTALL,
)
_LINKED_IMG = re.compile(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", re.IGNORECASE)
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_OEMBED_HOSTS = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com)/",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attachment:
    """A media item of the export (``post_type`` attachment)."""

    id: str
    url: str
    alt: str
    caption: str
    title: str
    parent: str
    order: int
    file: str
    """``_wp_attached_file``: the path under the uploads folder."""


@dataclass
class Context:
    attachments: Mapping[str, Attachment]
    post_id: str
    where: Callable[[int], str]
    """``export.xml:LINE`` of a position in the raw content."""
    report: Report


def convert(content: str, ctx: Context) -> str:
    """``content`` with known shortcodes as HTML and bare video URLs as embeds."""
    out: list[str] = []
    pos = 0
    for match in _SHORTCODE.finditer(content):
        out.append(content[pos : match.start()])
        pos = match.end()
        if match["esc"] and match["esc2"]:
            out.append(match[0][1:-1])  # [[caption]] is how WordPress writes a literal one
            continue
        converted = _known(match, ctx)
        if converted is not None:
            ctx.report.converted += 1
            out.append(converted)
            continue
        if _looks_like_shortcode(match):
            ctx.report.leftover(ctx.where(match.start()), match[0].split("]", 1)[0] + "]")
        out.append(match[0])
    out.append(content[pos:])
    return _BARE_URL.sub(lambda m: _oembed(m, ctx), "".join(out))


def _known(match: re.Match[str], ctx: Context) -> str | None:
    name = match["name"].lower()
    args = parse_args(match["attrs"] or "")
    inner = match["inner"] or ""
    if name in ("caption", "wp_caption"):
        return _caption(args.get("caption"), inner)
    if name == "gallery":
        return _gallery(args.get("ids"), ctx)
    if name in ("embed", "video", "audio", "youtube", "vimeo", "playlist"):
        url = inner.strip() or args.get("src", 0) or args.get("mp4") or args.get("mp3")
        url = url.lstrip("=")
        return _placeholder(url) if url.startswith(("http://", "https://")) else None
    return None


def _caption(attribute: str, inner: str) -> str | None:
    image = _LINKED_IMG.search(inner)
    if image is None:
        return None
    text = attribute or (inner[: image.start()] + inner[image.end() :]).strip()
    return f"\n\n<figure>{image[0]}<figcaption>{text}</figcaption></figure>\n\n"


def _gallery(ids: str, ctx: Context) -> str | None:
    if ids:
        found = [ctx.attachments[i.strip()] for i in ids.split(",") if i.strip() in ctx.attachments]
    else:
        found = sorted(
            (a for a in ctx.attachments.values() if a.parent == ctx.post_id),
            key=lambda a: (a.order, int(a.id) if a.id.isdigit() else 0, a.id),
        )
    if not found:
        return None
    figures = []
    for item in found:
        img = f'<img src="{_esc(item.url)}" alt="{_esc(item.alt or item.caption)}">'
        caption = f"<figcaption>{_esc(item.caption)}</figcaption>" if item.caption else ""
        figures.append(f"<figure>{img}{caption}</figure>")
    return "\n\n" + "\n\n".join(figures) + "\n\n"


def _placeholder(url: str) -> str:
    return f'\n\n<wp-embed url="{_esc(url)}"></wp-embed>\n\n'


def _oembed(match: re.Match[str], ctx: Context) -> str:
    """WordPress turns a video or post URL alone on its line into an embed."""
    url = match[1]
    if not _OEMBED_HOSTS.match(url):
        return match[0]
    ctx.report.converted += 1
    return _placeholder(url)


def _looks_like_shortcode(match: re.Match[str]) -> bool:
    return bool(match["inner"] is not None or "=" in (match["attrs"] or "") or "_" in match["name"])


def _esc(value: str) -> str:
    return html.escape(value, quote=True)
