"""The format of a method of the coach (docs/methods-format.md): one model per part, each value read
by a parser whose error says what to write, and the checks across fields (`method_problems`).

The catalogue shipped with hackbot (bot.methods.catalogue) and the methods an event pack adds (its
`methods:` section, bot.events.pack) share this format, so it lives here, beside the pack's
validator: bot.events may not import the coach (bot.methods), and the coach reads its catalogue
with these models. Every text is required in both French and English, as a team is coached in its
own language. `method_columns` and `method_data` turn a method into the columns of
`bot.core.models.EventMethod` and back into its YAML values.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from bot.core.models import EventMethod, LocalText
from bot.events.documents import Loc, location
from bot.events.pack_values import (
    LANGUAGE_CODE_SCHEMA,
    NOT_BLANK_SCHEMA,
    ListedString,
    PositiveInt,
    Slug,
    String,
    parse_string,
    parse_text,
    show_value,
)

LANGUAGES = ("fr", "en")
STAGES = ("understand", "define", "ideate", "prototype", "test", "deploy", "pitch")
"""Where a team is in its project: understand its users, define the problem, find ideas,
prototype, test with users, plan what comes after the event, pitch to the jury."""


def parse_bilingual(value: object) -> LocalText:
    """A text in French and in English: `{fr: ..., en: ...}`."""
    text = parse_text(value)
    if set(text) == {"*"}:
        raise ValueError("has one text for every language; write it in both: {fr: ..., en: ...}")
    missing = [lang for lang in LANGUAGES if lang not in text]
    if missing:
        names = {"fr": "French (fr)", "en": "English (en)"}
        raise ValueError(f"has no {' or '.join(names[lang] for lang in missing)} text; write both fr and en")
    return text


CHALLENGE = "{challenge}"
"""Where a team's challenge's title goes in a method's first step for a challenge."""


def parse_for_a_challenge(value: object) -> LocalText:
    """A first step for a team's challenge, in both languages, with `{challenge}` once in each."""
    text = parse_bilingual(value)
    for lang, words in text.items():
        rest = words.replace(CHALLENGE, "", 1)
        if CHALLENGE not in words or "{" in rest or "}" in rest:
            raise ValueError(
                f"its {lang} text must hold {CHALLENGE} once, where the team's challenge goes, and no "
                "other braces"
            )
    return text


def parse_stage(value: object) -> str:
    if isinstance(value, str) and value in STAGES:
        return value
    raise ValueError(f"{show_value(value)} is not a stage; write one of: {', '.join(STAGES)}")


def parse_url(value: object) -> str:
    url = parse_string(value)
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{show_value(value)} is not a web address; write it with https://")
    return url


_BILINGUAL_SCHEMA = {
    "type": "object",
    "propertyNames": LANGUAGE_CODE_SCHEMA,
    "additionalProperties": NOT_BLANK_SCHEMA,
    "required": list(LANGUAGES),
    "description": "a text in French and in English: {fr: ..., en: ...}",
}
Bilingual = Annotated[LocalText, PlainValidator(parse_bilingual), WithJsonSchema(_BILINGUAL_SCHEMA)]
ForAChallenge = Annotated[
    LocalText,
    PlainValidator(parse_for_a_challenge),
    WithJsonSchema(
        {
            **_BILINGUAL_SCHEMA,
            "additionalProperties": {**NOT_BLANK_SCHEMA, "pattern": "\\{challenge\\}"},
            "description": "the first step for a team's challenge, {challenge} standing for its title",
        }
    ),
]
Stage = Annotated[str, PlainValidator(parse_stage), WithJsonSchema({"enum": list(STAGES)})]
Url = Annotated[
    str, PlainValidator(parse_url), WithJsonSchema({"type": "string", "pattern": "^https?://\\S"})
]


class MethodPart(BaseModel):
    """A part of a method: unknown keys are errors (a typo never drops a line), values are never
    coerced, and a read method is never changed."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Minutes(MethodPart):
    minimum: PositiveInt
    """The least time it can usefully take, in minutes."""
    typical: PositiveInt
    """The usual time at a hackathon."""


class People(MethodPart):
    minimum: PositiveInt
    """Team members it needs."""
    users: bool = False
    """Whether it needs real users (or front-line agents) to talk to or watch."""


class Keywords(MethodPart):
    fr: list[ListedString] = []
    en: list[ListedString] = []


class Source(MethodPart):
    title: String
    url: Url


class Method(MethodPart):
    """A method of the coach (docs/methods-format.md); every text in French and English."""

    id: Slug
    name: Bilingual
    purpose: Bilingual
    stages: Annotated[list[Stage], Field(min_length=1, max_length=2)]
    minutes: Minutes
    people: People
    materials: Annotated[list[Bilingual], Field(max_length=8)] = []
    steps: Annotated[list[Bilingual], Field(min_length=3, max_length=7)]
    pitfalls: Annotated[list[Bilingual], Field(min_length=1, max_length=5)]
    example: Bilingual
    for_a_challenge: ForAChallenge | None = None
    """The first step written for a team's challenge ("For “{challenge}”, write five open
    questions…"): the coach shows it to a registered team, with its challenge's title."""
    keywords: Keywords = Keywords()
    source: Source


def method_problems(methods: object, at: Loc) -> list[tuple[Loc, str]]:
    """What the models alone cannot say of the list of methods at `at` (`methods` in a catalogue,
    `methods.add` in a pack): ids used twice, a typical time under the minimum, a stage twice."""
    found: list[tuple[Loc, str]] = []
    if not isinstance(methods, list):
        return found
    first: dict[str, int] = {}
    for index, method in enumerate(methods):
        if not isinstance(method, dict):
            continue
        method_id = method.get("id")
        if isinstance(method_id, str):
            if method_id in first:
                where = location((*at, first[method_id]))
                found.append(
                    ((*at, index, "id"), f"the id {method_id!r} is already {where}'s; ids must be unique")
                )
            else:
                first[method_id] = index
        minutes = method.get("minutes")
        if isinstance(minutes, dict):
            low, usual = minutes.get("minimum"), minutes.get("typical")
            if isinstance(low, int) and isinstance(usual, int) and usual < low:
                found.append(
                    (
                        (*at, index, "minutes", "typical"),
                        f"the typical time ({usual} min) is under the minimum ({low} min)",
                    )
                )
        stages = method.get("stages")
        if isinstance(stages, list) and len(set(map(str, stages))) != len(stages):
            found.append(((*at, index, "stages"), "a stage is listed twice"))
    return found


def method_columns(method: Method) -> dict[str, Any]:
    """The columns of `EventMethod` holding `method` (its id apart: the row's `key`)."""
    return dict(
        name=method.name,
        purpose=method.purpose,
        stages=list(method.stages),
        minutes_minimum=method.minutes.minimum,
        minutes_typical=method.minutes.typical,
        people_minimum=method.people.minimum,
        people_users=method.people.users,
        materials=list(method.materials),
        steps=list(method.steps),
        pitfalls=list(method.pitfalls),
        example=method.example,
        for_a_challenge=method.for_a_challenge,
        keywords_fr=list(method.keywords.fr),
        keywords_en=list(method.keywords.en),
        source_title=method.source.title,
        source_url=method.source.url,
    )


def method_data(row: EventMethod) -> dict[str, Any]:
    """The method a row holds, as a pack writes it (`Method.model_validate` reads it back); empty
    lists are left out, as the format allows."""
    keywords = {lang: words for lang, words in (("fr", row.keywords_fr), ("en", row.keywords_en)) if words}
    data: dict[str, Any] = {
        "id": row.key,
        "name": row.name,
        "purpose": row.purpose,
        "stages": list(row.stages),
        "minutes": {"minimum": row.minutes_minimum, "typical": row.minutes_typical},
        "people": {"minimum": row.people_minimum, "users": row.people_users},
        "materials": list(row.materials),
        "steps": list(row.steps),
        "pitfalls": list(row.pitfalls),
        "example": row.example,
        "for_a_challenge": row.for_a_challenge,
        "keywords": keywords,
        "source": {"title": row.source_title, "url": row.source_url},
    }
    return {key: value for key, value in data.items() if value not in ([], {}, None)}
