"""What people wanted to know and the assistant could not answer, most asked first: every
question it had no answer to (passed on or not), grouped by meaning, so that organisers see
what to add to the pack's FAQ.

Questions are grouped greedily, in the order they were asked: each joins the first group whose
first question is at least `SIMILAR` close in meaning (the cosine of their sentence vectors,
from the encoder the caller gives: bot.understanding's, multilingual, so "can I bring my dog?"
and « je peux venir avec mon chien ? » fall together), or starts a group of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.models import Event, Question

SIMILAR = 0.89
"""Measured with multilingual-e5-small on paraphrases (0.90–0.94, across languages too) and
different questions of the same event (0.77–0.88)."""

Embed = Callable[[Sequence[str]], object]
"""Sentence vectors for questions, one row per text (an encoder's `queries`)."""


@dataclass
class Group:
    """Questions of the same meaning: the first asked stands for them."""

    example: str
    count: int = 0
    passed_on: int = 0
    languages: set[str] = field(default_factory=set)
    last_asked: dt.datetime | None = None


def frequent_unanswered(
    session: Session, event: Event, embed: Embed, *, similar: float = SIMILAR
) -> list[Group]:
    """The event's unanswered questions grouped by meaning, the most frequent first."""
    asked = list(session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.id)))
    if not asked:
        return []
    vectors = np.asarray(embed([question.text for question in asked]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    groups: list[Group] = []
    heads: list[np.ndarray] = []
    for question, vector in zip(asked, vectors, strict=True):
        scores = [float(head @ vector) for head in heads]
        best = int(np.argmax(scores)) if scores else -1
        if best < 0 or scores[best] < similar:
            groups.append(Group(question.text))
            heads.append(vector)
            best = len(groups) - 1
        group = groups[best]
        group.count += 1
        group.passed_on += question.passed_on_at is not None
        group.languages.add(question.language)
        group.last_asked = max(filter(None, (group.last_asked, question.asked_at)))
    return sorted(groups, key=lambda group: (-group.count, groups.index(group)))
