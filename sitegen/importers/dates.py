"""Dates as other generators accept them, read into timezone-aware datetimes.

Hugo and Jekyll take more forms than ISO 8601: one-digit hours (``2016-01-05 9:00:06``), offsets
without a colon or minutes (``-0400``, ``-4``), dates without zero padding (``2015-5-1``), TOML
date values. Each is read here once; the importer then writes canonical ISO 8601 with an offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

_LOOSE = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
    \s*(?P<tz>Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")


def parse_loose(value: object, tz: tzinfo) -> datetime | None:
    """A datetime from a front-matter value; naive values take ``tz``; None if not a date."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        found = _from_text(value)
        if found is None:
            return None
        parsed = found
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _from_text(text: str) -> datetime | None:
    match = _LOOSE.match(text)
    if not match:
        return None
    g = match.groupdict()
    try:
        parsed = datetime(
            int(g["y"]),
            int(g["m"]),
            int(g["d"]),
            int(g["H"] or 0),
            int(g["M"] or 0),
            int(g["S"] or 0),
            int((g["f"] or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return None
    offset = _offset(g["tz"])
    return parsed.replace(tzinfo=offset) if offset is not None else parsed


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    if delta > timedelta(hours=14):
        return None
    return timezone(sign * delta)


def date_from_filename(stem: str) -> tuple[date, str] | None:
    """``2014-3-9-hello`` -> (2014-03-09, ``hello``): Jekyll's post naming, padded or not."""
    match = _FILE_DATE.match(stem)
    if not match:
        return None
    try:
        when = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return when, match[4]


def iso(value: datetime) -> str:
    """Canonical ISO 8601 with an offset, to the second (what sitegen writes)."""
    return value.replace(microsecond=0).isoformat()
