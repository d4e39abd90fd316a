"""Reloading the demo pack with one session moved, one added and one cancelled: `--dry-run` says
exactly those three and writes nothing; `--notify-changes` tells every subscriber once, in their
language, and withdraws the reminder queued for the moved session's old time."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from support.packs import DEMO_PACK

from bot.broadcast import reminders
from bot.broadcast.changes import CHANGES_CREATOR, alert_text, decide_change_alert
from bot.cli.main import main
from bot.core.clock import now_in
from bot.core.db import make_engine, session_scope
from bot.core.models import Base, Broadcast, OutboxMessage
from bot.events import organisers, subscriptions
from bot.events.changes import ADDED, CANCELLED, MOVED, compare, worth_telling
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack, parse_pack_text

BEFORE_THE_PITCHES = "2027-03-17T13:20"  # ten minutes before the final pitches, as planned: reminded


def edited(data: dict[str, Any]) -> dict[str, Any]:
    """The demo pack with the final pitches moved to 14:00, a rehearsal added, the user testing cancelled."""
    changed = copy.deepcopy(data)
    sessions = changed["sessions"]
    pitches = next(s for s in sessions if s["id"] == "final-pitches")
    pitches["starts"], pitches["ends"] = "2027-03-17T14:00", "2027-03-17T16:00"
    sessions[:] = [s for s in sessions if s["id"] != "user-testing"]
    sessions.append(
        {"id": "pitch-rehearsal", "title": {"fr": "Répétition des pitchs", "en": "Pitch rehearsal"},
         "starts": "2027-03-17T11:00", "ends": "2027-03-17T11:45", "kind": "workshop",
         "location": {"fr": "Grande salle", "en": "Main hall"}}
    )  # fmt: skip
    return changed


@pytest.fixture
def url(migrated_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HACKBOT_NOW", BEFORE_THE_PITCHES)
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_pack(session, parse_pack(DEMO_PACK), make_current=True).event
        subscriptions.subscribe(session, event, 1001, language="fr")
        subscriptions.subscribe(session, event, 1002, language="en")
        subscriptions.subscribe(session, event, 1003, language="fr")
        subscriptions.unsubscribe(session, event, 1003)
    engine.dispose()
    return migrated_db_url


@pytest.fixture
def new_pack(tmp_path: Path) -> Path:
    path = tmp_path / "edited.yml"
    data = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(edited(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_dry_run_says_exactly_the_three_changes_and_writes_nothing(
    url: str, new_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", url, "event", "load", str(new_pack), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == [
        "session cancelled", "session added", "session moved", "Nothing was written (--dry-run)."
    ]  # fmt: skip
    assert out[0].startswith("session cancelled: user-testing “") and "Tue 16 Mar 16:00" in out[0]
    assert out[1] == "session added: pitch-rehearsal “Pitch rehearsal”, Wed 17 Mar 11:00 at Main hall"
    assert out[2] == "session moved: final-pitches “Final pitches”, Wed 17 Mar 13:30 at Main hall → " + (
        "Wed 17 Mar 14:00 at Main hall"
    )
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        keys = {s.key for s in event.sessions}
        assert "user-testing" in keys and "pitch-rehearsal" not in keys
    engine.dispose()


def test_only_changes_still_to_come_are_told() -> None:
    original = parse_pack(DEMO_PACK)
    data = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    changed = parse_pack_text(yaml.safe_dump(edited(data), allow_unicode=True))
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)  # an in-memory database: its schema from the models
    with session_scope(engine) as session:
        event = load_pack(session, original, make_current=True).event
        changes = compare(event, changed)
        assert [(c.kind, c.key) for c in changes.sessions] == [
            (CANCELLED, "user-testing"),
            (ADDED, "pitch-rehearsal"),
            (MOVED, "final-pitches"),
        ]
        assert changes.items == ()
        later = worth_telling(changes, dt.datetime(2027, 3, 17, 12, 0))
        assert [c.key for c in later] == ["final-pitches"]  # the rest is in the past by then
    engine.dispose()


def test_notify_changes_tells_each_subscriber_once_in_their_language_and_withdraws_the_stale_reminder(
    url: str, new_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:  # the final pitches' reminder, queued for 13:30
        event = current_event(session)
        assert event is not None
        assert reminders.queue_due(session) >= 1
    assert main(["--database-url", url, "event", "load", str(new_pack), "--notify-changes"]) == 0
    out = capsys.readouterr().out
    # The rehearsal (11:00) and the user testing (yesterday) are past: only the pitches' move is told.
    assert "told 2 subscriber(s) of 1 session change(s) to come" in out
    assert main(["--database-url", url, "event", "load", str(new_pack), "--notify-changes"]) == 0
    assert "told 0 subscriber(s) of 0 session change(s)" in capsys.readouterr().out  # nothing changed
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        alerts = session.scalars(select(Broadcast).where(Broadcast.dedup_key.like("changes:%"))).all()
        assert len(alerts) == 1
        sent = {row.chat_id: row.text for row in alerts[0].messages}
        assert set(sent) == {1001, 1002}  # the one who unsubscribed is not told
        assert sent[1001].startswith("📅 Changement de programme") and "désormais" in sent[1001]
        assert sent[1002].startswith("📅 Programme change") and "Final pitches: now" in sent[1002]
        assert "(was 1:30 pm)" in sent[1002] and "Rehearsal" not in sent[1002] and "testing" not in sent[1002]
        assert sent[1002].splitlines()[0] == alert_text(event, [], "en")
        stale = session.scalars(select(Broadcast).where(Broadcast.kind == "reminder")).all()
        assert {b.status for b in stale if "13:30" in (b.dedup_key or "")} == {"cancelled"}
        withdrawn = session.scalars(
            select(OutboxMessage).where(OutboxMessage.broadcast_id.in_([b.id for b in stale]))
        ).all()
        assert withdrawn and {m.status for m in withdrawn} == {"failed"}
    engine.dispose()


# ------------------------------------------------------------------ told once, from what people knew


def pitches_at(tmp_path: Path, hhmm: str) -> Path:
    """The demo pack with only the final pitches moved, to `hhmm` on their day."""
    data = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    pitches = next(s for s in data["sessions"] if s["id"] == "final-pitches")
    pitches["starts"], pitches["ends"] = f"2027-03-17T{hhmm}", "2027-03-17T16:30"
    path = tmp_path / f"pitches-{hhmm.replace(':', '')}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def alerts_to(url: str, chat_id: int) -> list[tuple[str, str]]:
    """(status, text) of every programme-change message to a chat, oldest first."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.execute(
            select(OutboxMessage.status, OutboxMessage.text)
            .join(Broadcast, OutboxMessage.broadcast_id == Broadcast.id)
            .where(Broadcast.created_by == CHANGES_CREATOR, Broadcast.kind == "announcement",
                   OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
        ).all()  # fmt: skip
    engine.dispose()
    return [(status, text) for status, text in rows]


def load(url: str, path: Path, *flags: str) -> None:
    assert main(["--database-url", url, "event", "load", str(path), *flags]) == 0


def test_a_session_moved_twice_before_its_alert_goes_out_is_told_once_with_its_latest_time(
    url: str, tmp_path: Path
) -> None:
    load(url, pitches_at(tmp_path, "14:00"), "--notify-changes")
    engine = make_engine(url)
    with session_scope(engine) as session:  # the gateway sent the first alert to 1001 only
        first = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.chat_id == 1001, OutboxMessage.text.contains("Changement")
            )
        ).one()
        first.status = "sent"
    engine.dispose()
    load(url, pitches_at(tmp_path, "14:30"), "--notify-changes")
    english = alerts_to(url, 1002)
    assert [status for status, _ in english] == ["failed", "pending"]  # the first one withdrawn
    assert "Final pitches: now Wednesday 17 March at 2:30 pm (was 1:30 pm)" in english[1][1]
    french = alerts_to(url, 1001)
    assert [status for status, _ in french] == ["sent", "pending"]  # told 14:00, now 14:30 from 14:00
    assert "désormais mercredi 17 mars à 14 h 30 (au lieu de 14 h)" in french[1][1]


def test_after_a_reload_organisers_preview_the_alert_and_a_newer_reload_replaces_the_preview(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        organisers.grant(session, event, 9001, granted_by="cli")
    load(url, pitches_at(tmp_path, "14:00"))
    assert (
        "1 session change(s) to come are not told to subscribers yet: a preview went to 1 organiser(s)"
        in (capsys.readouterr().out)
    )
    load(url, pitches_at(tmp_path, "14:30"))
    with session_scope(engine) as session:
        previews = session.scalars(
            select(OutboxMessage).where(OutboxMessage.chat_id == 9001).order_by(OutboxMessage.id)
        ).all()
        assert (len(previews) == 2 and "2 abonnés" in previews[1].text) or "2 subscribers" in previews[1].text
        old, new = (int(p.buttons[0][1].split(":")[1]) for p in previews)  # type: ignore[index]
        assert previews[1].buttons[0][1] == f"chg:{new}:send"  # type: ignore[index]
        event = current_event(session)
        assert event is not None
        now = now_in(event.timezone)
        assert decide_change_alert(session, event, old, "send", actor="telegram:9001", now=now) is None
    assert alerts_to(url, 1001) == []  # nothing told yet: the first preview was replaced
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        assert decide_change_alert(session, event, new, "send", actor="telegram:9001", now=now) == 2
        assert decide_change_alert(session, event, new, "send", actor="telegram:9001", now=now) is None
    (told,) = alerts_to(url, 1002)
    assert "Final pitches: now Wednesday 17 March at 2:30 pm (was 1:30 pm)" in told[1]
    load(url, pitches_at(tmp_path, "14:30"), "--notify-changes")  # told already: nothing more
    assert len(alerts_to(url, 1002)) == 1
    engine.dispose()


def test_an_organiser_who_cancels_the_preview_leaves_those_changes_untold(url: str, tmp_path: Path) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        organisers.grant(session, event, 9001, granted_by="cli")
    load(url, pitches_at(tmp_path, "14:00"))
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        (draft,) = session.scalars(
            select(Broadcast.id).where(Broadcast.created_by == CHANGES_CREATOR, Broadcast.status == "draft")
        ).all()
        assert (
            decide_change_alert(
                session, event, draft, "cancel", actor="telegram:9001", now=now_in(event.timezone)
            )
            == 0
        )
    load(url, pitches_at(tmp_path, "14:00"), "--notify-changes")
    assert alerts_to(url, 1001) == []
    load(url, pitches_at(tmp_path, "15:00"), "--notify-changes")
    (told,) = alerts_to(url, 1002)
    assert "(was 2:00 pm)" in told[1]  # the 14:00 the organiser chose not to tell counts as known
    engine.dispose()
