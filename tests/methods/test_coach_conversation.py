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
        result = functions[intent]()
        step = result if isinstance(result, Step) else Step(result)
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


TUESDAY_MORNING = dt.datetime(2027, 3, 16, 10, 0)  # 27 h 30 before the final pitches, 10 h of work gone of 22


@pytest.mark.parametrize(
    ("lang", "request_"), [("en", "what should we do now?"), ("fr", "on fait quoi maintenant ?")]
)
def test_a_team_asking_what_to_do_now_gets_the_stage_where_the_event_is_for_the_time_left(
    demo_event: Event, session: Session, lang: str, request_: str
) -> None:
    talk = Coached(session, demo_event, lang, TUESDAY_MORNING)
    text = talk.say(request_)
    pitches = {"fr": "Pitchs finaux", "en": "Final pitches"}[lang]
    left = {"fr": "27 h 30", "en": "27 h 30 min"}[lang]
    assert text.startswith(t("now_header", lang, time="10:00 am" if lang == "en" else "10 h"))  # what is on
    assert t("method_time_until", lang, time=left, session=pitches) in text
    stage = t("method_stage_prototype", lang)
    assert t("method_stage_now", lang, stage=stage) in text
    methods = load_catalogue().by_id()
    chosen = names(text, lang)
    assert chosen and all("prototype" in methods[m].stages for m in chosen)


def test_a_request_that_says_where_the_team_is_is_not_read_as_what_to_do_now(
    demo_event: Event, session: Session
) -> None:
    talk = Coached(session, demo_event, "en", TUESDAY_MORNING)
    text = talk.say("we keep running over time when we rehearse our pitch, what can we do? 30 minutes")
    assert t("method_stage_now", "en", stage=t("method_stage_prototype", "en")) not in text
    methods = load_catalogue().by_id()
    assert all("pitch" in methods[m].stages for m in names(text, "en"))


def test_a_request_whose_stage_its_words_do_not_name_gets_the_closest_methods_of_any_stage(
    demo_event: Event, session: Session
) -> None:
    talk = Coached(session, demo_event, "en")
    text = talk.say("so many departments touch this procedure, how do we untangle it? we have 1 hour")
    assert text.startswith(t("method_intro_timed", "en", time="1 hour"))
    methods = load_catalogue().by_id()
    assert all(methods[m].minutes.minimum <= 60 for m in names(text, "en"))


@pytest.mark.parametrize(
    ("request_", "lang"),
    [
        ("How can we still get a picture of who they are and where they struggle? We have 1 hour.", "en"),
        ("on veut savoir si notre formulaire est compréhensible, la salle d'attente est juste à côté", "fr"),
        ("our library card challenge: where do we even start to get why people drop off??", "en"),
        ("How do we show how a young person gets on the electoral roll at 18? It's a process", "en"),
        ("deux versions du courrier, des parents sont dispo 2h, on fait comment pour choisir ?", "fr"),
    ],
)
def test_a_request_that_mentions_a_place_is_still_a_request_for_a_method(
    demo_event: Event, session: Session, request_: str, lang: str
) -> None:
    assert names(Coached(session, demo_event, lang).say(request_), lang)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("where do we practise our pitch on Friday?", "en"),
        ("à quelle heure on pitche ?", "fr"),
        ("who could help us plan interviews with users?", "en"),
        ("notre carte s'affiche n'importe comment, y a un géomaticien dispo ?", "fr"),
        ("can we pull an all-nighter in the building to finish our prototype?", "en"),
    ],
)
def test_a_question_of_when_where_who_or_whether_read_as_a_method_request_is_answered_as_such(
    demo_event: Event, session: Session, question: str, lang: str
) -> None:
    assert not names(Coached(session, demo_event, lang).say(question), lang)


def test_a_registered_team_gets_each_first_step_written_for_its_challenge(
    demo_event: Event, session: Session
) -> None:
    from bot.teams.registration import create_team, get_or_create_participant

    captain = get_or_create_participant(session, "rest", "u1", "Hina")
    challenge = demo_event.challenges[0]
    create_team(session, demo_event, captain, name="Les Débrouillards", challenge=challenge.key,
                members=["Paul", "Léa"], email="hina@gov.pf", now=dt.datetime(2027, 3, 1, 9, 0))  # fmt: skip
    talk = Coached(session, demo_event, "fr")
    text = talk.say("on a 45 minutes pour tester notre prototype")
    methods = load_catalogue().by_id()
    chosen = names(text, "fr")
    title = challenge.title.get("fr") or challenge.title["*"]
    for method_id in chosen:
        written = methods[method_id].for_a_challenge
        assert written is not None and written["fr"].replace("{challenge}", title) in text
    assert methods[chosen[0]].steps[0]["fr"] not in text
    card = talk.press(t("method_more_button", "fr", number=1))
    assert methods[chosen[0]].for_a_challenge["fr"].replace("{challenge}", title) in card  # type: ignore[index]
    request = "on a 45 minutes pour tester notre prototype"
    alone = FormTurn(  # someone in no team
        ask=Ask(event=demo_event, lang="fr", now=DAY2_MORNING, text=request),
        session=session, user=User("rest", "someone-else"), slots={}, requested=None, intent="ask_method",
    )  # fmt: skip
    step = conversation.coach(alone, encoder=shared_encoder())
    assert isinstance(step, Step) and step.reply is not None and title not in step.reply.text
