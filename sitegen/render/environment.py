"""The one Jinja environment: the site's templates over the default theme, autoescaped, strict."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    Environment,
    StrictUndefined,
    TemplateSyntaxError,
    nodes,
    select_autoescape,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup, escape

from sitegen.render import i18n
from sitegen.render.templatefiles import template_loader
from sitegen.text.textchars import strip_forbidden

if TYPE_CHECKING:
    from sitegen.i18n.locale import Lang

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
"""The default theme shipped inside the package (templates/ and static/)."""


def template_dirs(root: Path) -> list[Path]:
    """Search order: the site's own ``templates/`` (overrides), then the theme."""
    return [root / "templates", THEME_DIR / "templates"]


def escape_output(value: Any) -> str:
    """``markupsafe.escape`` for text written straight into a page, without making a ``Markup``.

    Every ``{{ value }}`` of an autoescaped template is escaped; markupsafe wraps each result in
    a ``Markup`` object (a Python-level constructor), which only matters where the result is
    used again, never for text already in the output. Same characters, same entities.
    """
    if type(value) is str:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return escape(value)


class _OutputCodeGenerator(CodeGenerator):
    """Compiles ``{{ value }}`` in autoescaped templates to :func:`escape_output`.

    Jinja documents ``code_generator_class`` for changing the code templates compile to; the
    hook overridden here is internal, so should a Jinja release rename it, templates simply
    compile to stock Jinja's ``escape`` again (slower, same output).
    """

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


_DICT_ATTRIBUTES = frozenset(dir(dict))
"""Names that ``x.name`` resolves to a dict method (``items``, ``get``...), as in stock Jinja."""


class _ViewDataEnvironment(Environment):
    """An environment that looks ``x.name`` up as a key first when ``x`` is a plain dict.

    View data is all plain dicts, and stock Jinja tries ``getattr`` first: for a dict key that
    raises and catches an ``AttributeError`` on every lookup, the largest single cost of rendering.
    Names of dict methods still go the stock way, so every template means what it did. Its
    templates also escape output with :func:`escape_output`.
    """

    code_generator_class = _OutputCodeGenerator
    escape_output = staticmethod(escape_output)

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Jinja's compile; a template nested too deeply for Jinja's recursive parser or for
        Python's compiler is a syntax error of that template, not a crash."""
        try:
            return super().compile(source, name, filename, *args, **kwargs)
        except (RecursionError, SyntaxError) as exc:
            message = "is nested too deeply to compile"
            raise TemplateSyntaxError(message, 1, name, filename) from exc

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_environment(
    dirs: list[Path],
    base_url: str,
    base_path: str,
    langs: Mapping[str, Lang] | None = None,
) -> Environment:
    """A Jinja environment with autoescaping on and undefined names raising.

    Templates are compiled in memory, for this environment only: compiled templates are code,
    and code read back from ``.sitegen/`` would run whatever a copied or tampered state folder
    holds (see docs/architecture.md, "State kept in .sitegen/"). ``langs`` are the site's
    interface languages by code (see :mod:`sitegen.render.i18n`); without them every page shows
    the theme's English.
    """
    env = _ViewDataEnvironment(
        loader=template_loader(dirs, THEME_DIR),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=[i18n.EXTENSION],
    )
    i18n.install(env, langs or {})
    env.globals["base_path"] = base_path
    env.globals["url"] = env.filters["url"] = lambda path: base_path + path
    env.globals["abs_url"] = env.filters["abs_url"] = lambda path: _absolute(base_url, path)
    env.filters["json_script"] = json_script
    env.filters["srcset"] = lambda entries: ", ".join(
        f"{base_path}{e['url']} {e['width']}w" for e in entries
    )
    return env


def _absolute(base_url: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else base_url + path


def json_script(value: Any) -> Markup:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` are escaped, so no value can close
    the element or open a comment, whatever a front-matter field contains."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = strip_forbidden(text)  # a lone surrogate could not even be written as UTF-8
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
