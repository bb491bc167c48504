"""The Markdown and HTML that converted shortcodes become: images, figures, videos, posts.

Every source (WordPress ``[caption]``/``[embed]``, Hugo ``figure``/``youtube``, Liquid
``{% youtube %}``...) ends up here, so a figure or a video looks the same whatever it came from.
Values are escaped; only YouTube and Vimeo become players (privacy-friendly hosts), anything
else a plain link.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, quote, urlsplit

_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{4,12}$")


def md_image(src: str, alt: str, title: str = "") -> str:
    """``![alt](src "title")`` with the brackets and quotes that would end it escaped."""
    alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    target = _target(src)
    titled = ' "{}"'.format(title.replace('"', '\\"')) if title else ""
    return f"![{' '.join(alt.split())}]({target}{titled})"


def md_link(text: str, url: str) -> str:
    text = text.replace("[", "\\[").replace("]", "\\]")
    target = _target(url)
    return f"[{' '.join(text.split())}]({target})"


def figure(src: str, alt: str, caption: str = "", link: str = "") -> str:
    """An image with its caption as an HTML ``figure`` block; a Markdown image without one."""
    if not caption.strip():
        image = md_image(src, alt)
        return f"\n\n{md_link_wrap(image, link)}\n\n"
    img = f'<img src="{_attr(encode_url(src))}" alt="{_attr(alt)}">'
    if link:
        img = f'<a href="{_attr(encode_url(link))}">{img}</a>'
    text = html.escape(" ".join(caption.split()), quote=False)
    return f"\n\n<figure>\n{img}\n<figcaption>{text}</figcaption>\n</figure>\n\n"


def md_link_wrap(inner: str, link: str) -> str:
    if not link:
        return inner
    return f"[{inner}]({_target(link)})"


def youtube(video_id: str, title: str = "") -> str | None:
    if not _YOUTUBE_ID.match(video_id):
        return None
    return _player(f"https://www.youtube-nocookie.com/embed/{video_id}", title or "YouTube video")


def vimeo(video_id: str, title: str = "") -> str | None:
    if not _VIMEO_ID.match(video_id):
        return None
    return _player(f"https://player.vimeo.com/video/{video_id}", title or "Vimeo video")


def post_link(url: str, label: str) -> str:
    """A social post (tweet, gist, Instagram...) as a quoted link: no third-party script."""
    return f"\n\n> {md_link(label, url)}\n\n"


def embed_url(url: str, title: str = "") -> str:
    """What an oEmbed URL becomes: a player for YouTube/Vimeo, otherwise a link on its own line."""
    url = url.strip()
    video = video_of(url)
    if video is not None:
        provider, ident = video
        player = youtube(ident, title) if provider == "youtube" else vimeo(ident, title)
        if player:
            return player
    if not url.startswith(("http://", "https://")):
        return f"\n\n{html.escape(url, quote=False)}\n\n"
    return f"\n\n{md_link(title or url, url)}\n\n"


def video_of(url: str) -> tuple[str, str] | None:
    """(``youtube``|``vimeo``, id) of a video URL in any of its usual shapes."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    if host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            ids = parse_qs(parts.query).get("v")
            return ("youtube", ids[0]) if ids else None
        if len(segments) >= 2 and segments[0] in ("embed", "v", "shorts", "live"):
            return "youtube", segments[1]
    if host == "youtu.be" and segments:
        return "youtube", segments[0]
    if host in ("vimeo.com", "player.vimeo.com") and segments:
        return "vimeo", segments[-1]
    return None


def iframe(src: str, title: str) -> str:
    """Another site's embedded page (a map, slides) kept as an ``iframe`` with a title."""
    return _player(src, title)


def _player(src: str, title: str) -> str:
    return (
        f'\n\n<figure class="embed">\n<iframe src="{_attr(src)}" title="{_attr(title)}" '
        'allowfullscreen loading="lazy"></iframe>\n</figure>\n\n'
    )


def encode_url(value: str) -> str:
    """``value`` with spaces and other characters a URL cannot hold percent-encoded."""
    return quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _target(value: str) -> str:
    """A Markdown link target: encoded, in angle brackets when it holds parentheses."""
    encoded = encode_url(value)
    return f"<{encoded}>" if re.search(r"[()]", encoded) else encoded


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
