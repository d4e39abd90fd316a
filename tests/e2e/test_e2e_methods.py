"""The method coach through the whole stack (Rasa's NLU and rules, the action server, the methods'
index by meaning), in both languages: fitting methods for the stage and the time said or left
before the pitches, the stage asked with buttons when the request does not say it, a card, and
another one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.e2e_stack import Assistant, Conversation, running_assistant
from support.methods import recommended
from support.packs import DEMO_PACK, database_with_current_pack

from bot.core.texts import t
from bot.methods.catalogue import load_catalogue

pytestmark = pytest.mark.e2e

WEDNESDAY_MORNING = "2027-03-17T11:15"  # the final pitches are at 13:30


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("e2e-methods")
    url = database_with_current_pack(workdir / "methods.sqlite3", DEMO_PACK)
    with running_assistant(url, WEDNESDAY_MORNING, workdir) as running:
        yield running


@pytest.mark.parametrize(
    ("request_", "lang", "stage", "minutes"),
    [
        ("we have 45 minutes, how do we test our prototype?", "en", "test", 45),
        ("on doit comprendre nos usagers, par où commencer ?", "fr", "understand", 135),
        ("comment trouver des idées en équipe ? on a 30 min", "fr", "ideate", 30),
        ("how do we prepare our pitch?", "en", "pitch", 135),
    ],
)
def test_a_request_gets_methods_of_its_stage_that_fit_in_the_time(
    assistant: Assistant, request_: str, lang: str, stage: str, minutes: int
) -> None:
    talk = Conversation(assistant, language_code=lang)
    reply = talk.say(request_)
    methods = load_catalogue().by_id()
    chosen = recommended(reply, lang)
    assert 1 <= len(chosen) <= 3, reply
    assert all(stage in methods[m].stages and methods[m].minutes.minimum <= minutes for m in chosen), reply
    card = talk.press(
        t("method_more_button", lang, number=2)
        if len(chosen) > 1
        else t("method_more_button", lang, number=1)
    )
    picked = methods[chosen[1] if len(chosen) > 1 else chosen[0]]
    assert card.startswith(picked.name[lang]) and picked.steps[0][lang] in card
    again = recommended(talk.press(t("method_another_button", lang)), lang)
    assert not set(again) & set(chosen)


def test_a_request_that_does_not_say_where_the_team_is_gets_a_button_per_stage(assistant: Assistant) -> None:
    talk = Conversation(assistant, language_code="en")
    assert talk.say("suggest a method, we are 4") == t("method_ask_stage", "en")
    assert len(talk.buttons) == 7
    reply = talk.press(t("method_stage_prototype", "en"))
    methods = load_catalogue().by_id()
    chosen = recommended(reply, "en")
    assert chosen and all("prototype" in methods[m].stages and methods[m].people.minimum <= 4 for m in chosen)
