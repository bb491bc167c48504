"""WordPress post content to Markdown: paragraphs, block-editor markup, and HTML via markdownify.

WordPress stores classic-editor posts without ``<p>`` tags (blank lines separate paragraphs;
WordPress adds the tags when it shows the post), so such content goes through :func:`autop`
first, a port of the paragraph rules of WordPress's ``wpautop`` (line breaks inside a paragraph
stay soft, as Pelican's importer keeps them). Block-editor posts are already HTML: their
``<!-- wp:... -->`` comments are dropped and the content kept.

HTML becomes Markdown with markdownify (MIT, maintained, built on BeautifulSoup, one method per
tag to override). Figures keep their caption as an HTML ``figure``; videos become players,
other embeds links (see :mod:`sitegen.importers.embeds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import Tag
from markdownify import ATX, MarkdownConverter

from sitegen.importers import embeds

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary|object|embed|iframe|"
    r"video|audio|wp-embed)"
)
_OPEN = re.compile(rf"(<{_BLOCKS}[\s/>])", re.IGNORECASE)
_CLOSE = re.compile(rf"(</{_BLOCKS}>)", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_MORE = re.compile(r"<!--more(?:\s[^>]*)?-->|<!--noteaser-->", re.IGNORECASE)


def is_block_content(content: str) -> bool:
    """Written with the block editor (WordPress 5+): already HTML, ``wpautop`` is not applied."""
    return "<!-- wp:" in content


def split_more(content: str) -> tuple[str, str | None]:
    """The content without its ``<!--more-->`` marker, and the teaser before it (if any)."""
    match = _MORE.search(content)
    if match is None:
        return content, None
    teaser = content[: match.start()]
    return _MORE.sub("", content), teaser


def strip_block_comments(content: str) -> str:
    """Drop the block editor's ``<!-- wp:... -->`` delimiters, keep what they delimit."""
    return _BLOCK_COMMENT.sub("", content)


def autop(text: str) -> str:
    """Blank-line-separated text blocks wrapped in ``<p>``, block-level HTML left as it is."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match[0])
        return f"\x00pre{len(kept) - 1}\x00"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n") + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = _OPEN.sub(r"\n\n\1", text)
    text = _CLOSE.sub(r"\1\n\n", text)
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text)]
    text = "".join(f"<p>{c}</p>\n" for c in chunks if c)
    blocks = _BLOCKS
    text = re.sub(rf"<p>\s*(</?{blocks}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I | re.S)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{blocks}[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(rf"(</?{blocks}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    return re.sub(r"\x00pre(\d+)\x00", lambda m: kept[int(m[1])], text)


Rewrite = Callable[[str], str]
"""Maps a media URL of the old site to the URL it has on the new one."""


class _Converter(MarkdownConverter):
    """markdownify with WordPress's figures, embeds and media URLs."""

    def __init__(self, rewrite: Rewrite, **options: Any) -> None:
        super().__init__(**options)
        self.rewrite = rewrite
        self.removed: list[str] = []

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = self.rewrite(_attr(el, "src"))
        return embeds.md_image(src, _attr(el, "alt"), _attr(el, "title"))

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = _attr(el, "href")
        if href:
            el["href"] = self.rewrite(href)
        # convert_a is markdownify's own; its type stub leaves it out
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]

    def convert_figure(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        frame = el.find(["iframe", "embed", "wp-embed"])
        caption_el = el.find("figcaption")
        caption = caption_el.get_text(" ", strip=True) if isinstance(caption_el, Tag) else ""
        if isinstance(frame, Tag):
            return self._embed(frame, caption)
        wrapper = el.find(class_="wp-block-embed__wrapper")
        if isinstance(wrapper, Tag):
            return embeds.embed_url(wrapper.get_text(strip=True), caption)
        img = el.find("img")
        if not isinstance(img, Tag):
            return text
        link = img.find_parent("a")
        href = self.rewrite(_attr(link, "href")) if isinstance(link, Tag) else ""
        src = self.rewrite(_attr(img, "src"))
        alt = _attr(img, "alt") or caption
        return embeds.figure(src, alt, caption, href)

    def convert_iframe(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return self._embed(el, "")

    convert_embed = convert_iframe
    convert_wp_embed = convert_iframe

    def convert_object(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        inner = el.find("embed")
        movie = el.find("param", attrs={"name": "movie"})
        src = _attr(inner, "src") if isinstance(inner, Tag) else ""
        src = src or (_attr(movie, "value") if isinstance(movie, Tag) else "")
        return embeds.embed_url(src) if src else ""

    def convert_script(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        self.removed.append("script")
        return ""

    def convert_form(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        self.removed.append("form")
        return ""

    def _embed(self, el: Tag, caption: str) -> str:
        src = _attr(el, "src") or _attr(el, "url")
        if src.startswith("//"):
            src = "https:" + src
        if not src.startswith(("http://", "https://")):
            self.removed.append(el.name)
            return ""
        if embeds.video_of(src) is not None:
            return embeds.embed_url(src, caption or _attr(el, "title"))
        if el.name == "iframe":
            return embeds.iframe(src, caption or _attr(el, "title") or "Embedded content")
        return embeds.embed_url(src, caption)


def _attr(el: Tag | None, name: str) -> str:
    if el is None:
        return ""
    value = el.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return (value or "").strip()


def to_markdown(html: str, rewrite: Rewrite) -> tuple[str, list[str]]:
    """Markdown of ``html``, and the names of elements dropped on the way (scripts, forms)."""
    converter = _Converter(
        rewrite,
        heading_style=ATX,
        bullets="-",
        escape_misc=False,
        newline_style="backslash",
        code_language_callback=_code_language,
    )
    text = converter.convert(html)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", converter.removed


def _code_language(el: Tag) -> str | None:
    code = el.find("code")
    classes = _attr(code, "class") if isinstance(code, Tag) else ""
    found = re.search(r"(?:language|lang)-([\w+#-]+)", classes + " " + _attr(el, "class"))
    return found[1] if found else None
