"""Organisers and mentors on Telegram: /announce with its preview and confirmation, /broadcasts,
/stats, the inbox, mentors taking a team's call, calls left waiting told to the organisers, and the
refusals, with the real gateway (its organiser and mentor commands, its outbox worker and its
background work) against the fake Telegram Bot API server. No Rasa is needed: these commands
never reach it.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.packs import DEMO_PACK
from support.ports import free_port
from support.telegram_runner import running_gateway

from bot.broadcast import changes
from bot.broadcast.limits import SendLimits
from bot.core.clock import now_in
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.models import AuditEntry, Broadcast, MentorRequest, OutboxMessage, Question
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.inbox import questions
from bot.inbox.questions import Asker
from bot.mentors import links, requests
from bot.telegram import mentors as telegram_mentors
from bot.telegram.config import TelegramConfig
from bot.telegram.inbox import add_inbox_commands
from bot.telegram.mentors import add_mentor_commands, mentor_escalations
from bot.telegram.organisers import add_organiser_commands, outbox_and_reminders

FINAL_PITCHES_SOON = "2027-03-17T13:20"
ORGANISER = 610_001
MENTOR, OTHER_MENTOR = 640_001, 640_002
SUBSCRIBERS = [620_000 + i for i in range(12)]
_users = count(630_001)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('organisers') / 'org.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
        event = current_event(session)
        assert event is not None
        organisers.grant(session, event, ORGANISER, granted_by="cli")
        links.link(session, event, "Marc-Antoine Leroy", MENTOR, by="cli")
        links.link(session, event, "Sophie Chen", OTHER_MENTOR, by="cli")
        for chat_id in SUBSCRIBERS:
            subscriptions.subscribe(session, event, chat_id, language="fr")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def db(database: str) -> Iterator[Callable[[Callable[[Session], Any]], Any]]:
    engine = make_engine(database)

    def in_session(work: Callable[[Session], Any]) -> Any:
        with session_scope(engine) as session:
            return work(session)

    yield in_session
    engine.dispose()


@pytest.fixture(scope="module")
def frozen_clock() -> Iterator[None]:
    """Ten minutes before the demo event's final pitches (a session reminders are sent for)."""
    before = os.environ.get("HACKBOT_NOW")
    os.environ["HACKBOT_NOW"] = FINAL_PITCHES_SOON
    yield
    if before is None:
        os.environ.pop("HACKBOT_NOW", None)
    else:
        os.environ["HACKBOT_NOW"] = before


@pytest.fixture(scope="module")
def fake(database: str, frozen_clock: None) -> Iterator[FakeTelegram]:
    poll = telegram_mentors.ESCALATION_POLL
    telegram_mentors.ESCALATION_POLL = 0.3  # look for calls waiting too long every 0.3 s, not 30
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = TelegramConfig(
            token=TOKEN,
            api_base_url=server.base_url,
            rasa_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: these commands never reach Rasa
            database_url=database,
            send_limits=SendLimits(scale=10),
        )
        with running_gateway(
            config,
            server,
            extensions=[add_organiser_commands, add_inbox_commands, add_mentor_commands],
            background=[outbox_and_reminders, mentor_escalations],
        ):
            yield server
        assert server.violations == []
    telegram_mentors.ESCALATION_POLL = poll


def say(fake: FakeTelegram, user: int, text: str, language_code: str = "en") -> dict[str, Any]:
    before = len(fake.sent(user))
    fake.push_message(user, text, language_code=language_code)
    return fake.wait_sent(user, before + 1, timeout=30)[before]


def buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    return [row[0] for row in (message.get("reply_markup") or {}).get("inline_keyboard") or []]


def audit_actions(db: Callable[..., Any], actor_id: int) -> list[str]:
    actor = organisers.telegram_actor(actor_id)
    return list(db(lambda s: list(s.scalars(select(AuditEntry.action).where(AuditEntry.actor == actor)))))


@pytest.mark.parametrize(
    "command",
    [
        "/announce Le déjeuner est servi",
        "/broadcasts",
        "/stats",
        "/inbox",
        "/answer 1 Oui",
        "/dismiss 1",
        "/faq 1",
    ],
)
def test_a_participant_is_refused_every_organiser_command_and_nothing_is_sent(
    fake: FakeTelegram, db: Callable[..., Any], command: str
) -> None:
    user = next(_users)
    announcements = select(func.count(Broadcast.id)).where(Broadcast.kind == "announcement")
    before = db(lambda s: s.scalar(announcements))
    assert say(fake, user, command, "fr")["text"] == t("organiser_only", "fr")
    assert db(lambda s: s.scalar(announcements)) == before
    assert all(not fake.sent(chat) or "déjeuner" not in fake.sent(chat)[-1]["text"] for chat in SUBSCRIBERS)
    assert audit_actions(db, user) == ["refused"]


def test_announce_previews_then_sends_once_to_every_subscriber(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    text = "La salle des pitchs change : rendez-vous en salle B."
    preview = say(fake, ORGANISER, f"/announce {text}", "fr")
    assert preview["text"] == t("announce_preview", "fr", count=len(SUBSCRIBERS), text=text)
    send, _ = buttons(preview)
    assert not any(text in (m["text"]) for chat in SUBSCRIBERS for m in fake.sent(chat)), (
        "nothing before Send"
    )

    before = len(fake.sent(ORGANISER))
    fake.push_callback(ORGANISER, send["callback_data"], message_id=1, language_code="fr")
    queued = fake.wait_sent(ORGANISER, before + 1)[before]
    assert queued["text"] == t("announce_queued", "fr", count=len(SUBSCRIBERS))
    for chat in SUBSCRIBERS:
        fake.wait_for(lambda chat=chat: any(m["text"] == text for m in fake.sent(chat)), timeout=20)

    # A second press of Send (or a press of Cancel) on the same preview sends nothing more.
    fake.push_callback(ORGANISER, send["callback_data"], message_id=1, language_code="fr")
    assert fake.wait_sent(ORGANISER, before + 2)[before + 1]["text"] == t("announce_already", "fr")
    assert all(sum(m["text"] == text for m in fake.sent(chat)) == 1 for chat in SUBSCRIBERS)
    sent = db(lambda s: s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "sent")))
    assert sent >= len(SUBSCRIBERS)
    assert {"announce.draft", "broadcast.queued"} <= set(audit_actions(db, ORGANISER))

    report = say(fake, ORGANISER, "/broadcasts", "en")["text"]
    assert report.startswith(t("broadcasts_header", "en"))
    assert f"{len(SUBSCRIBERS)} sent, 0 failed, 0 pending" in report


def test_cancelled_announcement_is_never_sent(fake: FakeTelegram, db: Callable[..., Any]) -> None:
    text = "Annonce à ne pas envoyer"
    preview = say(fake, ORGANISER, f"/announce {text}", "fr")
    _, cancel = buttons(preview)
    before = len(fake.sent(ORGANISER))
    fake.push_callback(ORGANISER, cancel["callback_data"], message_id=2, language_code="fr")
    assert fake.wait_sent(ORGANISER, before + 1)[before]["text"] == t("announce_cancelled", "fr")
    edits = [c for c in fake.calls_to("editMessageReplyMarkup") if int(c.params["chat_id"]) == ORGANISER]
    assert edits, "the preview loses its buttons"
    assert not any(m["text"] == text for chat in SUBSCRIBERS for m in fake.sent(chat))


def test_a_participant_pressing_an_organisers_send_button_is_refused(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    preview = say(fake, ORGANISER, "/announce Pas pour tout le monde", "fr")
    send, _ = buttons(preview)
    intruder = next(_users)
    fake.push_callback(intruder, send["callback_data"], message_id=3, language_code="fr")
    assert fake.wait_sent(intruder, 1)[0]["text"] == t("organiser_only", "fr")
    status = db(lambda s: s.scalar(select(Broadcast.status).order_by(Broadcast.id.desc()).limit(1)))
    assert status == "draft"


def test_announce_without_text_explains_how(fake: FakeTelegram) -> None:
    assert say(fake, ORGANISER, "/announce", "en")["text"] == t("announce_usage", "en")


def test_stats_counts_subscribers_teams_and_organisers(fake: FakeTelegram) -> None:
    text = say(fake, ORGANISER, "/stats", "en")["text"]
    assert text == t("stats", "en", subscribers=len(SUBSCRIBERS), teams=0, members=0, organisers=1)


def test_organiser_commands_are_audited(db: Callable[..., Any], fake: FakeTelegram) -> None:
    say(fake, ORGANISER, "/stats", "en")
    assert "stats.viewed" in audit_actions(db, ORGANISER)


def test_subscribers_get_one_reminder_before_the_final_pitches_in_their_language(fake: FakeTelegram) -> None:
    # The clock is frozen ten minutes before the final pitches (module fixture): the gateway's
    # background loop queues the reminder once and its worker sends it.
    for chat in SUBSCRIBERS:
        fake.wait_for(
            lambda chat=chat: any("Pitchs finaux" in m["text"] for m in fake.sent(chat)), timeout=20
        )
    assert all(sum("Pitchs finaux" in m["text"] for m in fake.sent(chat)) == 1 for chat in SUBSCRIBERS)


def test_an_organiser_lists_answers_dismisses_and_adds_to_the_faq_on_telegram(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    asker, other = next(_users), next(_users)
    first = inbox_question(fake, db, asker, "Y a-t-il des douches ?", "fr")
    second = inbox_question(fake, db, other, "Un parking vélo ?", "fr")
    listing = say(fake, ORGANISER, "/inbox", "fr")["text"]
    assert t("inbox_list_item", "fr", id=first, language="fr", question="Y a-t-il des douches ?") in listing
    assert f"n° {second}" in listing
    assert say(fake, ORGANISER, f"/answer {first}", "fr")["text"] == t("inbox_empty_reply", "fr", id=first)
    assert say(fake, ORGANISER, "/answer 99999 Oui", "fr")["text"] == t("inbox_not_found", "fr", id=99999)
    assert say(fake, ORGANISER, f"/faq {first}", "fr")["text"] == t("inbox_not_answered", "fr", id=first)
    told = say(fake, ORGANISER, f"/answer {first} Oui, au sous-sol.", "fr")["text"]
    assert told == t("inbox_answered", "fr", id=first)
    reply = fake.wait_sent(asker, 1, timeout=30)[0]["text"]
    assert reply == t("inbox_reply", "fr", question="Y a-t-il des douches ?", answer="Oui, au sous-sol.")
    assert say(fake, ORGANISER, f"/faq {first}", "fr")["text"] == t("inbox_done_faq", "fr", id=first)
    assert db(lambda s: current_event(s).faq[-1].answer) == {"fr": "Oui, au sous-sol."}
    assert say(fake, ORGANISER, f"/dismiss {second}", "fr")["text"] == t(
        "inbox_done_dismiss", "fr", id=second
    )
    assert say(fake, ORGANISER, f"/dismiss {second}", "fr")["text"] == t("inbox_closed", "fr", id=second)
    assert say(fake, ORGANISER, "/inbox", "fr")["text"] == t("inbox_list_empty", "fr")
    assert not fake.sent(other)  # a question set aside sends nothing
    assert {"inbox.viewed", "inbox.answered", "inbox.added_to_faq", "inbox.dismissed"} <= set(
        audit_actions(db, ORGANISER)
    )


def inbox_question(fake: FakeTelegram, db: Callable[..., Any], user: int, text: str, lang: str = "en") -> int:
    """A question of `user` passed on to the organisers: its number, once the organiser got its
    notice (with the Reply and Set aside buttons)."""
    before = len(fake.sent(ORGANISER))

    def work(session: Session) -> int:
        event = current_event(session)
        assert event is not None
        questions.record(session, event, Asker("telegram", str(user)), lang, text)
        question = questions.pass_on(session, event, Asker("telegram", str(user)))
        assert question is not None
        return question.id

    number: int = db(work)
    notice = fake.wait_sent(ORGANISER, before + 1, timeout=30)[before]
    assert [b["callback_data"] for b in buttons(notice)] == [
        f"inbox:reply:{number}",
        f"inbox:dismiss:{number}",
    ]
    time.sleep(0.2)  # Telegram's interval between two messages to one chat (scaled), before the next
    return number


def press(fake: FakeTelegram, user: int, data: str) -> dict[str, Any]:
    before = len(fake.sent(user))
    fake.push_callback(user, data, message_id=next(_users), language_code="en")
    return fake.wait_sent(user, before + 1, timeout=30)[before]


def test_the_inbox_buttons_reply_with_the_next_message_then_offer_the_faq(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    asker = next(_users)
    number = inbox_question(fake, db, asker, "Is there a cloakroom?")
    assert press(fake, ORGANISER, f"inbox:reply:{number}")["text"] == t("inbox_write_reply", "en", id=number)
    done = say(fake, ORGANISER, "Yes, by the entrance.")
    assert done["text"] == t("inbox_answered", "en", id=number)
    assert [b["callback_data"] for b in buttons(done)] == [f"inbox:faq:{number}"]
    reply = fake.wait_sent(asker, 1, timeout=30)[0]["text"]
    assert reply == t("inbox_reply", "en", question="Is there a cloakroom?", answer="Yes, by the entrance.")
    assert press(fake, ORGANISER, f"inbox:faq:{number}")["text"] == t("inbox_done_faq", "en", id=number)
    # The next message is an ordinary one again: not taken as a reply.
    assert say(fake, ORGANISER, "/inbox")["text"] == t("inbox_list_empty", "en")
    # Reply, then /cancel: nothing is sent.
    other = inbox_question(fake, db, next(_users), "Can I park a bike?")
    press(fake, ORGANISER, f"inbox:reply:{other}")
    assert say(fake, ORGANISER, "/cancel")["text"] == t("inbox_reply_cancelled", "en")
    assert press(fake, ORGANISER, f"inbox:dismiss:{other}")["text"] == t("inbox_done_dismiss", "en", id=other)
    assert press(fake, ORGANISER, f"inbox:reply:{other}")["text"] == t("inbox_closed", "en", id=other)


@pytest.mark.parametrize("action", ["reply", "dismiss", "faq"])
def test_a_participant_pressing_a_forged_inbox_button_is_refused_and_audited(
    fake: FakeTelegram, db: Callable[..., Any], action: str
) -> None:
    number = inbox_question(fake, db, next(_users), "Is there a shower?")
    intruder = next(_users)
    assert press(fake, intruder, f"inbox:{action}:{number}")["text"] == t("organiser_only", "en")
    assert audit_actions(db, intruder) == ["refused"]
    status = db(lambda session: session.get(Question, number).status)
    assert status == "open"  # nothing changed


# ------------------------------------------------------------------ mentors on call


def mentor_call(fake: FakeTelegram, db: Callable[..., Any], caller: int, mentors: dict[str, int]) -> int:
    """A team's call sent to `mentors`: its number, once each mentor got it with its buttons."""
    before = {mentor: len(fake.sent(mentor)) for mentor in mentors.values()}

    def work(session: Session) -> int:
        event = current_event(session)
        assert event is not None
        request = requests.call(
            session,
            event,
            channel="telegram",
            user_id=str(caller),
            language="fr",
            team=None,
            topic="Le RGPD et nos données de santé",
            place="table 7",
            mentors=mentors,
        )
        return request.id

    number = db(work)
    for mentor in mentors.values():
        got = fake.wait_sent(mentor, before[mentor] + 1, timeout=30)[before[mentor]]
        assert "table 7" in got["text"]
        assert [b["callback_data"] for b in buttons(got)] == [
            f"mentor:come:{number}",
            f"mentor:cant:{number}",
        ]
    return number


def test_the_first_mentor_to_come_takes_the_call_the_team_and_the_other_mentor_are_told(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    caller = next(_users)
    number = mentor_call(fake, db, caller, {"Marc-Antoine Leroy": MENTOR, "Sophie Chen": OTHER_MENTOR})
    before_caller, before_other = len(fake.sent(caller)), len(fake.sent(OTHER_MENTOR))
    taken = press(fake, MENTOR, f"mentor:come:{number}")["text"]
    assert taken == t(
        "mentor_claimed",
        "en",
        id=number,
        team=t("mentor_request_no_team", "en"),
        topic="Le RGPD et nos données de santé",
        place="table 7",
    )
    told = fake.wait_sent(caller, before_caller + 1, timeout=30)[before_caller]["text"]
    assert told == t(
        "mentor_request_coming", "fr", mentor="Marc-Antoine Leroy", topic="Le RGPD et nos données de santé",
        place="table 7",
    )  # fmt: skip
    other = fake.wait_sent(OTHER_MENTOR, before_other + 1, timeout=30)[before_other]["text"]
    assert other == t("mentor_request_taken_by", "fr", id=number, mentor="Marc-Antoine Leroy")
    late = press(fake, OTHER_MENTOR, f"mentor:come:{number}")["text"]
    assert late == t("mentor_request_taken", "en", id=number, mentor="Marc-Antoine Leroy")
    assert say(fake, MENTOR, "/requests")["text"] == t("mentor_requests_none", "en")


def test_a_call_left_waiting_is_told_to_the_organisers_by_the_gateway(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    number = mentor_call(fake, db, next(_users), {"Sophie Chen": OTHER_MENTOR})
    listed = say(fake, ORGANISER, "/requests")["text"]
    assert f"#{number}," in listed and "table 7" in listed
    before = len(fake.sent(ORGANISER))

    def backdate(session: Session) -> None:
        request = session.get(MentorRequest, number)
        assert request is not None
        request.created_at -= requests.escalation_delay() + dt.timedelta(minutes=1)

    db(backdate)
    escalated = fake.wait_sent(ORGANISER, before + 1, timeout=30)[before]["text"]
    assert escalated == t(
        "mentor_request_escalated",
        "fr",
        id=number,
        team=t("mentor_request_no_team", "fr"),
        topic="Le RGPD et nos données de santé",
        place="table 7",
        minutes=requests.escalation_delay().seconds // 60 + 1,
        mentors="Sophie Chen",
    )
    time.sleep(1.0)  # more looks: told once only
    assert len(fake.sent(ORGANISER)) == before + 1


@pytest.mark.parametrize("data", ["mentor:come:{n}", "mentor:cant:{n}"])
def test_someone_who_is_no_mentor_pressing_a_forged_call_button_is_refused_and_audited(
    fake: FakeTelegram, db: Callable[..., Any], data: str
) -> None:
    number = mentor_call(fake, db, next(_users), {"Marc-Antoine Leroy": MENTOR})
    for intruder in (next(_users), ORGANISER):  # an organiser is no mentor either
        assert press(fake, intruder, data.format(n=number))["text"] == t("mentor_only", "en")
    assert audit_actions(db, intruder)[-1] == "refused"
    state = db(
        lambda s: (
            s.get(MentorRequest, number).status,
            [c.declined_at for c in s.get(MentorRequest, number).calls],
        )
    )
    assert state == ("open", [None])  # nothing changed


def test_a_participant_asking_for_the_waiting_calls_is_refused_and_audited(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    user = next(_users)
    assert say(fake, user, "/requests", "fr")["text"] == t("mentor_or_organiser_only", "fr")
    assert audit_actions(db, user) == ["refused"]


# ------------------------------------------------------------------ the change alert previewed after a reload


def test_an_organiser_sends_the_previewed_change_alert_once_and_a_participant_cannot(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    def move_the_drinks(session: Session) -> int:
        event = current_event(session)
        assert event is not None
        changes.remember_before_reload(session, event)
        drinks = next(s for s in event.sessions if s.key == "closing-drinks")
        drinks.location = {"fr": "Terrasse", "en": "Terrace"}
        session.flush()
        return changes.offer_change_alert(session, event, now=now_in(event.timezone))

    before = len(fake.sent(ORGANISER))
    assert db(move_the_drinks) == 1
    preview = fake.wait_sent(ORGANISER, before + 1, timeout=30)[before]
    assert "Terrasse" in preview["text"] and f"{len(SUBSCRIBERS)} abonnés" in preview["text"]
    send, cancel = (button["callback_data"] for button in buttons(preview))
    assert send.endswith(":send") and cancel.endswith(":cancel")
    intruder = next(_users)
    for forged in (send, cancel):
        assert press(fake, intruder, forged)["text"] == t("organiser_only", "en")
    assert audit_actions(db, intruder) == ["refused", "refused"]
    subscriber = SUBSCRIBERS[0]
    told_before = len(fake.sent(subscriber))
    assert press(fake, ORGANISER, send)["text"] == t("changes_sent", "en", count=len(SUBSCRIBERS))
    alert = fake.wait_sent(subscriber, told_before + 1, timeout=30)[told_before]["text"]
    assert alert.startswith("📅 Changement de programme") and "Terrasse" in alert
    assert press(fake, ORGANISER, cancel)["text"] == t("changes_preview_used", "en")  # once only
