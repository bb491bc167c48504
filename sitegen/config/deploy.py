"""The deploy targets of ``sitegen.yaml``: where ``sitegen deploy NAME`` publishes the built site.

Each target is one typed model chosen by its ``type:`` (a discriminated union), with unknown keys
rejected. Credentials are deliberately not settable here: a config file gets committed and shared,
so S3 keys come only from the standard AWS sources (environment variables, a profile).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sitegen.validation import KeyValueError

_CREDENTIAL_KEY = re.compile(r"secret|password|passwd|token|access_key|credential", re.IGNORECASE)
_CREDENTIAL_HINT = (
    "credentials are never read from sitegen.yaml; set AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY in the environment or choose a profile with AWS_PROFILE "
    "(for git, use an SSH key or a credential helper)"
)
_REVALIDATE = "public, max-age=0, must-revalidate"
GIT_SCHEMES = frozenset({"https", "http", "ssh", "git+ssh", "ssh+git", "git", "file"})
"""URL schemes of git's built-in transports: the only ones a git target may use."""
_HELPER = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_REPO_FORMS = "an https:// or ssh:// URL, user@host:path, or a folder path"


class _Strict(BaseModel):
    # deferred like sitegen.config's models: a rebuild reads the validated config from its cache
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Target(_Strict):
    """Settings every target shares: how far a deploy may go in removing files."""

    delete: bool = True
    """Remove files from the target that are no longer in the built site."""
    max_deletes: int = Field(default=256, ge=0)
    """Refuse a deploy that would delete more files than this (a guard against a wrong target)."""

    @model_validator(mode="before")
    @classmethod
    def _no_credentials(cls, data: Any) -> Any:
        """Name a credential key explicitly instead of the generic 'not a known field'."""
        if isinstance(data, dict):
            for key in data:
                if _CREDENTIAL_KEY.search(str(key)):
                    raise KeyValueError(str(key), f"is not allowed: {_CREDENTIAL_HINT}")
        return data


class FolderTarget(_Target):
    """Mirror the built site into a folder (a web root, a mounted share)."""

    type: Literal["folder"]
    """Selects this kind of target."""
    path: str = Field(min_length=1)
    """Destination folder; relative paths are read from the site root, ``~`` is expanded."""


class GitTarget(_Target):
    """Commit the built site onto a branch of a git repository and push it (GitHub Pages)."""

    type: Literal["git"]
    """Selects this kind of target."""
    repo: str = Field(min_length=1)
    """Remote to push to: a URL, an scp-like address (``git@host:org/site.git``) or a path,
    relative to the site root; nothing git could run (see :func:`repo_problem`)."""
    branch: str = Field(default="gh-pages", pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    """Branch that receives one commit per deploy."""
    message: str = Field(default="Deploy site", min_length=1)
    """Commit message of each deploy commit."""
    author_name: str | None = None
    """Author of deploy commits; defaults to git's ``user.name``, else ``sitegen``."""
    author_email: str | None = None
    """Author e-mail of deploy commits; defaults to git's ``user.email``."""

    @field_validator("repo")
    @classmethod
    def _check_repo(cls, value: str) -> str:
        problem = repo_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("branch")
    @classmethod
    def _check_branch(cls, value: str) -> str:
        if ".." in value or value.endswith((".lock", "/", ".")):
            raise ValueError(f"{value!r} is not a valid branch name")
        return value


def repo_problem(repo: str) -> str | None:
    """What is wrong with a git target's ``repo``, or None when git may be given it.

    git reads a value starting with ``-`` as an option (``--upload-pack=...`` runs a command),
    ``<transport>::<address>`` picks a remote helper (``ext::`` runs a command), and any other
    URL scheme may name an installed helper; an ssh host or user starting with ``-`` becomes an
    ssh option. So only git's built-in transports are accepted: URLs, scp-like addresses
    (``user@host:path``) and local paths. The message never repeats the value (it may hold a
    token).
    """
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in repo):
        return "must not contain control characters"
    if repo.startswith("-"):
        return "must not start with '-' (git would read it as an option)"
    if _HELPER.match(repo):
        return (
            "remote helper transports ('ext::', 'fd::'...) are not allowed: they run commands; "
            f"use {_REPO_FORMS}"
        )
    url = _URL.match(repo)
    if url is not None:
        return _url_problem(repo, url.group(1).lower())
    colon, slash = repo.find(":"), repo.find("/")
    scp_like = colon > 0 and not 0 <= slash < colon  # git's rule; else a local path
    if scp_like and any(p.startswith("-") for p in re.split(r"[@\[\]]", repo[:colon])):
        return "the host or user must not start with '-' (ssh would read it as an option)"
    return None


def _url_problem(repo: str, scheme: str) -> str | None:
    if scheme not in GIT_SCHEMES:
        return f"{scheme}:// is not one of git's own transports; use {_REPO_FORMS}"
    try:
        parts = urlsplit(repo)
        password = parts.password
    except ValueError:
        return "is not a valid URL"
    if password is not None:
        return f"a password in the URL is not allowed: {_CREDENTIAL_HINT}"
    if (parts.hostname or "").startswith("-") or (parts.username or "").startswith("-"):
        return "the host or user must not start with '-' (ssh would read it as an option)"
    return None


class CacheRule(_Strict):
    """One Cache-Control rule; the first rule whose conditions all hold applies to a file."""

    match: str | None = None
    """Glob on the file's path in the site (``*.html``, ``images/*``; ``*`` also matches ``/``)."""
    fingerprinted: bool | None = None
    """When set, whether the name carries a content hash (``style.3f2a9c1b.css``)."""
    cache_control: str = Field(min_length=1)
    """The Cache-Control header sent with matching files."""

    @model_validator(mode="after")
    def _has_condition(self) -> CacheRule:
        if self.match is None and self.fingerprinted is None:
            raise ValueError("a cache rule needs 'match:' or 'fingerprinted:'")
        return self


def default_cache_rules() -> list[CacheRule]:
    """Hashed assets forever; pages, feeds and sitemaps revalidated; other files for an hour."""
    return [
        CacheRule(fingerprinted=True, cache_control="public, max-age=31536000, immutable"),
        CacheRule(match="*.html", cache_control=_REVALIDATE),
        CacheRule(match="*.xml", cache_control=_REVALIDATE),
        CacheRule(match="*.json", cache_control=_REVALIDATE),
        CacheRule(match="*", cache_control="public, max-age=3600"),
    ]


class S3Target(_Target):
    """Upload the built site to an S3-compatible bucket (needs ``sitegen[s3]``)."""

    type: Literal["s3"]
    """Selects this kind of target."""
    bucket: str = Field(min_length=3, max_length=63, pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
    """Bucket name."""
    prefix: str = ""
    """Folder inside the bucket (``news/``); empty for the bucket's root."""
    region: str | None = None
    """Region of the bucket; defaults to the AWS configuration (``AWS_DEFAULT_REGION``)."""
    endpoint_url: str | None = None
    """Endpoint of a non-AWS service (MinIO, R2, Spaces...); None for AWS itself."""
    cache_rules: list[CacheRule] = Field(default_factory=default_cache_rules)
    """Cache-Control rules in order; setting them replaces the defaults entirely."""

    @field_validator("prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        value = value.strip("/")
        if ".." in value.split("/") or "//" in value:
            raise ValueError(f"{value!r} must be a plain folder such as 'news/'")
        return value + "/" if value else ""

    @field_validator("endpoint_url")
    @classmethod
    def _check_endpoint(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        if parts.username or parts.password:
            raise ValueError(f"credentials in the URL are not allowed: {_CREDENTIAL_HINT}")
        return value


DeployTarget = Annotated[FolderTarget | GitTarget | S3Target, Field(discriminator="type")]
"""One named entry under ``deploy:`` in ``sitegen.yaml``."""
