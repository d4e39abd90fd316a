"""`hackbot organisers add|remove|list|invite`, `hackbot announce` and `hackbot broadcasts`, end to end."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select
from support.cli_runs import audit_entries as audit_actions
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK

from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.core.models import OutboxMessage
from bot.events import organisers, subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack

SLUG = "fenua-innovation-2027"


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_pack(session, parse_pack(DEMO_PACK), make_current=True).event
        subscriptions.subscribe(session, event, 1001, language="fr")
        subscriptions.subscribe(session, event, -500, language="fr", chat_type="group")
    engine.dispose()
    return migrated_db_url


def test_add_list_remove_an_organiser(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, url, "organisers", "add", "--telegram-id", "123456789") == (
        0,
        f"123456789 is now an organiser of {SLUG}.\n",
        "",
    )
    code, out, _ = run(capsys, url, "organisers", "add", "--event", SLUG, "--telegram-id", "123456789")
    assert code == 0 and "already an organiser" in out
    code, out, _ = run(capsys, url, "organisers", "list")
    assert code == 0 and "123456789  granted" in out and "by cli" in out and "1 organiser(s)" in out
    assert run(capsys, url, "organisers", "remove", "--telegram-id", "123456789")[0] == 0
    code, _, err = run(capsys, url, "organisers", "remove", "--telegram-id", "123456789")
    assert code == 2 and "is not an organiser" in err
    code, out, _ = run(capsys, url, "organisers", "list")
    assert code == 0 and "no organiser yet" in out
    assert audit_actions(url) == [("cli", "organiser.granted"), ("cli", "organiser.revoked")]


def test_unknown_event_and_bad_ids_exit_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, url, "organisers", "add", "--event", "nope", "--telegram-id", "5")
    assert code == 2 and "No event has the slug 'nope': see `hackbot event list`." in err
    with pytest.raises(SystemExit) as exited:
        main(["--database-url", url, "organisers", "add", "--telegram-id", "ana"])
    assert exited.value.code == 2
    assert "is not a Telegram user id" in capsys.readouterr().err


def test_invite_prints_a_code_that_redeems_once(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@fenua_bot")
    code, out, _ = run(capsys, url, "organisers", "invite", "--days", "2")
    assert code == 0
    found = re.search(r"/start (org_[A-Za-z0-9_-]+)", out)
    assert found is not None and len(found.group(1)) <= 64
    assert f"https://t.me/fenua_bot?start={found.group(1)}" in out
    assert "valid once until" in out
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = organisers.redeem_invite(session, found.group(1), 777, now=dt.datetime.now(dt.UTC))
        assert event is not None and event.slug == SLUG
        assert organisers.redeem_invite(session, found.group(1), 778, now=dt.datetime.now(dt.UTC)) is None
    engine.dispose()
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME")
    code, out, _ = run(capsys, url, "organisers", "invite")
    assert code == 0 and "t.me" not in out


def test_announce_queues_one_message_per_subscriber_and_audits(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, url, "announce", "Lunch is served in the garden")
    assert code == 0, err
    assert f"queued for 2 subscribed chat(s) of {SLUG}" in out
    engine = make_engine(url)
    with session_scope(engine) as session:
        texts = {(r.chat_id, r.text) for r in session.scalars(select(OutboxMessage))}
        assert texts == {(1001, "Lunch is served in the garden"), (-500, "Lunch is served in the garden")}
        event = current_event(session)
        assert event is not None
    engine.dispose()
    assert ("cli", "broadcast.queued") in audit_actions(url)
    code, out, _ = run(capsys, url, "broadcasts")
    assert code == 0 and "announcement: 0 sent, 2 to send, 0 failed" in out and "Lunch is served" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "The announcement is empty"), ("x" * 5000, "too long for one Telegram message (5000")],
)
def test_announce_refuses_empty_or_too_long_text(
    url: str, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    code, _, err = run(capsys, url, "announce", text)
    assert code == 2 and message in err and "nothing was queued" in err
    code, _, err = run(capsys, url, "announce", "hello", "--event", "nope")
    assert code == 2 and "No event has the slug 'nope'" in err


def test_announce_without_subscribers_says_so(
    migrated_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    engine.dispose()
    code, out, _ = run(capsys, migrated_db_url, "announce", "Hello")
    assert code == 0 and "no chat is subscribed" in out
    code, out, _ = run(capsys, migrated_db_url, "broadcasts", "--limit", "3")
    assert code == 0 and "0 sent, 0 to send, 0 failed" in out


def test_no_current_event(migrated_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, migrated_db_url, "announce", "Hello")
    assert code == 2 and "No current event" in err
