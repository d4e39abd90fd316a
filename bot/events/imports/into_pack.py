"""Writing imported sessions into a pack file: each session replaces the pack's session of the
same id (its other keys kept), new ones are added after the others, and with `replace` the
sessions the source no longer has are removed. The rest of the pack, its comments included, is
left as it was; a session's text the source has in one version only (a calendar's title) keeps
the pack's translations of it while it stays the same. The result is validated like any pack
before it is written: nothing is written when it is not valid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.core.models import LocalText
from bot.events.imports.sessions import ImportedSession
from bot.events.pack import parse_pack_text

SESSION_KEYS = ("id", "title", "starts", "ends", "location", "kind", "description")


@dataclass
class Merge:
    """What an import changed in the pack."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_in_source: list[str] = field(default_factory=list)
    """Sessions of the pack the source does not have, kept (without `replace`)."""
    warnings: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quotes kept
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _text_value(text: LocalText | None) -> Any:
    if text is None:
        return None
    if set(text) == {"*"}:
        return text["*"]
    return CommentedMap(text)


def _entry(session: ImportedSession) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": session.id,
        "title": _text_value(session.title),
        "starts": session.starts.strftime("%Y-%m-%dT%H:%M"),
        "ends": session.ends.strftime("%Y-%m-%dT%H:%M") if session.ends else None,
        "location": _text_value(session.location),
        "kind": session.kind,
        "description": _text_value(session.description),
    }
    return {key: value for key, value in values.items() if value is not None}


TEXT_KEYS = ("title", "location", "description")


def _keep_translations(entry: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The source's values, where a text the source gives in one version only (a calendar's title)
    is one of the pack's versions of it: the pack's text, its translations with it, is kept."""
    kept = dict(values)
    for key in TEXT_KEYS:
        mine, theirs = entry.get(key), values.get(key)
        if isinstance(mine, dict) and isinstance(theirs, str) and theirs in {str(v) for v in mine.values()}:
            kept[key] = mine
    return kept


def _same(entry: Any, values: dict[str, Any]) -> bool:
    return all(_plain(entry.get(key)) == _plain(values.get(key)) for key in SESSION_KEYS)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return str(value) if value is not None and not isinstance(value, (dict, list)) else value


def merge_sessions(
    pack_text: str, sessions: list[ImportedSession], *, replace: bool = False
) -> tuple[str, Merge]:
    """The pack's text with the sessions merged in, and what changed."""
    yaml = _yaml()
    data = yaml.load(pack_text)
    merge = Merge()
    listed = data.get("sessions")
    if not isinstance(listed, list):
        listed = CommentedSeq()
        data["sessions"] = listed
    by_id = {str(entry.get("id")): entry for entry in listed if isinstance(entry, dict)}
    imported = {session.id for session in sessions}
    for session in sessions:
        values = _entry(session)
        entry = by_id.get(session.id)
        if entry is not None:
            values = _keep_translations(entry, values)
        if entry is None:
            listed.append(CommentedMap(values))
            merge.added.append(session.id)
        elif _same(entry, values):
            merge.unchanged.append(session.id)
        else:
            for key in SESSION_KEYS:
                if key in values:
                    entry[key] = values[key]
                elif key in entry and key != "id":
                    del entry[key]
            merge.updated.append(session.id)
    for key, entry in by_id.items():
        if key not in imported:
            if replace:
                listed.remove(entry)
                merge.removed.append(key)
            else:
                merge.not_in_source.append(key)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), merge


def import_into(pack: Path, sessions: list[ImportedSession], *, replace: bool = False) -> Merge:
    """Merge the sessions into the pack file, written only if the result is a valid pack
    (PackError otherwise, with every problem, and the file is left as it was); the pack's
    warnings (a session outside the event's dates) are in the result."""
    text, merge = merge_sessions(pack.read_text(encoding="utf-8"), sessions, replace=replace)
    merge.warnings = [problem.format(str(pack)) for problem in parse_pack_text(text, str(pack)).warnings]
    pack.write_text(text, encoding="utf-8")
    return merge
