"""Which methods the coach gave teams, kept for the organisers' debrief (`hackbot methods stats`):
each method of a recommendation, and each card opened, with the stage and the time the team had
as the coach understood them. Nothing says who asked. The caller owns the transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.models import Event, MethodAdvice


def record(
    session: Session,
    event: Event,
    method_ids: Sequence[str],
    *,
    kind: str,
    lang: str,
    stage: str | None = None,
    minutes: int | None = None,
) -> None:
    for method_id in method_ids:
        session.add(
            MethodAdvice(
                event_id=event.id, method_id=method_id, kind=kind, stage=stage,
                minutes=minutes if minutes and minutes > 0 else None, language=lang,
            )
        )  # fmt: skip
    session.flush()


@dataclass(frozen=True)
class MethodUse:
    method_id: str
    recommended: int
    cards: int


def usage(session: Session, event: Event) -> tuple[list[MethodUse], Counter[str]]:
    """Each method given at the event (most recommended first), and the stages teams asked at."""
    rows = session.execute(
        select(MethodAdvice.method_id, MethodAdvice.kind, MethodAdvice.stage).where(
            MethodAdvice.event_id == event.id
        )
    ).all()
    recommended = Counter(method for method, kind, _ in rows if kind == "recommended")
    cards = Counter(method for method, kind, _ in rows if kind == "card")
    stages = Counter(stage for _, kind, stage in rows if kind == "recommended" and stage)
    methods = sorted(set(recommended) | set(cards), key=lambda m: (-recommended[m], -cards[m], m))
    return [MethodUse(m, recommended[m], cards[m]) for m in methods], stages
