"""Front-matter split: fences, BOM, body line numbers and the located failures."""

from __future__ import annotations

import pytest

from sitegen.content.frontmatter import FrontMatterError, split_front_matter


@pytest.mark.parametrize(
    ("text", "front", "body", "body_line"),
    [
        ("---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n", 4),
        (
            "---\ntitle: A\ndate: 2021-01-01\n---\n\nBody\n",
            "title: A\ndate: 2021-01-01\n",
            "\nBody\n",
            5,
        ),
        ("\ufeff---\ntitle: A\n---\nB", "title: A\n", "B", 4),
        ("---\r\ntitle: A\r\n---\r\nBody\r\n", "title: A\r\n", "Body\r\n", 4),
        ("---\ntitle: A\n...\nBody\n", "title: A\n", "Body\n", 4),
        ("---\n---\n", "", "", 3),
        ("---  \ntitle: A\n---\t\nx\n", "title: A\n", "x\n", 4),
        ("---\ntitle: A\n---\nOne\n---\nTwo\n", "title: A\n", "One\n---\nTwo\n", 4),
    ],
)
def test_split(text: str, front: str, body: str, body_line: int) -> None:
    split = split_front_matter(text)
    assert (split.front_matter, split.body, split.body_line) == (front, body, body_line)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "does not start with front matter"),
        ("title: A\n---\n", "does not start with front matter"),
        ("# Heading\n", "does not start with front matter"),
        ("---\ntitle: A\n", "never closed"),
        ("---\n", "never closed"),
    ],
)
def test_split_errors(text: str, message: str) -> None:
    with pytest.raises(FrontMatterError, match=message) as info:
        split_front_matter(text)
    assert info.value.line == 1
    assert info.value.hint


@pytest.mark.parametrize(
    ("text", "fence_line", "body_line"),
    [
        ("---\ntitle: A\n---\nB", 1, 4),
        ("\n\n---\ntitle: A\n---\nB", 3, 6),
        ("\ufeff\n---\ntitle: A\n---\nB", 2, 5),
        (" \t\r\n---\r\ntitle: A\r\n---\r\nB", 2, 5),
    ],
)
def test_blank_lines_before_the_opening_fence_are_skipped(
    text: str, fence_line: int, body_line: int
) -> None:
    split = split_front_matter(text)
    assert (split.front_matter, split.body) == (
        "title: A\n" if "\r" not in text else "title: A\r\n",
        "B",
    )
    assert (split.fence_line, split.body_line) == (fence_line, body_line)


def test_text_after_blank_lines_is_located() -> None:
    with pytest.raises(FrontMatterError, match="does not start with front matter") as info:
        split_front_matter("\n\n# Heading\n")
    assert info.value.line == 3
