"""The code hackbot adds to the Rasa server's process (rasa_addons/), checked in Rasa's own
environment by the scripts in tests/rasa_env/, each of which prints "ok" when its checks hold."""

from __future__ import annotations

import subprocess

import pytest

from bot.core.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
CHECKS = PROJECT_ROOT / "tests" / "rasa_env"


def run_check(name: str) -> str:
    if not RASA_PYTHON.exists():
        pytest.skip("needs the Rasa environment: run `make envs` (make test does)")
    result = subprocess.run(
        [str(RASA_PYTHON), str(CHECKS / name)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={
            "PYTHONWARNINGS": "ignore",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_ROOT),
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_cheaper_checks_and_lookups_give_rasas_own_results() -> None:
    output = run_check("check_speedups.py")
    assert output.startswith("ok 50") and "ok applied events" in output and "ok kept sessions" in output


def test_last_session_tracker_store_returns_what_rasas_in_memory_store_returns() -> None:
    assert run_check("check_tracker_store.py").startswith("ok 12")


def test_sessions_end_after_max_turns_outside_forms_and_after_silence() -> None:
    assert run_check("check_sessions.py").startswith("ok")


def test_the_tracker_stores_memory_stays_bounded_under_a_crowd_of_one_message_conversations() -> None:
    assert run_check("check_tracker_store_bounds.py").startswith("ok bounded: 1000 of 10000 kept")


def test_a_paraphrase_gets_the_intent_its_closest_examples_mean_even_when_diet_was_sure_of_another() -> None:
    assert run_check("check_semantic_intents.py").startswith("ok")


def test_the_action_server_is_handed_the_vector_rasa_made_of_the_latest_message() -> None:
    assert run_check("check_query_vectors.py").startswith("ok 2048")
