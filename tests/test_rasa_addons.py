"""The code hackbot adds to the Rasa server's process (rasa_addons/), run in Rasa's own environment."""

from __future__ import annotations

import subprocess
import textwrap

import pytest

from bot.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"

CHECK = textwrap.dedent(
    """
    import jsonschema
    from rasa.core.actions.action import RemoteAction
    from rasa_addons.speedups import install

    action = RemoteAction("action_now", None)
    valid = {"events": [{"event": "slot", "name": "language", "value": "fr"}], "responses": [{"text": "x"}]}
    invalid = {"events": [{"event": 42}], "responses": "not a list"}

    def outcome(result):
        try:
            return action._validate_action_result(result)
        except jsonschema.ValidationError as error:
            return "rejected: " + error.message

    before = (outcome(valid), outcome(invalid))
    original = RemoteAction._validate_action_result
    install()
    assert RemoteAction._validate_action_result is not original, "the cached check is installed"
    install()  # idempotent
    after = (outcome(valid), outcome(invalid))
    assert after == before, (before, after)
    assert before[0] is True and before[1].startswith("rejected: ") and "Failed to validate" in before[1]
    print("same verdicts")
    """
)


def test_cached_action_result_check_is_installed_and_gives_rasas_verdicts() -> None:
    if not RASA_PYTHON.exists():
        pytest.skip("needs the Rasa environment: run `make envs` (make test does)")
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", CHECK],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "same verdicts" in result.stdout
