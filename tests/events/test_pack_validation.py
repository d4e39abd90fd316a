"""Validation of event packs: every problem reported at once, located, in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.packs import DEMO_PACK, all_packs

from bot.core.i18n import localize
from bot.events.pack import Pack, PackError, Problem, parse_pack, parse_pack_text

VALID = """\
format: 1
event:
  slug: test-jam
  name: {fr: Jam de test, en: Test jam}
  organiser: Test ministry
  timezone: Europe/Paris
  starts: 2030-05-06
  ends: 2030-05-07
  languages: [fr, en]
teams:
  min_size: 2
  max_size: 5
  registration_opens: 2030-04-01T09:00
  registration_closes: 2030-05-06T10:00
sessions:
  - id: opening
    title: {fr: Ouverture, en: Opening}
    starts: 2030-05-06T09:00
    ends: 2030-05-06T09:30
    kind: ceremony
  - id: hacking
    title: Hacking
    starts: 2030-05-06T09:30
    ends: 2030-05-07T16:00
    kind: hacking
challenges:
  - id: forms
    title: {fr: Formulaires, en: Forms}
    summary: {fr: Des formulaires plus simples., en: Simpler forms.}
prizes:
  - id: jury-prize
    name: {fr: Prix du jury, en: Jury prize}
results:
  awards:
    - {prize: jury-prize, team: Team A}
"""


def valid_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(VALID)
    return data


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(PackError) as caught:
        parse_pack_text(text, "pack.yml")
    assert caught.value.source == "pack.yml"
    return caught.value.problems


def problems_after(edit: Callable[[dict[str, Any]], None]) -> list[Problem]:
    data = valid_data()
    edit(data)
    return problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_the_base_pack_of_these_tests_is_valid() -> None:
    pack = parse_pack_text(VALID, "pack.yml")
    assert pack.event.slug == "test-jam"
    assert pack.warnings == []


@pytest.mark.parametrize("path", all_packs(), ids=lambda p: p.name)
def test_demo_and_shared_packs_are_valid(path: Path) -> None:
    pack = parse_pack(path)
    assert pack.sessions and pack.challenges
    assert pack.warnings == []


def test_demo_pack_uses_every_section_in_french_and_english() -> None:
    pack = parse_pack(DEMO_PACK)
    assert pack.methods is None  # the demo's coach offers the shipped catalogue as it is
    for section in set(Pack.model_fields) - {"methods"}:
        assert getattr(pack, section), f"the demo pack has no {section}"
    assert pack.event.languages == ["fr", "en"]
    assert pack.event.venue and pack.event.venue.map_url and pack.event.contact and pack.event.contact.email
    assert pack.teams and pack.teams.registration_opens and pack.teams.registration_closes
    assert {s.kind for s in pack.sessions} >= {"ceremony", "talk", "workshop", "hacking", "mentoring"}
    assert {s.kind for s in pack.sessions} >= {"pitch", "jury", "meal", "social"}
    assert len({s.starts.date() for s in pack.sessions}) == 3
    assert 4 <= len(pack.challenges) <= 5 and all(c.keywords for c in pack.challenges)
    assert len(pack.faq) >= 3 and len(pack.rules) >= 3
    assert all(m.expertise for m in pack.mentors)
    assert sum(j.chair for j in pack.jury) == 1
    assert len(pack.prizes) == 3 and all(p.reward for p in pack.prizes)
    assert pack.results and pack.results.published is False and pack.results.awards
    titles = (
        [s.title for s in pack.sessions] + [c.title for c in pack.challenges] + [r.topic for r in pack.rules]
    )
    assert all(set(title) == {"fr", "en"} for title in titles)
    assert "Pitchs finaux" in {localize(s.title, "fr") for s in pack.sessions}


def test_plain_string_text_is_stored_for_every_language() -> None:
    pack = parse_pack_text(VALID, "pack.yml")
    assert pack.event.organiser == {"*": "Test ministry"}
    assert pack.sessions[1].title == {"*": "Hacking"}
    assert pack.event.name == {"fr": "Jam de test", "en": "Test jam"}


def test_times_and_dates_are_parsed_whether_yaml_reads_them_as_strings_or_dates() -> None:
    data = valid_data()
    data["event"]["starts"] = "2030-05-06"  # quoted date
    text = yaml.safe_dump(data, sort_keys=False).replace("2030-05-06T09:00", "2030-05-06 09:00:00")
    pack = parse_pack_text(text, "pack.yml")
    assert pack.event.starts == dt.date(2030, 5, 6)
    assert pack.sessions[0].starts == dt.datetime(2030, 5, 6, 9, 0)
    assert pack.sessions[1].ends == dt.datetime(2030, 5, 7, 16, 0)


def test_missing_required_field() -> None:
    problem = only_problem(problems_after(lambda d: d["event"].pop("name")))
    assert problem.location == "event.name"
    assert "required" in problem.message


def test_time_in_the_wrong_format() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][1].update(starts="2030-05-06 9h")))
    assert problem.location == "sessions[1].starts"
    assert problem.message == "'2030-05-06 9h' is not a time; write YYYY-MM-DDTHH:MM, e.g. 2021-09-20T09:00"


def test_impossible_time() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][0].update(ends="2030-05-06T25:00")))
    assert problem.location == "sessions[0].ends"
    assert "not a real date and time" in problem.message


def test_date_where_a_time_is_expected() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][0].update(ends=dt.date(2030, 5, 6))))
    assert problem.location == "sessions[0].ends"
    assert "is a date without a time" in problem.message


def test_misspelt_key_is_an_error_with_a_suggestion() -> None:
    def misspell(data: dict[str, Any]) -> None:
        data["sessions"][0]["titel"] = data["sessions"][0].pop("title")

    problems = problems_after(misspell)
    assert {p.location for p in problems} == {"sessions[0].titel", "sessions[0].title"}
    unknown = next(p for p in problems if p.location == "sessions[0].titel")
    assert "unknown key (did you mean title?)" in unknown.message
    assert "id, title, starts, ends, location, kind, description" in unknown.message


def test_unknown_top_level_section() -> None:
    problem = only_problem(problems_after(lambda d: d.update(sponsors=["Acme"])))
    assert problem.location == "sponsors"
    assert "unknown key" in problem.message and "prizes" in problem.message


def test_duplicate_id_in_a_list() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][1].update(id="opening")))
    assert problem.location == "sessions[1].id"
    assert problem.message == "the id 'opening' is already used by sessions[0]"


def test_id_that_is_not_a_slug_gets_a_suggestion() -> None:
    problem = only_problem(problems_after(lambda d: d["challenges"][0].update(id="Défi Formulaires")))
    assert problem.location == "challenges[0].id"
    assert "not a valid id" in problem.message and "e.g. defi-formulaires" in problem.message


def test_award_of_a_prize_that_does_not_exist() -> None:
    problem = only_problem(problems_after(lambda d: d["results"]["awards"][0].update(prize="best-idea")))
    assert problem.location == "results.awards[0].prize"
    assert problem.message == "no prize has the id 'best-idea'; the prize ids are: jury-prize"


def test_unknown_time_zone_suggests_the_closest() -> None:
    problem = only_problem(problems_after(lambda d: d["event"].update(timezone="Europe/Pariss")))
    assert problem.location == "event.timezone"
    assert "not a known time zone" in problem.message and "did you mean Europe/Paris?" in problem.message


def test_session_that_ends_before_it_starts() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][0].update(ends="2030-05-06T08:00")))
    assert problem.location == "sessions[0].ends"
    assert "ends (2030-05-06T08:00) before or when it starts (2030-05-06T09:00)" in problem.message


def test_event_that_ends_before_it_starts() -> None:
    problem = only_problem(problems_after(lambda d: d["event"].update(ends=dt.date(2030, 5, 5))))
    assert problem.location == "event.ends"
    assert "before it starts" in problem.message


def test_minimum_team_size_above_the_maximum() -> None:
    problem = only_problem(problems_after(lambda d: d["teams"].update(min_size=6)))
    assert problem.location == "teams.max_size"
    assert problem.message == "max_size (5) is smaller than min_size (6)"


def test_team_size_below_one() -> None:
    problem = only_problem(problems_after(lambda d: d["teams"].update(min_size=0)))
    assert problem.location == "teams.min_size"
    assert "at least 1" in problem.message


def test_registration_that_closes_before_it_opens() -> None:
    problem = only_problem(
        problems_after(lambda d: d["teams"].update(registration_closes="2030-03-01T09:00"))
    )
    assert problem.location == "teams.registration_closes"
    assert "before it opens" in problem.message


def test_unknown_session_kind_lists_the_allowed_ones() -> None:
    problem = only_problem(problems_after(lambda d: d["sessions"][0].update(kind="lunch")))
    assert problem.location == "sessions[0].kind"
    assert "'lunch' is not a kind of session" in problem.message and "meal" in problem.message


def test_wrong_format_version() -> None:
    problem = only_problem(problems_after(lambda d: d.update(format=2)))
    assert problem.location == "format"
    assert "write format: 1" in problem.message


def test_number_where_text_is_expected_asks_for_quotes() -> None:
    problem = only_problem(problems_after(lambda d: d["results"]["awards"][0].update(team=2048)))
    assert problem.location == "results.awards[0].team"
    assert "put it in quotes" in problem.message


def test_plain_numbers_in_lists_of_words_are_text() -> None:
    data = yaml.safe_load(VALID)
    data["challenges"][0]["keywords"] = ["communication", 300, 2.5]
    data["mentors"] = [{"name": "Ada", "expertise": [5, {"fr": 5, "en": "5G"}, "web"]}]
    pack = parse_pack_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert pack.challenges[0].keywords == ["communication", "300", "2.5"]
    assert pack.mentors[0].expertise == [{"*": "5"}, {"fr": "5", "en": "5G"}, {"*": "web"}]


@pytest.mark.parametrize(
    ("value", "said"), [(True, "true is read as yes/no"), (dt.date(2027, 3, 1), "2027-03-01")]
)
def test_yes_no_and_dates_in_lists_of_words_stay_errors(value: object, said: str) -> None:
    problem = only_problem(problems_after(lambda d: d["challenges"][0].update(keywords=["ok", value])))
    assert problem.location == "challenges[0].keywords[1]"
    assert said in problem.message and "put it in quotes" in problem.message


def test_text_with_a_bad_language_code() -> None:
    problem = only_problem(problems_after(lambda d: d["event"].update(name={"French": "Jam"})))
    assert problem.location == "event.name"
    assert "'French' is not a language code" in problem.message


def test_section_of_the_wrong_shape() -> None:
    problems = problems_after(lambda d: d.update(sessions={"opening": "9:00"}, teams=["a"]))
    assert {(p.location, p.message.split(";")[0]) for p in problems} == {
        ("sessions", "a mapping is not a list"),
        ("teams", "a list is not a mapping"),
    }


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    def break_everything(data: dict[str, Any]) -> None:
        data["event"]["timezone"] = "Mars/Olympus"
        data["sessions"][0]["kind"] = "party"
        data["sessions"][1]["id"] = "opening"
        data["challenges"][0].pop("summary")
        data["results"]["awards"][0]["prize"] = "nope"

    problems = problems_after(break_everything)
    assert [p.location for p in problems] == [
        "event.timezone",
        "sessions[0].kind",
        "sessions[1].id",
        "challenges[0].summary",
        "results.awards[0].prize",
    ]
    lines = [p.line for p in problems]
    assert all(lines) and lines == sorted(lines)


def test_problems_carry_the_line_of_the_faulty_key() -> None:
    text = VALID.replace("kind: hacking", "kind: hackathon")
    problem = only_problem(problems_of(text))
    assert problem.line == VALID.splitlines().index("    kind: hacking") + 1
    assert problem.format("pack.yml") == (
        f"pack.yml:{problem.line}: sessions[1].kind: 'hackathon' is not a kind of session; use one of: "
        "ceremony, talk, workshop, hacking, mentoring, pitch, jury, meal, social, other"
    )


def test_missing_key_is_reported_on_the_line_of_its_mapping() -> None:
    text = VALID.replace("    title: Hacking\n", "")
    problem = only_problem(problems_of(text))
    assert problem.location == "sessions[1].title"
    assert problem.line == VALID.splitlines().index("  - id: hacking") + 1


def test_duplicate_key_in_a_mapping_is_an_error() -> None:
    text = VALID.replace("    title: Hacking\n", "    title: Hacking\n    title: Coding\n")
    problem = only_problem(problems_of(text))
    first = VALID.splitlines().index("    title: Hacking") + 1
    assert problem.location == "sessions[1].title"
    assert problem.line == first + 1
    assert problem.message == f"the key 'title' is written twice (also on line {first}); keep one"


def test_yaml_syntax_error_gives_the_line() -> None:
    text = VALID.replace("    title: Hacking\n", "    title: Hacking: the sequel\n")
    problem = only_problem(problems_of(text))
    assert problem.line == VALID.splitlines().index("    title: Hacking") + 1
    assert problem.message.startswith("this is not valid YAML (mapping values are not allowed here)")


def test_tab_indentation_is_explained() -> None:
    problem = only_problem(problems_of("format: 1\nevent:\n\tslug: x\n"))
    assert problem.line == 3
    assert "a tab; indent with spaces only" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "the pack is empty"), ("- a\n- b\n", "the pack is a list, not a mapping"), ("hello\n", "'hello'")],
)
def test_document_that_is_not_a_mapping(text: str, expected: str) -> None:
    problem = only_problem(problems_of(text))
    assert expected in problem.message and "format: 1" in problem.message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        parse_pack(tmp_path / "missing.yml")
    assert caught.value.source == str(tmp_path / "missing.yml")
    assert "cannot read this file" in only_problem(caught.value.problems).message


def test_session_outside_the_event_dates_is_only_a_warning() -> None:
    data = valid_data()
    data["sessions"][0].update(starts="2030-05-09T09:00", ends="2030-05-09T10:00")
    pack = parse_pack_text(yaml.safe_dump(data, sort_keys=False), "pack.yml")
    warning = only_problem(pack.warnings)
    assert warning.location == "sessions[0].starts"
    assert "outside the event's dates (2030-05-06 to 2030-05-07)" in warning.message
    assert warning.line is not None
