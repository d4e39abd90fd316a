"""`hackbot event import-sessions` from a calendar (.ics as Outlook exports it: Windows time zone
names, a weekly recurrence across the change to summer time, a moved occurrence, an excluded
date, a cancelled event, a day-long event) and from a pretalx/frab JSON schedule; re-importing an
edited source updates the same sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.cli_runs import run_cli as run

from bot.events.imports.calendar import sessions_from_calendar
from bot.events.imports.conference import sessions_from_schedule
from bot.events.imports.into_pack import import_into
from bot.events.imports.sessions import SourceError
from bot.events.imports.sources import read_programme
from bot.events.pack import parse_pack
from bot.events.starter import starter_pack

FIXTURES = Path(__file__).parent / "fixtures"
OUTLOOK = FIXTURES / "programme-outlook.ics"
PRETALX = FIXTURES / "schedule-pretalx.json"


def pack_for(tmp_path: Path, starts: str, ends: str) -> Path:
    path = tmp_path / "import-jam.yml"
    text = starter_pack("import-jam", today=dt.date(2027, 1, 4), starts=starts)
    last_day = (dt.date.fromisoformat(starts) + dt.timedelta(days=2)).isoformat()
    path.write_text(text.replace(f"  ends: {last_day}\n", f"  ends: {ends}\n", 1), encoding="utf-8")
    assert parse_pack(path).event.ends == dt.date.fromisoformat(ends)
    return path


def rows(path: Path) -> list[tuple[str, str, str, str, str]]:
    return [
        (f"{s.starts:%Y-%m-%d %H:%M}", f"{s.ends:%H:%M}" if s.ends else "", str(s.title["*"]),
         str((s.location or {}).get("*", "")), s.kind)
        for s in sorted(parse_pack(path).sessions, key=lambda s: s.starts)
    ]  # fmt: skip


def test_an_outlook_calendar_becomes_the_packs_sessions_in_local_time(tmp_path: Path) -> None:
    pack = pack_for(tmp_path, "2027-03-22", "2027-03-31")
    read = read_programme(OUTLOOK, parse_pack(pack))
    import_into(pack, read.sessions, replace=True)
    assert rows(pack) == [
        ("2027-03-22 09:00", "09:45", "Ouverture du hackathon", "Amphithéâtre Cassin", "ceremony"),
        ("2027-03-22 10:00", "18:00", "Travail en équipes", "Salles projet (2e étage)", "hacking"),
        ("2027-03-22 12:30", "13:30", "Déjeuner", "Cafétéria", "meal"),  # written in UTC, 11:30Z
        ("2027-03-23 10:00", "11:00", "Point mentors hebdomadaire", "Salle Monnet", "mentoring"),
        ("2027-03-24 10:00", "18:00", "Travail en équipes", "Salles projet (2e étage)", "hacking"),
        # the occurrence of Monday 29 moved to 11:00 in Outlook; summer time began on Sunday 28
        ("2027-03-29 11:00", "18:00", "Travail en équipes (démarrage tardif)", "Salles projet (2e étage)",
         "hacking"),
        ("2027-03-30 10:00", "11:00", "Point mentors hebdomadaire", "Salle Monnet", "mentoring"),
        ("2027-03-31 10:00", "18:00", "Travail en équipes", "Salles projet (2e étage)", "hacking"),
        ("2027-03-31 14:00", "17:00", "Pitchs devant le jury", "Amphithéâtre Cassin", "pitch"),
    ]  # fmt: skip
    # not sessions: the cancelled visit, the meeting before the event, the day-long event (told)
    assert read.left_out == ["Hackathon Action Publique (2027-03-22): a day-long event, not a session"]
    opening = next(s for s in parse_pack(pack).sessions if s.title["*"] == "Ouverture du hackathon")
    assert opening.description == {"*": "Accueil des participants, café, puis ouverture par la directrice."}


def test_a_calendar_is_read_in_the_packs_own_time_zone(tmp_path: Path) -> None:
    read = sessions_from_calendar(
        OUTLOOK.read_bytes(), "x.ics", timezone="America/Martinique",
        first_day=dt.date(2027, 3, 22), last_day=dt.date(2027, 3, 22),
    )  # fmt: skip
    assert [f"{s.starts:%H:%M}" for s in read.sessions] == ["04:00", "05:00", "07:30"]  # Paris is 5 h ahead


def test_re_importing_an_edited_calendar_updates_the_same_sessions(tmp_path: Path) -> None:
    pack = pack_for(tmp_path, "2027-03-22", "2027-03-31")
    import_into(pack, read_programme(OUTLOOK, parse_pack(pack)).sessions, replace=True)
    edited = tmp_path / "edited.ics"
    text = OUTLOOK.read_text(encoding="utf-8")
    moved = "DTSTART;TZID=Romance Standard Time:20270331T1{}0000"
    text = text.replace("SUMMARY:Pitchs devant le jury", "SUMMARY:Pitchs finaux")
    text = text.replace(moved.format(4), moved.format(43))
    edited.write_text(text, encoding="utf-8", newline="")
    merge = import_into(pack, read_programme(edited, parse_pack(pack)).sessions)
    assert len(merge.updated) == 1 and merge.added == [] and len(merge.unchanged) == 8
    assert ("2027-03-31 14:30", "17:00", "Pitchs finaux", "Amphithéâtre Cassin", "pitch") in rows(pack)
    assert len(rows(pack)) == 9


def test_a_file_that_is_no_calendar_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as broken:
        sessions_from_calendar(b"BEGIN:VCALENDAR\r\nthis is not", "x.ics", timezone="Europe/Paris",
                               first_day=dt.date(2027, 3, 22), last_day=dt.date(2027, 3, 23))  # fmt: skip
    assert "is not an iCalendar file this can read" in str(broken.value)


def test_a_pretalx_schedule_becomes_the_packs_sessions(tmp_path: Path) -> None:
    pack = pack_for(tmp_path, "2027-03-15", "2027-03-17")
    import_into(pack, read_programme(PRETALX, parse_pack(pack)).sessions, replace=True)
    assert rows(pack) == [
        ("2027-03-15 09:30", "10:15", "L'État plateforme, dix ans après", "Amphithéâtre Cassin", "talk"),
        ("2027-03-15 10:30", "12:00", "Open data and public algorithms", "Amphithéâtre Cassin", "talk"),
        ("2027-03-15 14:00", "16:00", "Atelier design de services", "Salle Monnet", "workshop"),
        ("2027-03-16 09:00", "09:30", "Lightning talks des équipes", "Salle Monnet", "talk"),  # 08:00Z
    ]  # fmt: skip
    keynote = next(s for s in parse_pack(pack).sessions if s.id == "talk-kxa8qd")
    assert keynote.description == {"*": "Ce qui a marché, ce qui reste à faire."}


def test_re_importing_an_edited_pretalx_schedule_updates_the_same_sessions(tmp_path: Path) -> None:
    pack = pack_for(tmp_path, "2027-03-15", "2027-03-17")
    import_into(pack, read_programme(PRETALX, parse_pack(pack)).sessions, replace=True)
    edited = read_programme(FIXTURES / "schedule-pretalx-edited.json", parse_pack(pack)).sessions
    merge = import_into(pack, edited)
    assert sorted(merge.updated) == ["talk-kxa8qd", "talk-pq7wne"] and merge.added == []
    assert rows(pack)[0] == ("2027-03-15 09:45", "10:30", "L'État plateforme, dix ans plus tard",
                             "Amphithéâtre Cassin", "talk")  # fmt: skip
    assert rows(pack)[2][3] == "Amphithéâtre Cassin"  # the workshop changed rooms
    assert len(rows(pack)) == 4


def test_a_schedule_with_bad_talks_reports_each_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = pack_for(tmp_path, "2027-03-15", "2027-03-17")
    before = pack.read_bytes()
    broken = tmp_path / "schedule.json"
    text = PRETALX.read_text(encoding="utf-8")
    broken.write_text(
        text.replace('"duration": "01:30"', '"duration": "90 min"')
        .replace('"title": "Atelier design de services"', '"title": ""'),
        encoding="utf-8",
    )  # fmt: skip
    code, _, err = run(capsys, "sqlite://", "event", "import-sessions", str(broken), "--into", str(pack))
    assert code == 1 and pack.read_bytes() == before
    assert "day 1, room 'Amphithéâtre Cassin', talk 2: duration: Value error, the duration '90 min'" in err
    assert "day 1, room 'Salle Monnet', talk 1: title: Value error, the title is empty" in err
    assert err.splitlines()[-1] == f"2 problem(s) found: nothing was written to {pack}."
    with pytest.raises(SourceError) as not_a_schedule:
        sessions_from_schedule(b'{"sessions": []}', "x.json", timezone="Europe/Paris")
    assert "is not a frab/pretalx schedule: schedule: Field required" in str(not_a_schedule.value)


def test_the_command_imports_a_calendar_and_says_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = pack_for(tmp_path, "2027-03-22", "2027-03-31")
    code, out, _ = run(capsys, "sqlite://", "event", "import-sessions", str(OUTLOOK), "--into", str(pack),
                       "--replace")  # fmt: skip
    assert code == 0
    assert f"{pack}: 9 session(s) from {OUTLOOK}: 9 added, 0 updated, 0 unchanged, 8 removed." in out
    assert "left out: Hackathon Action Publique (2027-03-22): a day-long event, not a session" in out
    pdf = str(tmp_path / "x.pdf")
    code, _, err = run(capsys, "sqlite://", "event", "import-sessions", pdf, "--into", str(pack))
    assert code == 1 and "is not a kind this reads; give one of: .csv, .xlsx" in err


def test_a_title_translated_in_the_pack_stays_translated_while_the_source_keeps_it(tmp_path: Path) -> None:
    pack = pack_for(tmp_path, "2027-03-15", "2027-03-17")
    import_into(pack, read_programme(PRETALX, parse_pack(pack)).sessions, replace=True)
    text = pack.read_text(encoding="utf-8")
    translated = "title:\n      fr: Atelier design de services\n      en: Service design workshop\n"
    pack.write_text(text.replace("title: Atelier design de services\n", translated), encoding="utf-8")
    merge = import_into(pack, read_programme(PRETALX, parse_pack(pack)).sessions)
    assert merge.updated == [] and len(merge.unchanged) == 4
    workshop = next(s for s in parse_pack(pack).sessions if s.id == "talk-pq7wne")
    assert workshop.title == {"fr": "Atelier design de services", "en": "Service design workshop"}
    edited = read_programme(FIXTURES / "schedule-pretalx-edited.json", parse_pack(pack)).sessions
    import_into(pack, edited)  # the room changed, not the title: the translation stays
    workshop = next(s for s in parse_pack(pack).sessions if s.id == "talk-pq7wne")
    assert workshop.title["en"] == "Service design workshop"
    assert workshop.location == {"*": "Amphithéâtre Cassin"}
