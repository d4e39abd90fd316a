"""`hackbot teams list|export`: organisers see and export the registered teams."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from support.packs import shared_pack

from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.teams import registration

DURING_REGISTRATION = dt.datetime(2021, 9, 10, 9, 0)


@pytest.fixture
def url_with_a_team(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        pack = parse_pack(shared_pack("digital-leadership-2021.yml"))
        event = load_pack(session, pack, make_current=True).event
        captain = registration.get_or_create_participant(session, "rest", "u1", "Anne Muller")
        registration.create_team(
            session,
            event,
            captain,
            name="Les Transparents",
            challenge="open-administration",
            members=["Paul Weber", "Sara Costa"],
            email="anne@example.lu",
            now=DURING_REGISTRATION,
        )
    engine.dispose()
    return migrated_db_url


def test_export_json_lists_each_team_with_its_challenge_captain_and_members(
    url_with_a_team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", url_with_a_team, "teams", "export", "--format", "json"]) == 0
    (team,) = json.loads(capsys.readouterr().out)
    assert team["name"] == "Les Transparents"
    assert team["challenge"] == "open-administration"
    assert team["captain"] == "Anne Muller"
    assert team["members"] == ["Anne Muller", "Paul Weber", "Sara Costa"]
    assert team["created_at"] == "2021-09-10T09:00"


def test_export_csv_to_a_file_has_one_row_per_team(url_with_a_team: str, tmp_path: Path) -> None:
    out = tmp_path / "teams.csv"
    args = ["--database-url", url_with_a_team, "teams", "export", "--format", "csv", "-o", str(out)]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == ["Les Transparents"]
    assert rows[0]["members"] == "Anne Muller; Paul Weber; Sara Costa"


def test_export_csv_cells_that_would_be_formulas_are_text(migrated_db_url: str, tmp_path: Path) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_pack(
            session, parse_pack(shared_pack("digital-leadership-2021.yml")), make_current=True
        ).event
        captain = registration.get_or_create_participant(session, "rest", "u1", "@SUM(A1)")
        registration.create_team(
            session,
            event,
            captain,
            name='=HYPERLINK("http://example.org","x")',
            challenge="open-administration",
            members=["+33 6 12 34 56 78", "-Léa"],
            email="anne@example.lu",
            now=DURING_REGISTRATION,
        )
    engine.dispose()
    out = tmp_path / "teams.csv"
    assert (
        main(["--database-url", migrated_db_url, "teams", "export", "--format", "csv", "-o", str(out)]) == 0
    )
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert row["name"] == '\'=HYPERLINK("http://example.org","x")'
    assert row["captain"] == "'@SUM(A1)"
    assert row["members"] == "'@SUM(A1); +33 6 12 34 56 78; -Léa"
    assert row["contact_email"] == "anne@example.lu"


def test_list_names_teams_of_the_chosen_event_only(
    url_with_a_team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(url_with_a_team)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(shared_pack("ena-inet-2019.yml")))
        assert lookup.current_event(session) is not None
    engine.dispose()
    assert main(["--database-url", url_with_a_team, "teams", "list"]) == 0
    assert "Les Transparents" in capsys.readouterr().out
    assert main(["--database-url", url_with_a_team, "teams", "list", "--event", "ena-inet-2019"]) == 0
    assert "No team registered yet." in capsys.readouterr().out


def test_unknown_event_is_refused(url_with_a_team: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", url_with_a_team, "teams", "export", "--event", "nope"]) == 1
    assert "No event with the slug 'nope'" in capsys.readouterr().err
