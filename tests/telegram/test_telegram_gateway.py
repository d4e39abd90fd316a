"""The Telegram gateway end to end: the real application (python-telegram-bot, long polling) against
the fake Telegram Bot API server, and the real Rasa stack for the conversations.

One stack for the module (SQLite), the clock frozen while the demo event's registration is open;
the demo pack is loaded with one challenge id made long, so that its button's payload is over
Telegram's 64 bytes and goes through the database. One gateway for the module, run in a thread;
each test is a different Telegram user (its own chat and Rasa conversation). Expected texts are
what Rasa's REST channel answers to the same message, so the tests check what the gateway adds.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session
from support.e2e_stack import Assistant, running_assistant
from support.fake_telegram import BOT_USER, TOKEN, FakeTelegram, Limits
from support.packs import DEMO_PACK
from support.ports import free_port
from support.telegram_runner import running_gateway
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.broadcast.limits import SendLimits
from bot.cli.services import Stack, start_telegram, stop
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.settings import TELEGRAM_READY, StackConfig
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack_text
from bot.mentors import links
from bot.teams.registration import create_team, get_or_create_participant, team_of
from bot.telegram import payload_store
from bot.telegram.config import TelegramConfig
from bot.telegram.inbox import add_inbox_commands
from bot.telegram.mentors import add_mentor_commands
from bot.telegram.organisers import add_organiser_commands, outbox_and_reminders
from bot.telegram.rendering import send
from bot.telegram.resources import MENU, Gateway

pytestmark = pytest.mark.e2e

FROZEN_NOW = "2027-03-01T09:00"
"""Event-local time while the demo event's registration is open."""
LONG_ID = "remote-islands-of-the-tuamotu-marquesas-and-austral-archipelagos"
PACK = parse_pack_text(DEMO_PACK.read_text(encoding="utf-8").replace("remote-islands", LONG_ID))
"""The demo pack with one challenge's id too long for a button's data (and every reference to it)."""
EVENT_NAME = {"fr": PACK.event.name["fr"], "en": PACK.event.name["en"]}  # type: ignore[index]
_users = count(700_001)


def new_user() -> int:
    return next(_users)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("telegram")


@pytest.fixture(scope="module")
def assistant(workdir: Path) -> Iterator[Assistant]:
    url = f"sqlite:///{workdir / 'telegram.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_pack(session, PACK, make_current=True)
    engine.dispose()
    with running_assistant(url, FROZEN_NOW, workdir) as running:
        yield running


@pytest.fixture(scope="module")
def db(assistant: Assistant) -> Iterator[Callable[[Callable[[Session], Any]], Any]]:
    """`db(work)`: run `work(session)` in one committed transaction on the stack's database."""
    engine = make_engine(assistant.url)

    def in_session(work: Callable[[Session], Any]) -> Any:
        with session_scope(engine) as session:
            return work(session)

    yield in_session
    engine.dispose()


def gateway_config(fake: FakeTelegram, assistant: Assistant, **changes: Any) -> TelegramConfig:
    values: dict[str, Any] = {
        "token": TOKEN,
        "api_base_url": fake.base_url,
        "rasa_url": assistant.stack.config.rasa_url,
        "database_url": assistant.url,
        "send_limits": SendLimits(scale=10),  # the fake's limits are scaled by 10
    }
    return TelegramConfig(**(values | changes))


@pytest.fixture(scope="module")
def fake(assistant: Assistant) -> Iterator[FakeTelegram]:
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        with running_gateway(gateway_config(server, assistant), server):
            yield server
        assert server.violations == []


# ------------------------------------------------------------------ helpers


def say(
    fake: FakeTelegram, user: int, text: str, *, language_code: str = "en", **more: Any
) -> dict[str, Any]:
    """The user writes `text`; the gateway's next message to them."""
    before = len(fake.sent(user))
    fake.push_message(user, text, language_code=language_code, **more)
    return fake.wait_sent(user, before + 1, timeout=30)[before]


def replies(fake: FakeTelegram, user: int, before: int, count: int) -> list[dict[str, Any]]:
    return fake.wait_sent(user, before + count, timeout=30)[before : before + count]


def keyboard(message: dict[str, Any]) -> list[dict[str, str]]:
    """The message's inline buttons, one a row."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    assert all(len(row) == 1 for row in rows)
    return [row[0] for row in rows]


def rasa_text(assistant: Assistant, message: str, lang: str = "en") -> str:
    """What Rasa's REST channel answers to `message` in a new conversation, as one text."""
    answer = assistant.post(message, sender=f"reference-{new_user()}", language_code=lang)
    return "\n\n".join(m["text"] for m in answer if m.get("text"))


_message_ids = count(900_000)


def press(fake: FakeTelegram, user: int, data: str, *, message_id: int, language_code: str = "en") -> None:
    fake.push_callback(user, data, message_id=message_id, language_code=language_code)


def subscriber(db: Callable[..., Any], chat_id: int) -> tuple[bool, str | None, str | None] | None:
    """(active, reason, chat type) of the chat's subscription to the current event, or None."""

    def work(session: Session) -> tuple[bool, str | None, str | None] | None:
        event = current_event(session)
        assert event is not None
        row = subscriptions.find(session, event, chat_id)
        if row is None:
            return None
        return row.unsubscribed_at is None, row.unsubscribe_reason, row.chat_type

    result: tuple[bool, str | None, str | None] | None = db(work)
    return result


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """For database state the gateway writes after its last call to Telegram."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the expected state was not reached in time"
        time.sleep(0.05)


# ------------------------------------------------------------------ conversations


def test_a_question_is_answered_as_rasa_answers_it_in_plain_text(
    fake: FakeTelegram, assistant: Assistant
) -> None:
    user = new_user()
    reply = say(fake, user, "What's on now?")
    assert reply["text"] == rasa_text(assistant, "What's on now?")
    assert "parse_mode" not in reply  # plain text: nothing is read as Markdown or HTML
    typing = [c for c in fake.calls_to("sendChatAction") if int(c.params["chat_id"]) == user]
    assert typing and typing[0].params["action"] == "typing"


def test_a_french_user_is_answered_in_french(fake: FakeTelegram, assistant: Assistant) -> None:
    reply = say(fake, new_user(), "Qu'est-ce qui se passe maintenant ?", language_code="fr")
    expected = rasa_text(assistant, "Qu'est-ce qui se passe maintenant ?", "fr")
    assert reply["text"] == expected
    assert expected != rasa_text(assistant, "Qu'est-ce qui se passe maintenant ?", "en")


def test_commands_are_rasa_payloads(fake: FakeTelegram, assistant: Assistant) -> None:
    user = new_user()
    assert say(fake, user, "/schedule")["text"] == rasa_text(assistant, "/ask_schedule")
    assert say(fake, user, "/next")["text"] == rasa_text(assistant, "/ask_next")
    assert say(fake, user, "/help")["text"] == rasa_text(assistant, "/help")
    assert say(fake, user, "/nonsense")["text"] == rasa_text(assistant, "/help")  # unknown: the help


def test_a_pressed_button_loses_its_keyboard_and_asks_rasa(
    fake: FakeTelegram, assistant: Assistant, db: Callable[..., Any]
) -> None:
    user = new_user()
    listing = say(fake, user, "/challenges")
    assert listing["text"] == rasa_text(assistant, "/ask_challenges")
    buttons = keyboard(listing)
    assert [b["text"] for b in buttons][:2] == [
        "1. One digital front door for public services",
        "2. Public services for the outer islands",
    ]
    short, long = buttons[0]["callback_data"], buttons[1]["callback_data"]
    assert short == '/ask_challenge{"challenge":"one-stop-portal"}'  # fits: carried as is
    assert (
        long.startswith(payload_store.KEY_PREFIX) and len(long.encode()) <= payload_store.MAX_CALLBACK_BYTES
    )
    stored = db(lambda session: payload_store.load(session, long))
    assert stored == f'/ask_challenge{{"challenge":"{LONG_ID}"}}'

    message_id = next(_message_ids)
    before = len(fake.sent(user))
    press(fake, user, short, message_id=message_id)
    details = replies(fake, user, before, 1)[0]
    assert details["text"] == rasa_text(assistant, short)
    edits = [
        c.params for c in fake.calls_to("editMessageReplyMarkup") if int(c.params["message_id"]) == message_id
    ]
    assert len(edits) == 1 and not edits[0].get("reply_markup")
    assert any(int(c.params["callback_query_id"]) > 0 for c in fake.calls_to("answerCallbackQuery"))

    # The same old button again (a double tap): answered, not sent to Rasa a second time.
    answers = len(fake.calls_to("answerCallbackQuery"))
    press(fake, user, short, message_id=message_id)
    fake.wait_for(lambda: len(fake.calls_to("answerCallbackQuery")) > answers)
    assert fake.calls_to("answerCallbackQuery")[-1].params["text"] == t("telegram_button_used", "en")

    # The long payload, from the database.
    press(fake, user, long, message_id=next(_message_ids))
    islands = replies(fake, user, before + 1, 1)[0]  # the double tap sent nothing
    assert islands["text"] == rasa_text(assistant, stored)
    assert "outer islands" in islands["text"]


def test_an_unknown_button_key_gets_a_polite_message(fake: FakeTelegram) -> None:
    user = new_user()
    press(fake, user, "cb:NoSuchKey0", message_id=next(_message_ids), language_code="fr")
    assert fake.wait_sent(user)[0]["text"] == t("telegram_button_expired", "fr")


def test_messages_that_are_not_text_get_a_polite_message(fake: FakeTelegram) -> None:
    user = new_user()
    chat = {"id": user, "type": "private", "first_name": "Ana"}
    sender = {"id": user, "is_bot": False, "first_name": "Ana", "language_code": "en"}
    location = {"latitude": -17.53, "longitude": -149.56}
    fake.push_update(
        {"message": {"message_id": 1, "date": 0, "chat": chat, "from": sender, "location": location}}
    )
    assert fake.wait_sent(user)[0]["text"] == t("telegram_text_only", "en")


# ------------------------------------------------------------------ subscriptions, deep links


def test_start_welcomes_and_subscribes_and_unsubscribe_unsubscribes(
    fake: FakeTelegram, db: Callable[..., Any]
) -> None:
    user = new_user()
    welcome = say(fake, user, "/start", language_code="fr")["text"]
    assert welcome.startswith(t("telegram_welcome", "fr", event=EVENT_NAME["fr"]))
    assert t("telegram_subscribed", "fr", event=EVENT_NAME["fr"]) in welcome
    notice = say(fake, user, "/privacy", language_code="fr")["text"]
    assert welcome.endswith(notice)  # the full privacy notice, at the first contact and on demand
    assert "Ministère de la Fonction publique" in notice and "hackathon-fenua@example.org" in notice
    assert "/mydata" in notice and "/forget" in notice and "CNIL" in notice and "180 jours" in notice
    assert subscriber(db, user) == (True, None, "private")
    assert say(fake, user, "/start", language_code="fr")["text"].startswith(
        t("telegram_welcome", "fr", event=EVENT_NAME["fr"])
    )

    left = say(fake, user, "/unsubscribe", language_code="fr")["text"]
    assert left == t("telegram_unsubscribed", "fr", event=EVENT_NAME["fr"])
    assert subscriber(db, user) == (False, subscriptions.COMMAND, "private")
    again = say(fake, user, "/unsubscribe", language_code="fr")["text"]
    assert again == t("telegram_not_subscribed", "fr", event=EVENT_NAME["fr"])
    back = say(fake, user, "/subscribe")["text"]
    assert back == t("telegram_subscribed", "en", event=EVENT_NAME["en"])
    assert say(fake, user, "/subscribe")["text"] == t(
        "telegram_already_subscribed", "en", event=EVENT_NAME["en"]
    )
    assert subscriber(db, user) == (True, None, "private")


def test_a_join_link_joins_the_team(fake: FakeTelegram, db: Callable[..., Any]) -> None:
    def register(session: Session) -> str:
        event = current_event(session)
        assert event is not None
        captain = get_or_create_participant(session, "rest", f"captain-{new_user()}", "Teva Captain")
        team = create_team(
            session,
            event,
            captain,
            name=f"Les Navigateurs {new_user()}",
            challenge="one-stop-portal",
            members=["Tevita", "Moana"],
            email="captain@example.pf",
            now=dt.datetime.fromisoformat(FROZEN_NOW),
        )
        return team.join_code

    code = db(register)
    user = new_user()
    before = len(fake.sent(user))
    fake.push_message(user, f"/start join_{code.lower()}", first_name="Hina")
    welcome, question = replies(fake, user, before, 2)
    assert welcome["text"].startswith(t("telegram_welcome", "en", event=EVENT_NAME["en"]))
    assert [b["text"] for b in keyboard(question)] == ["Tevita", "Moana"]  # which one are you?
    press(fake, user, keyboard(question)[0]["callback_data"], message_id=next(_message_ids))
    joined = replies(fake, user, before + 2, 1)[0]
    assert "Les Navigateurs" in joined["text"] and "Tevita" in joined["text"]

    def member_of_team(session: Session) -> str | None:
        event = current_event(session)
        assert event is not None
        team = team_of(session, event, get_or_create_participant(session, "telegram", str(user)))
        return team.join_code if team else None

    assert db(member_of_team) == code


def test_an_organiser_invitation_and_groups(fake: FakeTelegram, db: Callable[..., Any]) -> None:
    def invite(session: Session) -> str:
        event = current_event(session)
        assert event is not None
        return organisers.invite_payload(
            organisers.create_invite(session, event, now=dt.datetime.now(dt.UTC))
        )

    organiser, participant = new_user(), new_user()
    payload = db(invite)
    before = len(fake.sent(organiser))
    fake.push_message(organiser, f"/start {payload}")
    _, confirmation = replies(fake, organiser, before, 2)
    assert confirmation["text"] == t("telegram_organiser_welcome", "en", event=EVENT_NAME["en"])
    # The invitation is used up.
    fake.push_message(participant, f"/start {payload}", language_code="fr")
    refused = replies(fake, participant, 0, 2)[1]
    assert refused["text"] == t("telegram_organiser_invite_invalid", "fr")

    # A participant adds the bot to a group: not subscribed; ordinary group messages are ignored.
    # (The fake's "added by" user has no language code: the gateway writes French.)
    group = -new_user()
    fake.push_message(participant, "hello everyone", chat_id=group, chat_type="group")
    fake.push_member_added(group, participant)
    assert [m["text"] for m in fake.wait_sent(group)] == [
        t("telegram_group_organisers_only", "fr", event=EVENT_NAME["fr"])
    ]
    assert subscriber(db, group) is None
    # The organiser adds it to another group: subscribed.
    other = -new_user()
    fake.push_member_added(other, organiser)
    assert fake.wait_sent(other)[0]["text"] == t("telegram_group_subscribed", "fr", event=EVENT_NAME["fr"])
    assert subscriber(db, other) == (True, None, "group")
    assert len(fake.sent(group)) == 1


def test_a_403_on_a_reply_unsubscribes_the_chat(fake: FakeTelegram, db: Callable[..., Any]) -> None:
    user = new_user()
    say(fake, user, "/start")
    assert subscriber(db, user) == (True, None, "private")
    fake.blocked.add(user)
    fake.push_message(user, "What's on now?")
    fake.wait_for(
        lambda: any(
            c.status == 403 and int(c.params["chat_id"]) == user for c in fake.calls_to("sendMessage")
        )
    )
    eventually(lambda: subscriber(db, user) == (False, subscriptions.BLOCKED, "private"))


def test_a_user_blocking_the_bot_unsubscribes_the_chat(fake: FakeTelegram, db: Callable[..., Any]) -> None:
    user = new_user()
    say(fake, user, "/subscribe")
    person = {"id": user, "is_bot": False, "first_name": "Ana"}
    fake.push_update(
        {
            "my_chat_member": {
                "chat": {"id": user, "type": "private", "first_name": "Ana"},
                "from": person,
                "date": int(time.time()),
                "old_chat_member": {"user": BOT_USER, "status": "member"},
                "new_chat_member": {"user": BOT_USER, "status": "kicked", "until_date": 0},
            }
        }
    )
    eventually(lambda: subscriber(db, user) == (False, subscriptions.BLOCKED, "private"))


def test_the_command_menu_is_set_in_french_and_english(fake: FakeTelegram) -> None:
    names = [name for name, _ in MENU]
    assert {"start", "help", "schedule", "challenges", "subscribe", "unsubscribe"} <= set(names)
    for lang, menu_lang in (("", "fr"), ("fr", "fr"), ("en", "en")):
        commands = fake.commands[lang]
        assert [c["command"] for c in commands] == names
        assert [c["description"] for c in commands] == [t(key, menu_lang) for _, key in MENU]


# ------------------------------------------------------------------ Rasa down


def test_rasa_down_gets_an_apology_and_is_logged_with_ids_never_the_text(
    assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    user = new_user()
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = gateway_config(server, assistant, rasa_url=f"http://127.0.0.1:{free_port()}")
        with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers"), running_gateway(config, server):
            reply = say(server, user, "Où est le wifi ?", language_code="fr")
    assert reply["text"] == t("internal_error", "fr")
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(str(user) in line and "16 characters" in line for line in logged), logged
    assert not any("wifi" in line for line in logged), logged


class BrokenRasa:
    """A REST channel on localhost that answers nothing usable: `[]` (as Rasa does when the
    action server is down or restarting), or no answer at all within the gateway's timeout."""

    def __init__(self, *, hang: bool) -> None:
        hang_for = 5.0 if hang else 0.0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                time.sleep(hang_for)
                body = b"[]"
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the gateway may have given up waiting
                    self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self.url
        finally:
            self.server.shutdown()
            self.server.server_close()


@pytest.mark.parametrize("hang", [False, True], ids=["empty answer", "no answer in time"])
def test_an_empty_or_late_answer_from_rasa_gets_the_apology_in_the_users_language(
    assistant: Assistant, hang: bool
) -> None:
    user = new_user()
    with FakeTelegram(limits=Limits(scale=10)).running() as server, BrokenRasa(hang=hang).running() as url:
        config = gateway_config(server, assistant, rasa_url=url, rasa_timeout=1.0)
        with running_gateway(config, server):
            reply = say(server, user, "Où est le wifi ?", language_code="fr")
    assert reply["text"] == t("internal_error", "fr")


# ------------------------------------------------------------------ the inbox: questions passed on


def test_a_question_passed_on_reaches_the_organiser_whose_reply_reaches_the_participant(
    assistant: Assistant, db: Callable[..., Any]
) -> None:
    participant, organiser = new_user(), new_user()

    def make_organiser(session: Session) -> None:
        event = current_event(session)
        assert event is not None
        organisers.grant(session, event, organiser, granted_by="cli")

    db(make_organiser)
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = gateway_config(server, assistant)
        extensions, background = [add_organiser_commands, add_inbox_commands], [outbox_and_reminders]
        with running_gateway(config, server, extensions=extensions, background=background):
            unanswered = say(
                server, participant, "Y a-t-il un dentiste de garde sur le site ?", language_code="fr"
            )
            offer = keyboard(unanswered)[-1]
            assert offer["text"] == t("button_pass_on", "fr")
            before = len(server.sent(participant))
            press(
                server, participant, offer["callback_data"], message_id=next(_message_ids), language_code="fr"
            )
            assert replies(server, participant, before, 1)[0]["text"] == t("passed_on_telegram", "fr")
            notice = server.wait_sent(organiser, 1, timeout=30)[0]["text"]
            (number,) = re.findall(r"/answer (\d+)", notice)
            assert "dentiste de garde" in notice
            before = len(server.sent(participant))
            told = say(server, organiser, f"/answer {number} Oui : la pharmacie de l'hôtel de ville.")
            assert told["text"] == t("inbox_answered", "en", id=number)
            reply = server.wait_sent(participant, before + 1, timeout=30)[before]["text"]
            assert reply == t(
                "inbox_reply", "fr", question="Y a-t-il un dentiste de garde sur le site ?",
                answer="Oui : la pharmacie de l'hôtel de ville.",
            )  # fmt: skip
            # Added to the FAQ, the answer is given at once to the next participant who asks.
            assert say(server, organiser, f"/faq {number}")["text"] == t("inbox_done_faq", "en", id=number)
            again = say(server, new_user(), "Y a-t-il un dentiste de garde sur le site ?", language_code="fr")
            assert "la pharmacie de l'hôtel de ville" in again["text"]
            # A participant may not answer, nor list the inbox: refused, and nothing is sent.
            for command in (f"/answer {number} hacked", "/inbox", f"/dismiss {number}", f"/faq {number}"):
                assert say(server, participant, command, language_code="fr")["text"] == t(
                    "organiser_only", "fr"
                )
        assert server.violations == []


# ------------------------------------------------------------------ mentors on call


def test_a_team_calls_the_mentor_whose_expertise_fits_who_takes_it_and_the_team_is_told(
    assistant: Assistant, db: Callable[..., Any]
) -> None:
    participant, lawyer, speaker = new_user(), new_user(), new_user()

    def link_mentors(session: Session) -> None:
        event = current_event(session)
        assert event is not None
        links.link(session, event, "Marc-Antoine Leroy", lawyer, by="cli")
        links.link(session, event, "Sophie Chen", speaker, by="cli")

    db(link_mentors)
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = gateway_config(server, assistant)
        extensions = [add_organiser_commands, add_inbox_commands, add_mentor_commands]
        with running_gateway(config, server, extensions=extensions, background=[outbox_and_reminders]):
            found = say(server, participant, "qui peut nous aider sur le RGPD ?", language_code="fr")
            assert "Marc-Antoine Leroy" in found["text"] and "Mardi matin" in found["text"]  # who, and when
            call = keyboard(found)[-1]
            assert call["text"] == t("button_call_mentor", "fr")
            before = len(server.sent(participant))
            press(
                server, participant, call["callback_data"], message_id=next(_message_ids), language_code="fr"
            )
            asked = replies(server, participant, before, 1)[0]["text"]
            assert asked == t(
                "form_ask_mentor_place",
                "fr",
                mentors="Marc-Antoine Leroy",
                topic="qui peut nous aider sur le RGPD ?",
            )
            sent = say(server, participant, "table 12", language_code="fr")["text"]
            (number,) = re.findall(r"n° (\d+)", sent)
            notice = server.wait_sent(lawyer, 1, timeout=30)[0]
            assert "RGPD" in notice["text"] and "table 12" in notice["text"]
            assert server.sent(speaker) == []  # her expertise does not fit
            come = keyboard(notice)[0]
            assert come["callback_data"] == f"mentor:come:{number}"
            # Someone who is no mentor cannot take it, even with the button's data.
            before = len(server.sent(participant))
            press(
                server, participant, come["callback_data"], message_id=next(_message_ids), language_code="fr"
            )
            assert replies(server, participant, before, 1)[0]["text"] == t("mentor_only", "fr")
            press(server, lawyer, come["callback_data"], message_id=next(_message_ids))
            told = server.wait_sent(participant, before + 2, timeout=30)[before + 1]["text"]
            need = "qui peut nous aider sur le RGPD ?"
            assert told == t(
                "mentor_request_coming", "fr", mentor="Marc-Antoine Leroy", topic=need, place="table 12"
            )
            claimed = t("mentor_claimed", "en", id=number, team=t("mentor_request_no_team", "en"), topic=need,
                        place="table 12")  # fmt: skip
            assert claimed in [m["text"] for m in server.wait_sent(lawyer, 2, timeout=30)]
        assert server.violations == []


# ------------------------------------------------------------------ hackbot telegram, hackbot serve


def test_hackbot_telegram_runs_beside_the_stack_and_stops_on_sigterm(
    assistant: Assistant, workdir: Path
) -> None:
    user = new_user()
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = StackConfig(
            rasa_port=assistant.stack.config.rasa_port,
            database_url=assistant.url,
            log_dir=workdir / "log-gateway",
            telegram=True,
            extra_env={
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TELEGRAM_CHAT_INTERVAL": "0.1",
            },
        )
        process = start_telegram(config)
        try:
            reply = say(server, user, "/now")
        finally:
            stop(Stack(config, {"telegram": process}))
    assert reply["text"] == rasa_text(assistant, "/ask_now")
    assert process.returncode == 0
    log = (config.log_dir / "telegram.log").read_text(encoding="utf-8")
    assert TELEGRAM_READY in log and "long polling" in log
    assert TOKEN not in log  # request URLs (which hold the token) are not logged


# ------------------------------------------------------------------ extension points


def test_extensions_add_commands_and_background_coroutines_run_while_the_gateway_runs(
    assistant: Assistant,
) -> None:
    user = new_user()

    async def pong(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await send(context, update.effective_chat.id, "pong")

    def add_ping(application: Any) -> None:
        application.add_handler(CommandHandler("ping", pong))

    async def worker(gateway: Gateway, stop: asyncio.Event) -> None:
        await gateway.pacer.reply_turn(user)
        await gateway.bot.send_message(user, "worker started")
        await stop.wait()
        await gateway.pacer.reply_turn(user)  # spaced from the gateway's own replies to this chat
        await gateway.bot.send_message(user, "worker stopping")  # the bot can still send

    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = gateway_config(server, assistant)
        with running_gateway(config, server, extensions=[add_ping], background=[worker]):
            assert server.wait_sent(user)[0]["text"] == "worker started"
            assert say(server, user, "/ping")["text"] == "pong"  # not the catch-all's /help
        assert [m["text"] for m in server.sent(user)][-1] == "worker stopping"


# ------------------------------------------------------------------ webhook mode


def test_webhook_mode_checks_the_secret(assistant: Assistant) -> None:
    port = free_port()
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = gateway_config(
            server,
            assistant,
            webhook_url="https://bot.example.org/hooks/telegram",
            webhook_secret="s3cret-token",
            webhook_port=port,
        )
        with running_gateway(config, server, ready="setWebhook", calls=1):
            assert server.webhook is not None
            assert server.webhook["url"] == "https://bot.example.org/hooks/telegram"
            assert server.webhook["secret_token"] == "s3cret-token"
            user = new_user()
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": user, "type": "private", "first_name": "Ana"},
                    "from": {"id": user, "is_bot": False, "first_name": "Ana", "language_code": "en"},
                    "text": "/subscribe",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
                },
            }
            address = f"http://127.0.0.1:{port}/hooks/telegram"
            eventually(lambda: listening(port))  # Telegram is told the address just before it listens
            forged = httpx.post(address, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert forged.status_code == 403
            genuine = httpx.post(
                address, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            )
            assert genuine.status_code == 200
            assert server.wait_sent(user)[0]["text"] == t("telegram_subscribed", "en", event=EVENT_NAME["en"])


# ------------------------------------------------------------------ data rights


@pytest.mark.parametrize(("lang", "confirm"), [("en", "/forget yes"), ("fr", "/forget oui")])
def test_mydata_shows_what_is_kept_and_forget_erases_it_after_a_confirmation(
    fake: FakeTelegram, lang: str, confirm: str
) -> None:
    user = new_user()
    welcome = say(fake, user, "/start", language_code=lang)["text"]
    assert "/mydata" in welcome and "/forget" in welcome  # the notice says how
    shown = say(fake, user, "/mydata", language_code=lang)["text"]
    assert shown.startswith(t("privacy_header", lang))
    assert EVENT_NAME[lang] in shown and "fenua-innovation-2027" not in shown  # its name, not its slug
    asked = say(fake, user, "/forget", language_code=lang)["text"]
    assert asked == t("privacy_forget_ask", lang, teams="")
    assert say(fake, user, "/mydata", language_code=lang)["text"].startswith(t("privacy_header", lang))
    assert say(fake, user, confirm, language_code=lang)["text"] == t("privacy_forget_done", lang)
    assert say(fake, user, "/mydata", language_code=lang)["text"] == t("privacy_nothing", lang)


def test_someone_flooding_is_asked_to_wait_once_and_others_are_answered(fake: FakeTelegram) -> None:
    flooder, other = new_user(), new_user()
    for i in range(25):
        fake.push_message(flooder, f"hello {i}", language_code="en")
    assert say(fake, other, "hello")["text"]  # someone else is answered meanwhile
    fake.wait_for(
        lambda: any(m["text"].startswith("You are writing very fast") for m in fake.sent(flooder)), 60
    )
    time.sleep(1.0)
    texts = [m["text"] for m in fake.sent(flooder)]
    told = [text for text in texts if text.startswith("You are writing very fast")]
    assert len(told) == 1 and "please wait" in told[0]
    assert 10 <= len(texts) - 1 < 25  # the burst was answered, the flood was not


def test_asking_about_ones_data_in_words_is_answered_like_the_commands(fake: FakeTelegram) -> None:
    user = new_user()
    say(fake, user, "/start", language_code="fr")
    assert say(fake, user, "Que savez-vous de moi ?", language_code="fr")["text"].startswith(
        t("privacy_header", "fr")
    )
    assert say(fake, user, "supprimer mes données", language_code="fr")["text"] == t(
        "privacy_forget_ask", "fr", teams=""
    )
