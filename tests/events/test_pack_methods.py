"""A pack's `methods:` section (hackbot's own): the shipped methods it hides and the event's own it
adds, checked with located problems as the catalogue is, stored when the pack is loaded (a reload
replaces it) and written back by `hackbot event export`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.cli_runs import run_cli as run
from support.event_methods import ADDED, HIDDEN, demo_data, methods_section, pack_of
from support.packs import REPO_ROOT
from test_pack_validation import VALID

from bot.core.models import EventMethod, HiddenMethod
from bot.events.export import pack_data, pack_yaml
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import PackError, Problem, parse_pack_text
from bot.methods.catalogue import STAGES, shipped_method_ids

SLUG = "fenua-innovation-2027"


def with_section(methods: dict[str, Any]) -> str:
    """The tests' base pack with `methods` as its `methods:` section."""
    return VALID + yaml.safe_dump({"methods": methods}, allow_unicode=True, sort_keys=False)


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(PackError) as refused:
        parse_pack_text(text, "pack.yml", shipped_methods=shipped_method_ids())
    return refused.value.problems


def line_of(text: str, written: str, after: int = 0) -> int:
    """The line of the first line of `text` from line `after` on that is `written`."""
    lines = text.splitlines()
    return lines.index(written, after) + 1


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# ------------------------------------------------------------------ checking


def test_a_pack_hiding_and_adding_methods_is_read_in_the_catalogues_format() -> None:
    pack = parse_pack_text(with_section(methods_section()), shipped_methods=shipped_method_ids())
    assert pack.methods is not None and pack.methods.hide == HIDDEN
    [added] = pack.methods.add
    assert (added.id, added.stages, added.minutes.typical, added.people.users) == (
        "atelier-prefecture",
        ["test", "prototype"],
        60,
        True,
    )
    assert added.name == ADDED["name"] and added.keywords.en == ["front desk"]


def test_an_unknown_hidden_id_is_reported_on_its_line_with_the_closest_shipped_id() -> None:
    text = with_section(methods_section(hide=["crazy-8s", "worst-possible-ide"]))
    [problem] = problems_in(text)
    assert (problem.line, problem.location) == (line_of(text, "  - worst-possible-ide"), "methods.hide[1]")
    assert problem.message == (
        "no method of the coach's catalogue has the id 'worst-possible-ide' (did you mean "
        "worst-possible-idea?); `hackbot methods list` gives their ids"
    )


def test_an_added_id_that_a_shipped_or_another_added_method_has_is_refused_on_its_line() -> None:
    shipped = {**ADDED, "id": "user-interviews"}
    text = with_section(methods_section(add=[ADDED, shipped, ADDED]))
    problems = problems_in(text)
    first_id = line_of(text, "  - id: atelier-prefecture")
    assert [(p.line, p.location, p.message) for p in problems] == [
        (
            line_of(text, "  - id: user-interviews"),
            "methods.add[1].id",
            "the id 'user-interviews' is already a method of the coach's catalogue; give this one another id "
            "(and hide that one under methods.hide if yours replaces it)",
        ),
        (
            line_of(text, "  - id: atelier-prefecture", first_id),
            "methods.add[2].id",
            "the id 'atelier-prefecture' is already methods.add[0]'s; ids must be unique",
        ),
    ]


@pytest.mark.parametrize(
    ("change", "location", "message"),
    [
        (
            {"name": "Atelier"},
            "methods.add[0].name",
            "has one text for every language; write it in both: {fr: ..., en: ...}",
        ),
        (
            {"example": {"fr": "Au guichet."}},
            "methods.add[0].example",
            "has no English (en) text; write both fr and en",
        ),
        (
            {"steps": ADDED["steps"][:2]},
            "methods.add[0].steps",
            "List should have at least 3 items after validation, not 2",
        ),
        (
            {"minutes": {"minimum": 30, "typical": 20}},
            "methods.add[0].minutes.typical",
            "the typical time (20 min) is under the minimum (30 min)",
        ),
        (
            {"stages": ["testing"]},
            "methods.add[0].stages[0]",
            f"'testing' is not a stage; write one of: {', '.join(STAGES)}",
        ),
        (
            {"stages": ["test", "test"]},
            "methods.add[0].stages",
            "a stage is listed twice",
        ),
        (
            {"source": {"title": "Préfecture", "url": "example.org"}},
            "methods.add[0].source.url",
            "'example.org' is not a web address; write it with https://",
        ),
    ],
)
def test_a_broken_added_method_is_located_and_said_as_in_the_catalogue(
    change: dict[str, Any], location: str, message: str
) -> None:
    text = with_section(methods_section(add=[{**ADDED, **change}]))
    [problem] = problems_in(text)
    assert (problem.location, problem.message) == (location, message)
    assert problem.line is not None and problem.line > line_of(text, "methods:")


def test_a_misspelt_key_of_an_added_method_gets_the_keys_allowed() -> None:
    broken = {key if key != "pitfalls" else "pitfall": value for key, value in ADDED.items()}
    problems = problems_in(with_section(methods_section(add=[broken])))
    assert {p.location for p in problems} == {"methods.add[0].pitfall", "methods.add[0].pitfalls"}
    unknown = next(p for p in problems if p.location == "methods.add[0].pitfall")
    assert unknown.message.startswith("unknown key (did you mean pitfalls?); keys allowed here: id, name,")


def test_a_method_hidden_twice_or_hidden_though_the_pack_adds_it_is_refused() -> None:
    text = with_section(methods_section(hide=["crazy-8s", "atelier-prefecture", "crazy-8s"]))
    assert [(p.location, p.message) for p in problems_in(text)] == [
        (
            "methods.hide[1]",
            "'atelier-prefecture' is a method this pack adds (methods.add[0]); remove it there",
        ),
        ("methods.hide[2]", "the id 'crazy-8s' is already listed at methods.hide[0]"),
    ]


def test_hiding_every_shipped_method_and_adding_none_is_refused() -> None:
    text = with_section({"hide": sorted(shipped_method_ids())})
    [problem] = problems_in(text)
    assert (problem.location, problem.line) == ("methods.hide", line_of(text, "  hide:"))
    assert "the coach would have none" in problem.message


def test_without_the_shipped_ids_a_pack_is_checked_for_what_it_says_alone() -> None:
    """bot.events cannot know the coach's catalogue: whoever loads a pack passes its ids."""
    unknown = with_section(methods_section(hide=["no-such-method"], add=[{**ADDED, "id": "user-interviews"}]))
    assert parse_pack_text(unknown).methods is not None
    twice = with_section(methods_section(hide=["crazy-8s", "crazy-8s"]))
    with pytest.raises(PackError, match=r"methods.hide\[1\]: the id 'crazy-8s' is already listed"):
        parse_pack_text(twice)


def test_the_example_of_the_format_document_is_a_valid_section() -> None:
    document = (REPO_ROOT / "docs" / "methods-format.md").read_text(encoding="utf-8")
    section = document[document.index("## In an event pack") :]
    found = re.search(r"```yaml\n(methods:\n.*?)```", section, re.S)
    assert found, "docs/methods-format.md has an example of a pack's methods section"
    pack = parse_pack_text(VALID + found.group(1), shipped_methods=shipped_method_ids())
    assert pack.methods is not None and pack.methods.hide and pack.methods.add


def test_event_validate_and_load_report_an_unknown_hidden_id_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = with_section(methods_section(hide=["worst-possible-ide"]))
    pack = tmp_path / "jam.yml"
    pack.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code, _, err = run(capsys, url, "event", "validate", str(pack))
    line = line_of(text, "  - worst-possible-ide")
    assert code == 1 and f"{pack}:{line}: methods.hide[0]: no method of the coach's catalogue" in err
    code, _, err = run(capsys, url, "event", "load", str(pack))
    assert code == 1 and f"{pack}:{line}: methods.hide[0]" in err and "Nothing was loaded." in err
    pack.write_text(with_section(methods_section()), encoding="utf-8")
    code, out, _ = run(capsys, url, "event", "validate", str(pack))
    assert code == 0 and out.strip().endswith(", 2 hidden methods, 1 added method")


# ------------------------------------------------------------------ storing


def test_loading_a_pack_stores_the_methods_it_hides_and_adds(session: Session) -> None:
    report = load_pack(session, pack_of(demo_data(methods_section())))
    assert (report.changes["hidden methods"].created, report.changes["added methods"].created) == (2, 1)
    event = get_event(session, SLUG)
    assert event is not None
    assert [row.key for row in event.hidden_methods] == HIDDEN
    [added] = event.added_methods
    assert (added.key, added.stages, added.minutes_minimum, added.minutes_typical) == (
        "atelier-prefecture",
        ["test", "prototype"],
        30,
        60,
    )
    assert added.steps == ADDED["steps"] and added.keywords_fr == ["guichet", "agents d'accueil"]
    assert (added.source_title, added.source_url) == (
        "Préfecture de l'exemple",
        "https://example.org/atelier",
    )


def test_reloading_the_same_section_changes_nothing(session: Session) -> None:
    load_pack(session, pack_of(demo_data(methods_section())))
    report = load_pack(session, pack_of(demo_data(methods_section())))
    assert not report.changed, report.summary()


def test_a_reload_replaces_the_section_and_a_pack_without_it_removes_it(session: Session) -> None:
    first = load_pack(session, pack_of(demo_data(methods_section()))).event
    added_id = first.added_methods[0].id
    renamed = {**ADDED, "name": {"fr": "Atelier au guichet", "en": "Counter workshop"}}
    report = load_pack(session, pack_of(demo_data(methods_section(hide=["crazy-8s"], add=[renamed]))))
    assert report.changed and report.changes["added methods"].updated == 1
    assert "  hidden methods: 1 created, 2 removed" in report.summary()
    event = get_event(session, SLUG)
    assert event is not None and [row.key for row in event.hidden_methods] == ["crazy-8s"]
    assert event.added_methods[0].id == added_id and event.added_methods[0].name["en"] == "Counter workshop"

    report = load_pack(session, pack_of(demo_data()))
    assert (report.changes["hidden methods"].removed, report.changes["added methods"].removed) == (1, 1)
    assert count(session, HiddenMethod) == 0 and count(session, EventMethod) == 0


def test_an_exported_event_keeps_its_methods_section_as_written(session: Session) -> None:
    original = pack_of(demo_data(methods_section()))
    load_pack(session, original)
    event = get_event(session, SLUG)
    assert event is not None
    data = pack_data(event)
    assert data["methods"]["hide"] == HIDDEN and data["methods"]["add"][0]["id"] == "atelier-prefecture"
    again = parse_pack_text(pack_yaml(event), shipped_methods=shipped_method_ids())
    assert again.model_dump() == original.model_dump()
    assert not load_pack(session, again).changed
    without_materials = {key: value for key, value in ADDED.items() if key not in ("materials", "keywords")}
    load_pack(session, pack_of(demo_data(methods_section(hide=[], add=[without_materials]))))
    event = get_event(session, SLUG)
    assert event is not None
    assert pack_data(event)["methods"] == {"add": [{**without_materials, "id": "atelier-prefecture"}]}
