"""The action server indexes the current event as it starts, so the first questions do not all wait."""

from __future__ import annotations

import pytest
from support.packs import DEMO_PACK

from actions import answering
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.understanding import index as index_module
from bot.understanding.encoder import shared_encoder
from bot.understanding.index import IndexCache


def test_the_current_events_index_is_built_before_the_first_question(
    fresh_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    monkeypatch.setenv("DATABASE_URL", fresh_db_url)
    monkeypatch.setattr(answering, "CURRENT_EVENT", answering.lookup.CurrentEventCache())
    cache = IndexCache(shared_encoder())
    monkeypatch.setattr(answering, "INDEXES", cache)
    builds: list[int] = []
    monkeypatch.setattr(
        index_module, "build_index", lambda event, encoder: builds.append(event.id) or "built"
    )

    answering.warm_up()

    with session_scope(engine) as session:
        event = answering.CURRENT_EVENT.get(session)
    engine.dispose()
    assert event is not None and builds == [event.id]
    assert cache.get(event) == "built" and builds == [event.id], "the first question finds it built"


def test_a_warm_up_that_fails_is_logged_and_leaves_the_first_question_to_build_it(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(answering, "CURRENT_EVENT", answering.lookup.CurrentEventCache())
    answering.warm_up()  # does not raise
    assert "Could not index the current event" in caplog.text
