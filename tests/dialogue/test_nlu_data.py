"""The NLU data: held-out sets never overlap training, and the model keeps its accuracy.

The accuracy floor is measured on the held-out sets with the trained model
(`rasa test nlu`, as `bench/nlu.py` reports it): a drop below it means a data
or pipeline change made the assistant understand worse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.db import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
F1_FLOOR = 0.90


def examples(path: Path) -> dict[str, set[str]]:
    """Intent -> examples (lower-cased) of one Rasa NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for block in data.get("nlu", []):
        lines = [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip()]
        found.setdefault(block["intent"], set()).update(line.lower() for line in lines)
    return found


def training_examples() -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        for intent, lines in examples(path).items():
            merged.setdefault(intent, set()).update(lines)
    return merged


@pytest.mark.parametrize("language", ["en", "fr"])
def test_held_out_set_shares_no_sentence_with_training(language: str) -> None:
    training = set().union(*training_examples().values())
    held_out = examples(PROJECT_ROOT / "tests" / "nlu" / f"test_nlu_{language}.yml")
    assert not set().union(*held_out.values()) & training


@pytest.mark.parametrize("language", ["en", "fr"])
def test_held_out_set_covers_every_intent_of_the_domain(language: str) -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    held_out = examples(PROJECT_ROOT / "tests" / "nlu" / f"test_nlu_{language}.yml")
    assert set(held_out) == set(domain["intents"]) == set(training_examples())


@pytest.mark.e2e
def test_intent_f1_stays_above_the_floor_in_both_languages() -> None:
    if not MODEL.exists() or not RASA.exists():
        pytest.skip("needs the trained model: run `make model` (make test does)")
    output = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "bench" / "nlu.py"), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for result in json.loads(output):
        assert result["f1_weighted"] >= F1_FLOOR, result
