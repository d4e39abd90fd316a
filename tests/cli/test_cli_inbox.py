"""`hackbot inbox list|show|answer|dismiss`: the organisers' inbox from the terminal, end to end."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK

from bot.core.db import make_engine, session_scope
from bot.core.models import OutboxMessage
from bot.core.texts import t
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.inbox import questions
from bot.inbox.questions import Asker


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_pack(session, parse_pack(DEMO_PACK), make_current=True).event
        for asker, text in (
            (Asker("telegram", "4242"), "Un vestiaire ?"),
            (Asker("web", "web-visitor-1234567"), "Showers?"),
        ):
            questions.record(session, event, asker, "fr" if asker.channel == "telegram" else "en", text)
            questions.pass_on(session, event, asker)
    engine.dispose()
    return migrated_db_url


def test_an_organiser_lists_shows_answers_and_dismisses_from_the_terminal(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "inbox", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert (
        lines[0].startswith("#1 ")
        and "open" in lines[0]
        and "telegram" in lines[0]
        and "Un vestiaire ?" in lines[0]
    )
    assert "web" in lines[1] and "Showers?" in lines[1]
    code, out, _ = run(capsys, url, "inbox", "answer", "1", "Oui, au rez-de-chaussée.")
    assert code == 0 and "queued: the Telegram gateway sends it" in out
    code, out, _ = run(capsys, url, "inbox", "answer", "2", "No, sorry.")
    assert code == 0 and "at their next visit to the web page" in out
    assert (
        run(capsys, url, "inbox", "list")[1]
        == "No question waiting for an answer in fenua-innovation-2027.\n"
    )
    code, out, _ = run(capsys, url, "inbox", "show", "1")
    assert code == 0 and "answer (cli): Oui, au rez-de-chaussée." in out
    code, _, err = run(capsys, url, "inbox", "answer", "1", "Encore ?")
    assert code == 2 and "already been answered or set aside" in err
    code, _, err = run(capsys, url, "inbox", "dismiss", "7")
    assert code == 2 and "there is no question #7" in err
    code, out, _ = run(capsys, url, "inbox", "list", "--all")
    assert code == 0 and out.count("answered") == 2
    engine = make_engine(url)
    with session_scope(engine) as session:
        sent = [
            (row.chat_id, row.text)
            for row in session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 4242))
        ]
    engine.dispose()
    assert sent == [
        (4242, t("inbox_reply", "fr", question="Un vestiaire ?", answer="Oui, au rez-de-chaussée."))
    ]


def test_stats_groups_what_the_assistant_could_not_answer(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "inbox", "stats")
    assert code == 0
    assert out.splitlines()[0] == "2 question(s) the assistant could not answer, in 2 group(s) by meaning:"
    assert "1 passed on" in out and "Un vestiaire ?" in out and "Showers?" in out
