"""Subscriptions to an event's announcements (bot.events.subscriptions) on a real database."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bot.core.models import Event
from bot.events import subscriptions


@pytest.fixture
def event(session: Session, demo_event: Event) -> Event:
    return demo_event


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
