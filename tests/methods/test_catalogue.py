"""The methods catalogue: the shipped one is valid, complete in both languages and covers every
stage; a broken catalogue is refused with each problem's line, place and what to write, as the
event pack's validator does."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli_runs import run_cli as run

from bot.methods.catalogue import (
    STAGES,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
    parse_catalogue_text,
)

GOOD = """\
format: 1
methods:
  - id: hallway-test
    name: {fr: Test de couloir, en: Hallway test}
    purpose: {fr: Voir si un inconnu comprend, en: See whether a stranger understands}
    stages: [test]
    minutes: {minimum: 20, typical: 45}
    people: {minimum: 1, users: true}
    steps:
      - {fr: Choisir une tâche, en: Pick a task}
      - {fr: Observer sans aider, en: Watch without helping}
      - {fr: Noter où ça bloque, en: Note where it sticks}
    pitfalls:
      - {fr: Expliquer à la place de la personne, en: Explaining instead of watching}
    example: {fr: Un formulaire CAF testé par cinq passants., en: A form tried by five passers-by.}
    source: {title: GOV.UK Service Manual, url: https://www.gov.uk/service-manual}
"""


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue_text(text, "broken.yml")
    return [(p.line, p.location, p.message) for p in refused.value.problems]


def test_the_shipped_catalogue_is_valid_and_covers_every_stage_in_both_languages() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.methods) >= 25
    assert all(count >= 3 for count in catalogue.per_stage().values()), catalogue.per_stage()
    for method in catalogue.methods:
        texts = [
            method.name,
            method.purpose,
            method.example,
            *method.steps,
            *method.pitfalls,
            *method.materials,
        ]
        assert all(text["fr"].strip() and text["en"].strip() for text in texts), method.id
        assert method.minutes.minimum <= method.minutes.typical, method.id
        assert 3 <= len(method.steps) <= 7 and method.source.url.startswith("https://"), method.id
        assert method.for_a_challenge is not None, method.id  # a registered team's first step
    assert len(catalogue.by_id()) == len(catalogue.methods)
    quick = [m for m in catalogue.methods if m.minutes.minimum <= 30]
    assert {stage for m in quick for stage in m.stages} >= {
        "test",
        "pitch",
    }  # something for a team in a hurry


def test_a_valid_catalogue_reads_back_as_written() -> None:
    method = parse_catalogue_text(GOOD).methods[0]
    assert (method.id, method.stages, method.minutes.minimum, method.people.users) == (
        "hallway-test",
        ["test"],
        20,
        True,
    )
    assert method.name == {"fr": "Test de couloir", "en": "Hallway test"}
    assert method.keywords.fr == [] and method.materials == []


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD.replace("{fr: Test de couloir, en: Hallway test}", "Hallway test"),
            (4, "methods[0].name", "has one text for every language; write it in both: {fr: ..., en: ...}"),
        ),
        (
            GOOD.replace(", en: Watch without helping}", "}"),
            (11, "methods[0].steps[1]", "has no English (en) text; write both fr and en"),
        ),
        (
            GOOD.replace("stages: [test]", "stages: [testing]"),
            (
                6,
                "methods[0].stages[0]",
                "'testing' is not a stage; write one of: "
                "understand, define, ideate, prototype, test, deploy, pitch",
            ),
        ),
        (
            GOOD.replace("typical: 45", "typical: 15"),
            (7, "methods[0].minutes.typical", "the typical time (15 min) is under the minimum (20 min)"),
        ),
        (
            GOOD.replace("      - {fr: Noter où ça bloque, en: Note where it sticks}\n", ""),
            (9, "methods[0].steps", "List should have at least 3 items after validation, not 2"),
        ),
        (
            GOOD.replace("    pitfalls:", "    pitfall:"),
            (
                13,
                "methods[0].pitfall",
                "unknown key (did you mean pitfalls?); keys allowed here: id, name, purpose, "
                "stages, minutes, people, materials, steps, pitfalls, example, for_a_challenge, keywords, "
                "source",
            ),
        ),
        (
            GOOD.replace("url: https://www.gov.uk/service-manual", "url: www.gov.uk"),
            (16, "methods[0].source.url", "'www.gov.uk' is not a web address; write it with https://"),
        ),
        (
            GOOD.replace(
                "    source:",
                "    for_a_challenge: {fr: Pour votre défi, en: 'For “{challenge}”'}\n    source:",
            ),
            (
                16,
                "methods[0].for_a_challenge",
                "its fr text must hold {challenge} once, where the team's challenge goes, "
                "and no other braces",
            ),
        ),
        (
            GOOD.replace("people: {minimum: 1, users: true}", "people: {minimum: 1, users: maybe}"),
            (8, "methods[0].people.users", "'maybe' is not true or false"),
        ),
    ],
)
def test_each_problem_is_said_with_its_line_place_and_what_to_write(
    broken: str, expected: tuple[int, str, str]
) -> None:
    assert expected in problems_of(broken)


def test_an_id_used_twice_and_a_yaml_mistake_are_located() -> None:
    twice = GOOD + GOOD.split("methods:\n", 1)[1]
    assert (
        17,
        "methods[1].id",
        "the id 'hallway-test' is already methods[0]'s; ids must be unique",
    ) in problems_of(twice)
    tabbed = GOOD.replace("    stages: [test]", "\tstages: [test]")
    [(line, _, message)] = problems_of(tabbed)
    assert line == 6 and "a tab; indent with spaces only" in message


def test_the_command_checks_the_shipped_catalogue_and_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "sqlite://", "methods", "validate")
    assert code == 0 and out.startswith(f"OK: {len(load_catalogue().methods)} methods (understand ")
    broken = tmp_path / "methods.yml"
    broken.write_text(GOOD.replace("stages: [test]", "stages: []"), encoding="utf-8")
    code, _, err = run(capsys, "sqlite://", "methods", "validate", str(broken))
    assert code == 1
    assert f"{broken}:6: methods[0].stages: List should have at least 1 item after validation, not 0" in err
    assert err.splitlines()[-1] == "1 problem(s) found."
    broken.write_bytes("format: 1\nmethods: [é]".encode("latin-1"))
    with pytest.raises(CatalogueError, match="this file is not UTF-8 text; save it as UTF-8"):
        parse_catalogue(broken)
    code, out, _ = run(capsys, "sqlite://", "methods", "list", "--lang", "fr")
    assert code == 0 and [line for line in out.splitlines() if not line.startswith(" ")] == [
        f"{s}:" for s in STAGES
    ]
