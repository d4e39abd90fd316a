"""A crowd on Telegram at once (a QR code shown at the opening): 300 people press /start within
two seconds, against the test Bot API with Telegram's real limits. Everyone is welcomed; no send
goes over 30 a second overall or one a second per chat, and none leaves while a 429's
retry_after runs; with 5 % of sends answered 429, the same, only slower."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.packs import DEMO_PACK, database_with_current_pack
from support.ports import free_port
from support.telegram_runner import running_gateway

from bot.telegram.config import TelegramConfig

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")]

CROWD = 300
FIRST_USER = 7_000_001


@pytest.mark.parametrize("rate_limited", [0.0, 0.05], ids=["no-429", "5%-429"])
def test_three_hundred_people_pressing_start_at_once_are_all_welcomed_within_the_limits(
    tmp_path: Path, rate_limited: float
) -> None:
    url = database_with_current_pack(tmp_path / "peak.sqlite3", DEMO_PACK)
    fake = FakeTelegram(limits=Limits(), failure_rates={429: rate_limited} if rate_limited else {}, seed=3)
    with fake.running() as server:
        config = TelegramConfig(
            token=TOKEN,
            api_base_url=server.base_url,
            rasa_url=f"http://127.0.0.1:{free_port()}",  # /start needs no Rasa
            database_url=url,
            # the production default: Telegram's own limits, unscaled, with the gateway's margin
        )
        with running_gateway(config, server):
            started = time.monotonic()
            for i in range(CROWD):
                server.push_message(FIRST_USER + i, "/start", language_code="fr" if i % 3 else "en")
                time.sleep(2.0 / CROWD)
            pushed = time.monotonic() - started
            users = range(FIRST_USER, FIRST_USER + CROWD)
            server.wait_for(lambda: all(server.sent(user) for user in users), timeout=240)
            took = time.monotonic() - started
    welcomed = sum(1 for user in users if server.sent(user))
    print(f"{welcomed}/{CROWD} welcomed in {took:.1f} s (pushed in {pushed:.1f} s), {rate_limited:.0%} 429s")
    assert pushed < 4.0  # within two seconds, give or take a slow machine
    assert welcomed == CROWD
    assert server.violations == []
    assert server.during_retry_after == []
    assert all(len(server.sent(user)) == 1 for user in users), "one welcome each"
