"""An event with a `judging:` section for the jury's tests: three jurors, two challenges, four teams
listed for judging (none registers), three criteria weighted 2, 1 and 1 on a 1-5 scale, and four
prizes: the grand prize, one for each challenge, and the public's."""

from __future__ import annotations

from typing import Any

import yaml
from sqlalchemy.orm import Session

from bot.core.models import Event, JurorLink
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack_text
from bot.jury import links
from bot.jury.teams import listed_key

SLUG = "jury-jam-2030"
ANNE, BRUNO, CHLOE = "Anne Juge", "Bruno Juré", "Chloé Jurée"
JURORS = {ANNE: 8001, BRUNO: 8002, CHLOE: 8003}
"""Each juror's Telegram id once linked."""
TEAMS = ["Les Débrouillards", "Data Lagon", "Guichet Unique", "Open Fare"]
"""T1 and T3 are on the `acces-droits` challenge, T2 and T4 on `donnees`."""
T1, T2, T3, T4 = (listed_key(name) for name in TEAMS)
CRITERIA = ("impact", "faisabilite", "pitch")

BASE: dict[str, Any] = {
    "format": 1,
    "event": {
        "slug": SLUG,
        "name": {"fr": "Jam du jury", "en": "Jury jam"},
        "organiser": "Ministère",
        "timezone": "Europe/Paris",
        "starts": "2030-03-11",
        "ends": "2030-03-12",
        "languages": ["fr", "en"],
    },
    "challenges": [
        {"id": "acces-droits", "title": "Accès aux droits", "summary": "Les droits"},
        {"id": "donnees", "title": "Données", "summary": "Les données"},
    ],
    "jury": [{"name": ANNE, "chair": True}, {"name": BRUNO}, {"name": CHLOE}],
    "prizes": [
        {"id": "grand-prix", "name": {"fr": "Grand prix", "en": "Grand prize"}},
        {"id": "prix-donnees", "name": {"fr": "Prix des données", "en": "Data prize"}},
        {"id": "prix-acces", "name": {"fr": "Prix de l'accès", "en": "Access prize"}},
        {"id": "prix-public", "name": {"fr": "Prix du public", "en": "Audience award"}},
    ],
    "judging": {
        "scale": {"min": 1, "max": 5},
        "criteria": [
            {
                "id": "impact",
                "name": {"fr": "Impact pour les usagers", "en": "Impact for users"},
                "weight": 2,
            },
            {"id": "faisabilite", "name": {"fr": "Faisabilité", "en": "Feasibility"}},
            {"id": "pitch", "name": "Pitch"},
        ],
        "teams": [
            {"name": TEAMS[0], "challenge": "acces-droits"},
            {"name": TEAMS[1], "challenge": "donnees"},
            {"name": TEAMS[2], "challenge": "acces-droits"},
            {"name": TEAMS[3], "challenge": "donnees"},
        ],
        "prizes": [
            {"prize": "grand-prix"},
            {"prize": "prix-donnees", "challenge": "donnees"},
            {"prize": "prix-acces", "by": "jury", "challenge": "acces-droits"},
            {"prize": "prix-public", "by": "public"},
        ],
    },
}


def jury_data(**judging: Any) -> dict[str, Any]:
    """The pack's data, its `judging` keys replaced by those given (None removes one)."""
    data = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False))
    for key, value in judging.items():
        if value is None:
            data["judging"].pop(key, None)
        else:
            data["judging"][key] = value
    return data  # type: ignore[no-any-return]


def jury_text(data: dict[str, Any] | None = None) -> str:
    return yaml.safe_dump(data if data is not None else jury_data(), allow_unicode=True, sort_keys=False)


def load_jury_event(session: Session, data: dict[str, Any] | None = None) -> Event:
    """The pack loaded (or reloaded) and made current, with every part loaded."""
    load_pack(session, parse_pack_text(jury_text(data)), make_current=True)
    session.expire_all()
    event = get_event(session, SLUG)
    assert event is not None
    return event


def link_jurors(session: Session, event: Event) -> dict[str, JurorLink]:
    """Each juror linked to their Telegram id."""
    return {name: links.link(session, event, name, user, by="cli") for name, user in JURORS.items()}


def card(impact: int, faisabilite: int, pitch: int) -> dict[str, int]:
    return {"impact": impact, "faisabilite": faisabilite, "pitch": pitch}
