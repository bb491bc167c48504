"""Turn pydantic validation errors into located :class:`~sitegen.errors.Problem` entries."""

from __future__ import annotations

from pydantic import ValidationError

from sitegen.errors import Problem
from sitegen.text.yamlsource import YamlDoc

_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of 'key: value' lines",
    "model_type": "expected a mapping of 'key: value' lines",
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field",
    "uuid_parsing": "expected a UUID such as 123e4567-e89b-12d3-a456-426614174000",
    "uuid_type": "expected a UUID such as 123e4567-e89b-12d3-a456-426614174000",
    "model_attributes_type": "expected a mapping of 'key: value' lines",
}


class KeyValueError(ValueError):
    """A model validator's error about one key of its mapping: reported at that key's line.

    Pydantic locates an error raised by a model validator at the model itself; raising this
    instead lets :func:`problems_from` point at the offending key.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def problems_from(
    err: ValidationError, file: str, doc: YamlDoc, known_fields: list[str] | None = None
) -> list[Problem]:
    """One problem per pydantic error, with the line of the offending key in ``doc``."""
    out: list[Problem] = []
    for item in err.errors(include_url=False):
        loc = _without_tags(tuple(item["loc"]), doc.data)
        kind = item["type"]
        message = _EXPECTED.get(kind) or _clean(item["msg"])
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            loc, message = _tag_problem(loc, item.get("ctx") or {})
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, KeyValueError):
            loc = (*loc, cause.key)
        field = ".".join(str(p) for p in loc) or None
        hint = None
        if kind == "extra_forbidden" and known_fields and len(loc) == 1:
            hint = "known fields: " + ", ".join(known_fields)
            hint += "; put site-specific values under 'extra:'" if "extra" in known_fields else ""
        elif kind not in ("missing", "extra_forbidden") and "input" in item:
            message = f"{_show(item['input'])} {message}" if kind in _EXPECTED else message
        line = doc.line_of(loc) if loc else 1
        out.append(Problem(file, line, field, message, hint))
    return out


def _without_tags(loc: tuple[int | str, ...], data: object) -> tuple[int | str, ...]:
    """Drop the tags a discriminated union adds to locations (``deploy.prod.s3.bucket``).

    The tag is the value of the discriminator (``type: s3``), not a key of the document, so
    keeping it would misname the field and lose its line.
    """
    out: list[int | str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and part in node.values():
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


def _tag_problem(
    loc: tuple[int | str, ...], ctx: dict[str, object]
) -> tuple[tuple[int | str, ...], str]:
    """Point a bad or missing discriminator (``type:``) at its key, with the allowed values."""
    key = str(ctx.get("discriminator", "")).strip("'")
    if "tag" in ctx:
        return (*loc, key), f"{ctx['tag']!r} is not one of {ctx.get('expected_tags')}"
    return (*loc, key), "is required but missing"


def _clean(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
