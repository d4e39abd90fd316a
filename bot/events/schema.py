"""The event-pack format as a JSON Schema, for editors that complete and check packs as they are
typed (VS Code and others using yaml-language-server): `hackbot event schema`, and the copy kept
in the repository (`docs/event-pack.schema.json`).

It is made from the validator's own models (bot.events.pack), so both name the same keys, types,
patterns and allowed values. What the schema cannot say, the validator checks alone: that ids are
unique, that references name existing items, that times follow each other (a session ending
before it starts, a method's typical time under its minimum), that a session lies within the
event's dates, that the methods a pack hides are in the coach's catalogue and those it adds are
not, that a judging scale's max is above its min. The schema reads YAML 1.2, as editors do: an
unquoted `yes` is text there, while the validator (YAML 1.1) asks for quotes.
"""

from __future__ import annotations

import json
from typing import Any

from bot.events.pack import Pack
from bot.events.pack_values import TIME_ZONE_SCHEMA, time_zone_names

SCHEMA_ID = "https://hackbot.example/event-pack.schema.json"
SCHEMA_FILE_NAME = "event-pack.schema.json"


def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an event pack."""
    schema = Pack.model_json_schema(mode="validation")
    _name_time_zones(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "hackbot event pack (format 1)",
        "description": (
            "One event: its programme, challenges, rules, FAQ, mentors, jury, prizes and results, the"
            " methods it hides from the coach's catalogue or adds to it, and how the jury scores teams."
        ),
    }


def _name_time_zones(node: Any) -> None:
    """Every time zone field lists the names that exist, for completion."""
    if isinstance(node, dict):
        if node.get("description") == TIME_ZONE_SCHEMA["description"] and node.get("type") == "string":
            node["enum"] = time_zone_names()
        for value in node.values():
            _name_time_zones(value)
    elif isinstance(node, list):
        for value in node:
            _name_time_zones(value)


def schema_text() -> str:
    return json.dumps(pack_schema(), ensure_ascii=False, indent=2) + "\n"
