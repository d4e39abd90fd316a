"""The dialogue data agrees with the code: forms resume after exactly the requests the code lets through."""

from __future__ import annotations

from typing import Any

import yaml

from bot.core.db import PROJECT_ROOT
from bot.teams.form_turns import INTERRUPTING_INTENTS

FORMS = ("team_form", "join_form", "mentor_form")
FORM_INTENTS = frozenset(
    {"register_team", "my_team", "join_team", "leave_team", "withdraw_team", "edit_team", "cancel", "affirm"}
    | {"deny", "inform", "call_mentor"}
)
"""Intents a form takes as (part of) an answer, or that start one; never a question to answer midway."""


def load(path: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    return data


def test_every_intent_either_interrupts_a_form_or_is_read_by_it() -> None:
    intents = set(load("domain.yml")["intents"])
    assert intents == INTERRUPTING_INTENTS | FORM_INTENTS
    assert not INTERRUPTING_INTENTS & FORM_INTENTS


def test_each_form_resumes_after_each_interrupting_intent_with_that_intents_answer() -> None:
    domain = load("domain.yml")
    answers = {
        step["intent"]: rule["steps"][1]["action"]
        for path in (PROJECT_ROOT / "data" / "rules").glob("*.yml")
        if path.name != "forms.yml"
        for rule in load(f"data/rules/{path.name}")["rules"]
        for step in rule["steps"][:1]
        if "intent" in step and "condition" not in rule and len(rule["steps"]) == 2
    }
    resumed = set()
    for rule in load("data/rules/forms.yml")["rules"]:
        (condition,) = rule["condition"]
        form = condition["active_loop"]
        intent, answer, back, active = rule["steps"]
        assert answer["action"] == answers[intent["intent"]], rule["rule"]
        assert answer["action"] in domain["actions"]
        assert back == {"action": form} and active == {"active_loop": form}
        resumed.add((form, intent["intent"]))
    assert resumed == {(form, intent) for form in FORMS for intent in INTERRUPTING_INTENTS}
