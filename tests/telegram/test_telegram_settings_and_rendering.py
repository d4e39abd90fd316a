"""The gateway's settings, how replies become Telegram messages, and long button payloads: no server."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.fake_telegram import TOKEN

from bot.cli.main import main as cli_main
from bot.cli.run import telegram_status
from bot.core.models import CallbackPayload
from bot.core.settings import StackConfig
from bot.core.texts import t
from bot.rasa_client import BotMessage
from bot.telegram import payload_store
from bot.telegram.config import TelegramConfig, TelegramConfigError
from bot.telegram.rendering import compose, split_text, utf16_length


def test_hackbot_telegram_without_a_token_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli_main(["telegram"]) == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_serve_says_whether_the_gateway_runs() -> None:
    assert StackConfig.from_env({}).telegram is False
    assert "not started (set TELEGRAM_BOT_TOKEN" in telegram_status(StackConfig.from_env({}))
    with_token = StackConfig.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert with_token.telegram is True
    assert "telegram.log" in telegram_status(with_token)


def test_settings_come_from_the_environment() -> None:
    with pytest.raises(TelegramConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        TelegramConfig.from_env({})
    config = TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "HACKBOT_RASA_PORT": "5999"})
    assert config.api_base_url == "https://api.telegram.org/bot"
    assert config.rasa_url == "http://127.0.0.1:5999"
    assert config.webhook_url is None and config.mode == "long polling"
    assert TOKEN not in repr(config)
    webhook = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg"}
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramConfig.from_env(webhook)
    with pytest.raises(TelegramConfigError, match="https"):
        TelegramConfig.from_env(webhook | {"TELEGRAM_WEBHOOK_URL": "http://bot.example.org/tg"})
    config = TelegramConfig.from_env(
        webhook
        | {
            "TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123",
            "TELEGRAM_WEBHOOK_PORT": "9000",
            "TELEGRAM_API_BASE_URL": "x",
        }
    )
    assert (config.webhook_listen, config.webhook_port, config.api_base_url) == ("127.0.0.1", 9000, "x")


def test_long_texts_are_split_at_line_breaks_within_telegrams_limit() -> None:
    lines = [f"• line {i}: " + "é" * 60 for i in range(200)]
    text = "\n".join(lines)
    parts = split_text(text)
    assert len(parts) > 1 and all(utf16_length(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text  # cut between lines, nothing lost
    emoji = "🎉" * 3000  # two UTF-16 units each, one long line without spaces
    assert all(utf16_length(p) <= 4096 for p in split_text(emoji)) and "".join(split_text(emoji)) == emoji
    words = " ".join(["mot"] * 2000)
    assert all(utf16_length(p) <= 4096 for p in split_text(words))
    assert " ".join(split_text(words)) == words


def test_rasa_messages_become_telegram_messages() -> None:
    buttons = (("Yes", "/affirm"),)
    outgoing = compose(
        [
            BotMessage("First."),
            BotMessage("Confirm?", buttons),
            BotMessage("After."),
            BotMessage("", buttons),
        ],
        "en",
    )
    assert [(m.text, m.buttons) for m in outgoing] == [
        ("First.\n\nConfirm?", buttons),
        ("After.", buttons),
    ]
    assert compose([BotMessage("", buttons)], "fr")[0].text == t("telegram_choose", "fr")
    long = compose([BotMessage("x\n" * 5000, buttons)], "en")
    assert len(long) == 3 and [m.buttons for m in long] == [(), (), buttons]


def test_long_payloads_are_stored_and_resolved(session: Session) -> None:
    payload = '/inform{"challenge":"' + "é" * 40 + '"}'
    assert not payload_store.fits(payload)
    key = payload_store.callback_data(session, payload)
    assert key.startswith("cb:") and len(key) == 13
    assert payload_store.resolve(session, key) == payload
    assert payload_store.callback_data(session, "/affirm") == "/affirm"
    assert payload_store.resolve(session, "/affirm") == "/affirm"
    assert payload_store.resolve(session, "cb:unknown000") is None
    assert payload_store.callback_data(session, "cb:x") != "cb:x"  # a payload that looks like a key is stored
    old = payload_store.store(session, "/old", now=dt.datetime(2020, 1, 1))
    assert payload_store.purge(session) >= 1
    assert payload_store.load(session, old) is None and payload_store.load(session, key) == payload
    assert session.scalar(select(CallbackPayload.payload).where(CallbackPayload.key == key)) == payload
