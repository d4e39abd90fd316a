"""The inbox: a question the assistant could not answer is counted, passed on by its asker to
the organisers (told on Telegram through the outbox), answered back to the asker on their
channel, or set aside; on SQLite and PostgreSQL, with the exact rows asserted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from support.factories import ask
from support.team_packs import load_event

from bot.answers.replies import Reply
from bot.broadcast import announcements
from bot.core.clock import utcnow
from bot.core.models import AuditEntry, Broadcast, Event, OutboxMessage, Question
from bot.core.texts import t
from bot.events import organisers
from bot.events.export import pack_data
from bot.inbox import questions
from bot.inbox.handoff import PASS_ON_PAYLOAD, answer_pass_on, asker_of, offer_hand_off
from bot.inbox.questions import Asker, InboxError
from bot.inbox.stats import frequent_unanswered
from bot.privacy.personal import Person, erase, what_is_stored
from bot.privacy.retention import purge

ANNE = Asker("telegram", "4242")
VISITOR = Asker("web", "web-AbCdEfGhIjKlMnOp")
ORGANISERS = (9001, 9002)


@pytest.fixture
def event(session: Session) -> Event:
    found = load_event(session)
    for organiser in ORGANISERS:
        organisers.grant(session, found, organiser, granted_by="cli")
    return found


def passed_on(session: Session, event: Event, asker: Asker, lang: str, text: str) -> Question:
    """A question the assistant could not answer, passed on by its asker to the organisers."""
    questions.record(session, event, asker, lang, text)
    passed = questions.pass_on(session, event, asker)
    assert passed is not None
    return passed


def outbox(session: Session) -> list[tuple[int, str]]:
    return [
        (row.chat_id, row.text) for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]


def test_a_question_passed_on_reaches_every_organiser_and_their_answer_reaches_the_asker(
    session: Session, event: Event
) -> None:
    asked = questions.record(session, event, ANNE, "fr", "Peut-on venir avec un chien d'assistance ?")
    assert outbox(session) == []  # counted only, until its asker passes it on
    passed = questions.pass_on(session, event, ANNE)
    assert passed is not None and passed.id == asked.id and passed.status == "open"
    notice = t("inbox_new_question", "fr", id=asked.id, language="fr", question=asked.text)
    assert outbox(session) == [(9001, notice), (9002, notice)]
    assert f"/answer {asked.id}" in notice
    assert questions.pass_on(session, event, ANNE) is None  # nothing more to pass on: no second notice
    assert len(outbox(session)) == 2

    answered = questions.answer(session, event, asked.id, "  Oui, bien sûr.\r\n", by="telegram:9001")
    assert (answered.status, answered.answer, answered.answered_by) == (
        "answered",
        "Oui, bien sûr.",
        "telegram:9001",
    )
    reply = t("inbox_reply", "fr", question=asked.text, answer="Oui, bien sûr.")
    assert outbox(session)[2:] == [(4242, reply)]
    assert answered.delivered_at is not None
    logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "inbox.answered")).one()
    assert (logged.actor, logged.details) == ("telegram:9001", {"question_id": asked.id, "length": 14})
    # Told once: a second answer, from another organiser, is refused and sends nothing.
    with pytest.raises(InboxError, match="closed"):
        questions.answer(session, event, asked.id, "Non.", by="telegram:9002")
    assert len(outbox(session)) == 3
    # The messages are the inbox's: not listed among the announcements and reminders.
    assert announcements.status(session, event) == []


def test_only_the_askers_own_recent_unanswered_question_is_passed_on(session: Session, event: Event) -> None:
    old = questions.record(session, event, ANNE, "en", "an old one")
    session.execute(
        update(Question).where(Question.id == old.id).values(asked_at=utcnow() - dt.timedelta(hours=1))
    )
    session.expire_all()
    assert questions.pass_on(session, event, ANNE) is None  # too old: asked an hour ago
    questions.record(session, event, Asker("telegram", "77"), "en", "someone else's")
    assert questions.pass_on(session, event, ANNE) is None
    first = questions.record(session, event, ANNE, "en", "first")
    latest = questions.record(session, event, ANNE, "en", "latest")
    passed = questions.pass_on(session, event, ANNE)
    assert passed is not None and passed.id == latest.id
    assert [q.id for q in questions.inbox(session, event)] == [latest.id]
    session.refresh(first)
    assert first.status == "unanswered"


def test_organisers_mistakes_are_refused_and_change_nothing(session: Session, event: Event) -> None:
    unpassed = questions.record(session, event, ANNE, "en", "not passed on")
    with pytest.raises(InboxError, match="not_found"):
        questions.answer(session, event, unpassed.id, "hello", by="cli")  # not in the inbox
    with pytest.raises(InboxError, match="not_found"):
        questions.answer(session, event, 999_999, "hello", by="cli")
    passed = questions.pass_on(session, event, ANNE)
    assert passed is not None
    with pytest.raises(InboxError, match="empty"):
        questions.answer(session, event, passed.id, " \n ", by="cli")
    with pytest.raises(InboxError, match="too_long"):
        questions.answer(session, event, passed.id, "x" * 5000, by="cli")
    questions.dismiss(session, event, passed.id, by="cli")
    with pytest.raises(InboxError, match="closed"):
        questions.answer(session, event, passed.id, "late", by="cli")
    with pytest.raises(InboxError, match="closed"):
        questions.dismiss(session, event, passed.id, by="cli")
    session.refresh(passed)
    assert (passed.status, passed.answer) == ("dismissed", None)
    assert [chat for chat, _ in outbox(session)] == list(ORGANISERS)  # only the notice was sent


def test_a_web_visitor_gets_the_answer_once_at_their_next_visit(session: Session, event: Event) -> None:
    passed = passed_on(session, event, VISITOR, "en", "Is there a cloakroom?")
    questions.answer(session, event, passed.id, "Yes, at the entrance.", by="cli")
    assert [chat for chat, _ in outbox(session)] == list(ORGANISERS)  # nothing queued for the web
    assert questions.replies_for(session, Asker("web", "web-someone-else")) == []
    assert questions.replies_for(session, VISITOR) == [
        t("inbox_reply", "en", question="Is there a cloakroom?", answer="Yes, at the entrance.")
    ]
    assert questions.replies_for(session, VISITOR) == []  # shown once


def test_the_honest_i_dont_know_offers_the_hand_off_only_to_whom_a_reply_can_reach(
    session: Session, event: Event
) -> None:
    unanswered = Reply("I don't know.", unanswered=True)
    telegram = offer_hand_off(
        session, ask(event, "can I bring my dog?"), asker_of("telegram", "4242"), unanswered
    )
    assert [(b.title, b.payload) for b in telegram.buttons] == [(t("button_pass_on", "en"), PASS_ON_PAYLOAD)]
    web = offer_hand_off(session, ask(event, "a cloakroom?"), asker_of("rest", VISITOR.user_id), unanswered)
    assert len(web.buttons) == 1
    terminal = offer_hand_off(session, ask(event, "a shower?"), asker_of("rest", "terminal-anne"), unanswered)
    assert terminal.buttons == ()  # counted, but no reply could reach the terminal
    assert offer_hand_off(session, ask(event, "/ask_faq"), ANNE, unanswered).buttons == ()  # a payload
    answered = Reply("Lunch is at noon.")
    assert offer_hand_off(session, ask(event, "lunch?"), ANNE, answered) is answered
    counted = session.scalars(select(Question).order_by(Question.id)).all()
    assert [(q.channel, q.user_id, q.text) for q in counted] == [
        ("telegram", "4242", "can I bring my dog?"),
        ("web", VISITOR.user_id, "a cloakroom?"),
        ("rest", "terminal-anne", "a shower?"),
    ]
    assert answer_pass_on(
        session, ask(event, "ask the organisers", lang="fr"), asker_of("telegram", "4242")
    ).text == (t("passed_on_telegram", "fr"))
    assert answer_pass_on(session, ask(event, "ask them"), asker_of("telegram", "4242")).text == t(
        "pass_on_nothing", "en"
    )
    assert answer_pass_on(session, ask(event, "ask them"), asker_of("rest", "terminal-anne")).text == (
        t("pass_on_unavailable", "en")
    )


def test_a_persons_questions_are_shown_in_their_data_and_erased_with_the_messages_about_them(
    session: Session, event: Event
) -> None:
    passed = passed_on(session, event, ANNE, "fr", "Un vestiaire ?")
    questions.answer(session, event, passed.id, "Oui.", by="telegram:9001")
    stored = what_is_stored(session, Person("telegram", "4242"))
    assert [(q["question"], q["passed_on"], q["answer"]) for q in stored["questions"]] == [
        ("Un vestiaire ?", True, "Oui.")
    ]
    erased = erase(session, Person("telegram", "4242"))
    assert erased.counts["questions"] == 1
    assert session.scalars(select(Question)).all() == []
    assert session.scalars(select(Broadcast).where(Broadcast.kind == "message")).all() == []
    assert outbox(session) == []  # the notices and the reply went with the question


def test_an_organiser_erased_leaves_their_answers_anonymous(session: Session, event: Event) -> None:
    passed = passed_on(session, event, ANNE, "fr", "Un vestiaire ?")
    questions.answer(session, event, passed.id, "Oui.", by="telegram:9001")
    erase(session, Person("telegram", "9001"))
    session.refresh(passed)
    assert (passed.answered_by, passed.answer) == ("erased", "Oui.")


def test_the_purge_of_an_event_deletes_its_questions(session: Session, event: Event) -> None:
    questions.record(session, event, ANNE, "fr", "Un vestiaire ?")
    counts = purge(session, event, event.ends + dt.timedelta(days=400))
    assert counts["questions"] == 1
    assert session.scalars(select(Question)).all() == []


def test_unanswered_questions_are_grouped_by_meaning_across_languages_most_asked_first(
    session: Session, event: Event
) -> None:
    from bot.understanding.encoder import shared_encoder

    for user, lang, text in [
        ("1", "en", "Can I bring my dog?"),
        ("2", "en", "Is there a cloakroom?"),
        ("3", "fr", "est-ce que je peux venir avec mon chien"),
        ("4", "en", "Are dogs allowed?"),
        ("5", "en", "Is there a dentist on site?"),
        ("6", "fr", "Y a-t-il un dentiste sur place ?"),
    ]:
        questions.record(session, event, Asker("telegram", user), lang, text)
    questions.pass_on(session, event, Asker("telegram", "4"))
    groups = frequent_unanswered(session, event, shared_encoder().queries)
    assert [(g.example, g.count, g.passed_on, sorted(g.languages)) for g in groups] == [
        ("Can I bring my dog?", 3, 1, ["en", "fr"]),
        ("Is there a dentist on site?", 2, 0, ["en", "fr"]),
        ("Is there a cloakroom?", 1, 0, ["en"]),
    ]


def test_an_answered_question_added_to_the_faq_is_answered_and_exported(
    session: Session, event: Event
) -> None:
    passed = passed_on(session, event, ANNE, "fr", "Peut-on venir avec un chien d'assistance ?")
    with pytest.raises(InboxError, match="not_answered"):
        questions.add_to_faq(session, event, passed.id, by="telegram:9001")
    questions.answer(
        session, event, passed.id, "Oui, les chiens d'assistance sont les bienvenus.", by="telegram:9001"
    )
    revision = event.revision
    item = questions.add_to_faq(session, event, passed.id, by="telegram:9001")
    assert (item.key, item.question, item.answer) == (
        f"asked-{passed.id}",
        {"fr": "Peut-on venir avec un chien d'assistance ?"},
        {"fr": "Oui, les chiens d'assistance sont les bienvenus."},
    )
    session.refresh(event)
    assert event.revision > revision  # the action server reads the event again: answered at once
    with pytest.raises(InboxError, match="in_faq"):
        questions.add_to_faq(session, event, passed.id, by="telegram:9001")
    exported = pack_data(event)["faq"][-1]
    assert exported == {
        "id": f"asked-{passed.id}",
        "question": {"fr": "Peut-on venir avec un chien d'assistance ?"},
        "answer": {"fr": "Oui, les chiens d'assistance sont les bienvenus."},
    }
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "telegram:9001")).all()
    assert "inbox.added_to_faq" in actions


def test_a_reload_of_the_pack_keeps_the_faq_added_from_the_inbox_until_the_file_holds_it(
    session: Session, event: Event
) -> None:
    from support.team_packs import load_event as reload_event

    passed = passed_on(session, event, ANNE, "en", "Can I bring a guide dog?")
    questions.answer(session, event, passed.id, "Yes.", by="cli")
    questions.add_to_faq(session, event, passed.id, by="cli")
    before = [item.key for item in event.faq]
    reload_event(session)  # the organisers' file, which does not hold it yet
    session.refresh(event)
    assert [item.key for item in sorted(event.faq, key=lambda item: item.position)] == before
    assert event.faq[-1].answer == {"en": "Yes."}
