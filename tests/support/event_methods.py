"""An event pack's `methods:` section for tests: two shipped methods hidden, one method of the event's
own added (in the catalogue's format), and the demo pack carrying it."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from bot.events.pack import Pack, parse_pack_text
from bot.methods.catalogue import shipped_method_ids
from support.packs import DEMO_PACK

HIDDEN = ["worst-possible-idea", "service-role-play"]
"""Shipped methods the event does not offer."""
ADDED: dict[str, Any] = {
    "id": "atelier-prefecture",
    "name": {"fr": "Atelier avec les agents d'accueil", "en": "Workshop with front-desk staff"},
    "purpose": {
        "fr": "Vérifier avec les agents d'accueil qu'une idée tient au guichet.",
        "en": "Check with front-desk staff that an idea holds up at the counter.",
    },
    "stages": ["test", "prototype"],
    "minutes": {"minimum": 30, "typical": 60},
    "people": {"minimum": 2, "users": True},
    "materials": [{"fr": "Le prototype imprimé", "en": "The printed prototype"}],
    "steps": [
        {"fr": "Réservez un créneau avec deux agents.", "en": "Book a slot with two staff members."},
        {"fr": "Montrez le prototype sur un cas réel.", "en": "Show the prototype on a real case."},
        {"fr": "Notez chaque question posée.", "en": "Write down every question they ask."},
    ],
    "pitfalls": [
        {"fr": "Défendre l'idée au lieu d'écouter.", "en": "Defending the idea instead of listening."}
    ],
    "example": {
        "fr": "Une équipe a appris au guichet que le justificatif supprimé était exigé par la loi.",
        "en": "At the counter, a team learnt that the document it removed was required by law.",
    },
    "keywords": {"fr": ["guichet", "agents d'accueil"], "en": ["front desk"]},
    "source": {"title": "Préfecture de l'exemple", "url": "https://example.org/atelier"},
}
"""A method of the event's own, every text in French and English."""


def methods_section(hide: list[str] | None = None, add: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """`hide` and `add` (each method a copy of its own, so that YAML writes each in full)."""
    methods = [ADDED] if add is None else add
    return {"hide": list(HIDDEN if hide is None else hide), "add": [copy.deepcopy(m) for m in methods]}


def demo_data(methods: dict[str, Any] | None = None) -> dict[str, Any]:
    """The demo pack's data, with `methods` as its `methods:` section when given."""
    data: dict[str, Any] = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    if methods is not None:
        data["methods"] = methods
    return data


def pack_of(data: dict[str, Any]) -> Pack:
    """A pack of `data`, checked against the shipped catalogue as `hackbot event load` does."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return parse_pack_text(text, "edited.yml", shipped_methods=shipped_method_ids())
