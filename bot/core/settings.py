"""Where the assistant's processes listen and what they use (`StackConfig`), from the environment.

`hackbot serve` (bot.cli.services) starts the processes with it; the front doors (Telegram
gateway, web page) read from it where Rasa is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.db import PROJECT_ROOT


def minutes_setting(variable: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    """A setting in whole minutes above 0 from the environment (`default` when unset); ValueError
    saying what to write otherwise."""
    raw = (os.environ if environ is None else environ).get(variable, "").strip()
    if not raw:
        return default
    try:
        minutes = int(raw)
    except ValueError:
        minutes = 0
    if minutes <= 0:
        raise ValueError(
            f"{variable}={raw!r} is not a whole number of minutes above 0 (for example {default})"
        )
    return minutes


VOTES_PER_ADDRESS_VARIABLE = "HACKBOT_VOTES_PER_ADDRESS"
"""How many ballots of one public vote may come from one address on the web page (bot.jury.public_vote)."""
DEFAULT_VOTES_PER_ADDRESS = 20
"""Several people of one ministry, or of the event's own Wi-Fi, share an address: 20 of them may vote."""


def votes_per_address(environ: Mapping[str, str] | None = None) -> int:
    """Ballots of one public vote one address may cast on the web page: `HACKBOT_VOTES_PER_ADDRESS`
    (a whole number above 0), else 20; ValueError saying what to write otherwise."""
    raw = (os.environ if environ is None else environ).get(VOTES_PER_ADDRESS_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_VOTES_PER_ADDRESS
    try:
        count = int(raw)
    except ValueError:
        count = 0
    if count <= 0:
        raise ValueError(
            f"{VOTES_PER_ADDRESS_VARIABLE}={raw!r} is not a whole number above 0 "
            f"(for example {DEFAULT_VOTES_PER_ADDRESS})"
        )
    return count


TELEGRAM_READY = "Telegram gateway ready"
"""What the gateway logs once connected to Telegram (bot.telegram.resources)."""


@dataclass(frozen=True)
class StackConfig:
    """Where the services listen and what they use; every field has an env override."""

    host: str = "127.0.0.1"
    """Where the internal services (action server, Rasa) listen: loopback unless told otherwise."""
    web_host: str = "127.0.0.1"
    """Where the public web page listens (`HACKBOT_WEB_HOST`, `0.0.0.0` to publish it): the only
    address meant to face people, with the Telegram gateway (which only calls out)."""
    rasa_port: int = 5005
    actions_port: int = 5055
    model: Path = PROJECT_ROOT / "models" / "hackbot.tar.gz"
    rasa_bin: Path = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
    database_url: str | None = None
    log_dir: Path = PROJECT_ROOT / "var" / "log"
    """The services' logs; from_env: `$HACKBOT_VAR_DIR/log` (`var/` of the clone by default)."""
    extra_env: Mapping[str, str] = field(default_factory=dict)
    telegram: bool = False
    """Also run the Telegram gateway (`hackbot telegram`); from_env: when TELEGRAM_BOT_TOKEN is set."""
    rasa_instances: int = 1
    """Rasa servers to run (each with its own action server); more than one needs the two stores."""
    tracker_store_url: str | None = None
    """Rasa's conversations in PostgreSQL (`postgresql://user@host/db`) instead of in memory."""
    lock_store_url: str | None = None
    """Rasa's conversation locks in Redis (`redis://host:6379/0`) instead of in memory."""
    endpoints: Path = PROJECT_ROOT / "endpoints.yml"
    """The endpoints file each Rasa instance's copy is written from (see `write_endpoints`)."""
    web_port: int | None = None
    """Also run the public web site (`python -m bot.web`) on this port; from_env: HACKBOT_WEB_PORT
    (8000), or none when it is 0."""
    actions_secret: str | None = None
    """What Rasa must send the action server (`HACKBOT_ACTIONS_SECRET`); none: a new one per start."""
    rasa_api: bool = False
    """Whether Rasa's HTTP API (conversations, model) is on (`HACKBOT_RASA_API=1`); it then needs
    `rasa_token`. Off, Rasa only serves its REST channel, which the front doors use."""
    rasa_token: str | None = None
    """The token Rasa's HTTP API requires (`HACKBOT_RASA_TOKEN`); none: a new one per start."""
    keep_earlier_sessions: bool = False
    """Whether Rasa's in-memory conversations keep their earlier sessions, not only the current one
    (`HACKBOT_KEEP_EARLIER_SESSIONS=1`): for whoever reads whole transcripts through the HTTP API."""
    web_secret: str | None = None
    """The key that makes a web visitor's sender from their cookie (`HACKBOT_WEB_SECRET`); none: a
    new one per start (`hackbot serve` keeps one)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StackConfig:
        env = os.environ if env is None else env
        defaults = cls()
        var = env.get("HACKBOT_VAR_DIR", "").strip()
        return cls(
            log_dir=Path(var) / "log" if var else defaults.log_dir,
            host=env.get("HACKBOT_HOST", defaults.host),
            web_host=env.get("HACKBOT_WEB_HOST", defaults.web_host),
            rasa_port=int(env.get("HACKBOT_RASA_PORT", defaults.rasa_port)),
            actions_port=int(env.get("HACKBOT_ACTIONS_PORT", defaults.actions_port)),
            model=Path(env.get("HACKBOT_MODEL", str(defaults.model))),
            rasa_bin=Path(env.get("HACKBOT_RASA_BIN", str(defaults.rasa_bin))),
            database_url=env.get("DATABASE_URL") or None,
            telegram=bool(env.get("TELEGRAM_BOT_TOKEN", "").strip()),
            web_port=int(env.get("HACKBOT_WEB_PORT", "8000") or 0) or None,
            rasa_instances=max(1, int(env.get("HACKBOT_RASA_INSTANCES", "1") or 1)),
            tracker_store_url=env.get("HACKBOT_TRACKER_STORE_URL") or None,
            lock_store_url=env.get("HACKBOT_LOCK_STORE_URL") or None,
            actions_secret=env.get("HACKBOT_ACTIONS_SECRET") or None,
            rasa_api=env.get("HACKBOT_RASA_API", "").strip().lower() in {"1", "true", "yes", "on"},
            rasa_token=env.get("HACKBOT_RASA_TOKEN") or None,
            web_secret=env.get("HACKBOT_WEB_SECRET") or None,
            keep_earlier_sessions=env.get("HACKBOT_KEEP_EARLIER_SESSIONS", "").strip().lower()
            in {"1", "true", "yes", "on"},
        )

    @property
    def run_dir(self) -> Path:
        """What the running services share besides logs: the supervisor's state, the heartbeat."""
        return self.log_dir.parent / "run"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def rasa_urls(self) -> str:
        """Every Rasa instance, comma-separated (what the front doors route senders among)."""
        return ",".join(f"http://{self.host}:{self.rasa_port + i}" for i in range(self.rasa_instances))

    @property
    def web_url(self) -> str | None:
        """Where this machine reaches the web page (loopback when it listens on every interface)."""
        host = "127.0.0.1" if self.web_host in {"0.0.0.0", "::", ""} else self.web_host
        return f"http://{host}:{self.web_port}/" if self.web_port else None
