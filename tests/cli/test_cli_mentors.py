"""`hackbot mentors list|link|unlink|invite|requests`: which mentors teams can call, end to end."""

from __future__ import annotations

import pytest
from support.cli_runs import audit_entries
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK

from bot.core.db import make_engine, session_scope
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.mentors import requests


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    engine.dispose()
    return migrated_db_url


def test_an_organiser_links_lists_and_unlinks_mentors_from_the_terminal(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "mentors", "link", "marc-antoine leroy", "--telegram-id", "7001")
    assert code == 0 and out.startswith(
        "Marc-Antoine Leroy (fenua-innovation-2027) is linked to Telegram 7001: teams can call them."
    )
    code, out, _ = run(capsys, url, "mentors", "list")
    assert code == 0
    assert "Marc-Antoine Leroy: Telegram 7001\n" in out and "Sophie Chen: not linked\n" in out
    assert out.endswith("1 of 5 mentor(s) of fenua-innovation-2027 can be called on Telegram.\n")
    code, _, err = run(capsys, url, "mentors", "link", "Sophie Chen", "--telegram-id", "7001")
    assert code == 2 and "already Marc-Antoine Leroy" in err
    code, _, err = run(capsys, url, "mentors", "link", "Nobody", "--telegram-id", "7002")
    assert code == 2 and "no mentor called 'Nobody'" in err and "Sophie Chen" in err
    with pytest.raises(SystemExit) as refused:
        run(capsys, url, "mentors", "link", "Sophie Chen", "--telegram-id", "abc")
    assert refused.value.code == 2 and "is not a Telegram user id" in capsys.readouterr().err
    code, out, _ = run(capsys, url, "mentors", "unlink", "Marc-Antoine Leroy")
    assert code == 0 and "no longer linked" in out
    code, _, err = run(capsys, url, "mentors", "unlink", "Marc-Antoine Leroy")
    assert code == 2 and "No mentor called" in err
    assert [action for _, action in audit_entries(url)][-2:] == ["mentor.linked", "mentor.unlinked"]


def test_a_mentor_invitation_prints_the_link_to_open(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@fenua_bot")
    code, out, _ = run(capsys, url, "mentors", "invite", "Sophie Chen", "--days", "2")
    assert code == 0 and "Invitation for Sophie Chen, mentor of fenua-innovation-2027" in out
    assert "/start mentor_" in out and "https://t.me/fenua_bot?start=mentor_" in out
    assert run(capsys, url, "mentors", "invite", "Nobody")[0] == 2


def test_the_requests_list_shows_who_waited_and_how_long(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, url, "mentors", "requests")[1] == "No mentor request at fenua-innovation-2027.\n"
    run(capsys, url, "mentors", "link", "Sophie Chen", "--telegram-id", "7002")
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        for topic in ("Our pitch", "Notre démo"):
            made = requests.call(
                session,
                event,
                channel="telegram",
                user_id="4242",
                language="en",
                team=None,
                topic=topic,
                place="table 9",
                mentors={"Sophie Chen": 7002},
            )
        requests.claim(session, event, made.id, 7002)
    engine.dispose()
    code, out, _ = run(capsys, url, "mentors", "requests")
    assert code == 0
    assert "(no team) at table 9: waiting for 0 min" in out and "needs: Our pitch" in out
    assert "taken by Sophie Chen after 0 min" in out and "called: Sophie Chen" in out
    assert out.endswith("2 request(s), 1 waiting; taken after 0 min on average.\n")
    code, out, _ = run(capsys, url, "mentors", "requests", "--open")
    assert "Notre démo" not in out and "Our pitch" in out
