"""The stack's services as `hackbot serve` starts them: each command, its health check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.services import child_env, services, with_secrets
from bot.core.settings import StackConfig


def test_a_rasa_token_that_starts_with_a_dash_is_passed_as_the_tokens_value(tmp_path: Path) -> None:
    # token_urlsafe may start with "-": given as a separate argument, Rasa read it as an option.
    config = with_secrets(
        StackConfig(log_dir=tmp_path / "log", rasa_api=True, rasa_token="-starts-with-a-dash")
    )
    (rasa,) = [service for service in services(config) if service.name == "rasa"]
    assert rasa.check == "http://127.0.0.1:5005/"
    assert "--auth-token=-starts-with-a-dash" in rasa.command and "--auth-token" not in rasa.command


def test_the_encoders_threads_sleep_while_they_wait_unless_the_operator_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spinning OpenMP engine took 0.3 to 1.3 s per question on two busy cores, against 40 ms.
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    assert child_env(StackConfig(log_dir=tmp_path))["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    assert child_env(StackConfig(log_dir=tmp_path))["OMP_WAIT_POLICY"] == "ACTIVE"
