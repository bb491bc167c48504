"""The newsroom's front-matter fields beyond the story itself: corrections and updates.

``corrections:`` and ``updates:`` are lists of dated notes; each becomes a :class:`Notice`
record (its text as plain text and as inline HTML, from Markdown) on the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from sitegen.content.dates import parse_datetime


class NoticeMeta(BaseModel):
    """One correction or update as written in front matter."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    date: datetime
    """When the correction or update was made (a bare date or naive time: site timezone)."""
    text: str = Field(min_length=1)
    """What was corrected or what is new, in one or two sentences (inline Markdown)."""

    @field_validator("date", mode="before")
    @classmethod
    def _parse_date(cls, value: object, info: ValidationInfo) -> object:
        from zoneinfo import ZoneInfo

        tz = (info.context or {}).get("tz") or ZoneInfo("UTC")
        return parse_datetime(value, tz)


@dataclass(frozen=True, slots=True)
class Notice:
    """A correction or an update of a published article."""

    date: datetime
    text: str
    """Plain text (structured data, feeds)."""
    html: str
    """Inline HTML rendered from the text's Markdown (pages)."""

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.date, self.text, self.html)
