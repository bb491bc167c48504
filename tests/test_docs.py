"""The reference pages in docs/ cannot fall behind the models they describe."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from sitegen.config.doc import reference_markdown
from sitegen.content.models import ArticleMeta, ImageMeta, PageMeta
from tests.conftest import REPO

DOCS = REPO / "docs"


def test_the_configuration_page_is_generated_from_the_models() -> None:
    committed = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "docs/configuration.md is stale: run `make docs`"


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every front-matter key ``model`` accepts (its aliases, as an editor writes them)."""
    return [prefix + (info.alias or name) for name, info in model.model_fields.items()]


FRONT_MATTER = [
    *(pytest.param(key, "Articles", id=f"article:{key}") for key in _keys(ArticleMeta)),
    *(pytest.param(k, "Articles", id=f"article:{k}") for k in _keys(ImageMeta, "image.")),
    *(pytest.param(key, "Pages", id=f"page:{key}") for key in _keys(PageMeta)),
]
"""Every front-matter key of the article, image and page models, and the part of the page
(the text from that heading to the next one of its level) whose table must name it."""


def _table_keys(text: str, heading: str) -> set[str]:
    """The keys in the first column of the tables under ``heading``, up to the next heading of
    the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}$", text, re.M)
    assert match is not None, f"no heading {heading!r} in docs/writing.md"
    part = re.split(rf"^#{{1,{len(match.group(1))}}} ", text[match.end() :], flags=re.M)[0]
    return {m.group(1) for m in re.finditer(r"^\| `([^`]+)`", part, re.M)}


@pytest.mark.parametrize(("key", "heading"), FRONT_MATTER)
def test_the_writing_page_documents_every_front_matter_field(key: str, heading: str) -> None:
    """Each key, introspected from the models, is a row of a table in docs/writing.md."""
    text = (DOCS / "writing.md").read_text(encoding="utf-8")
    assert key in _table_keys(text, heading), f"docs/writing.md, {heading}: no row for {key!r}"
