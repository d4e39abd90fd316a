"""What the public methods page (`/methods`) shows: the coach's catalogue, by stage, one card per
method in the page's language (a method serving two stages is under both)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.texts import t
from bot.methods.catalogue import STAGES, Catalogue, Method


@dataclass(frozen=True)
class MethodCard:
    id: str
    name: str
    purpose: str
    stages: str
    time: str
    people: str
    materials: list[str]
    steps: list[str]
    pitfalls: list[str]
    example: str
    source: str
    url: str


@dataclass(frozen=True)
class StageSection:
    code: str
    name: str
    methods: list[MethodCard]


def method_card(method: Method, lang: str) -> MethodCard:
    people = t("web_method_people_count", lang, count=method.people.minimum)
    if method.people.users:
        people += f", {t('web_method_users', lang)}"
    return MethodCard(
        id=method.id,
        name=method.name[lang],
        purpose=method.purpose[lang],
        stages=", ".join(t(f"method_stage_{stage}", lang) for stage in method.stages),
        time=t("web_method_minutes", lang, minimum=method.minutes.minimum, typical=method.minutes.typical),
        people=people,
        materials=[item[lang] for item in method.materials],
        steps=[step[lang] for step in method.steps],
        pitfalls=[item[lang] for item in method.pitfalls],
        example=method.example[lang],
        source=method.source.title,
        url=method.source.url,
    )


def methods_page(catalogue: Catalogue, lang: str) -> list[StageSection]:
    return [
        StageSection(
            stage,
            t(f"method_stage_{stage}", lang),
            [method_card(method, lang) for method in catalogue.methods if stage in method.stages],
        )
        for stage in STAGES
    ]
