"""Human dates for pages, independent of the machine's locale (English month names)."""

from __future__ import annotations

from datetime import datetime

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_day(value: datetime) -> str:
    """``Sunday 29 November 2026``."""
    return f"{WEEKDAYS[value.weekday()]} {day(value)}"


def day(value: datetime) -> str:
    """``14 January 2021``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def day_time(value: datetime) -> str:
    """``14 January 2021, 11:20``, in the value's own (site) timezone."""
    return f"{day(value)}, {value.hour:02d}:{value.minute:02d}"


def time(value: datetime) -> str:
    """``11:20``, in the value's own (site) timezone."""
    return f"{value.hour:02d}:{value.minute:02d}"


def month_title(key: str) -> str:
    """``2021-01`` -> ``January 2021``."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def iso(value: datetime) -> str:
    """ISO 8601 with the UTC offset, for ``<time datetime>`` and structured data."""
    return value.isoformat(timespec="seconds")
