"""Reading and validating event packs (format version 1, see `event-format.md`).

`parse_pack(path)` returns a `Pack` or raises `PackError` listing every problem
found, each with its place in the document (`sessions[3].starts`, list indexes
from 0) and its line, in words an organiser understands. Text fields are
normalised to `LocalText` mappings (a plain string becomes `{"*": string}`).
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError
from pydantic_core import ErrorDetails

from bot.events.pack_values import (
    SLUG_PATTERN,
    Date,
    FormatVersion,
    Languages,
    ListedString,
    ListedText,
    PositiveInt,
    SessionKind,
    Slug,
    String,
    Text,
    Time,
    TimeZoneName,
    parse_date,
    parse_positive_int,
    parse_time,
    show_value,
)

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem in a pack: where it is (`sessions[3].starts`, 1-based line) and what is wrong."""

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


class PackError(Exception):
    """A pack that cannot be loaded, with every problem found in it."""

    def __init__(self, source: str | Path, problems: list[Problem]) -> None:
        self.source = str(source)
        self.problems = problems
        super().__init__("\n".join(p.format(self.source) for p in problems))


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class VenueSpec(_Spec):
    name: Text
    address: String | None = None
    map_url: String | None = None


class ContactSpec(_Spec):
    email: String | None = None
    phone: String | None = None
    url: String | None = None


class EventSpec(_Spec):
    slug: Slug
    name: Text
    organiser: Text
    timezone: TimeZoneName
    starts: Date
    ends: Date
    languages: Languages
    description: Text | None = None
    venue: VenueSpec | None = None
    contact: ContactSpec | None = None
    audience: Text | None = None
    retention_days: PositiveInt | None = None
    """hackbot's own field: days the event's personal data is kept after its end (`hackbot
    privacy purge`); none: `bot.privacy.retention.DEFAULT_RETENTION_DAYS`."""


class TeamsSpec(_Spec):
    min_size: PositiveInt | None = None
    max_size: PositiveInt | None = None
    max_teams: PositiveInt | None = None
    registration_opens: Time | None = None
    registration_closes: Time | None = None
    require_challenge: bool = True


class SessionSpec(_Spec):
    id: Slug
    title: Text
    starts: Time
    ends: Time | None = None
    location: Text | None = None
    kind: SessionKind = "other"
    description: Text | None = None


class ChallengeSpec(_Spec):
    id: Slug
    title: Text
    summary: Text
    details: Text | None = None
    owner: Text | None = None
    theme: Text | None = None
    keywords: list[ListedString] = []


class RuleSpec(_Spec):
    id: Slug
    topic: Text
    text: Text


class FaqSpec(_Spec):
    id: Slug
    question: Text
    answer: Text


class MentorSpec(_Spec):
    name: String
    expertise: list[ListedText] = []
    bio: Text | None = None
    available: Text | None = None


class JurorSpec(_Spec):
    name: String
    role: Text | None = None
    chair: bool = False


class PrizeSpec(_Spec):
    id: Slug
    name: Text
    description: Text | None = None
    reward: Text | None = None


class AwardSpec(_Spec):
    prize: Slug
    team: String
    project: Text | None = None
    summary: Text | None = None


class ResultsSpec(_Spec):
    published: bool = False
    awards: list[AwardSpec] = []
    follow_up: Text | None = None


class Pack(_Spec):
    """A validated event pack. `warnings` lists non-fatal remarks (e.g. a session outside the dates)."""

    format: FormatVersion
    event: EventSpec
    teams: TeamsSpec | None = None
    sessions: list[SessionSpec] = []
    challenges: list[ChallengeSpec] = []
    rules: list[RuleSpec] = []
    faq: list[FaqSpec] = []
    mentors: list[MentorSpec] = []
    jury: list[JurorSpec] = []
    prizes: list[PrizeSpec] = []
    results: ResultsSpec | None = None

    _warnings: list[Problem] = PrivateAttr(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self._warnings


def parse_pack(path: Path) -> Pack:
    """Read and validate the pack at `path`; raise `PackError` with every problem found."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(path, [Problem("", "this file is not UTF-8 text; save it as UTF-8")]) from None
    except OSError as exc:
        raise PackError(path, [Problem("", f"cannot read this file: {exc.strerror}")]) from None
    return parse_pack_text(text, str(path))


def parse_pack_text(text: str, source_name: str = "<pack>") -> Pack:
    """Validate the YAML `text` of a pack; `source_name` names it in problems."""
    data, lines, problems = _read_yaml(text, source_name)
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{show_value(data)}, not a mapping"
        raise PackError(
            source_name,
            [Problem("", f"the pack is {what}; it should start with 'format: 1' and 'event:'", 1)],
        )
    found: list[tuple[Loc, str]] = []
    pack: Pack | None = None
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        found += [(tuple(error["loc"]), _message(error)) for error in exc.errors()]
    errors, warnings = _check_consistency(data)
    found += errors
    problems += [Problem(_location(loc), message, _line(lines, loc)) for loc, message in found]
    if problems or pack is None:
        problems.sort(key=lambda p: p.line or 0)
        raise PackError(source_name, problems)
    pack.warnings.extend(Problem(_location(loc), message, _line(lines, loc)) for loc, message in warnings)
    return pack


def _read_yaml(text: str, source_name: str) -> tuple[Any, dict[Loc, int], list[Problem]]:
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
        raise PackError(source_name, [Problem("", message, mark.line + 1 if mark else None)]) from None
    except yaml.YAMLError as exc:
        raise PackError(source_name, [Problem("", f"this is not valid YAML ({exc})")]) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _index(node, (), lines, duplicates, set())
    return data, lines, duplicates


def _index(
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
                duplicates.append(Problem(_location(key_loc), message, line))
                continue
            lines[key_loc] = line
            _index(value_node, key_loc, lines, duplicates, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            _index(item, (*loc, index), lines, duplicates, active)
    active.discard(id(node))


def _location(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line(lines: dict[Loc, int], loc: Loc) -> int | None:
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def _message(error: ErrorDetails) -> str:
    """Plain words for one pydantic error."""
    kind, value = error["type"], error["input"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "missing":
        return "missing; this is required"
    if kind == "extra_forbidden":
        key = error["loc"][-1]
        allowed = _allowed_keys(tuple(error["loc"][:-1]))
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


def _allowed_keys(loc: Loc) -> list[str]:
    """The keys of the mapping at `loc` in the format (for 'did you mean')."""
    model: Any = Pack
    for part in loc:
        model = _unwrap(model)
        if isinstance(part, int):
            model = get_args(model)[0] if get_origin(model) is list else None
        elif isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            model = model.model_fields[part].annotation
        else:
            return []
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> `X`."""
    if get_origin(annotation) in (Union, types.UnionType):
        return next(arg for arg in get_args(annotation) if arg is not type(None))
    return annotation


T = TypeVar("T")


def _try(parser: Callable[[object], T], value: object) -> T | None:
    try:
        return parser(value)
    except ValueError:
        return None


def _mapping(data: object, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _items(data: object, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _check_consistency(data: dict[str, Any]) -> tuple[list[tuple[Loc, str]], list[tuple[Loc, str]]]:
    """Errors and warnings that involve several fields: order of times, unique ids, references."""
    errors: list[tuple[Loc, str]] = []
    warnings: list[tuple[Loc, str]] = []

    event = _mapping(data, "event")
    first_day, last_day = _try(parse_date, event.get("starts")), _try(parse_date, event.get("ends"))
    if first_day and last_day and last_day < first_day:
        errors.append((("event", "ends"), f"the event ends ({last_day}) before it starts ({first_day})"))

    teams = _mapping(data, "teams")
    smallest, largest = (
        _try(parse_positive_int, teams.get("min_size")),
        _try(parse_positive_int, teams.get("max_size")),
    )
    if smallest and largest and largest < smallest:
        errors.append((("teams", "max_size"), f"max_size ({largest}) is smaller than min_size ({smallest})"))
    opens = _try(parse_time, teams.get("registration_opens"))
    closes = _try(parse_time, teams.get("registration_closes"))
    if opens and closes and closes <= opens:
        errors.append(
            (
                ("teams", "registration_closes"),
                f"registration closes ({closes:%Y-%m-%dT%H:%M}) before it opens",
            )
        )

    for list_name in ("sessions", "challenges", "rules", "faq", "prizes"):
        first_use: dict[str, int] = {}
        for index, item in _items(data, list_name):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in first_use:
                where = f"{list_name}[{first_use[item_id]}]"
                errors.append(((list_name, index, "id"), f"the id '{item_id}' is already used by {where}"))
            else:
                first_use[item_id] = index

    for index, item in _items(data, "sessions"):
        starts, ends = _try(parse_time, item.get("starts")), _try(parse_time, item.get("ends"))
        if starts and ends and ends <= starts:
            message = (
                f"the session ends ({ends:%Y-%m-%dT%H:%M}) before or when it starts ({starts:%Y-%m-%dT%H:%M})"
            )
            errors.append((("sessions", index, "ends"), message))
        if starts and first_day and last_day and not first_day <= starts.date() <= last_day:
            message = f"this session is outside the event's dates ({first_day} to {last_day})"
            warnings.append((("sessions", index, "starts"), message))

    prize_ids = [item["id"] for _, item in _items(data, "prizes") if isinstance(item.get("id"), str)]
    for index, award in _items(_mapping(data, "results"), "awards"):
        prize = award.get("prize")
        if isinstance(prize, str) and SLUG_PATTERN.fullmatch(prize) and prize not in prize_ids:
            known = (
                f"the prize ids are: {', '.join(prize_ids)}" if prize_ids else "add the prize under prizes"
            )
            errors.append((("results", "awards", index, "prize"), f"no prize has the id '{prize}'; {known}"))
    return errors, warnings
