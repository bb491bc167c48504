"""The ``languages:`` of a multilingual site: one entry per language, each under its URL prefix.

A site without ``languages:`` is a one-language site (``language:``) and keeps its URLs. With
them, ``language:`` names the default language (its pages at ``/`` unless its ``prefix`` says
otherwise, and the ``x-default`` of every ``hreflang`` set); the others live under ``/<code>/``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sitegen.errors import Problem

LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_PREFIX = re.compile(r"^/([a-z0-9][a-z0-9-]*/)?$")


class LanguageConfig(BaseModel):
    """One language of a multilingual site."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    code: str = Field(pattern=LANGUAGE_TAG)
    """BCP 47 tag (``en``, ``ckb``, ``ar``): ``<html lang>``, ``hreflang``, feeds' language."""
    name: str = ""
    """The language's name in the language switcher; default: its name in itself (CLDR)."""
    direction: Literal["ltr", "rtl", "auto"] = "auto"
    """Text direction of its pages; ``auto`` picks ``rtl`` for ar, ckb, fa, he..."""
    prefix: str | None = None
    """URL prefix of its pages, ``/`` or ``/<word>/``; default: ``/`` for the site's
    ``language``, ``/<code>/`` for the others."""
    locale: str | None = None
    """CLDR locale of its dates and numbers (``ar_IQ`` for Iraqi month names); default: from
    ``code`` (the site's ``locale:`` for the default language)."""
    title: str | None = None
    """The site's name on this language's pages (default: ``title``)."""
    description: str | None = None
    """The site's description on this language's pages (default: ``description``)."""

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        from sitegen.i18n.locale import known_language  # Babel is only loaded when it is used

        if not known_language(value):
            raise ValueError(f"{value!r} is not a language CLDR knows (expected e.g. en, ckb, ar)")
        return value

    @field_validator("locale")
    @classmethod
    def _check_locale(cls, value: str | None) -> str | None:
        return check_locale(value)

    @field_validator("prefix")
    @classmethod
    def _check_prefix(cls, value: str | None) -> str | None:
        if value is not None and not _PREFIX.match(value):
            raise ValueError(f"{value!r} is not a URL prefix (expected / or /word/, e.g. /ckb/)")
        return value


def check_locale(value: str | None) -> str | None:
    """``value`` when it is a locale CLDR knows (or None); ValueError otherwise."""
    if value is not None:
        from sitegen.i18n.locale import cldr_locale  # Babel is only loaded when it is used

        cldr_locale(value)
    return value


def prefix_of(language: LanguageConfig, default: str) -> str:
    """The site-relative path prefix of a language: ``''`` or ``ckb/``."""
    if language.prefix is not None:
        return language.prefix.lstrip("/")
    return "" if language.code == default else f"{language.code}/"


def language_problems(
    languages: list[LanguageConfig],
    default: str,
    section_names: list[dict[str, str]],
    lines: dict[str, int],
    file: str,
) -> list[Problem]:
    """Duplicate codes and prefixes, a default language that is not listed, and section names
    or descriptions in a language that is not listed, each at its line of ``file``."""
    if not languages:
        return []
    problems = []
    codes: set[str] = set()
    prefixes: dict[str, str] = {}
    for index, language in enumerate(languages):
        where = f"languages.{index}"
        if language.code in codes:
            message = f"language {language.code!r} is listed twice"
            problems.append(Problem(file, lines.get(f"{where}.code"), f"{where}.code", message))
        codes.add(language.code)
        prefix = prefix_of(language, default)
        other = prefixes.setdefault(prefix, language.code)
        if other != language.code:
            problems.append(
                Problem(
                    file,
                    lines.get(f"{where}.prefix") or lines.get(f"{where}.code"),
                    f"{where}.prefix",
                    f"prefix '/{prefix}' is already the prefix of {other!r}",
                    "give each language its own prefix",
                )
            )
    if default not in codes:
        problems.append(
            Problem(
                file,
                lines.get("language") or lines.get("languages"),
                "language",
                f"{default!r} (the default language) is not one of 'languages:'",
                f"expected one of {', '.join(sorted(codes))}",
            )
        )
    for index, names in enumerate(section_names):
        for code in names:
            if code not in codes:
                field = "names" if f"sections.{index}.names.{code}" in lines else "descriptions"
                where = f"sections.{index}.{field}.{code}"
                problems.append(
                    Problem(
                        file,
                        lines.get(where) or lines.get(f"sections.{index}.{field}"),
                        where,
                        f"{code!r} is not one of 'languages:'",
                        f"expected one of {', '.join(sorted(codes))}",
                    )
                )
    return problems
