"""The stack's own secrets: the one Rasa sends the action server, the Rasa HTTP API's token.

Each comes from its environment variable if set, else from a file under `var/secrets/` (or
`HACKBOT_SECRETS_DIR`) made on first run (random, 256 bits, readable by its owner only; `var/` is
outside git). No secret is ever logged or written into a configuration file: the endpoints file
names the variable (`${HACKBOT_ACTIONS_SECRET}`) and Rasa reads it from its environment.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from bot.core.db import PROJECT_ROOT

SECRETS_DIR_VARIABLE = "HACKBOT_SECRETS_DIR"


def secrets_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where kept secrets live: `HACKBOT_SECRETS_DIR`, else `var/secrets/` in the project."""
    env = os.environ if env is None else env
    return Path(env.get(SECRETS_DIR_VARIABLE) or PROJECT_ROOT / "var" / "secrets")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def kept_secret(name: str, folder: Path | None = None) -> str:
    """The secret kept in `folder/name` (`secrets_dir()` by default), made there (mode 0600) the
    first time it is asked for."""
    folder = secrets_dir() if folder is None else folder
    path = folder / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = new_secret()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: theirs is the one
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(value + "\n")
    return value


ACTIONS_SECRET_VARIABLE = "HACKBOT_ACTIONS_SECRET"
"""The variable the action server and Rasa read the action server's secret from."""
ACTIONS_SECRET_HEADER = "X-Hackbot-Secret"
"""The header Rasa sends it in (`endpoints.yml`'s `action_endpoint.headers`)."""
WEB_SECRET_VARIABLE = "HACKBOT_WEB_SECRET"
"""The variable the web page reads its visitors' identity key from (`bot.web.chat.sender_of`)."""
