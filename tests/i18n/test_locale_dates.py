"""Dates and digits from CLDR, in the site's timezone, whatever the machine's locale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sitegen.config import SiteConfig
from sitegen.i18n.locale import Lang, site_lang

NOON = datetime(2021, 1, 14, 11, 20, tzinfo=timezone(timedelta(hours=3)))


def _lang(tmp_path: Path, **settings: Any) -> Lang:
    config = SiteConfig(title="T", base_url="https://e.org/", timezone="Asia/Baghdad", **settings)
    return site_lang(config, tmp_path)


@pytest.mark.parametrize(
    ("settings", "day", "day_time", "month"),
    [
        ({}, "14 January 2021", "14 January 2021, 11:20", "January 2021"),
        (
            {"language": "ckb"},
            "١٤ی کانوونی دووەمی ٢٠٢١",
            "١٤ی کانوونی دووەمی ٢٠٢١ ١١:٢٠ ب.ن",
            "٢٠٢١ کانوونی دووەم",
        ),
        (
            {"language": "ar", "locale": "ar_IQ"},
            "١٤ كانون الثاني ٢٠٢١",
            "١٤ كانون الثاني ٢٠٢١، ١١:٢٠ ص",
            "كانون الثاني ٢٠٢١",
        ),
        ({"language": "ar"}, "14 يناير 2021", "14 يناير 2021، 11:20 ص", "يناير 2021"),
        (
            {"language": "ckb", "digits": "latn"},
            "14ی کانوونی دووەمی 2021",
            "14ی کانوونی دووەمی 2021 11:20 ب.ن",
            "2021 کانوونی دووەم",
        ),
    ],
)
def test_dates_follow_the_locale_and_its_digits(
    tmp_path: Path, settings: dict[str, str], day: str, day_time: str, month: str
) -> None:
    lang = _lang(tmp_path, **settings)
    assert lang.day(NOON) == day
    assert lang.day_time(NOON) == day_time
    assert lang.month_title("2021-01") == month


def test_times_are_shown_in_the_site_timezone(tmp_path: Path) -> None:
    late = datetime(2021, 1, 14, 22, 30, tzinfo=UTC)  # 01:30 on the 15th in Baghdad
    assert _lang(tmp_path).day_time(late) == "15 January 2021, 01:30"


def test_numbers_take_the_digits_without_grouping(tmp_path: Path) -> None:
    assert _lang(tmp_path, language="ckb").number(2021) == "٢٠٢١"
    assert _lang(tmp_path, language="ckb", digits="arabext").number(12) == "۱۲"
    assert _lang(tmp_path).number(2021) == "2021"


def test_an_unknown_locale_is_refused_by_the_config() -> None:
    with pytest.raises(ValueError, match="not a locale CLDR knows"):
        SiteConfig(title="T", base_url="https://e.org/", locale="xx_YY")
