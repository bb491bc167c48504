"""Machine-readable dates; the dates readers see come from :mod:`sitegen.i18n.locale`."""

from __future__ import annotations

from datetime import datetime


def iso(value: datetime) -> str:
    """ISO 8601 with the UTC offset, for ``<time datetime>`` and structured data."""
    return value.isoformat(timespec="seconds")
