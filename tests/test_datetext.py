"""Front-matter dates in every form YAML 1.1, Hugo and Jekyll accept name the right instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.text.datetext import parse_datetime

BAGHDAD = ZoneInfo("Asia/Baghdad")
MINUS_4 = timezone(timedelta(hours=-4))
INSTANT = datetime(2016, 1, 5, 9, 0, 6, tzinfo=MINUS_4)
"""2016-01-05 09:00:06 at -04:00, the instant most rows below name."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1 timestamps (https://yaml.org/type/timestamp.html)
        ("2016-01-05 9:00:06 -0400", INSTANT),  # one-digit hour, as Hugo writes it
        ("2016-01-05 09:00:06 -0400", INSTANT),
        ("2016-01-05 09:00:06 -04:00", INSTANT),
        ("2016-01-05 09:00:06 -4", INSTANT),
        ("2016-01-05 09:00:06-04:00", INSTANT),
        ("2016-01-05T09:00:06-04:00", INSTANT),
        ("2016-01-05t09:00:06-04:00", INSTANT),  # lower-case t
        ("2016-01-05\t09:00:06\t-04:00", INSTANT),
        ("2016-1-5 9:00:06 -0400", INSTANT),  # one-digit month and day
        ("2016-01-05T13:00:06Z", INSTANT),
        ("2016-01-05T13:00:06z", INSTANT),
        ("2016-01-05 13:00:06 UTC", INSTANT),
        ("2016-01-05T13:00:06.000Z", INSTANT),
        ("2016-01-05 09:00:06.5 -0400", INSTANT + timedelta(milliseconds=500)),
        ("2016-01-05 09:00:06.123456789 -0400", INSTANT + timedelta(microseconds=123456)),
        # Go's time.String(), which Hugo reads: an offset and the zone's name
        ("2016-01-05 09:00:06 -0400 EDT", INSTANT),
        # without seconds
        ("2016-01-05T09:00-04:00", INSTANT - timedelta(seconds=6)),
        ("2016-01-05 9:00 -0400", INSTANT - timedelta(seconds=6)),
        # RFC 1123 / 822, as RSS and e-mail write them (Hugo and Jekyll read them)
        ("Tue, 05 Jan 2016 09:00:06 -0400", INSTANT),
        ("05 Jan 2016 13:00:06 GMT", INSTANT),
        # basic ISO 8601 (no separators)
        ("20160105T090006-0400", INSTANT),
    ],
)
def test_forms_with_an_offset(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text, BAGHDAD)
    assert parsed == expected
    assert parsed.tzinfo is BAGHDAD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-01-05", datetime(2016, 1, 5)),
        ("2016-1-5", datetime(2016, 1, 5)),
        ("2016-01-05 09:00:06", datetime(2016, 1, 5, 9, 0, 6)),
        ("2016-01-05 9:00:06", datetime(2016, 1, 5, 9, 0, 6)),
        ("2016-01-05T09:00:06", datetime(2016, 1, 5, 9, 0, 6)),
        ("2016-01-05 09:00", datetime(2016, 1, 5, 9, 0)),
        ("2016-01-05t9:00", datetime(2016, 1, 5, 9, 0)),
    ],
)
def test_forms_without_an_offset_take_the_site_timezone(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text, BAGHDAD)
    assert parsed == expected.replace(tzinfo=BAGHDAD)
    assert parsed.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    "text",
    [
        "2016-13-05",
        "2016-01-32",
        "2016-01-05 25:00:00",
        "2016-01-05 09:60",
        "2016-01-05 09:00:06 +2500",
        "2016-01-05 9",
        "16-01-05",
        "05/01/2016",
        "January 5th",
        "Tue, 35 Jan 2016 09:00:06 -0400",
        "tomorrow",
    ],
)
def test_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_datetime(text, BAGHDAD)


def test_aware_datetime_values_are_converted() -> None:
    value = datetime(2016, 1, 5, 13, 0, 6, tzinfo=UTC)
    assert parse_datetime(value, BAGHDAD) == INSTANT
