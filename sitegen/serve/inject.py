"""What the preview adds to every HTML page at serve time: the reload script and the error overlay.

Both are added to the response, never to the built files, so a published site carries neither.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape

from sitegen.errors import Problem

EVENTS_PATH = "/__sitegen/events"
"""The Server-Sent Events stream: a ``reload`` event after every rebuild (:func:`event_data`)."""

OVERLAY_ID = "sitegen-error-overlay"

MAX_LISTED = 1000
"""A rebuild that changed more pages than this reloads every tab (a shorter event to send)."""

# Each event names the server's generation and the pages it changed ("*": every page). A tab
# reloads when its own page (its path, "index.html" dropped) is among them; otherwise it takes
# the new generation as its own, so the next event is compared with that. Keep the scroll
# position across the reload in sessionStorage (per path).
_SCRIPT = (
    "<script>(function(){var g=%s,k='sitegen-scroll:'+location.pathname,s=sessionStorage,"
    "y=s.getItem(k);if(y!==null){s.removeItem(k);var r=function(){scrollTo(0,+y)};r();"
    "addEventListener('load',r)}var p=location.pathname.replace(/index\\.html$/,'');"
    "try{p=decodeURIComponent(p)}catch(x){}"
    "var e=new EventSource(%s+'?since='+encodeURIComponent(g));"
    "e.addEventListener('reload',function(m){var d=JSON.parse(m.data);"
    "if(d.generation===g)return;if(d.pages==='*'||d.pages.indexOf(p)>=0){"
    "s.setItem(k,String(scrollY));e.close();location.reload()}else g=d.generation})"
    "})();</script>"
)

_OVERLAY_STYLE = (
    "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;"
    "margin:0;padding:1rem 1.5rem;background:#2b0b0b;color:#fff;"
    "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d"
)

_CLOSE_STYLE = (
    "float:right;margin:0 0 .5rem 1rem;padding:.1rem .6rem;background:transparent;color:#fff;"
    "border:1px solid #fff;border-radius:4px;font:inherit;cursor:pointer"
)
# Close on the button or Escape; the problems stay in the terminal and come back with the next
# failed rebuild (which reloads the page).
_DISMISS = (
    "<script>(function(){var o=document.getElementById(%s);if(!o)return;"
    "function k(e){if(e.key==='Escape')c()}"
    "function c(){o.remove();removeEventListener('keydown',k)}"
    "o.querySelector('button').addEventListener('click',c);addEventListener('keydown',k)"
    "})();</script>"
)

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def page_paths(outputs: Iterable[str]) -> tuple[str, ...] | None:
    """URL paths of the HTML pages among ``outputs`` (``a/b/index.html`` -> ``/a/b/``), as the
    reload script compares them; None (every page) when there are more than :data:`MAX_LISTED`."""
    pages = sorted(
        "/" + (out[: -len("index.html")] if out.endswith("index.html") else out)
        for out in outputs
        if out.endswith(".html")
    )
    return None if len(pages) > MAX_LISTED else tuple(pages)


def event_data(generation: str, pages: tuple[str, ...] | None) -> str:
    """The data line of a ``reload`` event: the generation and the changed pages (``"*"``: all)."""
    listed: str | list[str] = "*" if pages is None else list(pages)
    return json.dumps({"generation": generation, "pages": listed}, separators=(",", ":"))


def reload_script(generation: str) -> str:
    """The tiny live-reload script for a page served at ``generation``."""
    return _SCRIPT % (json.dumps(generation), json.dumps(EVENTS_PATH))


def overlay(problems: tuple[Problem, ...]) -> str:
    """An overlay listing the failed build's problems (file:line, field, message, hint)."""
    count = len(problems)
    items = "".join(_problem_item(p) for p in problems)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="{_OVERLAY_STYLE}">'
        f'<button type="button" aria-keyshortcuts="Escape" title="Close (Escape)" '
        f'style="{_CLOSE_STYLE}">Close<span aria-hidden="true"> ×</span></button>'
        f'<p style="margin:0 0 .5rem;font-weight:bold">sitegen: the last rebuild failed '
        f"({count} problem{'s' if count != 1 else ''}); showing the last good build. "
        f'Fix the file and save to retry.</p><ol style="margin:0;padding-left:1.5rem">'
        f"{items}</ol></div>{_DISMISS % json.dumps(OVERLAY_ID)}"
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
