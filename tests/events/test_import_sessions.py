"""`hackbot event import-sessions`: a programme kept in a spreadsheet written into a pack's sessions,
from fixture files as a French-locale office suite saves them, and from a workbook; re-importing
an edited source updates the same sessions; a bad row stops everything, with its number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.cli_runs import run_cli as run

from bot.events.imports.into_pack import import_into
from bot.events.imports.sessions import SourceError
from bot.events.imports.spreadsheet import sessions_from_file
from bot.events.pack import parse_pack
from bot.events.starter import starter_pack

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = [  # (id, fr title, en title, starts, ends, place, kind)
    ("ouverture-2027-03-15", "Ouverture", "Opening", "2027-03-15 09:00", "09:45", "Amphithéâtre", "ceremony"),
    ("presentation-des-defis-2027-03-15", "Présentation des défis", "Challenges presented",
     "2027-03-15 09:45", "10:30", "Amphithéâtre", "talk"),
    ("travail-en-equipes-2027-03-15", "Travail en équipes", "Team work", "2027-03-15 10:30", "18:00",
     "Salles de projet", "hacking"),
    ("dejeuner-2027-03-15", "Déjeuner", "Lunch", "2027-03-15 12:30", "13:30", "Cafétéria", "meal"),
    ("travail-en-equipes-2027-03-16", "Travail en équipes", "Team work", "2027-03-16 09:00", "18:00",
     "Salles de projet", "hacking"),
    ("mentorat-2027-03-16", "Mentorat", "Mentoring", "2027-03-16 10:00", "12:00", "Salles de projet",
     "mentoring"),
    ("pitchs-finaux-2027-03-17", "Pitchs finaux", "Final pitches", "2027-03-17 14:00", "16:00",
     "Amphithéâtre", "pitch"),
    ("remise-des-prix-2027-03-17", "Remise des prix", "Awards", "2027-03-17 17:00", "17:45", "Amphithéâtre",
     "ceremony"),
]  # fmt: skip


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "import-jam.yml"
    path.write_text(
        starter_pack("import-jam", today=dt.date(2027, 1, 4), starts="2027-03-15"), encoding="utf-8"
    )
    return path


def sessions_of(path: Path) -> list[tuple[str, str, str, str, str, str, str]]:
    return [
        (s.id, s.title.get("fr", ""), s.title.get("en", ""), f"{s.starts:%Y-%m-%d %H:%M}",
         f"{s.ends:%H:%M}" if s.ends else "", (s.location or {}).get("*", ""), s.kind)
        for s in parse_pack(path).sessions
    ]  # fmt: skip


def test_a_french_spreadsheet_becomes_the_packs_sessions(pack: Path) -> None:
    merge = import_into(pack, sessions_from_file(FIXTURES / "programme-fr.csv"), replace=True)
    assert len(merge.added) == 8 and len(merge.removed) == 8 and merge.warnings == []
    assert sessions_of(pack) == EXPECTED
    pitches = next(s for s in parse_pack(pack).sessions if s.id == "pitchs-finaux-2027-03-17")
    assert pitches.description == {"*": "Cinq minutes par équipe,\nquestions du jury"}
    text = pack.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=event-pack.schema.json\n")  # comments kept
    assert "# The programme. kind is one of:" in text


def test_re_importing_the_edited_spreadsheet_updates_the_same_sessions(pack: Path) -> None:
    import_into(pack, sessions_from_file(FIXTURES / "programme-fr.csv"), replace=True)
    merge = import_into(pack, sessions_from_file(FIXTURES / "programme-fr-edited.csv"))
    assert (merge.updated, merge.added) == (["pitchs-finaux-2027-03-17"], ["cocktail-de-cloture-2027-03-17"])
    assert len(merge.unchanged) == 7 and merge.not_in_source == []
    found = sessions_of(pack)
    assert len({row[0] for row in found}) == len(found) == 9  # no duplicate
    assert ("pitchs-finaux-2027-03-17", "Pitchs finaux", "Final pitches", "2027-03-17 14:30", "16:30",
            "Amphithéâtre", "pitch") in found  # fmt: skip
    assert found[-1][-1] == "social"


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_written(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = pack.read_bytes()
    code, _, err = run(capsys, "sqlite://", "event", "import-sessions", str(FIXTURES / "programme-bad.csv"),
                       "--into", str(pack))  # fmt: skip
    assert code == 1 and pack.read_bytes() == before
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines[:4]] == ["row 3", "row 4", "row 5", "row 6"]
    assert "'25h00' is not a time of day" in lines[0] and "'32/03/2027' is not a real date" in lines[1]
    assert (
        "ends (13:00) before it starts (14:00)" in lines[2]
        and "'Sieste' is not a kind of session" in lines[3]
    )
    assert lines[-1] == f"4 problem(s) found: nothing was written to {pack}."


def test_a_workbook_with_english_headers_and_real_dates_and_times(pack: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Programme"
    sheet.append(["Day", "Start", "End", "Title FR", "Title EN", "Room", "Type"])
    for _, fr, en, starts, ends, place, kind in EXPECTED:
        moment = dt.datetime.strptime(starts, "%Y-%m-%d %H:%M")
        end = dt.datetime.strptime(ends, "%H:%M").time()
        sheet.append([moment.date(), moment.time(), end, fr, en, place, kind])
    path = tmp_path / "programme.xlsx"
    book.save(path)
    import_into(pack, sessions_from_file(path), replace=True)
    assert sessions_of(pack) == EXPECTED
    with pytest.raises(SourceError) as wrong_sheet:
        sessions_from_file(path, sheet="Planning")
    assert "has no sheet 'Planning' (it has Programme)" in str(wrong_sheet.value)


def test_a_spreadsheet_without_titles_or_that_is_no_spreadsheet_is_refused_clearly(tmp_path: Path) -> None:
    headless = tmp_path / "notes.csv"
    headless.write_text("Jour;Début\n15/03/2027;9h\n", encoding="utf-8")
    with pytest.raises(SourceError) as no_title:
        sessions_from_file(headless)
    assert "no column for a title" in str(no_title.value) and "Jour, Début" in str(no_title.value)
    broken = tmp_path / "programme.xlsx"
    broken.write_bytes(b"not a workbook at all")
    with pytest.raises(SourceError) as unreadable:
        sessions_from_file(broken)
    assert "is not a spreadsheet this can read" in str(unreadable.value)
