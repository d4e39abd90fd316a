"""A pack's `judging:` section (hackbot's own): the scale, criteria, teams listed for judging and how
each prize is awarded, checked with located problems, stored when the pack is loaded (a reload
replaces it, and raises the event's revision), and written back by `hackbot event export`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.cli_runs import run_cli as run
from support.jury_packs import SLUG, TEAMS, jury_data, jury_text, load_jury_event
from support.packs import REPO_ROOT
from test_pack_validation import VALID

from bot.core.models import Event, JudgedTeam, JudgingCriterion, JudgingSettings, PrizeRule
from bot.events.export import pack_data, pack_yaml
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import PackError, Problem, parse_pack_text
from bot.events.starter import starter_pack


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(PackError) as refused:
        parse_pack_text(text, "pack.yml")
    return refused.value.problems


def only(text: str) -> tuple[str, str]:
    [problem] = problems_in(text)
    return problem.location, problem.message


def line_of(text: str, written: str, after: int = 0) -> int:
    return text.splitlines().index(written, after) + 1


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# ------------------------------------------------------------------ checking


def test_a_judging_section_is_read_with_its_defaults() -> None:
    pack = parse_pack_text(jury_text(jury_data(scale=None)))
    judging = pack.judging
    assert judging is not None and (judging.scale.min, judging.scale.max, judging.normalise) == (1, 5, False)
    assert [(c.id, c.weight) for c in judging.criteria] == [("impact", 2), ("faisabilite", 1), ("pitch", 1)]
    assert judging.criteria[2].name == {"*": "Pitch"}
    assert [(t.name, t.challenge) for t in judging.teams][:2] == [
        ("Les Débrouillards", "acces-droits"),
        ("Data Lagon", "donnees"),
    ]
    assert [(p.prize, p.by, p.challenge) for p in judging.prizes] == [
        ("grand-prix", "jury", None),
        ("prix-donnees", "jury", "donnees"),
        ("prix-acces", "jury", "acces-droits"),
        ("prix-public", "public", None),
    ]
    assert pack.warnings == []


def test_an_unknown_prize_id_is_reported_on_its_line_with_the_packs_prize_ids() -> None:
    data = jury_data(prizes=[{"prize": "grand-prix"}, {"prize": "grand-prize"}])
    text = jury_text(data)
    [problem] = problems_in(text)
    assert (problem.location, problem.line) == (
        "judging.prizes[1].prize",
        line_of(text, "  - prize: grand-prize"),
    )
    assert problem.message == (
        "no prize has the id 'grand-prize'; the prize ids are: "
        "grand-prix, prix-donnees, prix-acces, prix-public"
    )


def test_an_unknown_challenge_id_is_reported_for_a_team_and_for_a_prize() -> None:
    teams = [{"name": "Les Débrouillards", "challenge": "acces"}]
    prizes = [{"prize": "prix-acces", "challenge": "donnes"}]
    problems = problems_in(jury_text(jury_data(teams=teams, prizes=prizes)))
    assert [(p.location, p.message) for p in problems] == [
        (
            "judging.teams[0].challenge",
            "no challenge has the id 'acces'; the challenge ids are: acces-droits, donnees",
        ),
        (
            "judging.prizes[0].challenge",
            "no challenge has the id 'donnes'; the challenge ids are: acces-droits, donnees",
        ),
    ]


def test_a_criterion_id_used_twice_is_refused_where_it_is_used_again() -> None:
    criteria = [
        {"id": "impact", "name": "Impact"},
        {"id": "pitch", "name": "Pitch"},
        {"id": "impact", "name": "x"},
    ]
    text = jury_text(jury_data(criteria=criteria))
    [problem] = problems_in(text)
    assert (problem.location, problem.message) == (
        "judging.criteria[2].id",
        "the id 'impact' is already used by judging.criteria[0]",
    )
    first = line_of(text, "  - id: impact")
    assert problem.line == line_of(text, "  - id: impact", first)


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "0 is not above 0; a weight is a number such as 1, 2 or 0.5"),
        (-1.5, "-1.5 is not above 0; a weight is a number such as 1, 2 or 0.5"),
        ("heavy", "'heavy' is not a number; write a weight such as 1, 2 or 0.5"),
        (True, "true is not a number; write a weight such as 1, 2 or 0.5"),
    ],
)
def test_a_weight_that_is_not_a_positive_number_is_refused(weight: object, message: str) -> None:
    criteria = [{"id": "impact", "name": "Impact", "weight": weight}]
    assert only(jury_text(jury_data(criteria=criteria))) == ("judging.criteria[0].weight", message)


def test_a_weight_may_be_a_fraction() -> None:
    criteria = [{"id": "impact", "name": "Impact", "weight": 0.5}]
    pack = parse_pack_text(jury_text(jury_data(criteria=criteria)))
    assert pack.judging is not None and pack.judging.criteria[0].weight == 0.5


@pytest.mark.parametrize(
    ("scale", "location", "message"),
    [
        ({"min": 5, "max": 5}, "judging.scale.max", "the scale's max (5) is not above its min (5)"),
        ({"min": 4, "max": 2}, "judging.scale.max", "the scale's max (2) is not above its min (4)"),
        ({"min": 6}, "judging.scale.min", "the scale's max (5) is not above its min (6)"),
        (
            {"min": 0, "max": 30},
            "judging.scale.max",
            "the scale has 31 values; at most 21 (such as 0 to 20), as a juror picks one with a button",
        ),
        ({"min": -1, "max": 5}, "judging.scale.min", "-1 is below 0; scores start at 0 or more"),
        ({"min": 1, "max": 4.5}, "judging.scale.max", "4.5 is not a whole number; write one such as 1 or 5"),
    ],
)
def test_a_scale_that_cannot_be_scored_on_is_refused(
    scale: dict[str, Any], location: str, message: str
) -> None:
    assert only(jury_text(jury_data(scale=scale))) == (location, message)


def test_a_scale_of_0_to_20_is_fine() -> None:
    pack = parse_pack_text(jury_text(jury_data(scale={"min": 0, "max": 20})))
    assert pack.judging is not None and (pack.judging.scale.min, pack.judging.scale.max) == (0, 20)


def test_a_team_listed_twice_ignoring_case_and_accents_is_refused() -> None:
    teams = [{"name": "Les Débrouillards"}, {"name": "Data Lagon"}, {"name": "les  debrouillards"}]
    assert only(jury_text(jury_data(teams=teams))) == (
        "judging.teams[2].name",
        "the team 'les  debrouillards' is already listed at judging.teams[0] "
        "(names are compared ignoring case)",
    )


def test_a_prize_listed_twice_is_refused() -> None:
    prizes = [{"prize": "grand-prix"}, {"prize": "prix-public", "by": "public"}, {"prize": "grand-prix"}]
    assert only(jury_text(jury_data(prizes=prizes))) == (
        "judging.prizes[2].prize",
        "the prize 'grand-prix' is already at judging.prizes[0]; a prize is awarded once",
    )


def test_who_awards_a_prize_is_the_jury_or_the_public() -> None:
    prizes = [{"prize": "grand-prix", "by": "organisers"}]
    assert only(jury_text(jury_data(prizes=prizes))) == (
        "judging.prizes[0].by",
        "'organisers' is not who awards a prize; write jury (the jurors' scores) or public "
        "(the audience's vote)",
    )


def test_a_section_without_criteria_is_refused() -> None:
    assert only(jury_text(jury_data(criteria=[]))) == (
        "judging.criteria",
        "List should have at least 1 item after validation, not 0",
    )
    assert only(jury_text(jury_data(criteria=None))) == ("judging.criteria", "missing; this is required")


def test_a_misspelt_key_gets_the_keys_allowed() -> None:
    data = jury_data()
    data["judging"]["normalize"] = True
    location, message = only(jury_text(data))
    assert location == "judging.normalize"
    assert (
        message == "unknown key (did you mean normalise?); keys allowed here: "
        "scale, normalise, criteria, teams, prizes"
    )


def test_listed_teams_beside_open_registration_are_a_warning() -> None:
    data = jury_data()
    data["teams"] = {"max_size": 5}
    pack = parse_pack_text(jury_text(data), "pack.yml")
    [warning] = pack.warnings
    assert warning.location == "judging.teams"
    assert warning.message.startswith(
        "these teams are judged only while no team has registered through the assistant"
    )


def test_the_example_of_the_format_document_is_a_valid_section() -> None:
    document = (REPO_ROOT / "docs" / "judging-format.md").read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(judging:\n.*?)```", document, re.S)
    assert found, "docs/judging-format.md has an example of the section"
    data = yaml.safe_load(VALID)
    data["prizes"].append({"id": "forms-prize", "name": "Forms prize"})
    pack = parse_pack_text(yaml.safe_dump(data, allow_unicode=True) + found.group(1))
    assert pack.judging is not None and pack.judging.criteria and pack.judging.prizes


def test_the_starter_packs_commented_section_is_valid_once_uncommented() -> None:
    text = starter_pack("my-jam", today=dt.date(2027, 1, 10))
    lines = text.splitlines()
    start = lines.index("# judging:")
    section = []
    for line in lines[start:]:
        if not line.startswith("#"):
            break
        section.append(line[2:])
    pack = parse_pack_text(text + "\n" + "\n".join(section) + "\n")
    assert pack.judging is not None and [c.id for c in pack.judging.criteria] == ["usefulness", "feasibility"]


def test_event_validate_reports_a_judging_problem_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = jury_text(jury_data(prizes=[{"prize": "grand-prize"}]))
    pack = tmp_path / "jam.yml"
    pack.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code, _, err = run(capsys, url, "event", "validate", str(pack))
    line = line_of(text, "  - prize: grand-prize")
    assert code == 1 and f"{pack}:{line}: judging.prizes[0].prize: no prize has the id 'grand-prize'" in err
    pack.write_text(jury_text(), encoding="utf-8")
    code, out, _ = run(capsys, url, "event", "validate", str(pack))
    assert code == 0 and out.strip().endswith("3 jury members, 4 prizes, 3 judging criteria")


# ------------------------------------------------------------------ storing


def test_loading_a_pack_stores_its_judging_section(session: Session) -> None:
    event = load_jury_event(session)
    assert event.judging is not None
    assert (event.judging.scale_min, event.judging.scale_max, event.judging.normalise) == (1, 5, False)
    assert [(c.key, c.weight, c.position) for c in event.criteria] == [
        ("impact", 2.0, 0),
        ("faisabilite", 1.0, 1),
        ("pitch", 1.0, 2),
    ]
    assert [(t.name, t.key, t.challenge.key if t.challenge else None) for t in event.judged_teams] == [
        ("Les Débrouillards", "les debrouillards", "acces-droits"),
        ("Data Lagon", "data lagon", "donnees"),
        ("Guichet Unique", "guichet unique", "acces-droits"),
        ("Open Fare", "open fare", "donnees"),
    ]
    assert [
        (r.key, r.prize.key, r.awarded_by, r.challenge.key if r.challenge else None)
        for r in event.prize_rules
    ] == [
        ("grand-prix", "grand-prix", "jury", None),
        ("prix-donnees", "prix-donnees", "jury", "donnees"),
        ("prix-acces", "prix-acces", "jury", "acces-droits"),
        ("prix-public", "prix-public", "public", None),
    ]


def test_reloading_the_same_section_changes_nothing(session: Session) -> None:
    event = load_jury_event(session)
    revision = event.revision
    report = load_pack(session, parse_pack_text(jury_text()))
    assert not report.changed, report.summary()
    session.expire_all()
    assert session.get(Event, event.id).revision == revision  # type: ignore[union-attr]


def test_a_reload_replaces_the_section_raises_the_revision_and_a_pack_without_it_removes_it(
    session: Session,
) -> None:
    event = load_jury_event(session)
    revision, impact_id = event.revision, event.criteria[0].id
    criteria = [
        {"id": "pitch", "name": "Pitch", "weight": 3},
        {"id": "impact", "name": {"fr": "Impact", "en": "Impact"}, "weight": 2},
    ]
    teams = [{"name": TEAMS[3], "challenge": "donnees"}, {"name": TEAMS[0]}]
    report = load_pack(
        session, parse_pack_text(jury_text(jury_data(criteria=criteria, teams=teams, normalise=True)))
    )
    assert "  criteria: 2 updated, 1 removed" in report.summary()
    assert "  judged teams: 2 updated, 2 removed" in report.summary()
    session.expire_all()
    event = get_event(session, SLUG)  # type: ignore[assignment]
    assert event.revision > revision and event.judging is not None and event.judging.normalise
    assert [(c.key, c.weight) for c in event.criteria] == [("pitch", 3.0), ("impact", 2.0)]
    assert event.criteria[1].id == impact_id  # matched by id: the same row
    assert [(t.name, t.challenge.key if t.challenge else None) for t in event.judged_teams] == [
        (TEAMS[3], "donnees"),
        (TEAMS[0], None),
    ]

    data = jury_data()
    del data["judging"]
    report = load_pack(session, parse_pack_text(jury_text(data)))
    assert report.changed and report.changes["prize rules"].removed == 4
    assert [count(session, m) for m in (JudgingSettings, JudgingCriterion, JudgedTeam, PrizeRule)] == [
        0,
        0,
        0,
        0,
    ]


def test_an_exported_event_keeps_its_judging_section(session: Session) -> None:
    original = parse_pack_text(jury_text())
    event = load_jury_event(session)
    data = pack_data(event)
    assert data["judging"]["scale"] == {"min": 1, "max": 5} and data["judging"]["normalise"] is False
    assert data["judging"]["criteria"][0] == {
        "id": "impact",
        "name": {"fr": "Impact pour les usagers", "en": "Impact for users"},
        "weight": 2,
    }
    assert data["judging"]["teams"][0] == {"name": "Les Débrouillards", "challenge": "acces-droits"}
    assert data["judging"]["prizes"][1] == {"prize": "prix-donnees", "by": "jury", "challenge": "donnees"}
    again = parse_pack_text(pack_yaml(event))
    assert again.model_dump() == original.model_dump()
    assert not load_pack(session, again).changed
    half = jury_data(criteria=[{"id": "impact", "name": "Impact", "weight": 0.5}], teams=None, prizes=None)
    event = load_jury_event(session, half)
    assert pack_data(event)["judging"] == {
        "scale": {"min": 1, "max": 5},
        "normalise": False,
        "criteria": [{"id": "impact", "name": "Impact", "weight": 0.5}],
    }
    assert yaml.safe_load(pack_yaml(event))["judging"]["criteria"][0]["weight"] == 0.5
