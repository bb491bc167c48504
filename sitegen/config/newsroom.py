"""The newsroom's settings in ``sitegen.yaml``: the breaking-news banner, the front page's
picks and date, the site's social links and copyright line (see docs/newsroom.md)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from sitegen.text.datetext import parse_datetime
from sitegen.validation import KeyValueError

_SITE_PATH = re.compile(r"^/[^\s\\]*$")


class _Strict(BaseModel):
    # deferred like sitegen.config's models: a rebuild reads the validated config from its cache
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def require_http_url(value: str) -> str:
    """An absolute http(s) URL, else a ValueError naming what was expected."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


_EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:.]+$")


def require_email(value: str) -> str:
    """An e-mail address (``name@host.tld``), else a ValueError."""
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (expected e.g. desk@example.org)")
    return value


def social_links(value: dict[str, str]) -> dict[str, str]:
    """Named profile links: every name non-empty, every link an absolute http(s) URL."""
    for name, url in value.items():
        if not str(name).strip():
            raise ValueError("a social link needs a name (e.g. Mastodon: https://...)")
        try:
            require_http_url(url)
        except ValueError:
            raise KeyValueError(
                name,
                f"{url!r} is not an absolute http(s) URL (expected e.g. "
                "https://mastodon.social/@desk)",
            ) from None
    return value


def localize(value: object, info: ValidationInfo) -> object:
    """A date of a nested setting read in the site's timezone (``timezone``, validated before
    the newsroom's settings); left as it is when it is no date, for the field to report."""
    name = info.data.get("timezone") if info.data else None
    try:
        return parse_datetime(value, ZoneInfo(name or "UTC"))
    except (ValueError, TypeError):
        return value


class BreakingConfig(_Strict):
    """A breaking-news banner on every page while it holds."""

    text: str = Field(min_length=1)
    """The banner's words, e.g. ``Polls have closed``."""
    link: str | None = None
    """Where the banner leads: a path on this site (``/2026/03/election-live/``) or an http(s)
    URL."""
    start: datetime | None = None
    """When the banner appears (default: at once)."""
    until: datetime
    """When it goes (required: a banner nobody takes down is worse than none)."""

    @field_validator("start", "until", mode="before")
    @classmethod
    def _parse(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value  # read in the site's timezone by SiteConfig (see localize)
        return parse_datetime(value, ZoneInfo("UTC"))

    @field_validator("link")
    @classmethod
    def _check_link(cls, value: str | None) -> str | None:
        if value is None or _SITE_PATH.match(value) and "/../" not in value + "/":
            return value
        try:
            return require_http_url(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is neither a path on this site (starting with '/') nor an "
                "absolute http(s) URL"
            ) from None

    @field_validator("until")
    @classmethod
    def _check_until(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise ValueError(f"{value.isoformat()} is not after start {start.isoformat()}")
        return value

    def holds(self, now: datetime) -> bool:
        """Whether the banner shows at ``now``."""
        return (self.start is None or self.start <= now) and now < self.until

    def view(self) -> dict[str, Any]:
        """The banner as templates show it (``link`` site-relative or absolute)."""
        link = self.link
        internal = link is not None and link.startswith("/")
        return {
            "text": self.text,
            "link": link.lstrip("/") if link is not None and internal else link,
            "internal": internal,
        }


def localize_breaking(value: object, info: ValidationInfo) -> object:
    """``breaking:`` with its bare dates read in the site's timezone."""
    if not isinstance(value, dict):
        return value
    return {k: localize(v, info) if k in ("start", "until") else v for k, v in value.items()}


class FrontPageConfig(_Strict):
    """The front page's furniture."""

    picks: list[str] = Field(default_factory=list)
    """Slugs of the editor's picks shown in the second column, in this order (articles with
    ``pick: true`` follow, newest first); without any, the newest article of each section."""
    picks_count: int = Field(default=5, ge=1, le=20)
    """How many articles the second column shows."""
    date: bool = True
    """Show today's date (the build's, in the site timezone) under the masthead; the output then
    changes at midnight, which ``sitegen next-change`` reports."""
