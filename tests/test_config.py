"""sitegen.yaml: every problem at its line; paths stay inside the site; URLs are URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.errors import ProblemsFound

HEAD = "title: T\nbase_url: https://news.example/\n"


def _problems(tmp_path: Path, text: str, **overrides: str) -> list[str]:
    (tmp_path / "sitegen.yaml").write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_config(tmp_path, overrides)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "logo",
    [
        "../../../../etc/passwd",
        "images/../../secret.png",
        "./logo.png",
        "//evil.example/logo.png",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "C:\\\\logo.png",
        "images//logo.png",
    ],
)
def test_a_logo_outside_static_is_refused_at_its_line(tmp_path: Path, logo: str) -> None:
    problems = _problems(tmp_path, f"publisher:\n  name: P\n  logo: '{logo}'\n")
    assert len(problems) == 1
    assert problems[0].startswith("sitegen.yaml:5: publisher.logo: ")
    assert "is not a path inside static/" in problems[0]


@pytest.mark.parametrize(
    "logo", ["images/logo.png", "/images/logo.png", "https://cdn.example/logo.png"]
)
def test_a_logo_in_static_or_at_a_url_is_kept(tmp_path: Path, logo: str) -> None:
    (tmp_path / "sitegen.yaml").write_text(
        HEAD + f"publisher:\n  name: P\n  logo: '{logo}'\n", encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.publisher is not None and config.publisher.logo == logo


@pytest.mark.parametrize("url", ["https://news.example/\x01", "https://news.example/a b/"])
def test_a_base_url_with_what_no_url_holds_is_refused(tmp_path: Path, url: str) -> None:
    problems = _problems(tmp_path, "", base_url=url)
    assert len(problems) == 1 and "is not an absolute http(s) URL" in problems[0]


def test_a_bad_base_url_option_says_where_it_came_from(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "", base_url="ftp://news.example/")
    assert problems == [
        "sitegen.yaml: base_url: 'ftp://news.example/' is not an absolute http(s) URL "
        "(hint: the value was given with --base-url)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("page_size: !!int ten\n", "sitegen.yaml:3: page_size: malformed YAML"),
        ("deploy:\n  prod: 5\n", "sitegen.yaml:4: deploy.prod: 5 expected a mapping"),
        (
            "deploy:\n  prod:\n    type: git\n    repo: r\n    token: x\n",
            "sitegen.yaml:7: deploy.prod.token: is not allowed",
        ),
        ("permalink: /{year}/{foo}/{slug}/\n", "sitegen.yaml:3: permalink: {foo} is not a"),
    ],
)
def test_config_problems_carry_their_line(tmp_path: Path, text: str, expected: str) -> None:
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith(expected), problems
