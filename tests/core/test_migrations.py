"""The Alembic migrations build exactly the schema of bot.core.models, and its constraints hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cli.main import main as hackbot
from bot.core.db import make_engine
from bot.core.migrations import DatabaseNewerThanCode, alembic_config, upgrade
from bot.core.models import (
    Base,
    Event,
    EventMethod,
    HiddenMethod,
    JudgingCriterion,
    JudgingSettings,
    JurorLink,
    OrganiserInvite,
    Prize,
    PrizeRule,
    ProgrammeSession,
    Score,
    Scorecard,
    TeamSettings,
    VotingState,
)

DAY = dt.date(2030, 5, 6)


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_create_the_partial_unique_index_and_checks(engine: Engine) -> None:
    inspector = inspect(engine)
    one_current = next(i for i in inspector.get_indexes("events") if i["name"] == "uq_events_one_current")
    assert one_current["unique"] and one_current["column_names"] == ["is_current"]
    checks = {c["name"] for c in inspector.get_check_constraints("sessions")}
    assert checks == {"ck_sessions_times_ordered", "ck_sessions_kind_known"}
    assert len(inspector.get_check_constraints("team_settings")) == 4
    assert len(inspector.get_check_constraints("events")) == 3


def test_upgrade_is_idempotent_and_downgrade_removes_everything(
    fresh_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the configuration is built from the package path, not the cwd
    upgrade(fresh_db_url)
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    try:
        assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
        command.downgrade(alembic_config(fresh_db_url), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        upgrade(fresh_db_url)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def make_event(slug: str, **values: Any) -> Event:
    fields: dict[str, Any] = dict(
        slug=slug,
        name={"*": slug},
        organiser={"*": "x"},
        timezone="UTC",
        starts=DAY,
        ends=DAY,
        languages=["en"],
    )
    return Event(**{**fields, **values})


def assert_rejected(session: Session, *rows: object) -> None:
    savepoint = session.begin_nested()
    session.add_all(rows)
    with pytest.raises(IntegrityError):
        session.flush()
    savepoint.rollback()


def test_a_database_upgraded_by_a_newer_hackbot_is_refused_with_a_clear_message_and_left_as_it_is(
    fresh_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfacefeed'"))
        with pytest.raises(DatabaseNewerThanCode, match="migration f00dfacefeed, which this version"):
            upgrade(fresh_db_url)
        assert hackbot(["--database-url", fresh_db_url, "db", "upgrade"]) == 1
        assert "a newer version upgraded it" in capsys.readouterr().err
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "f00dfacefeed"
        assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
    finally:
        engine.dispose()


def test_database_rejects_a_session_that_ends_before_it_starts(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    start = dt.datetime(2030, 5, 6, 10, 0)
    bad = ProgrammeSession(
        event_id=event.id, key="s", position=0, title={"*": "s"}, starts=start, ends=start.replace(hour=9)
    )
    assert_rejected(session, bad)


def test_database_rejects_an_unknown_session_kind(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    start = dt.datetime(2030, 5, 6, 10, 0)
    assert_rejected(
        session,
        ProgrammeSession(event_id=event.id, key="s", position=0, title={}, starts=start, kind="party"),
    )


def test_database_rejects_two_current_events(session: Session) -> None:
    session.add(make_event("first", is_current=True))
    session.flush()
    assert_rejected(session, make_event("second", is_current=True))
    session.add(make_event("third", is_current=False))
    session.flush()


def test_database_rejects_an_event_that_ends_before_it_starts(session: Session) -> None:
    assert_rejected(session, make_event("jam", ends=DAY - dt.timedelta(days=1)))


def test_database_rejects_a_duplicate_slug(session: Session) -> None:
    session.add(make_event("jam"))
    session.flush()
    assert_rejected(session, make_event("jam"))


def test_database_rejects_inverted_team_sizes(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    assert_rejected(session, TeamSettings(event_id=event.id, min_size=5, max_size=2))


def test_database_rejects_a_duplicate_item_key_within_an_event(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    start = dt.datetime(2030, 5, 6, 10, 0)
    rows = [
        ProgrammeSession(event_id=event.id, key="same", position=i, title={}, starts=start) for i in range(2)
    ]
    assert_rejected(session, *rows)


def event_method(event: Event, key: str = "m", **values: Any) -> EventMethod:
    text = {"fr": "x", "en": "x"}
    fields: dict[str, Any] = dict(
        event_id=event.id, key=key, position=0, name=text, purpose=text, stages=["test"],
        minutes_minimum=30, minutes_typical=60, people_minimum=1, steps=[text] * 3, pitfalls=[text],
        example=text, source_title="x", source_url="https://example.org",
    )  # fmt: skip
    return EventMethod(**{**fields, **values})


def test_database_rejects_an_event_method_out_of_the_format(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    session.add(event_method(event))
    session.flush()
    assert_rejected(session, event_method(event))  # the same id twice in one event
    assert_rejected(session, event_method(event, "late", minutes_minimum=30, minutes_typical=20))
    assert_rejected(session, event_method(event, "none", minutes_minimum=0, minutes_typical=0))
    assert_rejected(session, event_method(event, "alone", people_minimum=0))
    session.add(HiddenMethod(event_id=event.id, key="crazy-8s", position=0))
    session.flush()
    assert_rejected(session, HiddenMethod(event_id=event.id, key="crazy-8s", position=1))


def test_downgrading_0011_removes_the_events_methods_and_upgrading_brings_them_back(
    fresh_db_url: str,
) -> None:
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    try:
        command.downgrade(alembic_config(fresh_db_url), "0010")
        tables = set(inspect(engine).get_table_names())
        assert "method_advice" in tables and not {"event_methods", "hidden_methods"} & tables
        upgrade(fresh_db_url)
        tables = set(inspect(engine).get_table_names())
        assert {"event_methods", "hidden_methods"} <= tables
        checks = {c["name"] for c in inspect(engine).get_check_constraints("event_methods")}
        assert checks == {
            "ck_event_methods_minutes_positive",
            "ck_event_methods_minutes_ordered",
            "ck_event_methods_people_positive",
        }
    finally:
        engine.dispose()


def test_database_rejects_judging_out_of_the_format(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()
    assert_rejected(session, JudgingSettings(event_id=event.id, scale_min=5, scale_max=5))
    assert_rejected(session, JudgingSettings(event_id=event.id, scale_min=-1, scale_max=5))
    text = {"*": "x"}
    session.add(JudgingCriterion(event_id=event.id, key="impact", position=0, name=text, weight=2.0))
    session.flush()
    assert_rejected(
        session, JudgingCriterion(event_id=event.id, key="impact", position=1, name=text, weight=1.0)
    )
    assert_rejected(
        session, JudgingCriterion(event_id=event.id, key="pitch", position=1, name=text, weight=0.0)
    )
    prize = Prize(event_id=event.id, key="grand", position=0, name=text)
    session.add(prize)
    session.flush()
    assert_rejected(
        session, PrizeRule(event_id=event.id, key="grand", position=0, prize_id=prize.id, awarded_by="mayor")
    )
    assert_rejected(session, VotingState(event_id=event.id, closed_at=dt.datetime(2030, 5, 6)))
    assert_rejected(session, OrganiserInvite(
        event_id=event.id, code="x" * 22, expires_at=dt.datetime(2030, 5, 6), mentor_name="A", juror_name="B"
    ))  # fmt: skip


def test_database_holds_one_card_per_juror_and_team_and_one_score_per_criterion(session: Session) -> None:
    event = make_event("jam")
    session.add(event)
    session.flush()

    def scorecard(**values: Any) -> Scorecard:
        fields: dict[str, Any] = dict(
            event_id=event.id, juror_key="anne", juror_name="Anne", team_key="team-1", team_name="A"
        )
        return Scorecard(**{**fields, **values})

    card = scorecard(scores=[Score(criterion_key="impact", value=4)])
    session.add(card)
    session.flush()
    assert_rejected(session, scorecard())  # a second card of the same juror for the same team
    assert_rejected(session, Score(scorecard_id=card.id, criterion_key="impact", value=3))
    assert_rejected(session, Score(scorecard_id=card.id, criterion_key="pitch", value=-1))
    assert_rejected(session, scorecard(team_key="team-2", comment="x" * 2001))
    session.add_all([scorecard(juror_key="bruno"), scorecard(team_key="team-2")])  # other pairs are fine
    session.flush()
    session.add(
        JurorLink(event_id=event.id, name="Anne", name_key="anne", telegram_user_id=1, linked_by="cli")
    )
    session.flush()
    assert_rejected(
        session,
        JurorLink(event_id=event.id, name="Bruno", name_key="bruno", telegram_user_id=1, linked_by="cli"),
    )
    assert_rejected(
        session,
        JurorLink(event_id=event.id, name="ANNE", name_key="anne", telegram_user_id=2, linked_by="cli"),
    )


def test_downgrading_0012_removes_the_judging_and_upgrading_brings_it_back(fresh_db_url: str) -> None:
    judging = {"judging_settings", "judging_criteria", "judged_teams", "judging_prizes", "juror_links",
               "scorecards", "scores", "voting_states"}  # fmt: skip
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    try:
        command.downgrade(alembic_config(fresh_db_url), "0011")
        tables = set(inspect(engine).get_table_names())
        assert "event_methods" in tables and not judging & tables
        columns = {c["name"] for c in inspect(engine).get_columns("organiser_invites")}
        assert "mentor_name" in columns and "juror_name" not in columns
        upgrade(fresh_db_url)
        assert judging <= set(inspect(engine).get_table_names())
        checks = {c["name"] for c in inspect(engine).get_check_constraints("scores")}
        assert checks == {"ck_scores_value_not_negative"}
        checks = {c["name"] for c in inspect(engine).get_check_constraints("organiser_invites")}
        assert checks == {"ck_organiser_invites_one_role"}
    finally:
        engine.dispose()
