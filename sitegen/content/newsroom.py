"""The newsroom's front-matter fields beyond the story itself: corrections and updates, the
article's type and the roles on its byline.

``corrections:`` and ``updates:`` are lists of dated notes; each becomes a :class:`Notice`
record (its text as plain text and as inline HTML, from Markdown) on the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from sitegen.i18n.catalogues import N_
from sitegen.text.datetext import parse_datetime


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


ArticleType = Literal["news", "opinion", "analysis", "review", "live"]
"""What kind of journalism an article is (``type:``)."""
TYPE_LABELS: dict[str, str] = {
    "news": "",
    "opinion": N_("Opinion"),
    "analysis": N_("Analysis"),
    "review": N_("Review"),
    "live": N_("Live"),
}
"""The label shown above the headline and on cards ("" for plain news: no label)."""
SCHEMA_TYPES: dict[str, str] = {
    "news": "NewsArticle",
    "opinion": "OpinionNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "review": "ReviewNewsArticle",
    "live": "LiveBlogPosting",
}
"""The schema.org type of each article type's structured data."""

Role = Literal[
    "reporting", "writing", "photos", "video", "graphics", "editing", "additional-reporting"
]
"""What a person on the byline did."""
ROLE_CREDITS: dict[str, str] = {
    "": N_("By"),
    "reporting": N_("By"),
    "writing": N_("By"),
    "photos": N_("Photos by"),
    "video": N_("Video by"),
    "graphics": N_("Graphics by"),
    "additional-reporting": N_("Additional reporting by"),
    "editing": N_("Edited by"),
}
"""How the byline credits each role, in the byline's order of lines."""
AUTHOR_ROLES = frozenset({"", "reporting", "writing"})
"""Roles of the people structured data names as ``author`` (the others are ``contributor``,
and ``editing`` is ``editor``)."""


class BylineMeta(BaseModel):
    """One person on the byline with what they did: ``{name: Ava Karim, role: photos}``."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )

    name: str = Field(min_length=1)
    """The name as the author page and ``sitegen.yaml``'s ``authors:`` write it."""
    role: Role | None = None
    """What they did: reporting, writing, photos, video, graphics, editing,
    additional-reporting (default: the article's author)."""
