"""Dates are parsed once, at load, into aware values in the site timezone; metadata rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from sitegen.content.models import ArticleMeta
from sitegen.text.datetext import parse_datetime

BAGHDAD = ZoneInfo("Asia/Baghdad")
AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("2021-01-14", BAGHDAD, datetime(2021, 1, 14, 0, 0, tzinfo=BAGHDAD)),
        ("2021-01-14T11:20:00", BAGHDAD, datetime(2021, 1, 14, 11, 20, tzinfo=BAGHDAD)),
        ("2021-01-14 11:20", BAGHDAD, datetime(2021, 1, 14, 11, 20, tzinfo=BAGHDAD)),
        ("2021-01-14T08:20:00Z", BAGHDAD, datetime(2021, 1, 14, 11, 20, tzinfo=BAGHDAD)),
        ("2021-01-14T11:20:00+03:00", AUCKLAND, datetime(2021, 1, 14, 21, 20, tzinfo=AUCKLAND)),
        (date(2021, 1, 14), BAGHDAD, datetime(2021, 1, 14, tzinfo=BAGHDAD)),
        (
            datetime(2021, 1, 14, 8, 20, tzinfo=UTC),
            BAGHDAD,
            datetime(2021, 1, 14, 11, 20, tzinfo=BAGHDAD),
        ),
        ("  2021-07-01  ", AUCKLAND, datetime(2021, 7, 1, tzinfo=AUCKLAND)),
    ],
)
def test_parse_datetime(value: object, tz: ZoneInfo, expected: datetime) -> None:
    parsed = parse_datetime(value, tz)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()
    assert parsed.tzinfo is tz


@pytest.mark.parametrize(
    "value", ["2021-13-14", "14/01/2021", "yesterday", "", 20210114, None, [2021]]
)
def test_parse_datetime_rejects(value: object) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_datetime(value, BAGHDAD)


def test_auckland_daylight_saving_offsets() -> None:
    assert parse_datetime("2021-01-14", AUCKLAND).utcoffset() == timedelta(hours=13)
    assert parse_datetime("2021-07-14", AUCKLAND).utcoffset() == timedelta(hours=12)


def _meta(**fields: Any) -> ArticleMeta:
    data = {"title": "A headline", "date": "2021-01-14", **fields}
    return ArticleMeta.model_validate(data, context={"tz": BAGHDAD})


def test_article_date_uses_the_context_timezone() -> None:
    assert _meta().date == datetime(2021, 1, 14, tzinfo=BAGHDAD)


@pytest.mark.parametrize(
    ("fields", "loc", "fragment"),
    [
        ({"title": ""}, ("title",), "at least 1 character"),
        ({"date": "2021-13-14"}, ("date",), "'2021-13-14' is not a date"),
        ({"slug": "Not A Slug"}, ("slug",), "is not a slug"),
        ({"related": ["ok", "Bad Slug"]}, ("related", 1), "is not a slug"),
        ({"tags": ["iraq", " "]}, ("tags",), "must not be empty"),
        ({"author": "A", "authors": ["B"]}, (), "either 'author' or 'authors'"),
        ({"updated": "2021-01-13"}, (), "'updated' must not be before 'date'"),
        ({"colour": "red"}, ("colour",), "Extra inputs are not permitted"),
        ({"draft": "maybe"}, ("draft",), "valid boolean"),
    ],
)
def test_article_meta_rejects(fields: dict[str, Any], loc: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        _meta(**fields)
    errors = info.value.errors()
    assert any(tuple(e["loc"]) == loc and fragment in e["msg"] for e in errors), errors
