"""Render stage: a RenderJob -> the bytes of its page."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from sitegen.content.markdown import MarkdownRenderer
from sitegen.render.bodypictures import with_body_pictures
from sitegen.render.links import rebase_root_links

PICTURE_TEMPLATE = "partials/picture.html"


def render_page(
    env: Environment,
    md: MarkdownRenderer,
    template: str,
    context: dict[str, Any],
    markdown: str | None,
    dateline: str,
) -> bytes:
    """Render Markdown (if any) into ``body_html``, then the template, to UTF-8 bytes."""
    if markdown is not None:
        base_path = str(env.globals["base_path"])
        body = rebase_root_links(md.to_html(markdown), base_path)
        article = context.get("article") or {}
        pictures = article.get("body_pictures")
        if pictures:
            macro = env.get_template(PICTURE_TEMPLATE).module.picture  # type: ignore[attr-defined]
            eager = not article.get("image")  # else the lead image is the one seen first
            body = with_body_pictures(body, pictures, base_path, macro, eager)
        context = {**context, "body_html": Markup(with_dateline(body, dateline))}
    return env.get_template(template).render(context).encode("utf-8")


def with_dateline(body_html: str, dateline: str) -> str:
    """Lead the first paragraph with the dateline, as print newsrooms do."""
    if not dateline:
        return body_html
    mark = f'<span class="dateline">{escape(dateline)}</span> '
    index = body_html.find("<p>")
    if index < 0:
        return f"<p>{mark}</p>\n{body_html}"
    return body_html[: index + 3] + mark + body_html[index + 3 :]
