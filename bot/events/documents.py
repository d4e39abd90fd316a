"""YAML documents checked against pydantic models (event packs, the methods catalogue), with every
problem found said in words an organiser understands and located: its place in the document
(`sessions[3].starts`, list indexes from 0) and its line, as compilers print them."""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.events.pack_values import show_value

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)
Consistency = Callable[[dict[str, Any]], tuple[list[tuple[Loc, str]], list[tuple[Loc, str]]]]
"""What a document's models alone cannot check (ids unique, times in order): its errors, then its
warnings, each with its place."""


@dataclass(frozen=True)
class Problem:
    """One problem in a document: where it is (`sessions[3].starts`, 1-based line) and what is wrong."""

    location: str
    message: str
    line: int | None = None

    def format(self, source: str, prefix: str = "") -> str:
        """`FILE:LINE: location: message`, as compilers print it."""
        parts = [f"{source}:{self.line}" if self.line else source]
        if prefix:
            parts.append(prefix)
        if self.location:
            parts.append(self.location)
        parts.append(self.message)
        return ": ".join(parts)


class DocumentError(Exception):
    """A document that cannot be read, with every problem found in it."""

    def __init__(self, source: str | Path, problems: list[Problem]) -> None:
        self.source = str(source)
        self.problems = problems
        super().__init__("\n".join(p.format(self.source) for p in problems))


def read_text(path: Path, error: type[DocumentError] = DocumentError) -> str:
    """The file's UTF-8 text; `error` with the reason when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise error(path, [Problem("", "this file is not UTF-8 text; save it as UTF-8")]) from None
    except OSError as exc:
        raise error(path, [Problem("", f"cannot read this file: {exc.strerror}")]) from None


def read_yaml(
    text: str, source_name: str, error: type[DocumentError] = DocumentError
) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """The document, the line of every key and list item, and duplicate keys found."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = ", ".join(str(part) for part in (exc.context, exc.problem) if part)
        detail = detail.replace("'\\t' that cannot start any token", "a tab; indent with spaces only")
        message = f"this is not valid YAML ({detail}); check the indentation, colons and quotes near here"
        raise error(source_name, [Problem("", message, mark.line + 1 if mark else None)]) from None
    except yaml.YAMLError as exc:
        raise error(source_name, [Problem("", f"this is not valid YAML ({exc})")]) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        lines[()] = node.start_mark.line + 1
        index_lines(node, (), lines, duplicates, set())
    return data, lines, duplicates


def validated(
    text: str,
    source: str,
    root: type[Model],
    error: type[DocumentError],
    *,
    not_a_mapping: str,
    consistency: Consistency,
) -> tuple[Model, list[Problem]]:
    """The document checked against `root` and `consistency`, and its warnings; `error` with every
    problem found, by line. `not_a_mapping` says what a document must start with (`{what}`: what
    it is instead)."""
    data, lines, problems = read_yaml(text, source, error)
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{show_value(data)}, not a mapping"
        raise error(source, [Problem("", not_a_mapping.format(what=what), 1)])
    found: list[tuple[Loc, str]] = []
    document: Model | None = None
    try:
        document = root.model_validate(data)
    except ValidationError as exc:
        found += [(tuple(e["loc"]), plain_message(e, root)) for e in exc.errors()]
    errors, warnings = consistency(data)
    found += errors
    problems += [Problem(location(loc), message, line_of(lines, loc)) for loc, message in found]
    if problems or document is None:
        problems.sort(key=lambda problem: problem.line or 0)
        raise error(source, problems)
    return document, [Problem(location(loc), message, line_of(lines, loc)) for loc, message in warnings]


def index_lines(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], duplicates: list[Problem], active: set[int]
) -> None:
    if id(node) in active:  # a recursive alias
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key_loc = (*loc, key_node.value)
            line = key_node.start_mark.line + 1
            if key_loc in lines:
                message = (
                    f"the key '{key_node.value}' is written twice (also on line {lines[key_loc]}); keep one"
                )
                duplicates.append(Problem(location(key_loc), message, line))
                continue
            lines[key_loc] = line
            index_lines(value_node, key_loc, lines, duplicates, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            index_lines(item, (*loc, index), lines, duplicates, active)
    active.discard(id(node))


def location(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def plain_message(error: ErrorDetails, root: type[BaseModel]) -> str:
    """Plain words for one pydantic error."""
    kind, value = error["type"], error["input"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "missing":
        return "missing; this is required"
    if kind == "extra_forbidden":
        key = error["loc"][-1]
        allowed = allowed_keys(root, tuple(error["loc"][:-1]))
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"unknown key{hint}; keys allowed here: {', '.join(allowed)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{show_value(value)} is not a mapping; write 'key: value' lines indented under it"
    if kind == "list_type":
        return f"{show_value(value)} is not a list; write one '- ' line per item"
    if kind == "bool_type":
        return f"{show_value(value)} is not true or false"
    return str(error["msg"])


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str]:
    """The keys of the mapping at `loc` in the format (for 'did you mean')."""
    model: Any = root
    for part in loc:
        model = unwrap(model)
        if isinstance(part, int):
            model = get_args(model)[0] if get_origin(model) is list else None
        elif isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            model = model.model_fields[part].annotation
        else:
            return []
    model = unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def unwrap(annotation: Any) -> Any:
    """`X | None` -> `X`."""
    if get_origin(annotation) in (Union, types.UnionType):
        return next(arg for arg in get_args(annotation) if arg is not type(None))
    return annotation
