"""Button payloads too long for Telegram, kept in the database under a short key.

A Telegram inline button carries at most 64 bytes (UTF-8) of `callback_data`, and Rasa payloads
such as `/ask_challenge{"challenge":"<a long challenge id>"}` can be longer. `callback_data()`
gives the payload itself when it fits, else stores it (`store`) and gives its key ("cb:" and 10
random characters); `resolve()` turns what a pressed button carries back into the payload, or
None when the key is unknown (never stored, or purged: `purge` drops old rows).

Functions take the caller's session and only flush; times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.models import CallbackPayload

MAX_CALLBACK_BYTES = 64
"""Telegram's limit on an inline button's `callback_data`, in bytes of UTF-8."""
KEY_PREFIX = "cb:"
KEY_LENGTH = 10
_ALPHABET = string.ascii_letters + string.digits
KEEP_FOR = dt.timedelta(days=30)
"""How long a stored payload stays valid (`purge` drops older ones); an event lasts days."""


def is_key(data: str) -> bool:
    return data.startswith(KEY_PREFIX)


def fits(payload: str) -> bool:
    """Whether the payload can travel as the button's `callback_data` itself."""
    return len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not is_key(payload)


def store(session: Session, payload: str, *, now: dt.datetime | None = None) -> str:
    """Keep `payload` and return its new key (short, random, unique)."""
    while True:
        key = KEY_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))
        if session.get(CallbackPayload, key) is None:
            break
    session.add(CallbackPayload(key=key, payload=payload, created_at=now or utcnow()))
    session.flush()
    return key


def load(session: Session, key: str) -> str | None:
    """The payload stored under `key`, or None if there is none."""
    row = session.get(CallbackPayload, key)
    return row.payload if row is not None else None


def callback_data(session: Session, payload: str) -> str:
    """What a button for `payload` carries: the payload when it fits, else the key it is stored under."""
    return payload if fits(payload) else store(session, payload)


def resolve(session: Session, data: str) -> str | None:
    """The payload a pressed button stands for, or None when its key is unknown or was purged."""
    return load(session, data) if is_key(data) else data


def purge(session: Session, *, now: dt.datetime | None = None, keep_for: dt.timedelta = KEEP_FOR) -> int:
    """Forget payloads stored more than `keep_for` ago; returns how many."""
    cutoff = (now or utcnow()) - keep_for
    result = session.execute(
        delete(CallbackPayload).where(CallbackPayload.created_at < cutoff),
        execution_options={"synchronize_session": False},
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
