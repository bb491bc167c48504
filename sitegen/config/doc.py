"""A ``sitegen.yaml`` that shows every setting, written from the config models themselves.

Each field's comment is its docstring in :mod:`sitegen.config` (and :mod:`sitegen.config.deploy`),
and each commented-out value its default, so the file ``sitegen init`` writes cannot drift from
what sitegen reads. Settings given in ``values`` are written live; all others stay commented.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from sitegen.config import SiteConfig
from sitegen.config.deploy import FolderTarget, GitTarget, S3Target

WIDTH = 96
EXAMPLES: dict[str, object] = {
    "FolderTarget.path": "/var/www/news",
    "GitTarget.repo": "git@github.com:example/news-site.git",
    "S3Target.bucket": "example-news-site",
    "S3Target.region": "eu-central-1",
    "PublisherConfig.logo": "images/logo.png",
}
"""Values shown for settings that have no default (or whose default is empty)."""
DEPLOY_EXAMPLES = (("www", FolderTarget), ("pages", GitTarget), ("bucket", S3Target))
"""One example target of each kind, under ``deploy:``."""


def config_text(header: str, values: dict[str, Any]) -> str:
    """The whole file: ``header`` (comment lines), then every field of :class:`SiteConfig`."""
    lines = [*header.rstrip("\n").splitlines(), ""]
    for name in SiteConfig.model_fields:
        lines += _field(SiteConfig, name, values.get(name), 0, name not in values)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _field(model: type[BaseModel], name: str, value: Any, depth: int, off: bool) -> list[str]:
    """The comment and the setting (commented out when ``off``) of one field of ``model``."""
    pad = "  " * depth
    lines = _comment(docstrings(model).get(name, ""), pad)
    kind, inner = _kind(model.model_fields[name].annotation)
    if model is SiteConfig and name == "deploy":
        lines.append(_off(f"{pad}deploy:", off))
        for key, target in DEPLOY_EXAMPLES:
            lines += _comment(inspect.getdoc(target) or "", pad + "  ")
            lines.append(_off(f"{pad}  {key}:", off))
            lines += _model(target, {}, depth + 2, off)
        return lines
    if kind == "model" and inner is not None:
        lines.append(_off(f"{pad}{name}:", off))
        return lines + _model(inner, value if isinstance(value, dict) else {}, depth + 1, off)
    if inner is not None:  # a list or mapping of models: say what each item holds
        for key, doc in docstrings(inner).items():
            text = " ".join(f"{key}: {doc}".replace("``", "`").split())
            lines += textwrap.wrap(
                text, WIDTH, initial_indent=f"{pad}# - ", subsequent_indent=f"{pad}#   "
            )
    shown = _default(model, name) if off else value
    return lines + [_off(line, off) for line in _dump({name: shown}, pad)]


def _model(model: type[BaseModel], data: dict[str, Any], depth: int, off: bool) -> list[str]:
    out: list[str] = []
    for name in sorted(model.model_fields, key=lambda n: n != "type"):  # a target's kind first
        out += _field(model, name, data.get(name), depth, off or name not in data)
    return out


def _kind(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """``("model", M)`` for ``M`` or ``M | None``; ``("many", M)`` for a list or mapping of
    ``M``; ``("plain", None)`` otherwise."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        return ("model", models[0]) if len(models) == 1 else ("plain", None)
    if origin in (list, dict) and args:
        kind, inner = _kind(args[-1])
        return ("many", inner) if kind == "model" else ("plain", None)
    return "plain", None


def _default(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields[name]
    example = EXAMPLES.get(f"{model.__name__}.{name}")
    if example is not None:
        return example
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    elif info.default is PydanticUndefined:
        value = _literal(info.annotation)
    else:
        value = info.default
    if isinstance(value, list):
        return [v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v for v in value]
    return value


def _literal(annotation: Any) -> Any:
    """The value of a ``Literal["x"]`` field (a deploy target's ``type``)."""
    args = get_args(annotation)
    return args[0] if args and isinstance(args[0], str) else None


def _dump(data: dict[str, Any], pad: str) -> list[str]:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=WIDTH)
    return [pad + line for line in text.rstrip("\n").splitlines()]


def _off(line: str, off: bool) -> str:
    """Comment a setting out, keeping its indentation (uncommenting restores it)."""
    if not off:
        return line
    stripped = line.lstrip(" ")
    return f"{line[: len(line) - len(stripped)]}# {stripped}"


def _comment(doc: str, pad: str) -> list[str]:
    text = " ".join(doc.replace("``", "`").split())
    if not text:
        return []
    lead = pad + "# "
    return textwrap.wrap(text, WIDTH, initial_indent=lead, subsequent_indent=lead)


@cache
def docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field of ``model`` and its bases (``x: int = 1`` then a string).

    Read from the source at ``sitegen init`` time only: pydantic's own extraction would run on
    every import of the config (and every build imports it).
    """
    found: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
        assert isinstance(body, ast.ClassDef)
        for node, after in zip(body.body, body.body[1:], strict=False):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                    found[node.target.id] = str(after.value.value)
    return found


REFERENCE_HEADER = """\
# Configuration reference: `sitegen.yaml`

<!-- Generated by `make docs` (python -m sitegen.config.doc) from the docstrings of the config
models in sitegen/config/. Do not edit by hand: a test compares this file with what the models
say. -->

Every setting `sitegen.yaml` can hold, with its type, its default and what it does. Unknown keys
and bad values are problems reported at their line. `sitegen init` writes a `sitegen.yaml` that
lists the same settings as comments. Guides: [syndication](syndication.md) (feeds, sitemaps,
publisher), [deploy](deploy.md) (targets), [writing](writing.md) (sections, authors).
"""


Section = tuple[str, type[BaseModel], str]
"""A heading of the reference, the model its table describes and the model's own docstring."""


def reference_markdown() -> str:
    """docs/configuration.md: a table per model, from the top level down through nested models."""
    out = [REFERENCE_HEADER]
    queue: list[Section] = [("Top-level settings", SiteConfig, "")]
    seen: set[type[BaseModel]] = set()
    while queue:
        title, model, intro = queue.pop(0)
        if model in seen:
            continue
        seen.add(model)
        out += [f"## {title}", ""]
        if intro:
            out += [intro, ""]
        out += ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        for name in sorted(model.model_fields, key=lambda n: n != "type"):
            out.append(_row(model, name))
            queue += _nested(model, name, title)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _nested(
    model: type[BaseModel], name: str, title: str
) -> list[tuple[str, type[BaseModel], str]]:
    """The sections that describe what a field of ``model`` holds, when it holds models."""
    prefix = "" if model is SiteConfig else title.split(" ")[0].strip("`") + "."
    if model is SiteConfig and name == "deploy":
        return [
            (
                f"`deploy.<name>` with `type: {_literal(t.model_fields['type'].annotation)}`",
                t,
                _doc(t),
            )
            for _, t in DEPLOY_EXAMPLES
        ]
    kind, inner = _kind(model.model_fields[name].annotation)
    if inner is None:
        return []
    annotation = model.model_fields[name].annotation
    if kind == "model":
        key = f"{prefix}{name}"
    elif get_origin(annotation) is dict:
        key = f"{prefix}{name}.<name>"
    else:
        key = f"{prefix}{name}[]"
    if model.__name__.endswith("Target"):
        key = f"deploy.<name>.{name}[]"
    return [(f"`{key}`", inner, _doc(inner))]


def _row(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    cells = [f"`{name}`", _type(info.annotation), _default_cell(model, name), _doc_of(model, name)]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _doc(model: type[BaseModel]) -> str:
    return _plain(inspect.getdoc(model) or "")


def _plain(doc: str) -> str:
    """A docstring as one line of Markdown: reST literals and roles become code spans."""
    return " ".join(re.sub(r":[a-z]+:`", "`", doc.replace("``", "`")).split())


def _doc_of(model: type[BaseModel], name: str) -> str:
    text = _plain(docstrings(model).get(name, ""))
    bounds = [
        f"{label} {getattr(m, attr)}"
        for m in model.model_fields[name].metadata
        for attr, label in (("ge", "at least"), ("le", "at most"), ("min_length", "at least"))
        if hasattr(m, attr) and not (attr == "min_length" and getattr(m, attr) == 1)
    ]
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def _type(annotation: Any) -> str:
    """A reader's name for a field's type: ``text``, ``list of integer``, ``one of `a`, `b```."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return ("one of " if len(args) > 1 else "") + ", ".join(f"`{a}`" for a in args)
    if origin in (Union, UnionType):
        kept = [a for a in args if a is not type(None)]
        if all(isinstance(a, type) and issubclass(a, BaseModel) for a in kept):
            return "mapping (below)"
        return " or ".join(_type(a) for a in kept)
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"mapping of name to {_type(args[1])}"
    if origin is Annotated:
        return _type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping (below)"
    names = {str: "text", int: "integer", bool: "`true` or `false`", float: "number"}
    return names.get(annotation, "any value")


def _default_cell(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    if get_origin(info.annotation) is Literal and info.default is PydanticUndefined:
        return "required (this value)"
    if info.default is PydanticUndefined and info.default_factory is None:
        return "required"
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    if isinstance(value, BaseModel):
        return "the defaults below"
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return f"{len(value)} rules: `sitegen init` writes them out"
    if value is None:
        return "none"
    if value == "":
        return '`""`'
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    return f"`{text.removesuffix('...').strip()}`"


def main(argv: list[str] | None = None) -> int:
    """``python -m sitegen.config.doc [FILE]``: write the reference to FILE (default: stdout)."""
    args = sys.argv[1:] if argv is None else argv
    text = reference_markdown()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
