"""The jury's event (support.jury_packs) with a second prize awarded by the public, for the teams of
the `donnees` challenge only (T2 and T4): the audience's vote's tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.core.models import Event
from support.jury_packs import SLUG, jury_data, load_jury_event

PUBLIC = "prix-public"
"""Awarded by the public, any team."""
PUBLIC_DATA = "prix-public-donnees"
"""Awarded by the public, the `donnees` challenge's teams only."""
NAMES = {
    PUBLIC: ("Prix du public", "Audience award"),
    PUBLIC_DATA: ("Prix du public des données", "Data audience award"),
}
__all__ = ["NAMES", "PUBLIC", "PUBLIC_DATA", "SLUG", "load_vote_event", "vote_data"]


def vote_data(**judging: Any) -> dict[str, Any]:
    """The jury's pack with the second public prize (`judging` keys replaced as in `jury_data`)."""
    data = jury_data(**judging)
    fr, en = NAMES[PUBLIC_DATA]
    data["prizes"].append({"id": PUBLIC_DATA, "name": {"fr": fr, "en": en}})
    if "prizes" not in judging:
        data["judging"]["prizes"].append({"prize": PUBLIC_DATA, "by": "public", "challenge": "donnees"})
    return data


def load_vote_event(session: Session, data: dict[str, Any] | None = None) -> Event:
    """The pack loaded (or reloaded) and made current."""
    return load_jury_event(session, data if data is not None else vote_data())
