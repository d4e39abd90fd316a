"""Subscriptions to an event's announcements (bot.events.subscriptions) on a real database."""

from __future__ import annotations

import pytest
from packs import DEMO_PACK
from sqlalchemy.orm import Session

from bot.core.models import Event
from bot.events import subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack


@pytest.fixture
def event(session: Session) -> Event:
    pack = parse_pack(DEMO_PACK)
    load_pack(session, pack, make_current=True)
    found = get_event(session, pack.event.slug)
    assert found is not None
    return found


def test_subscribing_twice_keeps_one_row_and_says_it_was_already_done(session: Session, event: Event) -> None:
    first, new = subscriptions.subscribe(session, event, 1001, language="fr")
    again, new_again = subscriptions.subscribe(session, event, 1001, language="en")
    assert new and not new_again and again is first
    assert first.language == "en"
    assert subscriptions.count(session, event) == 1


def test_unsubscribe_then_subscribe_again(session: Session, event: Event) -> None:
    subscriptions.subscribe(session, event, 1001, language="fr")
    assert subscriptions.unsubscribe(session, event, 1001)
    assert not subscriptions.unsubscribe(session, event, 1001)
    assert subscriptions.active(session, event) == []
    row, new = subscriptions.subscribe(session, event, 1001, language="fr")
    assert new and row.unsubscribed_at is None and row.unsubscribe_reason is None


def test_a_chat_that_blocked_the_bot_leaves_every_event(session: Session, event: Event) -> None:
    subscriptions.subscribe(session, event, 1001, language="fr")
    subscriptions.subscribe(session, event, -500, language="fr", chat_type="group")
    assert subscriptions.unsubscribe_everywhere(session, 1001) == 1
    row = subscriptions.find(session, event, 1001)
    assert row is not None and row.unsubscribe_reason == subscriptions.BLOCKED
    assert [s.chat_id for s in subscriptions.active(session, event)] == [-500]


def test_unknown_chat_type_is_refused(session: Session, event: Event) -> None:
    with pytest.raises(ValueError):
        subscriptions.subscribe(session, event, 1, language="fr", chat_type="channel")
