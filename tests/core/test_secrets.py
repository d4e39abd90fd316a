"""The stack's secrets (bot.core.secrets) and the internal doors' defaults (bot.core.settings)."""

from __future__ import annotations

from pathlib import Path

from bot.cli.services import with_secrets
from bot.core.secrets import kept_secret, secrets_dir
from bot.core.settings import StackConfig


def test_a_kept_secret_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    first = kept_secret("actions", folder)
    assert len(first) >= 40
    assert (folder / "actions").stat().st_mode & 0o777 == 0o600
    assert kept_secret("actions", folder) == first
    assert kept_secret("rasa-api", folder) != first


def test_secrets_live_under_var_unless_told_otherwise(tmp_path: Path) -> None:
    assert secrets_dir({}).parts[-2:] == ("var", "secrets")
    assert secrets_dir({"HACKBOT_SECRETS_DIR": str(tmp_path)}) == tmp_path


def test_by_default_the_internal_doors_are_on_loopback_and_the_rasa_api_is_off() -> None:
    config = StackConfig.from_env({})
    assert (config.host, config.web_host, config.rasa_api) == ("127.0.0.1", "127.0.0.1", False)
    made = with_secrets(config)
    assert made.actions_secret and made.rasa_token is None
    assert with_secrets(config).actions_secret != made.actions_secret  # a new one per run


def test_the_operator_may_publish_the_page_and_choose_the_secrets() -> None:
    env = {
        "HACKBOT_WEB_HOST": "0.0.0.0",
        "HACKBOT_ACTIONS_SECRET": "chosen",
        "HACKBOT_RASA_API": "1",
        "HACKBOT_RASA_TOKEN": "token",
    }
    config = with_secrets(StackConfig.from_env(env))
    assert (config.web_host, config.host) == ("0.0.0.0", "127.0.0.1")
    assert (config.actions_secret, config.rasa_api, config.rasa_token) == ("chosen", True, "token")
    assert config.web_url == "http://127.0.0.1:8000/"  # reached locally on loopback
