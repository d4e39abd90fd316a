"""The methods catalogue: methods of public innovation and design, in French and English, as data
(`bot/methods/catalogue.yml`, format in docs/methods-format.md).

`load_catalogue()` reads the catalogue shipped with hackbot; `parse_catalogue_text` checks any
text of that format and raises `CatalogueError` with every problem found, each with its line and
place (`methods[3].steps`), in the same words as the event pack's validator
(`bot.events.documents`). Every text is required in both languages, since a team is coached in
its own.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from bot.core.models import LocalText
from bot.events.documents import (
    DocumentError,
    Loc,
    read_text,
    validated,
)
from bot.events.pack_values import (
    FormatVersion,
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
SHIPPED = "catalogue.yml"


class CatalogueError(DocumentError):
    """A catalogue that cannot be read, with every problem found in it."""


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


def parse_stage(value: object) -> str:
    if isinstance(value, str) and value in STAGES:
        return value
    raise ValueError(f"{show_value(value)} is not a stage; write one of: {', '.join(STAGES)}")


def parse_url(value: object) -> str:
    url = parse_string(value)
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{show_value(value)} is not a web address; write it with https://")
    return url


Bilingual = Annotated[LocalText, PlainValidator(parse_bilingual)]
Stage = Annotated[str, PlainValidator(parse_stage)]
Url = Annotated[str, PlainValidator(parse_url)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Minutes(_Spec):
    minimum: PositiveInt
    """The least time it can usefully take, in minutes."""
    typical: PositiveInt
    """The usual time at a hackathon."""


class People(_Spec):
    minimum: PositiveInt
    """Team members it needs."""
    users: bool = False
    """Whether it needs real users (or front-line agents) to talk to or watch."""


class Keywords(_Spec):
    fr: list[ListedString] = []
    en: list[ListedString] = []


class Source(_Spec):
    title: String
    url: Url


class Method(_Spec):
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
    keywords: Keywords = Keywords()
    source: Source


class Catalogue(_Spec):
    format: FormatVersion
    methods: Annotated[list[Method], Field(min_length=1)]

    def by_id(self) -> dict[str, Method]:
        return {method.id: method for method in self.methods}

    def per_stage(self) -> dict[str, int]:
        counted = Counter(stage for method in self.methods for stage in method.stages)
        return {stage: counted[stage] for stage in STAGES}


def parse_catalogue_text(text: str, source: str = "<catalogue>") -> Catalogue:
    """Check a catalogue's YAML text; CatalogueError with every problem found."""
    catalogue, _ = validated(
        text,
        source,
        Catalogue,
        CatalogueError,
        not_a_mapping="the catalogue is {what}; start with 'format: 1' and 'methods:'",
        consistency=lambda data: (_consistency(data), []),
    )
    return catalogue


def parse_catalogue(path: Path) -> Catalogue:
    return parse_catalogue_text(read_text(path, CatalogueError), str(path))


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with hackbot (read once)."""
    text = resources.files("bot.methods").joinpath(SHIPPED).read_text(encoding="utf-8")
    return parse_catalogue_text(text, f"bot/methods/{SHIPPED}")


def _consistency(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """What the models alone cannot say: ids used twice, a typical time under the minimum."""
    found: list[tuple[Loc, str]] = []
    methods = data.get("methods")
    if not isinstance(methods, list):
        return found
    first: dict[str, int] = {}
    for index, method in enumerate(methods):
        if not isinstance(method, dict):
            continue
        method_id = method.get("id")
        if isinstance(method_id, str):
            if method_id in first:
                found.append(
                    (
                        ("methods", index, "id"),
                        f"the id {method_id!r} is already methods[{first[method_id]}]'s; ids must be unique",
                    )
                )
            else:
                first[method_id] = index
        minutes = method.get("minutes")
        if isinstance(minutes, dict):
            low, usual = minutes.get("minimum"), minutes.get("typical")
            if isinstance(low, int) and isinstance(usual, int) and usual < low:
                found.append(
                    (
                        ("methods", index, "minutes", "typical"),
                        f"the typical time ({usual} min) is under the minimum ({low} min)",
                    )
                )
        stages = method.get("stages")
        if isinstance(stages, list) and len(set(map(str, stages))) != len(stages):
            found.append((("methods", index, "stages"), "a stage is listed twice"))
    return found
