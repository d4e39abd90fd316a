"""`hackbot event export`: an event written back as a pack validates, and loads into the same
event (exporting that again gives the same file), for the demo pack and every shared pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.packs import all_packs, database_with_current_pack

from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.events.export import pack_data, pack_yaml
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack, parse_pack_text


@pytest.mark.parametrize("pack", all_packs(), ids=lambda path: path.stem)
def test_an_exported_event_validates_and_loads_into_the_same_event(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_with_current_pack(tmp_path / "first.sqlite3", pack)
    slug = parse_pack(pack).event.slug
    exported = tmp_path / "exported.yml"
    assert main(["--database-url", url, "event", "export", slug, "-o", str(exported)]) == 0
    assert main(["event", "validate", str(exported)]) == 0, capsys.readouterr().out
    original = parse_pack(pack).model_dump()
    again = parse_pack_text(exported.read_text(encoding="utf-8")).model_dump()
    assert again == original  # every field of every item, as the organisers wrote it
    second = database_with_current_pack(tmp_path / "second.sqlite3", exported)
    engine = make_engine(second)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        assert pack_yaml(event) == exported.read_text(encoding="utf-8")
        report = load_pack(session, parse_pack(pack))
        assert not report.changed  # the original file and the export are the same event
    engine.dispose()


def test_the_export_leaves_empty_values_out(tmp_path: Path) -> None:
    url = database_with_current_pack(tmp_path / "db.sqlite3", all_packs()[0])
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        data = pack_data(event)
    engine.dispose()

    def values(node: object) -> list[object]:
        if isinstance(node, dict):
            return [v for item in node.values() for v in values(item)] + [node]
        if isinstance(node, list):
            return [v for item in node for v in values(item)] + [node]
        return [node]

    assert not [value for value in values(data) if value in (None, [], {})]
