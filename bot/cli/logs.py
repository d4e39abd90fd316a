"""The services' logs: each service's output goes to `var/log/<service>.log`, which rotates.

`hackbot serve` reads what each process prints and writes it, line by line, to its log file; a
file that reaches `MAX_BYTES` is renamed `<service>.log.1` (the older ones shift up to
`BACKUPS`, the oldest is deleted), so that a week-long event cannot fill the disk. What the
services log carries ids and lengths, never what people wrote.
"""

from __future__ import annotations

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5


def pump(
    stream: IO[bytes], path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
) -> threading.Thread:
    """A thread copying `stream`'s lines to the rotating log `path` until the stream ends."""
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))

    def copy() -> None:
        try:
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                handler.emit(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))
        finally:
            handler.close()
            stream.close()

    thread = threading.Thread(target=copy, name=f"log-{path.stem}", daemon=True)
    thread.start()
    return thread
