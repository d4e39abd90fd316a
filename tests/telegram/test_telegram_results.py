"""/publish_results and /unpublish_results with the real gateway (its organiser commands and its outbox
worker) against the fake Telegram Bot API server: the preview in French and English with the number
of subscribers, Publish, Publish and announce (one message per subscriber, in their language),
Cancel, a second press, a preview made stale by a reloaded pack, and refusals. No Rasa is needed.
"""

from __future__ import annotations

import os
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

from bot.broadcast import publication
from bot.broadcast.limits import SendLimits
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.models import AuditEntry, Broadcast, Event
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.events.results import results_are_public
from bot.telegram.config import TelegramConfig
from bot.telegram.organisers import add_organiser_commands, outbox_and_reminders

AFTER_THE_EVENT = "2027-03-18T10:00"
"""No reminder falls due then: subscribers only receive what these tests send."""
ORGANISER = 710_001
FRENCH_READERS = [720_000 + i for i in range(3)]
ENGLISH_READERS = [720_100 + i for i in range(3)]
SUBSCRIBERS = FRENCH_READERS + ENGLISH_READERS
_users = count(730_001)
_message_ids = count(1)

Db = Callable[[Callable[[Session], Any]], Any]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('results') / 'results.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
        event = current_event(session)
        assert event is not None
        organisers.grant(session, event, ORGANISER, granted_by="cli")
        for chat_id in FRENCH_READERS:
            subscriptions.subscribe(session, event, chat_id, language="fr")
        for chat_id in ENGLISH_READERS:
            subscriptions.subscribe(session, event, chat_id, language="en")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def db(database: str) -> Iterator[Db]:
    engine = make_engine(database)

    def in_session(work: Callable[[Session], Any]) -> Any:
        with session_scope(engine) as session:
            return work(session)

    yield in_session
    engine.dispose()


@pytest.fixture(scope="module")
def fake(database: str) -> Iterator[FakeTelegram]:
    before = os.environ.get("HACKBOT_NOW")
    os.environ["HACKBOT_NOW"] = AFTER_THE_EVENT
    try:
        with FakeTelegram(limits=Limits(scale=10)).running() as server:
            config = TelegramConfig(
                token=TOKEN,
                api_base_url=server.base_url,
                rasa_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: never reached
                database_url=database,
                send_limits=SendLimits(scale=10),
            )
            with running_gateway(
                config, server, extensions=[add_organiser_commands], background=[outbox_and_reminders]
            ):
                yield server
            assert server.violations == []
    finally:
        if before is None:
            os.environ.pop("HACKBOT_NOW", None)
        else:
            os.environ["HACKBOT_NOW"] = before


@pytest.fixture
def hidden(db: Db) -> None:
    """Each test starts with the demo pack's results loaded as in the pack, and not public."""

    def reset(session: Session) -> None:
        load_pack(session, parse_pack(DEMO_PACK))
        event = current_event(session)
        assert event is not None
        publication.unpublish(session, event, actor="test")

    db(reset)


def say(fake: FakeTelegram, user: int, text: str, language_code: str = "en") -> dict[str, Any]:
    """The message answering `text` (the demo pack's preview fits in one)."""
    before = len(fake.sent(user))
    fake.push_message(user, text, language_code=language_code)
    return fake.wait_sent(user, before + 1, timeout=30)[before]


def press(fake: FakeTelegram, user: int, data: str, language_code: str = "en") -> str:
    before = len(fake.sent(user))
    fake.push_callback(user, data, message_id=next(_message_ids), language_code=language_code)
    return str(fake.wait_sent(user, before + 1, timeout=30)[before]["text"])


def buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    return [row[0] for row in (message.get("reply_markup") or {}).get("inline_keyboard") or []]


def the_event(session: Session) -> Event:
    event = current_event(session)
    assert event is not None
    return event


def is_public(db: Db) -> bool:
    return bool(db(lambda s: results_are_public(the_event(s))))


def audit_actions(db: Db, actor_id: int) -> list[str]:
    actor = organisers.telegram_actor(actor_id)
    query = select(AuditEntry.action).where(AuditEntry.actor == actor).order_by(AuditEntry.id)
    return list(db(lambda s: list(s.scalars(query))))


def received(fake: FakeTelegram, chat: int, fragment: str) -> int:
    return sum(fragment in m["text"] for m in fake.sent(chat))


def preview(fake: FakeTelegram, lang: str = "en") -> dict[str, str]:
    """/publish_results: the preview's buttons by their position (publish, announce, cancel)."""
    found = buttons(say(fake, ORGANISER, "/publish_results", lang))
    assert len(found) == 3
    return {
        name: b["callback_data"] for name, b in zip(("publish", "announce", "cancel"), found, strict=True)
    }


@pytest.mark.usefixtures("hidden")
@pytest.mark.parametrize("command", ["/publish_results", "/unpublish_results"])
def test_a_participant_is_refused_and_nothing_changes(fake: FakeTelegram, db: Db, command: str) -> None:
    user = next(_users)
    assert say(fake, user, command, "fr")["text"] == t("organiser_only", "fr")
    assert not is_public(db)
    assert audit_actions(db, user) == ["refused"]


@pytest.mark.usefixtures("hidden")
def test_the_preview_shows_both_languages_and_the_subscribers_then_publish(
    fake: FakeTelegram, db: Db
) -> None:
    message = say(fake, ORGANISER, "/publish_results", "fr")
    text = message["text"]
    event = db(the_event)
    for lang in ("fr", "en"):
        assert publication.announcement_text(event, lang) in text
    assert t("results_preview_recipients", "fr", count=len(SUBSCRIBERS)) in text
    assert [b["text"] for b in buttons(message)] == [
        t("button_results_publish", "fr"),
        t("button_results_announce", "fr"),
        t("button_announce_cancel", "fr"),
    ]
    assert not is_public(db), "nothing is published by the preview"

    publish = buttons(message)[0]["callback_data"]
    assert press(fake, ORGANISER, publish, "fr") == t("results_published", "fr", name=event.name["fr"])
    assert is_public(db)
    edits = [c for c in fake.calls_to("editMessageReplyMarkup") if int(c.params["chat_id"]) == ORGANISER]
    assert edits, "the preview loses its buttons"
    # A second press of any button of the same preview does nothing more.
    assert press(fake, ORGANISER, publish, "fr") == t("results_preview_used", "fr")
    assert all(received(fake, chat, "Te Ara") == 0 for chat in SUBSCRIBERS), "Publish alone sends nothing"
    assert audit_actions(db, ORGANISER)[-2:] == ["results.previewed", "results.published"]


@pytest.mark.usefixtures("hidden")
def test_publish_and_announce_sends_one_message_per_subscriber_in_their_language(
    fake: FakeTelegram, db: Db
) -> None:
    event = db(the_event)
    texts = {lang: publication.announcement_text(event, lang) for lang in ("fr", "en")}
    before = {chat: len(fake.sent(chat)) for chat in SUBSCRIBERS}
    reply = press(fake, ORGANISER, preview(fake)["announce"])
    assert reply == t("results_published_announced", "en", count=len(SUBSCRIBERS))
    assert is_public(db)
    for chat in SUBSCRIBERS:
        fake.wait_for(lambda chat=chat: len(fake.sent(chat)) > before[chat], timeout=20)
    assert audit_actions(db, ORGANISER)[-3:] == ["results.previewed", "results.published", "broadcast.queued"]
    assert press(fake, ORGANISER, preview(fake)["cancel"]) == t("results_publication_cancelled", "en")
    # Each subscriber got the results once, in their language (checked after a few more exchanges).
    for chats, lang in ((FRENCH_READERS, "fr"), (ENGLISH_READERS, "en")):
        for chat in chats:
            assert [m["text"] for m in fake.sent(chat)[before[chat] :]] == [texts[lang]]


@pytest.mark.usefixtures("hidden")
def test_cancel_publishes_nothing(fake: FakeTelegram, db: Db) -> None:
    assert press(fake, ORGANISER, preview(fake)["cancel"]) == t("results_publication_cancelled", "en")
    assert not is_public(db)
    assert audit_actions(db, ORGANISER)[-1] == "results.publication_cancelled"
    drafts = db(lambda s: s.scalar(select(func.count(Broadcast.id)).where(Broadcast.status == "draft")))
    assert drafts == 0, "a decided preview leaves no draft behind"


@pytest.mark.usefixtures("hidden")
def test_a_participant_pressing_the_organisers_button_is_refused(fake: FakeTelegram, db: Db) -> None:
    choices = preview(fake)
    intruder = next(_users)
    assert press(fake, intruder, choices["announce"], "fr") == t("organiser_only", "fr")
    assert not is_public(db)
    assert audit_actions(db, intruder) == ["refused"]
    # The organiser's own choice still works afterwards.
    assert press(fake, ORGANISER, choices["publish"]).startswith("Published")


@pytest.mark.usefixtures("hidden")
def test_results_changed_after_the_preview_are_not_published_unseen(fake: FakeTelegram, db: Db) -> None:
    choices = preview(fake)

    def correct(session: Session) -> None:
        pack = parse_pack(DEMO_PACK)
        assert pack.results is not None
        awards = list(pack.results.awards)
        awards[0] = awards[0].model_copy(update={"team": "Te Ara Hou"})
        load_pack(
            session, pack.model_copy(update={"results": pack.results.model_copy(update={"awards": awards})})
        )

    db(correct)
    assert press(fake, ORGANISER, choices["announce"]) == t("results_preview_stale", "en")
    assert not is_public(db)
    assert audit_actions(db, ORGANISER)[-1] == "results.publication_refused"
    # The new preview shows the correction and can be published.
    message = say(fake, ORGANISER, "/publish_results", "en")
    assert "Te Ara Hou" in message["text"]
    assert press(fake, ORGANISER, buttons(message)[0]["callback_data"]).startswith("Published")
    assert is_public(db)


@pytest.mark.usefixtures("hidden")
def test_unpublish_asks_for_a_confirmation(fake: FakeTelegram, db: Db) -> None:
    assert say(fake, ORGANISER, "/unpublish_results")["text"] == t(
        "unpublish_not_public", "en", name="Fenua Public Innovation Hackathon 2027"
    )
    press(fake, ORGANISER, preview(fake)["publish"])
    assert is_public(db)

    confirm = say(fake, ORGANISER, "/unpublish_results", "fr")
    assert confirm["text"] == t("unpublish_confirm", "fr", name="Hackathon Fenua Innovation publique 2027")
    hide, cancel = (b["callback_data"] for b in buttons(confirm))
    assert press(fake, ORGANISER, cancel, "fr") == t("unpublish_cancelled", "fr")
    assert is_public(db)

    hide = buttons(say(fake, ORGANISER, "/unpublish_results", "fr"))[0]["callback_data"]
    intruder = next(_users)
    assert press(fake, intruder, hide) == t("organiser_only", "en")
    assert is_public(db)
    assert press(fake, ORGANISER, hide, "fr") == t(
        "unpublish_done", "fr", name="Hackathon Fenua Innovation publique 2027"
    )
    assert not is_public(db)
    assert press(fake, ORGANISER, hide, "fr").startswith("Les résultats de")  # not public: nothing to hide
    assert audit_actions(db, ORGANISER)[-6:] == [
        "results.previewed",
        "results.published",
        "results.unpublish_asked",
        "results.unpublish_cancelled",
        "results.unpublish_asked",
        "results.unpublished",
    ]
