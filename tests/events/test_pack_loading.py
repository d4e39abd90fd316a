"""Loading packs into the database: upserts by slug and id, stable row ids, current event, publishing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.packs import DEMO_PACK, all_packs, shared_pack

from bot.core.models import (
    Award,
    Challenge,
    Event,
    Mentor,
    Prize,
    PrizeRule,
    ProgrammeSession,
    Results,
    TeamSettings,
)
from bot.events.loader import LoadReport, load_pack
from bot.events.lookup import UnknownEventError, current_event, get_event, list_events, set_current
from bot.events.pack import Pack, parse_pack, parse_pack_text

LoadFile = Callable[..., Event]


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    return data


def pack_of(data: dict[str, Any]) -> Pack:
    return parse_pack_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "edited.yml")


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("path", all_packs(), ids=lambda p: p.name)
def test_pack_loads_with_all_its_items(session: Session, load_pack_file: LoadFile, path: Path) -> None:
    pack = parse_pack(path)
    event = load_pack_file(path)
    assert event.slug == pack.event.slug and event.is_current
    assert event.timezone == pack.event.timezone and event.languages == pack.event.languages
    assert [s.key for s in sorted(event.sessions, key=lambda s: s.position)] == [s.id for s in pack.sessions]
    assert [c.key for c in event.challenges] == [c.id for c in pack.challenges]
    assert [r.key for r in event.rules] == [r.id for r in pack.rules]
    assert [f.key for f in event.faq] == [f.id for f in pack.faq]
    assert [m.name for m in event.mentors] == [m.name for m in pack.mentors]
    assert [j.name for j in event.jury] == [j.name for j in pack.jury]
    assert [p.key for p in event.prizes] == [p.id for p in pack.prizes]
    awards = pack.results.awards if pack.results else []
    assert [(a.prize.key, a.team) for a in event.awards] == [(a.prize, a.team) for a in awards]
    assert event.results is not None and event.results.published is False


def test_demo_pack_is_stored_as_written(session: Session, load_pack_file: LoadFile) -> None:
    event = load_pack_file(DEMO_PACK)
    session.expire_all()
    assert event.name == {
        "fr": "Hackathon Fenua Innovation publique 2027",
        "en": "Fenua Public Innovation Hackathon 2027",
    }
    assert event.starts == dt.date(2027, 3, 15) and event.ends == dt.date(2027, 3, 17)
    assert event.venue_address and event.contact_email == "hackathon-fenua@example.org"
    pitches = next(s for s in event.sessions if s.key == "final-pitches")
    assert pitches.starts == dt.datetime(2027, 3, 17, 13, 30) and pitches.kind == "pitch"
    assert pitches.title == {"fr": "Pitchs finaux", "en": "Final pitches"}
    assert event.team_settings is not None
    assert (event.team_settings.min_size, event.team_settings.max_size) == (3, 6)
    assert all(isinstance(text, dict) for m in event.mentors for text in m.expertise)
    assert event.results is not None and event.results.follow_up and not event.results.published


def test_plain_strings_are_stored_as_neutral_text(session: Session, load_pack_file: LoadFile) -> None:
    event = load_pack_file(shared_pack("digital-leadership-2021.yml"))
    assert event.venue_name == {"*": "INAP"}


def test_reloading_the_same_pack_changes_nothing(session: Session) -> None:
    pack = parse_pack(DEMO_PACK)
    load_pack(session, pack)
    before = {model: count(session, model) for model in (Event, ProgrammeSession, Challenge, Mentor, Award)}
    report = load_pack(session, parse_pack(DEMO_PACK))
    assert not report.changed and not report.event_created
    assert report.summary() == ["Event fenua-innovation-2027 unchanged."]
    assert {model: count(session, model) for model in before} == before


def test_reloading_an_edited_pack_updates_in_place_and_keeps_row_ids(session: Session) -> None:
    first = load_pack(session, parse_pack(DEMO_PACK)).event
    session_ids = {s.key: s.id for s in first.sessions}
    challenge_ids = {c.key: c.id for c in first.challenges}
    prize_ids = {p.key: p.id for p in first.prizes}

    data = demo_data()
    data["event"]["name"]["en"] = "Fenua Hackathon"
    data["sessions"][0]["title"] = {"fr": "Petit-déjeuner", "en": "Breakfast"}
    data["sessions"].append(
        {"id": "film-night", "title": "Film", "starts": "2027-03-16T19:00", "ends": "2027-03-16T21:00"}
    )
    removed_challenge = data["challenges"].pop(1)["id"]
    data["judging"]["prizes"][1].pop("challenge")  # the islands prize was restricted to it
    data["mentors"][0]["available"] = "Monday"
    data["jury"].pop()
    report = load_pack(session, pack_of(data))

    assert not report.event_created and report.event_updated
    assert (report.changes["sessions"].created, report.changes["sessions"].updated) == (1, 1)
    assert report.changes["challenges"].removed == 1
    assert report.changes["challenges"].updated == 3  # positions shifted up by one
    assert report.changes["mentors"].updated == 1 and report.changes["jury"].removed == 1
    assert not report.changes["prizes"] and not report.changes["faq"]

    event = get_event(session, "fenua-innovation-2027")
    assert event is not None and event.id == first.id and event.name["en"] == "Fenua Hackathon"
    assert count(session, Event) == 1
    sessions = {s.key: s for s in event.sessions}
    assert {key: sessions[key].id for key in session_ids} == session_ids
    assert sessions["welcome-coffee-1"].title == {"fr": "Petit-déjeuner", "en": "Breakfast"}
    assert (
        sessions["film-night"].kind == "other"
        and sessions["film-night"].position == len(data["sessions"]) - 1
    )
    kept = {c.key: c.id for c in event.challenges}
    assert removed_challenge not in kept
    assert kept == {key: id_ for key, id_ in challenge_ids.items() if key != removed_challenge}
    assert [c.position for c in event.challenges] == list(range(len(kept)))
    assert {p.key: p.id for p in event.prizes} == prize_ids
    assert count(session, Challenge) == len(kept) and count(session, ProgrammeSession) == len(
        data["sessions"]
    )
    assert len(event.jury) == len(data["jury"]) and event.mentors[0].available == {"*": "Monday"}


def test_removing_a_prize_removes_its_award_and_how_it_is_awarded(session: Session) -> None:
    load_pack(session, parse_pack(DEMO_PACK))
    data = demo_data()
    data["prizes"] = [p for p in data["prizes"] if p["id"] != "islands-prize"]
    data["results"]["awards"] = [a for a in data["results"]["awards"] if a["prize"] != "islands-prize"]
    data["judging"]["prizes"] = [p for p in data["judging"]["prizes"] if p["prize"] != "islands-prize"]
    report = load_pack(session, pack_of(data))
    assert report.changes["prizes"].removed == 1 and report.changes["awards"].removed == 1
    assert report.changes["prize rules"].removed == 1
    session.expire_all()
    event = get_event(session, "fenua-innovation-2027")
    assert event is not None
    assert [a.prize.key for a in event.awards] == ["grand-prize", "users-choice"]
    assert [(r.prize.key, r.awarded_by) for r in event.prize_rules] == [
        ("grand-prize", "jury"),
        ("users-choice", "public"),
    ]
    assert count(session, Prize) == 2 and count(session, Award) == 2 and count(session, PrizeRule) == 2


def test_removing_the_teams_section_removes_team_settings(session: Session) -> None:
    load_pack(session, parse_pack(DEMO_PACK))
    data = demo_data()
    del data["teams"]
    report = load_pack(session, pack_of(data))
    assert report.event_updated
    assert count(session, TeamSettings) == 0


def test_loading_with_current_makes_it_the_only_current_event(
    session: Session, load_pack_file: LoadFile
) -> None:
    ena = load_pack_file(shared_pack("ena-inet-2019.yml"), current=True)
    dlp = load_pack_file(shared_pack("digital-leadership-2021.yml"), current=True)
    assert (ena.is_current, dlp.is_current) == (False, True)
    assert current_event(session) is dlp
    demo = load_pack_file(DEMO_PACK, current=False)
    assert not demo.is_current and current_event(session) is dlp
    assert [e.slug for e in list_events(session)] == ["ena-inet-2019", "digital-leadership-2021", demo.slug]


def test_set_current_switches_the_current_event(session: Session, load_pack_file: LoadFile) -> None:
    load_pack_file(shared_pack("ena-inet-2019.yml"), current=True)
    load_pack_file(DEMO_PACK, current=False)
    assert set_current(session, "fenua-innovation-2027").slug == "fenua-innovation-2027"
    assert [e.slug for e in list_events(session) if e.is_current] == ["fenua-innovation-2027"]
    with pytest.raises(UnknownEventError) as caught:
        set_current(session, "no-such-event")
    assert isinstance(caught.value, LookupError) and caught.value.slug == "no-such-event"
    assert current_event(session) is not None


def test_no_current_event_until_one_is_chosen(session: Session, load_pack_file: LoadFile) -> None:
    load_pack_file(DEMO_PACK, current=False)
    assert current_event(session) is None


def test_current_event_can_be_read_after_the_session_is_closed(
    session: Session, load_pack_file: LoadFile
) -> None:
    load_pack_file(DEMO_PACK)
    session.expunge_all()
    event = current_event(session)
    session.close()
    assert event is not None
    assert event.team_settings is not None and event.results is not None
    assert event.sessions and event.challenges and event.rules and event.faq
    assert event.mentors and event.jury and event.prizes
    assert [a.prize.key for a in event.awards] == ["grand-prize", "islands-prize", "users-choice"]


def test_new_event_starts_unpublished_and_a_pack_can_publish(session: Session) -> None:
    load_pack(session, parse_pack(DEMO_PACK))
    results = session.scalars(select(Results)).one()
    assert results.published is False and results.published_at is None

    data = demo_data()
    data["results"]["published"] = True
    report = load_pack(session, pack_of(data))
    assert report.published_now and "  results: published" in report.summary()
    assert results.published is True and results.published_at is not None


def test_unpublished_pack_does_not_hide_published_results(session: Session) -> None:
    report = load_pack(session, parse_pack(DEMO_PACK))
    assert report.event.results is not None
    report.event.results.published = True  # an organiser published through the assistant
    session.flush()
    reload: LoadReport = load_pack(session, parse_pack(DEMO_PACK))
    assert not reload.published_now
    session.expire_all()
    assert session.scalars(select(Results)).one().published is True


def test_new_event_from_a_published_pack_is_published(session: Session) -> None:
    data = demo_data()
    data["results"]["published"] = True
    report = load_pack(session, pack_of(data))
    assert report.event_created and report.published_now
    assert session.scalars(select(Results.published)).one() is True


def test_load_report_summary_counts_changes(session: Session) -> None:
    report = load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    summary = report.summary()
    assert summary[0] == "Event fenua-innovation-2027 created."
    assert "  sessions: 21 created" in summary and "  challenges: 5 created" in summary
    assert summary[-1] == "  fenua-innovation-2027 is now the current event."
