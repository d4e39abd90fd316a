"""The pack format's JSON Schema (bot.events.schema) agrees with the validator (bot.events.pack):
every valid pack passes it, and a pack broken in its structure is refused at the same places the
validator names. What only the validator can check (unique ids, references, times in order) is
listed in the schema module's docstring; one case of it is shown here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from support.event_methods import ADDED, methods_section
from support.jury_packs import jury_text
from support.packs import all_packs
from test_pack_validation import VALID, problems_after

from bot.core.db import PROJECT_ROOT
from bot.events.pack import parse_pack_text
from bot.events.schema import pack_schema, schema_text
from bot.events.starter import starter_pack

VALIDATOR = Draft202012Validator(pack_schema())
BENCH_PACKS = sorted((PROJECT_ROOT / "bench" / "understanding").glob("*/pack.yml"))


def as_an_editor_reads_it(value: Any) -> Any:
    """The YAML as an editor's YAML 1.2 reader gives it: dates and times are strings there."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_an_editor_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    return value


def place(error: ValidationError) -> str:
    """Where a schema error is, as the validator writes it (`sessions[0].kind`); a missing or an
    unknown key is named itself, as the validator does."""
    path: list[str | int] = list(error.absolute_path)
    if error.validator == "required":
        path.append(str(error.message).split("'")[1])
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        path.append(next(key for key in error.instance if key not in allowed))
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def leaves(error: ValidationError) -> list[ValidationError]:
    """The errors inside "one of these" (an optional part: it or nothing), its "nothing" left out."""
    if not error.context:
        return [error]
    inner = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
    return [leaf for e in inner for leaf in leaves(e)] or [error]


def schema_places(data: dict[str, Any]) -> set[str]:
    errors = VALIDATOR.iter_errors(as_an_editor_reads_it(data))
    return {place(leaf) for error in errors for leaf in leaves(error)}


def test_the_committed_schema_is_the_one_the_code_makes() -> None:
    committed = (PROJECT_ROOT / "docs" / "event-pack.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run `hackbot event schema -o docs/event-pack.schema.json`"
    Draft202012Validator.check_schema(json.loads(committed))


@pytest.mark.parametrize("path", [*all_packs(), *BENCH_PACKS], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_valid_pack_passes_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parse_pack_text(text, str(path))  # valid for the validator
    assert schema_places(yaml.safe_load(text)) == set()


def test_the_starter_pack_and_the_tests_base_pack_pass_the_schema() -> None:
    for text in (starter_pack("my-jam", today=dt.date(2027, 1, 10)), VALID):
        assert schema_places(yaml.safe_load(text)) == set()


def test_a_pack_hiding_and_adding_methods_passes_the_schema() -> None:
    data: dict[str, Any] = yaml.safe_load(VALID)
    data["methods"] = methods_section()
    parse_pack_text(yaml.safe_dump(data, allow_unicode=True))  # valid for the validator
    assert schema_places(data) == set()


def test_a_pack_with_a_judging_section_passes_the_schema() -> None:
    data: dict[str, Any] = yaml.safe_load(jury_text())
    parse_pack_text(jury_text())  # valid for the validator
    assert schema_places(data) == set()


CRITERION = {"id": "impact", "name": {"fr": "Impact", "en": "Impact"}}
Edit = Callable[[dict[str, Any]], None]
STRUCTURAL: dict[str, Edit] = {
    "unknown key": lambda d: d["event"].update(nmae="Jam"),
    "missing key": lambda d: d["event"].pop("timezone"),
    "not a list": lambda d: d.update(sessions={"id": "x"}),
    "bad id": lambda d: d["sessions"][0].update(id="Opening Day"),
    "bad time": lambda d: d["sessions"][0].update(starts="9h30"),
    "bad date": lambda d: d["event"].update(starts="06/05/2030"),
    "unknown kind": lambda d: d["sessions"][0].update(kind="lunch"),
    "format": lambda d: d.update(format=2),
    "bad language code": lambda d: d["event"].update(name={"French": "Jam"}),
    "number for a name": lambda d: d["results"]["awards"][0].update(team=2048),
    "empty text": lambda d: d["challenges"][0].update(summary="  "),
    "zero teams": lambda d: d.update(teams={"max_teams": 0}),
    "unknown time zone": lambda d: d["event"].update(timezone="Europe/Pariss"),
    "yes/no where true or false": lambda d: d.update(teams={"require_challenge": "oui"}),
    "language twice": lambda d: d["event"].update(languages=["fr", "fr"]),
    "hidden method id": lambda d: d.update(methods={"hide": ["Crazy 8s"]}),
    "method text for every language": lambda d: d.update(methods={"add": [{**ADDED, "name": "Atelier"}]}),
    "unknown stage": lambda d: d.update(methods={"add": [{**ADDED, "stages": ["testing"]}]}),
    "too few steps": lambda d: d.update(methods={"add": [{**ADDED, "steps": ADDED["steps"][:2]}]}),
    "zero minutes": lambda d: d.update(methods={"add": [{**ADDED, "minutes": {"minimum": 0, "typical": 5}}]}),
    "not a web address": lambda d: d.update(
        methods={"add": [{**ADDED, "source": {"title": "x", "url": "example.org"}}]}
    ),
    "unknown key of a method": lambda d: d.update(methods={"add": [{**ADDED, "pitfall": []}]}),
    "judging without criteria": lambda d: d.update(judging={"criteria": []}),
    "weight of zero": lambda d: d.update(judging={"criteria": [{**CRITERION, "weight": 0}]}),
    "negative scale": lambda d: d.update(judging={"scale": {"min": -1}, "criteria": [CRITERION]}),
    "unknown awarder": lambda d: d.update(
        judging={"criteria": [CRITERION], "prizes": [{"prize": "jury-prize", "by": "mayor"}]}
    ),
    "unknown key of the judging": lambda d: d.update(judging={"criteria": [CRITERION], "normalize": True}),
}


@pytest.mark.parametrize("edit", STRUCTURAL.values(), ids=STRUCTURAL.keys())
def test_a_pack_broken_in_its_structure_is_refused_where_the_validator_says(edit: Edit) -> None:
    data: dict[str, Any] = yaml.safe_load(VALID)
    edit(data)
    validator_places = {problem.location for problem in problems_after(edit)}
    assert validator_places and schema_places(data) == validator_places


def test_what_only_the_validator_checks_passes_the_schema() -> None:
    def twice(d: dict[str, Any]) -> None:
        d["sessions"].append(dict(d["sessions"][0]))  # the same id twice

    data: dict[str, Any] = yaml.safe_load(VALID)
    twice(data)
    assert [p.location for p in problems_after(twice)] == [f"sessions[{len(data['sessions']) - 1}].id"]
    assert schema_places(data) == set()


def test_a_judging_scale_upside_down_is_for_the_validator_alone() -> None:
    def upside_down(d: dict[str, Any]) -> None:
        d["judging"] = {"scale": {"min": 5, "max": 1}, "criteria": [CRITERION]}

    data: dict[str, Any] = yaml.safe_load(VALID)
    upside_down(data)
    assert [p.location for p in problems_after(upside_down)] == ["judging.scale.max"]
    assert schema_places(data) == set()
