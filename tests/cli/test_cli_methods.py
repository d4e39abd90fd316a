"""`hackbot methods stats`: which methods the coach gave teams at an event, for the debrief."""

from __future__ import annotations

import pytest
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK

from bot.core.db import make_engine, session_scope
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.methods import usage


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    engine.dispose()
    return migrated_db_url


def test_the_organisers_see_which_methods_teams_were_given(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "methods", "stats")
    assert (code, out) == (0, "The coach has given no method at fenua-innovation-2027 yet.\n")
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        usage.record(
            session,
            event,
            ["crazy-8s", "dot-voting"],
            kind="recommended",
            lang="fr",
            stage="ideate",
            minutes=30,
        )
        usage.record(session, event, ["crazy-8s"], kind="recommended", lang="en", stage="ideate", minutes=20)
        usage.record(session, event, ["crazy-8s"], kind="card", lang="en")
        usage.record(session, event, ["user-interviews"], kind="recommended", lang="en", stage="understand")
    engine.dispose()
    code, out, _ = run(capsys, url, "methods", "stats")
    assert code == 0
    assert out.splitlines()[0] == "Crazy 8s: recommended 2, card opened 1"
    assert "Requests by stage: understand 1, ideate 3." in out
    code, _, _ = run(capsys, url, "methods", "stats", "--event", "nothing-like-it")
    assert code == 2
