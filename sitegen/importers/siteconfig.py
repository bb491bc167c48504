"""``sitegen.yaml`` for an import: read the site's, or start one; add sections and authors.

An existing file is edited in place, only where something is added: the ``sections:`` or
``authors:`` block is rewritten with the old entries first and the new ones after, and every
other line (comments included) stays as it was. The result is validated before it is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sitegen.config import CONFIG_FILE, SiteConfig, load_config
from sitegen.importers.model import ImportRefused, SiteInfo
from sitegen.text.yamlsource import parse_mapping

_NEW = """\
# sitegen.yaml: settings of the site imported by `sitegen import {source}` (every setting:
# docs/configuration.md). Sections and authors below were added by the import.

title: {title}
base_url: {base_url}
description: {description}
language: {language}

# IANA timezone of the newsroom; imported dates keep their own offsets.
timezone: UTC

permalink: /{{year}}/{{month}}/{{slug}}/

sections: []

authors: {{}}
"""


def starting_text(root: Path, source: str, site: SiteInfo) -> tuple[str, bool]:
    """The site's ``sitegen.yaml`` text, or a new one (and True) for a new or empty folder."""
    path = root / CONFIG_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8"), False
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ImportRefused(
            f"{root} has no {CONFIG_FILE} and is not empty; import into a sitegen site "
            "(sitegen init) or a new folder"
        )

    def scalar(value: str) -> str:
        return yaml.safe_dump(value, allow_unicode=True, width=1_000_000).split("\n...")[0].strip()

    text = _NEW.format(
        source=source,
        title=scalar(site.title),
        base_url=scalar(site.base_url),
        description=scalar(site.description),
        language=scalar(site.language),
    )
    return text, True


def current(root: Path, text: str, new: bool) -> SiteConfig:
    """The site's configuration (validated as ``sitegen check`` does)."""
    return validated(text) if new else load_config(root)


def validated(text: str) -> SiteConfig:
    try:
        return SiteConfig.model_validate(parse_mapping(text).data)
    except (ValidationError, ValueError) as exc:
        raise ImportRefused(f"the {CONFIG_FILE} the import made is not valid: {exc}") from None


def with_additions(
    text: str, sections: list[tuple[str, str]], authors: Mapping[str, Mapping[str, str]]
) -> str:
    """``text`` with the new sections and authors added (unchanged when there are none)."""
    doc = parse_mapping(text)
    if sections:
        old = list(doc.data.get("sections") or [])
        entries = old + [{"slug": slug, "name": name} for slug, name in sections]
        text = _replace(text, "sections", _dump({"sections": entries}))
    known = dict(doc.data.get("authors") or {})
    added = {name: dict(profile) for name, profile in authors.items() if name not in known}
    if added:
        doc = parse_mapping(text)
        text = _replace(text, "authors", _dump({"authors": {**known, **added}}))
    return text


def _dump(value: Mapping[str, Any]) -> str:
    return yaml.safe_dump(
        dict(value), default_flow_style=None, sort_keys=False, allow_unicode=True, width=1_000_000
    )


def _replace(text: str, key: str, block: str) -> str:
    """``text`` with the top-level ``key``'s lines replaced by ``block`` (appended if absent)."""
    lines = text.splitlines(keepends=True)
    doc = parse_mapping(text)
    starts = sorted(line for name, line in doc.lines.items() if "." not in name)
    if key not in doc.lines:
        ending = "" if not lines or lines[-1].endswith("\n") else "\n"
        return text + ending + "\n" + block
    first = doc.lines[key]
    later = [line for line in starts if line > first]
    end = (later[0] if later else len(lines) + 1) - 1
    while end > first and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return "".join(lines[: first - 1]) + block + "".join(lines[end:])
