"""Turn pydantic validation errors into located :class:`~sitegen.errors.Problem` entries."""

from __future__ import annotations

from pydantic import ValidationError

from sitegen.errors import Problem
from sitegen.yamlsource import YamlDoc

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
}


def problems_from(
    err: ValidationError, file: str, doc: YamlDoc, known_fields: list[str] | None = None
) -> list[Problem]:
    """One problem per pydantic error, with the line of the offending key in ``doc``."""
    out: list[Problem] = []
    for item in err.errors(include_url=False):
        loc = tuple(item["loc"])
        field = ".".join(str(p) for p in loc) or None
        kind = item["type"]
        message = _EXPECTED.get(kind) or _clean(item["msg"])
        hint = None
        if kind == "extra_forbidden" and known_fields:
            hint = "known fields: " + ", ".join(known_fields)
            hint += "; put site-specific values under 'extra:'" if "extra" in known_fields else ""
        elif kind not in ("missing", "extra_forbidden") and "input" in item:
            message = f"{_show(item['input'])} {message}" if kind in _EXPECTED else message
        line = doc.line_of(loc) if loc else 1
        out.append(Problem(file, line, field, message, hint))
    return out


def _clean(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
