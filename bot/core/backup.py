"""Backups of the database, consistent while the services run, and their restoration.

SQLite: through its online backup API (`sqlite3.Connection.backup`), which copies a consistent
snapshot page by page while others keep reading and writing. PostgreSQL: `pg_dump` (custom
format, one snapshot transaction) and `pg_restore --clean`; both must be on the PATH (Debian's
`postgresql-client`). A restore replaces what the database holds with the backup's content.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore could not be made (the reason is the message)."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(parsed.database)


def _libpq_url(url: str) -> str:
    """The URL `pg_dump` and `pg_restore` take (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


def suffix(url: str) -> str:
    """The file suffix of a backup of this database."""
    return ".sqlite3" if make_url(url).get_backend_name() == "sqlite" else ".dump"


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at `url` to `target` (a new file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} exists already: choose another file")
    path = _sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise BackupError(f"no database at {path}")
        with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", f"--dbname={_libpq_url(url)}", f"--file={target}"])
    return target


BACKUP_PREFIX = "hackbot-"
"""The name every backup of `hackbot db backup` starts with (then its time, so names sort by age)."""


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups in `directory` (by modification time; only files
    named as `hackbot db backup` names them); the ones deleted."""
    if keep < 1:
        raise BackupError("keep at least one backup")
    found = sorted(
        (path for path in directory.glob(f"{BACKUP_PREFIX}*")
         if path.is_file() and path.suffix in {".sqlite3", ".dump"}),
        key=lambda path: (path.stat().st_mtime, path.name),
    )  # fmt: skip
    old = found[:-keep]
    for path in old:
        path.unlink()
    return old


def restore(url: str, source: Path) -> None:
    """Replace what the database at `url` holds with the backup `source`."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as backup_file, sqlite3.connect(path) as database:
            backup_file.backup(database)
        return
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq_url(url)}", str(source)])
