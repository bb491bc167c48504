"""Hugo shortcodes and Jekyll/Liquid tags in a body, converted to Markdown or HTML.

Known ones (figure, img, image, ref/relref, post_url/link, youtube, vimeo, tweet, gist,
instagram, highlight, raw, comment, url filters, ``site.baseurl``, ``page.x``) become what
sitegen renders; unknown ones stay in place and are reported with file:line. A link whose target
is an unknown tag has no place to go: the link is removed, its text kept, and that is reported
too (a reader would otherwise follow ``href="{{ ... }}"``).

Both generators process their tags everywhere in a file, code blocks included, so this does too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.importers import embeds
from sitegen.importers.model import Links
from sitegen.importers.report import Report

_HUGO = re.compile(
    r"\{\{(?P<esc>[<%])/\*(?P<escaped>.*?)\*/[>%]\}\}"
    r"|\{\{(?P<delim>[<%])-?\s*(?P<close>/?)\s*(?P<name>[\w.-]+(?:/[\w.-]+)*)(?P<args>.*?)\s*-?[>%]\}\}",
    re.DOTALL,
)
_LIQUID = re.compile(
    r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}",
    re.DOTALL,
)
_ARG = re.compile(
    r'(?:(?P<key>[\w-]+)\s*[=:]\s*)?(?P<value>"(?:[^"\\]|\\.)*"|\'[^\']*\'|`[^`]*`|[^\s,]+)'
)
_DEAD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(([^()\n]*?\x00unlink(\d+)\x00[^()\n]*)\)"
)
_SENTINEL = re.compile(r"\x00unlink(\d+)\x00")


@dataclass
class Args:
    positional: list[str]
    named: dict[str, str]

    def get(self, name: str, index: int | None = None, default: str = "") -> str:
        if name in self.named:
            return self.named[name]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return default


def parse_args(text: str) -> Args:
    """Positional and ``key="value"`` (or ``key:"value"``) arguments of a tag."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = match["value"]
        if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
            if match["value"][0] == '"':
                value = value.replace('\\"', '"')
        if match["key"]:
            named[match["key"].lower()] = value
        else:
            positional.append(value)
    return Args(positional, named)


@dataclass
class Context:
    """What a conversion needs to know about the body it works on."""

    file: str
    """The source file, as the report names it."""
    first_line: int
    links: Links
    fields: dict[str, Any]
    report: Report


def convert_hugo(body: str, ctx: Context) -> str:
    """Hugo shortcodes in ``body`` converted; unknown ones left and reported."""
    return _convert(body, ctx, _HUGO, _hugo_token)


def convert_liquid(body: str, ctx: Context) -> str:
    """Liquid tags and outputs in ``body`` converted; unknown ones left and reported."""
    return _convert(body, ctx, _LIQUID, _liquid_token)


Handler = Callable[[str, re.Match[str], "_Scan"], str | None]


@dataclass
class _Scan:
    body: str
    ctx: Context
    end: int
    """Where scanning goes on after this token (moved past a paired tag's closing tag)."""

    def line(self, pos: int) -> int:
        return self.ctx.first_line + self.body.count("\n", 0, pos)

    def where(self, pos: int) -> str:
        return f"{self.ctx.file}:{self.line(pos)}"

    def closing(self, pattern: str, start: int) -> re.Match[str] | None:
        return re.compile(pattern, re.DOTALL).search(self.body, start)


def _convert(body: str, ctx: Context, pattern: re.Pattern[str], handle: Handler) -> str:
    out: list[str] = []
    unlinked: list[str] = []
    pos = 0
    while (match := pattern.search(body, pos)) is not None:
        out.append(body[pos : match.start()])
        scan = _Scan(body, ctx, match.end())
        token = match[0]
        converted = handle(token, match, scan)
        if converted is None:
            where = scan.where(match.start())
            if _in_link_target(body, match.start()):
                ctx.report.leftover(where, token, "in a link target; the link was removed")
                converted = f"\x00unlink{len(unlinked)}\x00"
                unlinked.append(token)
            else:
                ctx.report.leftover(where, token)
                converted = token
        else:
            ctx.report.converted += 1
        out.append(converted)
        pos = scan.end
    out.append(body[pos:])
    text = "".join(out)
    if not unlinked:
        return text
    text = _DEAD_LINK.sub(lambda m: "" if m[1] else m[2], text)
    return _SENTINEL.sub(lambda m: unlinked[int(m[1])], text)


def _in_link_target(body: str, start: int) -> bool:
    """Whether ``start`` is inside the ``(...)`` of a Markdown link or image on its line."""
    line = body[body.rfind("\n", 0, start) + 1 : start]
    opened = line.rfind("](")
    return opened >= 0 and ")" not in line[opened + 2 :]


def _hugo_token(token: str, match: re.Match[str], scan: _Scan) -> str | None:
    if match["esc"]:
        return "{{" + match["esc"] + match["escaped"] + ("%" if match["esc"] == "%" else ">") + "}}"
    if match["close"]:
        return None  # a closing tag whose opening was not converted
    name = match["name"].lower()
    args = parse_args(match["args"])
    if name == "highlight":
        closing = scan.closing(r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}", match.end())
        if closing is None:
            return None
        scan.end = closing.end()
        return _fence(scan.body[match.end() : closing.start()], args.get("lang", 0))
    handler = _HUGO_SIMPLE.get(name)
    return handler(args, scan) if handler else None


def _liquid_token(token: str, match: re.Match[str], scan: _Scan) -> str | None:
    if match["expr"] is not None:
        return _liquid_output(match["expr"], scan.ctx)
    name = match["name"].lower()
    args = parse_args(match["args"])
    if name in ("raw", "comment", "highlight", "figure"):
        closing = scan.closing(r"\{%-?\s*end" + name + r"\s*-?%\}", match.end())
        if closing is None:
            return None
        scan.end = closing.end()
        inner = scan.body[match.end() : closing.start()]
        if name == "raw":
            return inner
        if name == "comment":
            return ""
        if name == "highlight":
            return _fence(inner, args.get("lang", 0))
        return _liquid_figure(inner, args)
    handler = _LIQUID_SIMPLE.get(name)
    return handler(args, scan) if handler else None


def _fence(code: str, lang: str) -> str:
    code = code.strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"\n\n{ticks}{lang}\n{code}\n{ticks}\n\n"


def _ref(args: Args, scan: _Scan) -> str | None:
    target = args.get("path", 0)
    path, _, anchor = target.partition("#")
    found = resolve(scan.ctx.links, path) if path else ""
    if found is None:
        return None
    return found + (f"#{anchor}" if anchor else "")


def resolve(links: Links, name: str) -> str | None:
    """The new URL of the item a ``ref``/``post_url``/``link`` names, tried in several spellings."""
    name = name.strip().strip("/")
    for candidate in (name, name.rsplit(".", 1)[0], name.rsplit("/", 1)[-1]):
        for key in (candidate, candidate.rsplit(".", 1)[0], candidate + ".md"):
            if key in links:
                return links[key]
    return None


def _figure(args: Args, scan: _Scan) -> str | None:
    src = args.get("src", 0)
    if not src:
        return None
    caption = args.get("caption") or args.get("title")
    credit = args.get("attr")
    if credit:
        caption = f"{caption} ({credit})" if caption else credit
    alt = args.get("alt", 1) or caption or ""
    return embeds.figure(src, alt, caption, args.get("link"))


def _video(provider: str) -> Callable[[Args, _Scan], str | None]:
    def convert(args: Args, scan: _Scan) -> str | None:
        ident = args.get("id", 0)
        if ident.startswith(("http://", "https://")):
            return embeds.embed_url(ident, args.get("title"))
        make = embeds.youtube if provider == "youtube" else embeds.vimeo
        return make(ident, args.get("title"))

    return convert


def _tweet(args: Args, scan: _Scan) -> str | None:
    first = args.get("id", 0)
    if first.startswith(("http://", "https://")):
        return embeds.post_link(first, "Post on X (Twitter)")
    user = args.get("user")
    ident = args.get("id", 1 if user or len(args.positional) > 1 else 0)
    if len(args.positional) > 1 and not user:
        user = args.positional[0]
    if not ident.isdigit():
        return None
    url = f"https://twitter.com/{user or 'i/web'}/status/{ident}"
    return embeds.post_link(url, f"Post by @{user} on X (Twitter)" if user else "Post on X")


def _gist(args: Args, scan: _Scan) -> str | None:
    first = args.get("user", 0)
    if "/" in first:
        user, _, ident = first.partition("/")
    else:
        user, ident = first, args.get("id", 1)
    if not user or not ident:
        return None
    return embeds.post_link(f"https://gist.github.com/{user}/{ident}", "Code on GitHub Gist")


def _instagram(args: Args, scan: _Scan) -> str | None:
    ident = args.get("id", 0)
    if not re.fullmatch(r"[\w-]+", ident):
        return None
    return embeds.post_link(f"https://www.instagram.com/p/{ident}/", "Post on Instagram")


def _param(args: Args, scan: _Scan) -> str | None:
    value = scan.ctx.fields.get(args.get("name", 0))
    return value if isinstance(value, str) else None


_HUGO_SIMPLE: dict[str, Callable[[Args, _Scan], str | None]] = {
    "figure": _figure,
    "img": _figure,
    "ref": _ref,
    "relref": _ref,
    "youtube": _video("youtube"),
    "vimeo": _video("vimeo"),
    "vimeo_simple": _video("vimeo"),
    "tweet": _tweet,
    "twitter": _tweet,
    "twitter_simple": _tweet,
    "x": _tweet,
    "gist": _gist,
    "instagram": _instagram,
    "param": _param,
}


def _post_url(args: Args, scan: _Scan) -> str | None:
    name = args.get("name", 0)
    return resolve(scan.ctx.links, name) if name else None


def _octopress_img(args: Args, scan: _Scan) -> str | None:
    """``{% img [class] /src [width [height]] ["title" ["alt"]] %}`` (Octopress)."""
    words = args.positional
    index = next((i for i, w in enumerate(words) if "/" in w or "." in w), None)
    if index is None:
        return None
    rest = [w for w in words[index + 1 :] if not w.isdigit()]
    title = rest[0] if rest else ""
    alt = rest[1] if len(rest) > 1 else title
    return f"\n\n{embeds.md_image(words[index], alt, title)}\n\n"


def _eleventy_image(args: Args, scan: _Scan) -> str | None:
    """``{% image "src" "alt" %}`` (Eleventy Image's shortcode); paths are from the site root."""
    src = args.get("src", 0)
    if not src:
        return None
    if not src.startswith(("/", "http://", "https://")):
        src = "/" + src
    return embeds.md_image(src, args.get("alt", 1))


def _liquid_figure(inner: str, args: Args) -> str:
    """``{% figure caption:"..." %}![alt](src){% endfigure %}`` (jekyll-figure)."""
    image = re.fullmatch(r"\s*!\[([^\]]*)\]\(([^)\s]+)[^)]*\)\s*", inner)
    caption = args.get("caption")
    if image:
        return embeds.figure(image[2], image[1], caption)
    return f"\n\n{inner.strip()}\n\n" + (f"*{caption}*\n\n" if caption else "")


def _liquid_embed(kind: str) -> Callable[[Args, _Scan], str | None]:
    def convert(args: Args, scan: _Scan) -> str | None:
        value = args.get("id", 0)
        if value.startswith(("http://", "https://")):
            return embeds.embed_url(value)
        return (embeds.youtube if kind == "youtube" else embeds.vimeo)(value)

    return convert


def _liquid_tweet(args: Args, scan: _Scan) -> str | None:
    url = next((w for w in args.positional if w.startswith(("http://", "https://"))), "")
    return embeds.post_link(url, "Post on X (Twitter)") if url else _tweet(args, scan)


_LIQUID_SIMPLE: dict[str, Callable[[Args, _Scan], str | None]] = {
    "post_url": _post_url,
    "link": _post_url,
    "img": _octopress_img,
    "image": _eleventy_image,
    "youtube": _liquid_embed("youtube"),
    "vimeo": _liquid_embed("vimeo"),
    "tweet": _liquid_tweet,
    "twitter": _liquid_tweet,
    "gist": _gist,
    "instagram": _instagram,
}

_SITE_ROOT = {"site.baseurl", "site.url", "site.github.url", "site.base_url", "site.pathprefix"}
_PATH_FILTERS = {"url", "relative_url", "absolute_url", "prepend: site.baseurl"}


def _liquid_output(expr: str, ctx: Context) -> str | None:
    """``{{ "/x/" | url }}``, ``{{ site.baseurl }}``, ``{{ page.image }}``: their value."""
    primary, *filters = [part.strip() for part in expr.split("|")]
    value = _liquid_value(primary, ctx)
    if value is None:
        return None
    if len(filters) == 1 and re.match(r"embed\b", filters[0]):
        title = parse_args(filters[0].partition(":")[2]).get("title", 0)
        return embeds.embed_url(value, title)
    for name in filters:
        if name not in _PATH_FILTERS and not name.startswith("prepend: site."):
            return None
        if name != "url" and not value.startswith(("/", "http://", "https://")):
            value = "/" + value
    return value


def _liquid_value(primary: str, ctx: Context) -> str | None:
    if len(primary) >= 2 and primary[0] == primary[-1] and primary[0] in "\"'":
        return primary[1:-1]
    if primary in _SITE_ROOT:
        return ""
    name = primary.removeprefix("page.")
    value = ctx.fields.get(name) if re.fullmatch(r"\w+", name) else None
    return value if isinstance(value, str) else None
