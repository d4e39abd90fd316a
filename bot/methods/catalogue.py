"""The methods catalogue: methods of public innovation and design, in French and English, as data
(`bot/methods/catalogue.yml`, format in docs/methods-format.md).

`load_catalogue()` reads the catalogue shipped with hackbot; `parse_catalogue_text` checks any
text of that format and raises `CatalogueError` with every problem found, each with its line and
place (`methods[3].steps`), in the same words as the event pack's validator
(`bot.events.documents`). Every text is required in both languages, since a team is coached in
its own. A method's models are those of `bot.events.method_specs` (`Method`, `STAGES` and
`LANGUAGES` are named here too), since an event pack may add methods of its own:
`event_catalogue(event)` is the catalogue the coach offers at an event, the shipped one without
the methods its pack hides and with those it adds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from bot.core.models import Event
from bot.events.documents import (
    DocumentError,
    Loc,
    read_text,
    validated,
)
from bot.events.method_specs import CHALLENGE as CHALLENGE
from bot.events.method_specs import LANGUAGES as LANGUAGES
from bot.events.method_specs import STAGES as STAGES
from bot.events.method_specs import Method as Method
from bot.events.method_specs import method_data, method_problems
from bot.events.pack_values import FormatVersion

SHIPPED = "catalogue.yml"


class CatalogueError(DocumentError):
    """A catalogue that cannot be read, with every problem found in it."""


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    format: FormatVersion
    methods: Annotated[list[Method], Field(min_length=1)]

    def by_id(self) -> dict[str, Method]:
        return {method.id: method for method in self.methods}

    def per_stage(self) -> dict[str, int]:
        counted = Counter(stage for method in self.methods for stage in method.stages)
        return {stage: counted[stage] for stage in STAGES}


def parse_catalogue_text(text: str, source: str = "<catalogue>") -> Catalogue:
    """Check a catalogue's YAML text; CatalogueError with every problem found."""
    catalogue, _ = validated(
        text,
        source,
        Catalogue,
        CatalogueError,
        not_a_mapping="the catalogue is {what}; start with 'format: 1' and 'methods:'",
        consistency=lambda data: (_consistency(data), []),
    )
    return catalogue


def parse_catalogue(path: Path) -> Catalogue:
    return parse_catalogue_text(read_text(path, CatalogueError), str(path))


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with hackbot (read once)."""
    text = resources.files("bot.methods").joinpath(SHIPPED).read_text(encoding="utf-8")
    return parse_catalogue_text(text, f"bot/methods/{SHIPPED}")


def shipped_method_ids() -> frozenset[str]:
    """The ids of the shipped catalogue's methods: what an event pack's `methods.hide` may name,
    and its `methods.add` may not (`bot.events.pack.parse_pack(..., shipped_methods=...)`)."""
    return frozenset(load_catalogue().by_id())


def _consistency(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """What the models alone cannot say: ids used twice, a typical time under the minimum, a stage
    listed twice."""
    return method_problems(data.get("methods"), ("methods",))


# ------------------------------------------------------------------ an event's catalogue

_held: dict[tuple[int, dt.datetime], tuple[int, Catalogue]] = {}
"""Per event (its id and creation time: an id SQLite gives again after a deletion is another
event), the revision last seen and its catalogue."""
_lock = threading.Lock()


def event_catalogue(event: Event | None) -> Catalogue:
    """The catalogue the coach offers at `event`: the shipped one without the methods its pack
    hides, then the methods its pack adds (`methods:`, stored as `Event.hidden_methods` and
    `Event.added_methods`); the shipped catalogue itself when there is no event or the pack
    changes nothing.

    Kept per event and revision (`Event.revision` rises with any change to the event or its
    parts). A new revision whose methods are the same gives back the same object, so that what is
    kept per catalogue (the method index, bot.methods.index) is not made again. The event's parts
    are read within its session, or from an event loaded with them (bot.events.lookup).
    """
    shipped = load_catalogue()
    if event is None:
        return shipped
    key, revision = (event.id, event.created_at), event.revision
    with _lock:
        held = _held.get(key)
    if held is not None and held[0] == revision:
        return held[1]
    catalogue = _made_for(event, shipped)
    with _lock:
        if held is not None and held[1] == catalogue:
            catalogue = held[1]
        _held[key] = (revision, catalogue)
    return catalogue


def _made_for(event: Event, shipped: Catalogue) -> Catalogue:
    if not event.hidden_methods and not event.added_methods:
        return shipped
    hidden = {row.key for row in event.hidden_methods}
    added = [Method.model_validate(method_data(row)) for row in event.added_methods]
    # A method the event adds replaces a shipped one of the same id (which the pack's validator
    # refuses; a later hackbot may ship one under an id an event already used).
    replaced = hidden | {method.id for method in added}
    kept = [method for method in shipped.methods if method.id not in replaced]
    return Catalogue.model_construct(format=shipped.format, methods=[*kept, *added])
