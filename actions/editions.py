"""Answers that may be about another edition of the event: results, follow-up and prizes.

`in_named_edition(ask, answer)` first looks, in the database, for another event the question
names ("who won in 2021?", "le hackathon de Strasbourg") and answers about it with `answer`
(see `bot.answers.editions`); otherwise it answers about the current event.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answers import editions
from bot.answers.replies import Ask, Reply
from bot.core.db import session_scope, shared_engine


def in_named_edition(ask: Ask, answer: Callable[[Ask], Reply]) -> Reply:
    """`answer`, about the edition the question names if it names one (blocking I/O: run in a thread)."""
    with session_scope(shared_engine()) as session:
        return editions.answer_in_edition(session, ask, answer)
