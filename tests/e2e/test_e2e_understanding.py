"""Questions phrased as people type them, through the whole stack (Rasa's NLU, the actions, the
semantic index): the failures the issue lists, on the demo pack, and a pack loaded while the
assistant runs, answered by meaning with no retraining."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.e2e_stack import Assistant, running_assistant
from support.packs import DEMO_PACK, database_with_current_pack

from bot.cli.main import main as cli

pytestmark = pytest.mark.e2e

TUESDAY_MORNING = "2027-03-16T10:30"
# A pack of the understanding bench's dev set: loaded while the assistant runs, never trained on.
DEV_PACK = Path(__file__).resolve().parents[2] / "bench" / "understanding" / "dev-a" / "pack.yml"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("e2e-understanding")
    url = database_with_current_pack(workdir / "understanding.sqlite3", DEMO_PACK)
    with running_assistant(url, TUESDAY_MORNING, workdir) as running:
        yield running


@pytest.mark.parametrize(
    ("question", "lang", "expected", "not_expected"),
    [
        ("can i pitch in english", "en", "French, Tahitian or English", "I'll answer in English"),
        ("I need help with GDPR for our project", "en", "Marc-Antoine Leroy", "No mentor"),
        ("on mange où à midi ?", "fr", "Fare pote'e", "questions fréquentes"),
        ("Where do I park?", "en", "parking is limited", "frequent questions"),
        ("how do we submit our prototype", "en", "Slides are handed in before 13:00", "Who can take part"),
        ("what time does it end on wednesday", "en", "the programme ends at 6:30 pm", "takes place from"),
    ],
)
def test_the_issues_failures_are_answered_with_the_item(
    assistant: Assistant, question: str, lang: str, expected: str, not_expected: str
) -> None:
    assistant.use("fenua-innovation-2027")
    answer = assistant.ask(question, language_code=lang)
    assert expected in answer and not_expected not in answer, answer


def test_a_word_in_common_is_no_answer_end_to_end(assistant: Assistant) -> None:
    assistant.use("fenua-innovation-2027")
    answer = assistant.ask("est-ce que je peux venir avec mon chien", language_code="fr")
    assert "centre-ville de Papeete" not in answer


def test_the_deadline_question_lists_no_rule_it_is_not_about(assistant: Assistant) -> None:
    assistant.use("fenua-innovation-2027")
    answer = assistant.ask("when is the deadline to submit our project", language_code="en")
    assert "Who can take part" not in answer and "Code of conduct" not in answer


def test_a_pack_loaded_while_running_is_answered_by_meaning(assistant: Assistant) -> None:
    assert cli(["--database-url", assistant.url, "event", "load", str(DEV_PACK), "--current"]) == 0
    questions = [
        ("is there somewhere i can drop my suitcase on friday", "en", "cloakroom in the main foyer"),
        ("c'est quoi le mot de passe du réseau sans fil", "fr", "Areuse#2026"),
        ("qui peut nous aider sur la protection des données", "fr", "Léa Rochat"),
    ]
    try:
        for question, lang, expected in questions:
            assert expected in assistant.ask(question, language_code=lang), question
    finally:
        assistant.use("fenua-innovation-2027")
