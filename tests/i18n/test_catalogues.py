"""sitegen's own catalogues: complete for ckb and ar, in step with the code, overridable."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sitegen.errors import ProblemsFound
from sitegen.i18n.catalogues import DOMAIN, LOCALE_DIR, load_catalogue

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("ckb", "ar")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _pot_ids() -> set[str]:
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as file:
        return {m.id for m in read_po(file) if m.id}


def test_the_template_catalogue_holds_every_string_of_the_code_and_theme() -> None:
    """``make i18n`` was run: what the code and theme translate is what the .pot lists."""
    method_map = [("sitegen/**.py", "python"), ("sitegen/theme/templates/**.html", "jinja2")]
    found = {
        message if isinstance(message, str) else message[0]
        for _f, _l, message, _c, _x in extract_from_dir(str(REPO), method_map)
    }
    assert found == _pot_ids()
    assert {"Related Posts", "Previous Article", "Page not found", "Skip to content"} <= found


@pytest.mark.parametrize("language", SHIPPED)
def test_shipped_catalogues_are_complete_and_keep_their_placeholders(language: str) -> None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    assert set(translated) == _pot_ids()
    for msgid, text in translated.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        assert not re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", text).replace("sitegen", "")), (
            f"{language}: {msgid!r} -> {text!r} keeps English words"
        )


def test_a_site_catalogue_and_labels_override_the_shipped_words(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "ckb" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "sitegen.po").write_text(
        'msgid "Related Posts"\nmsgstr "هەواڵی پەیوەندیدار"\n\nmsgid "Latest"\nmsgstr "تازەترین"\n',
        encoding="utf-8",
    )
    catalogue = load_catalogue(tmp_path, "ckb", {"Latest": "دوایین"})
    assert catalogue.gettext("Related Posts") == "هەواڵی پەیوەندیدار"
    assert catalogue.gettext("Latest") == "دوایین"  # labels: win over the site's catalogue
    assert catalogue.gettext("Next Article") == "بابەتی دواتر"  # the shipped translation
    assert catalogue.gettext("Not a string of the theme") == "Not a string of the theme"
    plain = load_catalogue(tmp_path, "ckb", {})
    assert catalogue.digest != plain.digest


def test_a_language_without_a_catalogue_shows_english(tmp_path: Path) -> None:
    catalogue = load_catalogue(tmp_path, "fa", {})
    assert catalogue.gettext("Related Posts") == "Related Posts"
    assert catalogue.messages == {}


def test_a_region_tag_uses_the_language_catalogue(tmp_path: Path) -> None:
    assert load_catalogue(tmp_path, "ar-IQ", {}).gettext("Related Posts") == "مقالات ذات صلة"


def test_a_broken_site_catalogue_is_a_problem_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "sitegen.po").write_text('msgid "Latest"\nmsgstr "الأحدث"\nmsgid\n', "utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_catalogue(tmp_path, "ar", {})
    problem = caught.value.problems[0]
    assert problem.file == "locale/ar/LC_MESSAGES/sitegen.po"
    assert "not a valid catalogue" in problem.message


def test_arabic_plurals_follow_the_arabic_rule(tmp_path: Path) -> None:
    po = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
        'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"\n\n'
    )
    assert read_po(BytesIO(po.encode())) is not None
    catalogue = load_catalogue(tmp_path, "ar", {})
    assert catalogue.translations.plural(11) == 4 and catalogue.translations.plural(2) == 2
