"""Dates and digits in the reader's language, from Babel's CLDR data, in the site's timezone.

The machine's locale never matters: the output is the same whatever ``LANG`` the build runs
under. English keeps the day-month-year order sitegen always printed (``14 January 2021``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time

from sitegen.i18n.catalogues import Catalogue, candidates, load_catalogue

if TYPE_CHECKING:
    from sitegen.config import SiteConfig

DIGITS = {
    "latn": "0123456789",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}
"""The digits of each numbering system sitegen writes (CLDR's names for them)."""
DEFAULT_LOCALES = {"en": "en_GB"}
"""CLDR locale used for a bare language tag whose CLDR default would change today's output."""
FALLBACK_LOCALE = "en_GB"


@cache
def cldr_locale(identifier: str) -> Locale:
    """The CLDR locale of ``identifier`` (``ckb``, ``ar_IQ``, ``en-GB``); raise ValueError when
    CLDR does not know it."""
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"{identifier!r} is not a locale CLDR knows (e.g. ckb, ar_IQ)") from exc


def locale_for(language: str, explicit: str | None) -> Locale:
    """The CLDR locale of a site language: ``explicit`` (the ``locale:`` setting), else the
    language tag itself, else its base language; British English for a language CLDR does not
    know (as sitegen printed dates before)."""
    if explicit:
        return cldr_locale(explicit)
    for name in candidates(language):
        try:
            return cldr_locale(DEFAULT_LOCALES.get(name, name))
        except ValueError:
            continue
    return cldr_locale(FALLBACK_LOCALE)


@dataclass(frozen=True)
class Lang:
    """One interface language: its words (:class:`Catalogue`), dates, digits and timezone."""

    code: str
    """BCP 47 tag (``ckb``), as in ``<html lang>``."""
    locale: Locale
    digits: str
    """The numbering system (``latn``, ``arab``, ``arabext``)."""
    tz: ZoneInfo
    catalogue: Catalogue

    @property
    def digest(self) -> str:
        """What pages show in this language, besides its catalogue."""
        return f"{self.catalogue.digest}:{self.locale}:{self.digits}:{self.tz.key}"

    def gettext(self, message: str) -> str:
        """``message`` translated (English when the catalogue lacks it)."""
        return self.catalogue.gettext(message)

    def number(self, value: int | str) -> str:
        """An integer (page number, year) in the language's digits, without grouping."""
        return self.number_text(str(value))

    def day(self, value: datetime) -> str:
        """``14 January 2021`` / ``١٤ی کانوونی دووەمی ٢٠٢١``, in the site's timezone."""
        return self.number_text(format_date(self._local(value), "long", locale=self.locale))

    def day_time(self, value: datetime) -> str:
        """The day and the time of day, joined as the locale joins them."""
        local = self._local(value)
        day = format_date(local, "long", locale=self.locale)
        time = format_time(local, "short", locale=self.locale)
        pattern = str(self.locale.datetime_formats["medium"])
        return self.number_text(pattern.replace("{1}", day).replace("{0}", time))

    def weekday_day(self, value: datetime) -> str:
        """``Sunday, 29 November 2026`` (the front page's date), in the site's timezone."""
        return self.number_text(format_date(self._local(value), "full", locale=self.locale))

    def time(self, value: datetime) -> str:
        """The time of day (``11:20``), in the site's timezone."""
        return self.number_text(format_time(self._local(value), "short", locale=self.locale))

    def month_title(self, key: str) -> str:
        """``2021-01`` -> ``January 2021`` in the language."""
        year, month = (int(part) for part in key.split("-"))
        first = datetime(year, month, 1)
        return self.number_text(format_skeleton("yMMMM", first, locale=self.locale))

    def number_text(self, text: str) -> str:
        """``text`` with its ASCII digits written in the language's digits."""
        return text if self.digits == "latn" else text.translate(_TABLES[self.digits])

    def _local(self, value: datetime) -> datetime:
        return value.astimezone(self.tz) if value.tzinfo else value


_TABLES = {name: str.maketrans("0123456789", digits) for name, digits in DIGITS.items()}


def resolve_digits(setting: str, locale: Locale) -> str:
    """The numbering system of the ``digits:`` setting: ``locale`` takes CLDR's default for the
    locale (``arab`` for ``ckb``), falling back to Latin digits for systems sitegen lacks."""
    if setting != "locale":
        return setting
    system = str(locale.default_numbering_system)
    return system if system in DIGITS else "latn"


def site_lang(config: SiteConfig, root: Path, code: str | None = None) -> Lang:
    """The interface language ``code`` (default: the site's), as ``sitegen.yaml`` sets it;
    ``locale:`` and ``labels:`` apply to the site's language only, a ``languages:`` entry's
    ``locale`` to its language. Raise ProblemsFound for a
    site catalogue that cannot be read."""
    code = code or config.language
    own = code == config.language
    entry = next((lang for lang in config.languages if lang.code == code), None)
    locale = locale_for(code, (entry.locale if entry else None) or (config.locale if own else None))
    catalogue = load_catalogue(root, code, config.labels if own else {})
    digits = resolve_digits(config.digits, locale)
    return Lang(code, locale, digits, config.tz, catalogue)


def autonym(language: str) -> str:
    """A language's name in itself (``کوردیی ناوەندی``, ``العربية``, ``English``), for a
    language switcher; the tag itself when CLDR does not know the language."""
    try:
        return str(cldr_locale(candidates(language)[-1]).get_display_name())
    except ValueError:
        return language


def interface_languages(graph_language: str, article_languages: Iterable[str | None]) -> list[str]:
    """The interface languages of a site's pages: its own, then its articles' others, sorted."""
    others = {code for code in article_languages if code} - {graph_language}
    return [graph_language, *sorted(others)]


def known_language(language: str) -> bool:
    """Whether CLDR knows the language of tag ``language`` (``ckb``, ``ar-IQ``; not ``xx``)."""
    try:
        cldr_locale(candidates(language)[-1])
    except ValueError:
        return False
    return True
