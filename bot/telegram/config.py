"""The gateway's settings, read from the TELEGRAM_* environment variables."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.broadcast.limits import SendLimits
from bot.core.settings import StackConfig
from bot.telegram.heartbeat import HEARTBEAT_VARIABLE

GATEWAY_MARGIN = 0.2
"""The share of Telegram's limits the gateway leaves unused. Its sends leave paced, but they
reach Telegram after a network and a busy process: measured against the fake Bot API with 300
people at once, arrivals bunched up to 15 % above the pace, so 10 % (the outbox worker's own
margin) was not enough for everything the gateway sends."""

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramConfigError(ValueError):
    """The Telegram settings cannot work (the message says what to set)."""


@dataclass(frozen=True)
class TelegramConfig:
    """The gateway's settings; `from_env` reads them from TELEGRAM_* variables."""

    token: str = field(repr=False)
    rasa_url: str = StackConfig().rasa_url
    api_base_url: str = DEFAULT_API_BASE_URL
    """The Bot API ("https://api.telegram.org/bot"; a local Bot API server or a test fake)."""
    database_url: str | None = None
    """None: the configured database (bot.core.db.database_url)."""
    webhook_url: str | None = None
    """The public HTTPS address Telegram posts updates to; None: long polling."""
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    rasa_timeout: float = 30.0
    heartbeat_file: Path | None = None
    """Where to beat for `hackbot serve`'s supervisor (bot.telegram.heartbeat); none: no beat."""
    send_limits: SendLimits = field(default_factory=lambda: SendLimits(margin=GATEWAY_MARGIN))
    """Telegram's sending limits, which every message of the gateway keeps: replies and broadcasts
    (30 a second overall, one a second per chat: `TELEGRAM_CHAT_INTERVAL`, 20 a minute per group)."""

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        rasa_url: str | None = None,
        database_url: str | None = None,
    ) -> TelegramConfig:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise TelegramConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram and "
                "export TELEGRAM_BOT_TOKEN=<the token it gives>."
            )
        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
        if webhook_url is not None:
            if urlsplit(webhook_url).scheme != "https":
                raise TelegramConfigError(
                    f"TELEGRAM_WEBHOOK_URL must be an https:// address, not {webhook_url}"
                )
            if secret is None or not _SECRET_TOKEN.fullmatch(secret):
                raise TelegramConfigError(
                    "TELEGRAM_WEBHOOK_SECRET must be set in webhook mode (1 to 256 characters among "
                    "A-Z a-z 0-9 _ -): Telegram sends it with every update so that nobody else can "
                    "post updates to the gateway."
                )
        try:
            port = int(env.get("TELEGRAM_WEBHOOK_PORT", "8443"))
            interval = float(env.get("TELEGRAM_CHAT_INTERVAL", "1.0"))
        except ValueError as error:
            raise TelegramConfigError(f"TELEGRAM_WEBHOOK_PORT or TELEGRAM_CHAT_INTERVAL: {error}") from error
        return cls(
            token=token,
            rasa_url=(rasa_url or StackConfig.from_env(env).rasa_url).rstrip("/"),
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
            database_url=database_url,
            webhook_url=webhook_url,
            webhook_secret=secret,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
            webhook_port=port,
            send_limits=SendLimits(per_chat_interval=interval, margin=GATEWAY_MARGIN),
            heartbeat_file=Path(beat) if (beat := env.get(HEARTBEAT_VARIABLE, "").strip()) else None,
        )

    @property
    def mode(self) -> str:
        return f"webhook {self.webhook_url}" if self.webhook_url else "long polling"
