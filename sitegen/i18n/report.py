"""What ``sitegen check`` says about the interface language: strings shown in English for want
of a translation, and ``labels:`` that name no string."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sitegen.config import CONFIG_FILE, SiteConfig, setting_line
from sitegen.errors import Problem
from sitegen.i18n.catalogues import (
    DOMAIN,
    LOCALE_DIR,
    SITE_LOCALE_DIR,
    SOURCE_LANGUAGE,
    candidates,
    load_catalogue,
)

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
"""The functions templates translate with (Jinja's i18n extension)."""


def interface_strings(root: Path) -> list[str]:
    """Every msgid the site can show: sitegen's own (its ``.pot``) and those of the site's
    templates (extracted from ``templates/`` as ``make i18n`` extracts the theme's)."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as file:
        found = {_singular(m.id) for m in read_po(file) if m.id}
    templates = root / "templates"
    if templates.is_dir():
        method_map = [("**.html", "jinja2"), ("**.xml", "jinja2")]
        try:
            for _file, _line, message, _comments, _context in extract_from_dir(
                str(templates), method_map, keywords=KEYWORDS
            ):
                found.add(_singular(message))
        except Exception:  # a template Jinja cannot parse: the build reports it at its line
            pass
    return sorted(found)


def translation_warnings(root: Path, config: SiteConfig) -> list[Problem]:
    """A warning per interface string shown in English on a site in another language, and per
    ``labels:`` key that is no interface string."""
    strings = interface_strings(root)
    problems = []
    for key in sorted(set(config.labels) - set(strings)):
        line = setting_line(root, ("labels", key))
        message = f"{key!r} is not an interface string of the theme or the site's templates"
        hint = "copy the English text exactly as sitegen/i18n/locale/sitegen.pot has it"
        problems.append(Problem(CONFIG_FILE, line, f"labels.{key}", message, hint))
    if candidates(config.language)[-1] == SOURCE_LANGUAGE:
        return problems
    catalogue = load_catalogue(root, config.language, config.labels)
    where = f"{SITE_LOCALE_DIR}/{config.language}/LC_MESSAGES/{DOMAIN}.po"
    for msgid in strings:
        if msgid not in catalogue.messages:
            message = f"no {config.language} translation of {msgid!r}: pages show it in English"
            hint = f"add it to {where} or under 'labels:' in {CONFIG_FILE}"
            problems.append(Problem(where, None, None, message, hint))
    return problems


def _singular(message: str | tuple[str, ...] | list[str]) -> str:
    return message if isinstance(message, str) else message[0]
