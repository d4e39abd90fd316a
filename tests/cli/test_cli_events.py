"""The `hackbot db` and `hackbot event` commands, end to end on a database of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK, shared_pack

from bot.cli.main import main
from bot.core.db import make_engine
from bot.core.models import Base

DEMO_TEXT = DEMO_PACK.read_text(encoding="utf-8")


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return {}
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def edited_demo(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEMO_TEXT
    path = tmp_path / "edited.yml"
    path.write_text(DEMO_TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def test_validate_a_valid_pack_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["event", "validate", str(DEMO_PACK)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == (
        "OK: fenua-innovation-2027, 21 sessions, 5 challenges, 8 rules, 7 FAQ items, 5 mentors, "
        "4 jury members, 3 prizes, 4 judging criteria\n"
    )


def test_validate_prints_every_problem_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = DEMO_TEXT.replace("starts: 2027-03-15T08:15", "starts: 2027-03-15 8h15").replace(
        "kind: pitch\n", "kind: pitches\n"
    )
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    time_line = lines.index("    starts: 2027-03-15 8h15") + 1
    kind_line = lines.index("    kind: pitches") + 1

    code = main(["event", "validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:{time_line}: sessions[1].starts: '2027-03-15 8h15' is not a time; "
        "write YYYY-MM-DDTHH:MM, e.g. 2021-09-20T09:00",
        f"{path}:{kind_line}: sessions[17].kind: 'pitches' is not a kind of session; "
        "use one of: ceremony, talk, workshop, hacking, mentoring, pitch, jury, meal, social, other",
        f"2 problems found in {path}.",
    ]


def test_db_upgrade_creates_the_tables(capsys: pytest.CaptureFixture[str], fresh_db_url: str) -> None:
    code, out, _ = run(capsys, fresh_db_url, "db", "upgrade")
    assert code == 0 and out.startswith("Database is up to date: ")
    assert row_counts(fresh_db_url)["events"] == 0


def test_load_then_reload_reports_what_changed(capsys: pytest.CaptureFixture[str], fresh_db_url: str) -> None:
    code, out, _ = run(capsys, fresh_db_url, "event", "load", str(DEMO_PACK))
    assert code == 0
    assert out.splitlines()[:3] == [
        "Event fenua-innovation-2027 created.",
        "  sessions: 21 created",
        "  challenges: 5 created",
    ]
    counts = row_counts(fresh_db_url)
    assert counts["sessions"] == 21 and counts["events"] == 1

    code, out, _ = run(capsys, fresh_db_url, "event", "load", str(DEMO_PACK))
    assert (code, out) == (0, "Event fenua-innovation-2027 unchanged.\n")
    assert row_counts(fresh_db_url) == counts


def test_load_current_list_and_use(capsys: pytest.CaptureFixture[str], fresh_db_url: str) -> None:
    assert (
        run(capsys, fresh_db_url, "event", "load", str(shared_pack("ena-inet-2019.yml")), "--current")[0] == 0
    )
    code, out, _ = run(capsys, fresh_db_url, "event", "load", str(DEMO_PACK))
    assert code == 0 and "current" not in out

    code, out, _ = run(capsys, fresh_db_url, "event", "list")
    assert code == 0
    assert out.splitlines() == [
        "* ena-inet-2019          2019-02-18 to 2019-02-22  Les politiques publiques en 3 hacks",
        "  fenua-innovation-2027  2027-03-15 to 2027-03-17  Hackathon Fenua Innovation publique 2027",
        "(* = current event)",
    ]

    code, out, _ = run(capsys, fresh_db_url, "event", "use", "fenua-innovation-2027")
    assert (code, out) == (0, "fenua-innovation-2027 is now the current event.\n")
    _, out, _ = run(capsys, fresh_db_url, "event", "list")
    assert [line[0] for line in out.splitlines()[:2]] == [" ", "*"]

    code, out, err = run(capsys, fresh_db_url, "event", "use", "nope")
    assert code == 1 and out == ""
    assert err == "No event has the slug 'nope'. Loaded events: ena-inet-2019, fenua-innovation-2027.\n"


def test_list_on_a_new_database(capsys: pytest.CaptureFixture[str], fresh_db_url: str) -> None:
    code, _, err = run(capsys, fresh_db_url, "event", "list")
    assert code == 1 and "no tables yet" in err
    run(capsys, fresh_db_url, "db", "upgrade")
    code, out, _ = run(capsys, fresh_db_url, "event", "list")
    assert code == 0 and out.startswith("No events loaded yet")


BROKEN_EDITS = {
    "bad time": ("starts: 2027-03-17T13:30", "starts: 17/03/2027 13:30"),
    "unknown key": ("    kind: jury\n", "    kind: jury\n    room: 12\n"),
    "dangling prize": ("- prize: islands-prize", "- prize: island-prize"),
    "yaml syntax": ("  max_teams: 15\n", "  max_teams: 15\n bad indent: true\n"),
    "format version": ("format: 1", "format: 3"),
}


@pytest.mark.parametrize("edit", BROKEN_EDITS.values(), ids=BROKEN_EDITS.keys())
@pytest.mark.parametrize("already_loaded", [False, True], ids=["new", "reload"])
def test_loading_a_broken_pack_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    fresh_db_url: str,
    tmp_path: Path,
    edit: tuple[str, str],
    already_loaded: bool,
) -> None:
    if already_loaded:
        assert run(capsys, fresh_db_url, "event", "load", str(DEMO_PACK), "--current")[0] == 0
    before = row_counts(fresh_db_url)
    _, listed_before, _ = run(capsys, fresh_db_url, "event", "list")
    broken = edited_demo(tmp_path, *edit)

    code, out, err = run(capsys, fresh_db_url, "event", "load", str(broken), "--current")
    assert code == 1 and out == ""
    assert err.startswith(f"{broken}:") and err.endswith("Nothing was loaded.\n")
    assert row_counts(fresh_db_url) == before
    assert run(capsys, fresh_db_url, "event", "list")[1] == listed_before


def test_a_changed_pack_is_updated_in_place(
    capsys: pytest.CaptureFixture[str], fresh_db_url: str, tmp_path: Path
) -> None:
    run(capsys, fresh_db_url, "event", "load", str(DEMO_PACK))
    edited = edited_demo(tmp_path, "title: {fr: Pitchs finaux, en: Final pitches}", "title: Pitches")
    code, out, _ = run(capsys, fresh_db_url, "event", "load", str(edited))
    assert code == 0
    assert out.splitlines() == ["Event fenua-innovation-2027 updated.", "  sessions: 1 updated"]


def test_database_url_option_overrides_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "env.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{from_env}")
    option = f"sqlite:///{tmp_path / 'option.sqlite3'}"
    assert run(capsys, option, "event", "load", str(DEMO_PACK))[0] == 0
    assert row_counts(option)["events"] == 1
    assert not from_env.exists()

    assert main(["db", "upgrade"]) == 0
    assert str(from_env) in capsys.readouterr().out
    assert row_counts(f"sqlite:///{from_env}")["events"] == 0
