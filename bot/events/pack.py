"""Reading and validating event packs (format version 1, see `event-format.md`).

`parse_pack(path)` returns a `Pack` or raises `PackError` listing every problem
found, each with its place in the document (`sessions[3].starts`, list indexes
from 0) and its line, in words an organiser understands. Text fields are
normalised to `LocalText` mappings (a plain string becomes `{"*": string}`).

A pack's `methods` section (hackbot's own, beside the shared format) hides methods of the coach's
shipped catalogue and adds the event's own, in the catalogue's format (bot.events.method_specs).
The shipped catalogue belongs to the coach (bot.methods), which this package may not import:
whoever reads a pack to load it passes the shipped methods' ids (`shipped_methods`, from
`bot.methods.catalogue.shipped_method_ids`), and a hidden id that is none of them, or an added id
that is one, is a problem like any other.

A pack's `judging` section (hackbot's own too) says how the jury scores teams and how prizes are
awarded (bot.events.judging_specs, docs/judging-format.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from bot.events.documents import (
    DocumentError,
    Loc,
    Problem,
    read_text,
    validated,
)
from bot.events.judging_specs import JudgingSpec, judging_problems
from bot.events.method_specs import Method, method_problems
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
)


class PackError(DocumentError):
    """A pack that cannot be loaded, with every problem found in it."""


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


class MethodsSpec(_Spec):
    """hackbot's own section: the event's changes to the coach's catalogue of methods."""

    hide: list[Slug] = []
    """Ids of shipped methods not offered at this event."""
    add: list[Method] = []
    """The event's own methods, in the catalogue's format, every text in French and English."""


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
    methods: MethodsSpec | None = None
    judging: JudgingSpec | None = None

    _warnings: list[Problem] = PrivateAttr(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self._warnings


def parse_pack(path: Path, *, shipped_methods: Collection[str] | None = None) -> Pack:
    """Read and validate the pack at `path`; raise `PackError` with every problem found.
    `shipped_methods`: the ids of the coach's shipped methods, to check the `methods` section
    against (None: not checked)."""
    return parse_pack_text(read_text(path, PackError), str(path), shipped_methods=shipped_methods)


def parse_pack_text(
    text: str, source_name: str = "<pack>", *, shipped_methods: Collection[str] | None = None
) -> Pack:
    """Validate the YAML `text` of a pack; `source_name` names it in problems."""
    pack, warnings = validated(
        text,
        source_name,
        Pack,
        PackError,
        not_a_mapping="the pack is {what}; it should start with 'format: 1' and 'event:'",
        consistency=lambda data: _check_consistency(data, shipped_methods),
    )
    pack.warnings.extend(warnings)
    return pack


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


def _check_consistency(
    data: dict[str, Any], shipped_methods: Collection[str] | None
) -> tuple[list[tuple[Loc, str]], list[tuple[Loc, str]]]:
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

    methods = _mapping(data, "methods")
    errors += method_problems(methods.get("add"), ("methods", "add"))
    errors += _methods_problems(methods, shipped_methods)

    challenge_ids = [item["id"] for _, item in _items(data, "challenges") if isinstance(item.get("id"), str)]
    judging_errors, judging_warnings = judging_problems(
        data.get("judging"), challenge_ids, prize_ids, registration=isinstance(data.get("teams"), dict)
    )
    return errors + judging_errors, warnings + judging_warnings


def _valid_ids(values: list[tuple[int, object]]) -> list[tuple[int, str]]:
    return [(at, value) for at, value in values if isinstance(value, str) and SLUG_PATTERN.fullmatch(value)]


def _methods_problems(methods: dict[str, Any], shipped: Collection[str] | None) -> list[tuple[Loc, str]]:
    """A method hidden twice; with the shipped methods' ids: a hidden one that is none of them (or
    one the pack adds), an added one that is one of them, every one hidden and none added."""
    errors: list[tuple[Loc, str]] = []
    hide = methods.get("hide")
    hidden = _valid_ids(list(enumerate(hide)) if isinstance(hide, list) else [])
    added = _valid_ids([(at, item.get("id")) for at, item in _items(methods, "add")])
    first: dict[str, int] = {}
    for index, method_id in hidden:
        place: Loc = ("methods", "hide", index)
        if method_id in first:
            errors.append(
                (place, f"the id '{method_id}' is already listed at methods.hide[{first[method_id]}]")
            )
            continue
        first[method_id] = index
        if shipped is None or method_id in shipped:
            continue
        adding = [at for at, added_id in added if added_id == method_id]
        if adding:
            message = f"'{method_id}' is a method this pack adds (methods.add[{adding[0]}]); remove it there"
        else:
            close = difflib.get_close_matches(method_id, sorted(shipped), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            message = (
                f"no method of the coach's catalogue has the id '{method_id}'{hint}; "
                "`hackbot methods list` gives their ids"
            )
        errors.append((place, message))
    if shipped is None:
        return errors
    for index, method_id in added:
        if method_id in shipped:
            message = (
                f"the id '{method_id}' is already a method of the coach's catalogue; give this one another "
                "id (and hide that one under methods.hide if yours replaces it)"
            )
            errors.append((("methods", "add", index, "id"), message))
    if shipped and set(shipped) <= set(first) and not methods.get("add"):
        message = (
            "every method of the coach's catalogue is hidden and none is added: the coach would have none"
        )
        errors.append((("methods", "hide"), message))
    return errors
