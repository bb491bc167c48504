"""Jinja's i18n extension wired to sitegen's languages: ``{% trans %}``, ``_()``, ``| digits``.

The catalogue is picked per page, from the language of the page's ``site`` view, so one
environment renders the pages of every language of a site. Strings are new-style gettext
(``_("page %(number)s", number=n)``). Translations are text, escaped like any other value
(a site's ``labels:`` cannot inject markup); a literal ``%`` in one is written ``%%``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from sitegen.i18n.locale import Lang

EXTENSION = "jinja2.ext.i18n"


def install(env: Environment, langs: Mapping[str, Lang]) -> None:
    """Give ``env`` gettext callables and the ``digits`` filter for ``langs`` (by code); a
    page in a language without an entry shows English and Latin digits."""

    def lang_of(context: Context) -> Lang | None:
        site = context.get("site")
        return langs.get(site.get("language", "")) if isinstance(site, dict) else None

    @pass_context
    def gettext(context: Context, message: str) -> Markup:
        lang = lang_of(context)
        return escape(lang.gettext(message) if lang else message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
        lang = lang_of(context)
        if lang is None:
            return escape(singular if n == 1 else plural)
        return escape(lang.catalogue.ngettext(singular, plural, n))

    @pass_context
    def digits(context: Context, value: Any) -> str:
        lang = lang_of(context)
        return lang.number_text(str(value)) if lang else str(value)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )
    env.filters["digits"] = digits
