"""Calling a mentor in conversation (bot.mentors.call_form), driven as Rasa's form loop drives it,
on a real database: what the team needs is taken from what they asked, the place is asked, and
the request goes to the mentors on call whose expertise fits."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.factories import ask
from support.form_chat import FormChat

from bot.answers.people import answer_mentors
from bot.core.models import Event, MentorRequest, OutboxMessage
from bot.core.texts import t
from bot.mentors import call_form, links
from bot.understanding.encoder import shared_encoder
from bot.understanding.index import build_index

MARC, SOPHIE = 7001, 7002


@pytest.fixture
def event(demo_event: Event, session: Session) -> Event:
    links.link(session, demo_event, "Marc-Antoine Leroy", MARC, by="cli")
    links.link(session, demo_event, "Sophie Chen", SOPHIE, by="cli")
    return demo_event


def chat(session: Session, event: Event, **more: object) -> FormChat:
    options: dict[str, object] = {"channel": "telegram", "user_id": "4242", "lang": "en"} | more
    return FormChat(session, event, ask(event).now, **options)  # type: ignore[arg-type]


def recipients(session: Session) -> list[int]:
    return list(session.scalars(select(OutboxMessage.chat_id).order_by(OutboxMessage.id)))


def test_the_button_under_the_mentors_takes_the_need_from_the_question_and_asks_where_the_team_is(
    session: Session, event: Event
) -> None:
    talk = chat(session, event)
    asked = talk.start(
        "mentor_form", "/call_mentor", "call_mentor", previous_text="we need help with data protection"
    )
    assert asked == [
        t(
            "form_ask_mentor_place",
            "en",
            mentors="Marc-Antoine Leroy",
            topic="we need help with data protection",
        )
    ]
    (sent,) = talk.say("table 12, near the window")
    request = session.scalars(select(MentorRequest)).one()
    assert (request.topic, request.place, request.team_id) == (
        "we need help with data protection",
        "table 12, near the window",
        None,
    )
    assert sent.startswith(t("mentor_call_sent", "en", id=request.id, place=request.place, minutes=10))
    assert "Marc-Antoine Leroy" in sent and "Tuesday morning" in sent  # who, and when they are around
    assert recipients(session) == [MARC]


def test_a_call_naming_no_need_asks_for_it_and_one_no_mentor_fits_goes_to_every_mentor_on_call(
    session: Session, event: Event
) -> None:
    talk = chat(session, event, lang="fr")
    assert talk.start("mentor_form", "un mentor peut passer à notre table ?", "call_mentor") == [
        t("form_ask_mentor_topic", "fr")
    ]
    assert talk.say("notre modèle économique", intent="out_of_scope", confidence=0.4) == [
        t(
            "form_ask_mentor_place",
            "fr",
            mentors="Marc-Antoine Leroy, Sophie Chen",
            topic="notre modèle économique",
        )
    ]
    talk.say("salle Monnet")
    assert sorted(recipients(session)) == [MARC, SOPHIE]


def test_a_call_that_says_its_need_in_other_words_goes_straight_to_where_the_team_is(
    session: Session, event: Event
) -> None:
    talk = chat(session, event, index=build_index(event, shared_encoder()))  # by meaning, as served
    asked = talk.start("mentor_form", "can a mentor come help us rehearse our pitch?", "call_mentor")
    assert asked == [
        t(
            "form_ask_mentor_place",
            "en",
            mentors="Sophie Chen",
            topic="can a mentor come help us rehearse our pitch?",
        )
    ]


def test_only_a_telegram_user_can_call_and_only_when_a_mentor_is_on_call(
    session: Session, event: Event
) -> None:
    web = chat(session, event, channel="rest", user_id="web-abc")
    (instead,) = web.start("mentor_form", "can a mentor help us with data protection?", "call_mentor")
    assert instead.startswith(t("mentors_matching", "en")) and "Marc-Antoine Leroy" in instead
    assert instead.endswith("\n\n" + t("mentor_call_telegram_only", "en"))
    assert web.form is None and web.buttons == []
    links.unlink(session, event, "Marc-Antoine Leroy", by="cli")
    links.unlink(session, event, "Sophie Chen", by="cli")
    nobody = chat(session, event)
    (instead,) = nobody.start("mentor_form", "call a mentor", "call_mentor")
    assert "Sophie Chen" in instead and instead.endswith(t("mentor_call_nobody", "en"))
    assert session.scalars(select(MentorRequest)).all() == []


def test_a_message_hardly_read_as_a_call_gets_the_mentors_who_can_help_with_the_call_button(
    session: Session, event: Event
) -> None:
    talk = chat(session, event)
    (answer,) = talk.start(
        "mentor_form", "is there a mentor for data protection?", "call_mentor", confidence=0.53
    )
    assert answer.startswith(t("mentors_matching", "en")) and "Marc-Antoine Leroy" in answer
    assert [b.payload for b in talk.buttons] == ["/call_mentor"]
    assert talk.form is None and session.scalars(select(MentorRequest)).all() == []


def test_a_second_call_while_the_first_waits_says_it_waits_and_sends_nothing_more(
    session: Session, event: Event
) -> None:
    first = chat(session, event)
    first.start("mentor_form", "/call_mentor", "call_mentor", previous_text="help with GDPR please")
    first.say("table 3")
    sent = len(recipients(session))
    (waiting,) = chat(session, event).start("mentor_form", "call a mentor", "call_mentor")
    request = session.scalars(select(MentorRequest)).one()
    assert waiting == t("mentor_call_waiting", "en", id=request.id, topic=request.topic, minutes=0)
    assert len(recipients(session)) == sent


def test_cancelling_while_asked_where_the_team_is_sends_nothing(session: Session, event: Event) -> None:
    talk = chat(session, event)
    talk.start(
        "mentor_form", "/call_mentor", "call_mentor", previous_text="we need help with data protection"
    )
    assert talk.say("cancel", intent="cancel", confidence=0.95) == [t("form_cancelled", "en")]
    assert session.scalars(select(MentorRequest)).all() == [] and recipients(session) == []


def test_a_question_while_asked_where_the_team_is_is_answered_then_the_form_goes_on(
    session: Session, event: Event
) -> None:
    talk = chat(session, event)
    talk.start(
        "mentor_form", "/call_mentor", "call_mentor", previous_text="we need help with data protection"
    )
    assert talk.say("when is lunch?", intent="ask_schedule", confidence=0.97) == ["<another request>"]
    assert talk.say("a place that is far too long " * 10, intent="inform")[0] == t(
        "form_mentor_too_long", "en", max=200
    )


def test_the_mentors_who_can_help_come_with_the_call_button_for_a_telegram_user_only(
    session: Session, event: Event
) -> None:
    reply = answer_mentors(ask(event, "who can help us with data protection?"))
    assert reply.for_a_need and "Marc-Antoine Leroy" in reply.text
    button = call_form.offer(session, ask(event), "telegram", reply).buttons
    assert [(b.title, b.payload) for b in button] == [(t("button_call_mentor", "en"), "/call_mentor")]
    assert call_form.offer(session, ask(event), "rest", reply).buttons == ()
    everyone = answer_mentors(ask(event, "who are the mentors?"))
    assert call_form.offer(session, ask(event), "telegram", everyone).buttons == ()  # no need was named
