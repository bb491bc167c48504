"""What the preview adds to every HTML page at serve time: the reload script and the error overlay.

Both are added to the response, never to the built files, so a published site carries neither.
"""

from __future__ import annotations

import json
import re
from html import escape

from sitegen.errors import Problem

EVENTS_PATH = "/__sitegen/events"
"""The Server-Sent Events stream; sends ``reload`` with the generation after every rebuild."""

OVERLAY_ID = "sitegen-error-overlay"

# Reload when the server's generation differs from the one this page was served with; keep the
# scroll position across the reload in sessionStorage (per path).
_SCRIPT = (
    "<script>(function(){var g=%s,k='sitegen-scroll:'+location.pathname,s=sessionStorage,"
    "y=s.getItem(k);if(y!==null){s.removeItem(k);var r=function(){scrollTo(0,+y)};r();"
    "addEventListener('load',r)}var e=new EventSource(%s);e.addEventListener('reload',"
    "function(m){if(m.data!==g){s.setItem(k,String(scrollY));e.close();location.reload()}})"
    "})();</script>"
)

_OVERLAY_STYLE = (
    "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;"
    "margin:0;padding:1rem 1.5rem;background:#2b0b0b;color:#fff;"
    "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d"
)

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def reload_script(generation: str) -> str:
    """The tiny live-reload script for a page served at ``generation``."""
    return _SCRIPT % (json.dumps(generation), json.dumps(EVENTS_PATH))


def overlay(problems: tuple[Problem, ...]) -> str:
    """An overlay listing the failed build's problems (file:line, field, message, hint)."""
    count = len(problems)
    items = "".join(_problem_item(p) for p in problems)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="{_OVERLAY_STYLE}">'
        f'<p style="margin:0 0 .5rem;font-weight:bold">sitegen: the last rebuild failed '
        f"({count} problem{'s' if count != 1 else ''}); showing the last good build. "
        f'Fix the file and save to retry.</p><ol style="margin:0;padding-left:1.5rem">'
        f"{items}</ol></div>"
    )


def _problem_item(p: Problem) -> str:
    where = p.file if p.line is None else f"{p.file}:{p.line}"
    field = f' <b class="field">{escape(p.field)}</b>:' if p.field else ""
    hint = f' <i class="hint">(hint: {escape(p.hint)})</i>' if p.hint else ""
    return (
        f'<li><code class="where">{escape(where)}</code>{field} '
        f'<span class="message">{escape(p.message)}</span>{hint}</li>'
    )


def placeholder_page(problems: tuple[Problem, ...], generation: str) -> bytes:
    """The page for every URL until a build succeeds: "building", or the first build's problems.

    It carries the reload script, so it turns into the site as soon as the site exists.
    """
    if problems:
        title, content = "sitegen: build failed", overlay(problems)
    else:
        title, content = (
            "sitegen: building",
            "<p>Building the site; this page reloads when done.</p>",
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>{content}{reload_script(generation)}</body></html>"
    ).encode()


def inject(html: bytes, generation: str, problems: tuple[Problem, ...]) -> bytes:
    """Add the reload script (and the overlay when the last build failed) before ``</body>``."""
    extra = (overlay(problems) if problems else "") + reload_script(generation)
    data = extra.encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + data
    at = matches[-1].start()
    return html[:at] + data + html[at:]
