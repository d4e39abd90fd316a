"""`hackbot db backup|restore`: a backup taken while people register teams restores to a database
with every team committed before it, each whole (SQLite's online backup API; pg_dump)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from support.databases import throwaway_postgres_database
from support.team_packs import NOW, load_event

from bot.cli.main import main
from bot.core.db import make_engine, normalise_url, session_scope
from bot.core.migrations import upgrade
from bot.core.models import Team
from bot.events.lookup import get_event
from bot.teams.registration import create_team, get_or_create_participant

REGISTRATIONS = 20


@pytest.fixture
def second_url(fresh_db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind, to restore into."""
    if fresh_db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    with throwaway_postgres_database(normalise_url(os.environ["TEST_DATABASE_URL"])) as url:
        yield url


def test_a_backup_taken_while_teams_register_restores_every_committed_team(
    fresh_db_url: str, second_url: str, tmp_path: Path
) -> None:
    upgrade(fresh_db_url)
    engine = make_engine(fresh_db_url)
    with session_scope(engine) as session:
        load_event(session, max_teams=50)
    committed: list[str] = []
    lock = threading.Lock()

    def register(i: int) -> None:
        time.sleep(0.01 * i)
        with session_scope(engine) as session:
            event = get_event(session, "jam-2030")
            assert event is not None
            captain = get_or_create_participant(session, "telegram", str(1000 + i), f"Captain {i}")
            create_team(
                session, event, captain, name=f"Team {i:02d}", challenge="water",
                members=[f"Member {i}a", f"Member {i}b"], email=f"c{i}@example.org", now=NOW,
            )  # fmt: skip
        with lock:
            committed.append(f"Team {i:02d}")

    threads = [threading.Thread(target=register, args=(i,)) for i in range(REGISTRATIONS)]
    for thread in threads:
        thread.start()
    while len(committed) < 5:
        time.sleep(0.005)
    with lock:
        before = set(committed)
    copy = tmp_path / "backup.file"
    assert main(["--database-url", fresh_db_url, "db", "backup", "-o", str(copy)]) == 0
    for thread in threads:
        thread.join(timeout=60)
    assert len(committed) == REGISTRATIONS  # every registration went through, backup or not
    engine.dispose()

    assert main(["--database-url", second_url, "db", "restore", str(copy), "--yes"]) == 0
    restored = make_engine(second_url)
    with session_scope(restored) as session:
        teams = {team.name: team for team in session.scalars(select(Team))}
        assert before <= set(teams) <= set(committed)
        for name, team in teams.items():  # each whole: captain and both members
            i = int(name.split()[1])
            assert sorted(m.name for m in team.members) == [f"Captain {i}", f"Member {i}a", f"Member {i}b"]
    restored.dispose()


def test_a_backup_never_overwrites_a_file_and_a_missing_one_is_no_restore(
    fresh_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(fresh_db_url)
    existing = tmp_path / "taken"
    existing.write_text("keep me")
    assert main(["--database-url", fresh_db_url, "db", "backup", "-o", str(existing)]) == 1
    assert existing.read_text() == "keep me"
    assert main(["--database-url", fresh_db_url, "db", "restore", str(tmp_path / "none"), "--yes"]) == 1
    assert "no backup at" in capsys.readouterr().err


def test_backup_with_keep_deletes_all_but_the_newest_backups_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("HACKBOT_VAR_DIR", str(tmp_path / "var"))
    backups = tmp_path / "var" / "backups"
    backups.mkdir(parents=True)
    older = [backups / f"hackbot-2030010{day}-030000.sqlite3" for day in range(1, 5)]  # a clock ahead
    for day, path in enumerate(older, start=1):
        path.write_bytes(b"old")
        os.utime(path, (time.time() - 86400 * (10 - day),) * 2)
    keepsake = backups / "before-the-final.sqlite3"  # not named by hackbot: never deleted
    keepsake.write_bytes(b"mine")
    assert main(["--database-url", url, "db", "backup", "--keep", "2"]) == 0
    assert "Deleted 3 older backup(s)" in capsys.readouterr().out
    left = sorted(path.name for path in backups.iterdir())
    assert len(left) == 3 and {"before-the-final.sqlite3", older[-1].name} < set(left)
    (new,) = set(left) - {"before-the-final.sqlite3", older[-1].name}
    assert new.startswith("hackbot-") and (backups / new).stat().st_size > 1000  # the one just taken
    assert main(["--database-url", url, "db", "backup", "--keep", "0"]) == 1
    assert "keep at least one backup" in capsys.readouterr().err
