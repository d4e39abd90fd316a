"""The method coach in conversation (bot.methods.conversation), driven as the action server runs
it, on the demo event: what is missing is asked with buttons, the methods fit the stage and the
time (said, or left before the pitches), their cards and another one follow."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy.orm import Session
from support.methods import recommended

from bot.answers.replies import Ask, Reply
from bot.core.models import Event
from bot.core.texts import t
from bot.methods import conversation
from bot.methods.catalogue import load_catalogue
from bot.teams.form_turns import FormTurn, Step, User
from bot.understanding.encoder import shared_encoder

PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$")
DAY2_MORNING = dt.datetime(2027, 3, 17, 11, 15)  # the final pitches are at 13:30


class Coached:
    """One user talking to the coach; slots kept between turns as Rasa keeps them."""

    def __init__(self, session: Session, event: Event, lang: str, now: dt.datetime = DAY2_MORNING) -> None:
        self.session, self.event, self.lang, self.now = session, event, lang, now
        self.slots: dict[str, Any] = {}
        self.reply: Reply | None = None

    def say(self, text: str, intent: str = "ask_method") -> str:
        entities: dict[str, str] = {}
        payload = PAYLOAD.match(text)
        if payload:
            intent = payload.group(1)
            entities = {k: str(v) for k, v in json.loads(payload.group(2) or "{}").items()}
        turn = FormTurn(
            ask=Ask(event=self.event, lang=self.lang, now=self.now, text=text, intent=intent),
            session=self.session, user=User("rest", "u1"), slots=dict(self.slots), requested=None,
            intent=intent, confidence=0.95, entities=entities,
        )  # fmt: skip
        functions = {
            "ask_method": lambda: conversation.coach(turn, encoder=shared_encoder()),
            "method_more": lambda: conversation.another(turn, encoder=shared_encoder()),
            "method_details": lambda: conversation.details(turn),
        }
        step: Step = functions[intent]()
        self.slots.update(step.slots)
        self.reply = step.reply
        assert self.reply is not None
        return self.reply.text

    def press(self, title: str) -> str:
        assert self.reply is not None
        button = next(b for b in self.reply.buttons if title in b.title)
        return self.say(button.payload)


def names(text: str, lang: str) -> list[str]:
    """The methods a reply recommends, by id, in order."""
    return recommended(text, lang)


def test_a_team_that_says_its_stage_and_time_gets_methods_that_fit_both(
    demo_event: Event, session: Session
) -> None:
    talk = Coached(session, demo_event, "en")
    text = talk.say("we have 45 minutes, how do we test our prototype?")
    assert text.startswith(t("method_intro", "en", stage=t("method_stage_test", "en"), time="45 min"))
    chosen = names(text, "en")
    methods = load_catalogue().by_id()
    assert 1 <= len(chosen) <= 3
    assert all("test" in methods[m].stages and methods[m].minutes.minimum <= 45 for m in chosen)
    assert "First step: " in text
    assert [b.title for b in talk.reply.buttons if b.title.startswith("More")] == [  # type: ignore[union-attr]
        f"More on {n}" for n in range(1, len(chosen) + 1)
    ]


def test_a_team_that_says_no_time_gets_the_time_left_before_the_pitches(
    demo_event: Event, session: Session
) -> None:
    talk = Coached(session, demo_event, "fr")
    text = talk.say("on doit comprendre nos usagers, par où commencer ?")
    assert text.startswith(t("method_time_until", "fr", time="2 h 15", session="Pitchs finaux"))
    methods = load_catalogue().by_id()
    assert all(
        methods[m].minutes.minimum <= 135 and "understand" in methods[m].stages for m in names(text, "fr")
    )
    assert names(text, "fr")[0] in {"user-interviews", "field-observation"}  # by meaning: talking to users


def test_an_unclear_stage_is_asked_with_a_button_each_and_the_question_is_kept(
    demo_event: Event, session: Session
) -> None:
    talk = Coached(session, demo_event, "en")
    assert talk.say("we are 4 and have one hour, suggest a method") == t("method_ask_stage", "en")
    assert len(talk.reply.buttons) == 7  # type: ignore[union-attr]
    text = talk.press(t("method_stage_ideate", "en"))
    assert text.startswith(t("method_intro", "en", stage=t("method_stage_ideate", "en"), time="1 hour"))
    methods = load_catalogue().by_id()
    assert all(methods[m].minutes.minimum <= 60 and methods[m].people.minimum <= 4 for m in names(text, "en"))


def test_the_card_of_a_method_and_another_one(demo_event: Event, session: Session) -> None:
    talk = Coached(session, demo_event, "en")
    first = names(talk.say("how do we prepare our pitch? we have 2 hours"), "en")
    card = talk.say("tell me more about the second one", intent="method_details")
    second = load_catalogue().by_id()[first[1]]
    assert card.startswith(second.name["en"]) and "Steps:\n1. " in card and second.source.url in card
    talk.say("another one", intent="method_more")
    then = names(talk.reply.text, "en")  # type: ignore[union-attr]
    assert then and not set(then) & set(first)
    assert talk.press("More on 1").startswith(load_catalogue().by_id()[then[0]].name["en"])


def test_nothing_fitting_in_the_time_is_said_honestly(demo_event: Event, session: Session) -> None:
    talk = Coached(session, demo_event, "fr")
    text = talk.say("on a 5 minutes pour interviewer des usagers")
    assert text.startswith("Aucune méthode du catalogue ne tient en 5 min pour comprendre les usagers")
    assert Coached(session, demo_event, "en").say("/method_more") == t("method_none_offered", "en")
    assert Coached(session, demo_event, "en").say("the second one", "method_details") == t(
        "method_none_offered", "en"
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_card_is_complete_in_both_languages(demo_event: Event, session: Session, lang: str) -> None:
    talk = Coached(session, demo_event, lang)
    for method in load_catalogue().methods:
        card = talk.say(f'/method_details{{"method":"{method.id}"}}')
        assert card.startswith(method.name[lang]) and method.example[lang] in card
        assert all(step[lang] in card for step in method.steps)


def test_the_methods_given_are_counted_for_the_debrief_without_who_asked(
    demo_event: Event, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import select

    from bot.core.models import MethodAdvice
    from bot.methods.usage import usage

    talk = Coached(session, demo_event, "en")
    first = names(talk.say("we have 45 minutes, how do we test our prototype?"), "en")
    talk.press("More on 1")
    used, stages = usage(session, demo_event)
    assert {u.method_id: (u.recommended, u.cards) for u in used}[first[0]] == (1, 1)
    assert sum(u.recommended for u in used) == len(first) and stages == {"test": len(first)}
    rows = session.scalars(select(MethodAdvice)).all()
    assert {(r.stage, r.minutes, r.language) for r in rows if r.kind == "recommended"} == {("test", 45, "en")}
    assert not {"user", "channel", "team"} & {c.name.split("_")[0] for c in MethodAdvice.__table__.columns}


def test_the_answers_link_to_the_methods_page_of_the_public_site(
    demo_event: Event, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://hack.example.org")
    talk = Coached(session, demo_event, "fr")
    reply = talk.say("on a 30 min pour trouver des idées")
    assert reply.endswith(t("method_all", "fr", url="https://hack.example.org/methods?lang=fr"))
    chosen = names(reply, "fr")
    card = talk.press(t("method_more_button", "fr", number=1))
    assert card.endswith(f"https://hack.example.org/methods?lang=fr#{chosen[0]}")
    monkeypatch.setenv("HACKBOT_WEB_PORT", "0")
    monkeypatch.delenv("HACKBOT_PUBLIC_URL")
    assert "/methods" not in Coached(session, demo_event, "en").say("we have 30 minutes to find ideas")
