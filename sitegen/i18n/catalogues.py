"""The gettext catalogues of the interface: sitegen's own, the site's, and ``labels:``.

sitegen ships ``.po`` files only (``sitegen/i18n/locale/<lang>/LC_MESSAGES/sitegen.po``) and
compiles the one a build needs in memory: a fresh clone or an installed wheel works without a
compile step, and a ``.mo`` in the repository can never be older than its ``.po``. A site
overrides any string with its own catalogue (``locale/<lang>/LC_MESSAGES/sitegen.po``) or with
``labels:`` in ``sitegen.yaml``; what neither translates falls back to English (the msgid).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from sitegen.digests import digest
from sitegen.errors import Problem, ProblemsFound

DOMAIN = "sitegen"
"""The gettext domain of sitegen's messages (the catalogues' file name)."""
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""sitegen's own catalogues: ``<lang>/LC_MESSAGES/sitegen.po`` and the template ``sitegen.pot``."""
SITE_LOCALE_DIR = "locale"
"""A site's own catalogues, relative to its root, in the same layout."""
SOURCE_LANGUAGE = "en"
"""The language of the msgids: it needs no catalogue."""


def N_(message: str) -> str:  # noqa: N802 - gettext's name for the marker
    """Mark ``message`` for ``make i18n`` where it is defined (a table of labels); it is
    translated where it is shown, through the page's language."""
    return message


def candidates(language: str) -> list[str]:
    """Catalogue folders to try for a BCP 47 tag, most particular first: ``ckb-IQ`` ->
    ``ckb_IQ``, ``ckb``."""
    parts = language.replace("-", "_").split("_")
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def po_path(base: Path, language: str) -> Path | None:
    """The catalogue for ``language`` under ``base``, if there is one."""
    for name in candidates(language):
        path = base / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Catalogue:
    """The interface strings of one language, merged from every source, and their digest."""

    language: str
    translations: Translations
    messages: Mapping[str, str]
    """msgid -> translated text, for :mod:`sitegen.i18n.report` (plural messages by singular)."""
    digest: str
    """Digest of every source, so that editing a translation re-renders the pages."""

    def gettext(self, message: str) -> str:
        """``message`` in this language (English when it has no translation)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form for ``n``, by the language's plural rule."""
        return self.translations.ngettext(singular, plural, n)


def load_catalogue(root: Path, language: str, labels: Mapping[str, str]) -> Catalogue:
    """sitegen's catalogue for ``language``, then the site's, then ``labels`` (each overriding
    the ones before); raise :class:`ProblemsFound` for a site catalogue that is not valid."""
    sources: list[object] = [language, sorted(labels.items())]
    translations = _compiled(_empty(language))  # carries the language's plural rule
    messages: dict[str, str] = {}
    site_dir = root / SITE_LOCALE_DIR
    for base, shown in ((LOCALE_DIR, None), (site_dir, root)):
        path = po_path(base, language)
        if path is None:
            continue
        raw = path.read_bytes()
        sources.append(raw)
        catalog = _parse(raw, path, shown, language)
        messages.update(_translated(catalog))
        translations.merge(_compiled(catalog))
    if labels:
        catalog = Catalog(locale=None, domain=DOMAIN)
        for msgid, text in labels.items():
            catalog.add(msgid, text)
        messages.update(labels)
        translations.merge(_compiled(catalog))
    return Catalogue(language, translations, messages, digest(*sources))


def _empty(language: str) -> Catalog:
    for name in candidates(language):
        try:
            return Catalog(locale=name, domain=DOMAIN)
        except (UnknownLocaleError, ValueError):
            continue
    return Catalog(locale=SOURCE_LANGUAGE, domain=DOMAIN)


def _parse(raw: bytes, path: Path, root: Path | None, language: str) -> Catalog:
    try:
        return read_po(BytesIO(raw), locale=None, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        name = path.relative_to(root).as_posix() if root else str(path)
        line = getattr(exc, "lineno", None)
        hint = f"check the file with 'pybabel compile -l {language} -i {name} -o /dev/null'"
        problem = Problem(name, line, None, f"is not a valid catalogue: {exc}", hint)
        raise ProblemsFound([problem]) from None


def _translated(catalog: Catalog) -> dict[str, str]:
    found = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = message.string[0] if isinstance(message.string, tuple | list) else message.string
        if text:
            found[msgid] = text
    return found


def _compiled(catalog: Catalog) -> Translations:
    """A catalogue as gettext reads it (a ``.mo`` made in memory; fuzzy entries left out)."""
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)
