"""The stack's services as `hackbot serve` starts them: each command, its health check."""

from __future__ import annotations

from pathlib import Path

from bot.cli.services import services, with_secrets
from bot.core.settings import StackConfig


def test_a_rasa_token_that_starts_with_a_dash_is_passed_as_the_tokens_value(tmp_path: Path) -> None:
    # token_urlsafe may start with "-": given as a separate argument, Rasa read it as an option.
    config = with_secrets(
        StackConfig(log_dir=tmp_path / "log", rasa_api=True, rasa_token="-starts-with-a-dash")
    )
    (rasa,) = [service for service in services(config) if service.name == "rasa"]
    assert rasa.check == "http://127.0.0.1:5005/"
    assert "--auth-token=-starts-with-a-dash" in rasa.command and "--auth-token" not in rasa.command
