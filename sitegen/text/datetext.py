"""Front-matter dates: the forms YAML 1.1, Hugo and Jekyll accept, read into aware datetimes.

Content imported from other generators writes dates many ways (``2016-01-05 9:00:06 -0400``,
``2016-01-05T09:00:06-04:00``, ``2016-1-5``, ``Tue, 05 Jan 2016 09:00:06 -0400``); all of them
name one instant, so all are read. A date without an offset is read in the site's timezone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

DATE_HINT = "expected YYYY-MM-DD, or ISO 8601 such as 2021-01-14T10:30:00+03:00"

_DATE_TIME = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:
        (?:[Tt]|[ \t]+)
        (?P<hour>\d{1,2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
        (?:[ \t]*(?P<zone>[Zz]|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)
            (?:[ \t]+[A-Z]{2,5})?  # Go's time.String() adds the zone's name: "-0700 MST"
        )?
    )?
    """,
    re.VERBOSE,
)
"""YAML 1.1's timestamp (one-digit month, day and hour; ``t`` or blanks before the time; blanks
before the offset), widened as Hugo reads dates: seconds optional, offsets ``-04``, ``-0400``,
``-04:00``."""

_RFC_2822 = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s")
"""The start of an e-mail style date (``Tue, 05 Jan 2016 09:00:06 -0400``, RFC 822/1123)."""


def parse_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A timezone-aware datetime from front matter; bare dates and naive times take ``tz``."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        found = _parse_text(value.strip())
        if found is None:
            raise ValueError(f"{value!r} is not a date ({DATE_HINT})")
        parsed = found
    else:
        raise ValueError(f"{value!r} is not a date ({DATE_HINT})")
    try:
        local = parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed.astimezone(tz)
        inside = EARLIEST <= local <= LATEST
    except OverflowError:  # no such instant in the site timezone
        inside = False
    if not inside:
        text = value if isinstance(value, str) else parsed.isoformat()
        raise ValueError(f"{text!r} is out of range ({DATE_RANGE})")
    return local


MARGIN = timedelta(days=7)
"""How far dates must stay from the first and last instants Python can hold: they are shown in
UTC and in the site timezone, and moved by up to 48 hours (the news sitemap's window)."""
EARLIEST = datetime.min.replace(tzinfo=UTC) + MARGIN
LATEST = datetime.max.replace(tzinfo=UTC) - MARGIN
DATE_RANGE = "expected a time between 0001-01-08 and 9999-12-24 UTC"


def _parse_text(text: str) -> datetime | None:
    match = _DATE_TIME.fullmatch(text)
    try:
        if match:
            return _from_match(match)
        if _RFC_2822.match(text + " "):
            return parsedate_to_datetime(text)
        return datetime.fromisoformat(text)  # the remaining ISO 8601 forms (basic, week dates)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None  # a form that matched but names no real day or time (month 13, 25:00)


def _from_match(match: re.Match[str]) -> datetime:
    part = match.groupdict()
    fraction = (part["fraction"] or "")[:6].ljust(6, "0")
    return datetime(
        int(part["year"]),
        int(part["month"]),
        int(part["day"]),
        int(part["hour"] or 0),
        int(part["minute"] or 0),
        int(part["second"] or 0),
        int(fraction),
        _zone(part["zone"]),
    )


def _zone(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text in ("Z", "z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
