"""Talking to the gateway through the fake Telegram Bot API server, as a user does: a message or a
button press and the replies it brings, the buttons under a reply, and what the audit log recorded
for that user. Shared by the Telegram tests of the jury, the public vote and the palmarès."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.core.db import session_scope
from bot.core.models import AuditEntry
from bot.events import organisers
from support.fake_telegram import FakeTelegram

Db = Callable[[Callable[[Session], Any]], Any]
"""`db(work)`: `work(session)` run in one committed transaction, its result returned."""
REPLY_TIMEOUT = 60.0
_message_ids = count(1)


def committed(engine: Engine) -> Iterator[Db]:
    """A `Db` on the engine's database (a fixture's body: yields it once)."""

    def in_session(work: Callable[[Session], Any]) -> Any:
        with session_scope(engine) as session:
            return work(session)

    yield in_session


def say(fake: FakeTelegram, user: int, text: str, lang: str = "en", replies: int = 1) -> list[dict[str, Any]]:
    """The user sends `text`; the `replies` messages that answer it."""
    before = len(fake.sent(user))
    fake.push_message(user, text, language_code=lang)
    return fake.wait_sent(user, before + replies, timeout=REPLY_TIMEOUT)[before:]


def press(
    fake: FakeTelegram, user: int, data: str, lang: str = "en", replies: int = 1
) -> list[dict[str, Any]]:
    """The user presses a button carrying `data` (a real one, or forged); the replies it brings."""
    before = len(fake.sent(user))
    fake.push_callback(user, data, message_id=next(_message_ids), language_code=lang)
    return fake.wait_sent(user, before + replies, timeout=REPLY_TIMEOUT)[before:]


def buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [button for row in rows for button in row]


def button(message: dict[str, Any], text: str) -> str:
    """The data of the button called `text` under the message (it must be there)."""
    found = [b["callback_data"] for b in buttons(message) if b["text"] == text]
    assert found, (text, buttons(message))
    return found[0]


def audit_actions(db: Db, actor_id: int) -> list[str]:
    actor = organisers.telegram_actor(actor_id)
    return list(db(lambda s: list(s.scalars(select(AuditEntry.action).where(AuditEntry.actor == actor)))))


def refusals(db: Db, actor_id: int) -> list[dict[str, Any]]:
    actor = organisers.telegram_actor(actor_id)
    query = select(AuditEntry.details).where(AuditEntry.actor == actor, AuditEntry.action == "refused")
    return list(db(lambda s: list(s.scalars(query))))
