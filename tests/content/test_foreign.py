"""Other generators' template syntax in bodies: a warning at its line naming it, an error when
it is a link's target, nothing inside code."""

from __future__ import annotations

import pytest

from sitegen.content.foreign import foreign_syntax

FILE = "content/articles/2021/a.md"


def _found(body: str, body_line: int = 5) -> tuple[list[str], list[str]]:
    errors, warnings = foreign_syntax(FILE, body, body_line)
    assert all(p.file == FILE for p in [*errors, *warnings])
    return [f"{p.line}: {p.message}" for p in errors], [f"{p.line}: {p.message}" for p in warnings]


@pytest.mark.parametrize(
    ("body", "line", "kind", "name"),
    [
        ('Text {{< img src="a.png" >}} here.', 5, "Hugo shortcode", "img"),
        ("A _note_{{< /box >}}", 5, "Hugo shortcode", "/box"),
        ("\n\n{{% notice info %}}\nx\n", 7, "Hugo shortcode", "notice"),
        ("{% include figure.html %}", 5, "Liquid tag", "include"),
        ("line\n{% endhighlight %}", 6, "Liquid tag", "endhighlight"),
        ("{{ site.baseurl }} and", 5, "Liquid output tag", "site.baseurl"),
        ('{{< youtube\n  id="w7Ft2ymGmfc" >}}', 5, "Hugo shortcode", "youtube"),
    ],
)
def test_each_tag_is_a_warning_at_its_line_with_its_name(
    body: str, line: int, kind: str, name: str
) -> None:
    errors, warnings = _found(body)
    assert errors == []
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{line}: {kind} '{name}' (")
    assert warnings[0].endswith("is not run by sitegen: readers see it as text")


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('See [the report]({{< ref "a.md" >}}).', 5),
        ("![Hall]({{ site.baseurl }}/images/hall.jpg)", 5),
        ('para\n\n[budget]: {{< relref "budget.md" >}}', 7),
        ('<a href="{% link contact.md %}">us</a>', 5),
        ("<img src='{{ image | url }}' alt=''>", 5),
    ],
)
def test_a_link_target_is_an_error(body: str, line: int) -> None:
    errors, warnings = _found(body)
    assert warnings == []
    assert len(errors) == 1 and errors[0].startswith(f"{line}: the link target {{")
    assert errors[0].endswith("which sitegen does not run: the link would be broken")


@pytest.mark.parametrize(
    "body",
    [
        'Use `{{< ref "a.md" >}}` in Hugo.',
        "Double ``{% raw %}`` ticks.",
        "```\n{{< figure src=x >}}\n{% include a %}\n```",
        "~~~~liquid\n{{ page.title }}\n~~~~",
        "   ```\n   {{< indented fence >}}\n   ```",
        "No template syntax at all, {braces} and { spaced } ones.",
    ],
)
def test_code_and_plain_braces_are_not_reported(body: str) -> None:
    assert _found(body) == ([], [])


def test_lines_count_past_code_blocks() -> None:
    body = "```\n{{< in code >}}\n```\n\n{{< after >}}\n"
    assert [w.split(":")[0] for w in _found(body, body_line=10)[1]] == ["14"]
