"""Each action, run as the action server runs it: a Tracker built in code, the exact events checked.

The database is a real one (a SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set) found through DATABASE_URL, as in production.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from support.packs import DEMO_PACK, shared_pack

from actions.challenges import ActionChallenges
from actions.conversation import ActionChangeLanguage, ActionGreet
from actions.results import ActionResults
from actions.rules import ActionFaq
from actions.schedule import ActionNext, ActionNow
from actions.session import ActionSessionStart
from bot.answers.conversation import answer_no_event
from bot.core.db import PROJECT_ROOT, make_engine, session_scope
from bot.core.texts import t
from bot.events import lookup, subscriptions
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.understanding.encoder import HANDED_VECTOR_KEY, E5Small, handed_vector, shared_encoder


@pytest.fixture
def database(migrated_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database holding the INAP pack (current) and the demo pack."""
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK))
        load_pack(session, parse_pack(shared_pack("digital-leadership-2021.yml")), make_current=True)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", migrated_db_url)
    monkeypatch.setenv("HACKBOT_NOW", "2021-09-20T12:45")  # during lunch on day 1
    yield migrated_db_url


def tracker(
    text: str,
    intent: str,
    *,
    slots: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": [],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id="tester",
        slots={"language": None, "language_choice": None, **(slots or {})},
        latest_message=message,
        events=[{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action.run(dispatcher, tracker, {}))
    return result, dispatcher.messages


def titles(pack: str, section: str, lang: str) -> dict[str, str]:
    data = yaml.safe_load(shared_pack(pack).read_text(encoding="utf-8"))
    return {item["id"]: item["title"][lang] for item in data[section]}


def test_every_action_in_the_domain_is_served_and_no_other() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(executor.actions) == set(domain["actions"])


def test_now_during_lunch_answers_from_the_current_event_in_english(database: str) -> None:
    result, messages = run(ActionNow(), tracker("what's on right now?", "ask_now"))
    assert result == [SlotSet("language", "en")]
    assert len(messages) == 1
    sessions = titles("digital-leadership-2021.yml", "sessions", "en")
    assert sessions["lunch-1"] in messages[0]["text"]
    assert sessions["hacking-day-1"] in messages[0]["text"]


def test_next_after_lunch_in_french(database: str) -> None:
    result, messages = run(ActionNext(), tracker("et ensuite, c'est quoi ?", "ask_next"))
    assert result == [SlotSet("language", "fr")]
    assert titles("digital-leadership-2021.yml", "sessions", "fr")["hacking-day-2"] in messages[0]["text"]


def test_channel_language_code_wins_over_the_message(database: str) -> None:
    result, messages = run(
        ActionChallenges(), tracker("challenges", "ask_challenges", metadata={"language_code": "fr-FR"})
    )
    assert result == [SlotSet("language", "fr")]
    for title in titles("digital-leadership-2021.yml", "challenges", "fr").values():
        assert title in messages[0]["text"]


def test_challenge_list_offers_one_button_per_challenge(database: str) -> None:
    _, messages = run(ActionChallenges(), tracker("What are the challenges?", "ask_challenges"))
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    keys = titles("digital-leadership-2021.yml", "challenges", "en").keys()
    assert payloads == [f'/ask_challenge{{"challenge":"{key}"}}' for key in keys]


def test_asking_for_a_language_sets_the_choice(database: str) -> None:
    result, messages = run(ActionChangeLanguage(), tracker("parle anglais stp", "change_language"))
    assert result == [SlotSet("language", "en"), SlotSet("language_choice", "en")]
    assert messages[0]["text"]


def test_an_earlier_choice_outlasts_a_message_in_the_other_language(database: str) -> None:
    result, _ = run(
        ActionGreet(), tracker("Bonjour !", "greet", slots={"language": "en", "language_choice": "en"})
    )
    assert result == [SlotSet("language", "en")]


def test_results_are_not_public_before_publication(database: str) -> None:
    result, messages = run(ActionResults(), tracker("Who won?", "ask_results"))
    assert result == [SlotSet("language", "en")]
    data = yaml.safe_load(shared_pack("digital-leadership-2021.yml").read_text(encoding="utf-8"))
    for award in data["results"]["awards"]:
        assert award["team"] not in messages[0]["text"]


def test_without_a_current_event_the_bot_says_so(database: str) -> None:
    engine = make_engine(database)
    with session_scope(engine) as session:
        current = lookup.current_event(session)
        assert current is not None
        session.get(type(current), current.id).is_current = False  # type: ignore[union-attr]
    engine.dispose()
    result, messages = run(ActionNow(), tracker("Qu'est-ce qui se passe maintenant ?", "ask_now"))
    assert result == [SlotSet("language", "fr")]
    assert messages[0]["text"] == answer_no_event("fr").text


def test_a_broken_database_still_gets_an_apology_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A database file with no tables: every query fails.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result, messages = run(ActionNow(), tracker("what's on right now?", "ask_now"))
    assert result == []
    assert messages[0]["text"] == t("internal_error", "en")
    assert "action_now failed" in caplog.text and "(a message of 20 characters)" in caplog.text
    assert "right now" not in caplog.text  # what people write is never logged


def test_new_session_carries_each_changed_slot_once_with_its_last_value() -> None:
    domain = {
        "slots": {
            "language": {"type": "text"},
            "language_choice": {"type": "text"},
            "team_confirmed": {"type": "bool", "initial_value": False},
            "team_name": {"type": "text"},
        }
    }
    ending = tracker(
        "hello",
        "greet",
        slots={"language": "fr", "language_choice": "en", "team_confirmed": False, "team_name": None},
    )
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionSessionStart().run(dispatcher, ending, domain))
    assert result == [
        SessionStarted(),
        SlotSet("language", "fr"),
        SlotSet("language_choice", "en"),
        ActionExecuted("action_listen"),
    ]
    assert dispatcher.messages == []


def test_new_session_keeps_the_form_in_progress() -> None:
    in_form = tracker(
        "Les Navigateurs", "inform", slots={"language": "en", "requested_slot": "team_challenge"}
    )
    in_form.active_loop = {"name": "team_form"}
    result = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), in_form, {"slots": {}}))
    assert result == [
        SessionStarted(),
        SlotSet("language", "en"),
        SlotSet("requested_slot", "team_challenge"),
        ActiveLoop("team_form"),
        ActionExecuted("action_listen"),
    ]


def subscriber_language(url: str, chat_id: int) -> str | None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = lookup.current_event(session)
            assert event is not None
            found = subscriptions.find(session, event, chat_id)
            return found.language if found else None
    finally:
        engine.dispose()


def subscribe_in_french(url: str, *chat_ids: int) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = lookup.current_event(session)
        assert event is not None
        for chat_id in chat_ids:
            subscriptions.subscribe(session, event, chat_id, language="fr")
    engine.dispose()


def test_a_telegram_subscriber_who_asks_for_english_gets_announcements_in_english(database: str) -> None:
    subscribe_in_french(database, 4242, 5151)
    asking = tracker("in English please", "change_language")
    asking.sender_id = "telegram-4242"
    result, messages = run(ActionChangeLanguage(), asking)
    assert result == [SlotSet("language", "en"), SlotSet("language_choice", "en")]
    assert messages[0]["text"] == t("language_changed", "en")
    assert subscriber_language(database, 4242) == "en"
    assert subscriber_language(database, 5151) == "fr", "nobody else's subscription changes"


def test_asking_which_language_changes_no_subscription(database: str) -> None:
    subscribe_in_french(database, 4242)
    asking = tracker("/change_language", "change_language", slots={"language": "fr"})
    asking.sender_id = "telegram-4242"
    _, messages = run(ActionChangeLanguage(), asking)
    assert len(messages[0]["buttons"]) == 2
    assert subscriber_language(database, 4242) == "fr"


def test_a_user_who_is_not_subscribed_just_changes_language(database: str) -> None:
    asking = tracker("en français s'il vous plaît", "change_language")
    asking.sender_id = "telegram-777"
    result, _ = run(ActionChangeLanguage(), asking)
    assert result == [SlotSet("language", "fr"), SlotSet("language_choice", "fr")]
    assert subscriber_language(database, 777) is None


class CountingEncoder:
    """The real encoder, counting the questions it embeds."""

    def __init__(self, encoder: Any) -> None:
        self.encoder, self.name, self.embedded = encoder, encoder.name, []

    def queries(self, texts: Any) -> Any:
        self.embedded.extend(texts)
        return self.encoder.queries(texts)

    def passages(self, texts: Any) -> Any:
        return self.encoder.passages(texts)


def test_a_question_whose_vector_rasa_handed_over_is_not_embedded_again(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = shared_encoder()
    counting = CountingEncoder(shared.encoder)
    monkeypatch.setattr(shared, "encoder", counting)
    run_id = uuid.uuid4().hex[:6]  # the process's encoder remembers questions: new ones each run
    handed_text, other_text = (
        f"where can we leave our coats {run_id}?",
        f"is there somewhere for coats {run_id}?",
    )
    vector = E5Small(threads=1).queries([handed_text])[0]
    asked = tracker(handed_text, "ask_faq")
    asked.latest_message[HANDED_VECTOR_KEY] = handed_vector(shared.name, vector)
    _, handed_reply = run(ActionFaq(), asked)
    assert handed_text not in counting.embedded and (shared.known_query(handed_text) == vector).all()
    wrong = tracker(other_text, "ask_faq")
    wrong.latest_message[HANDED_VECTOR_KEY] = handed_vector("another model", vector)
    run(ActionFaq(), wrong)
    assert counting.embedded.count(other_text) == 1  # another model's vector is not taken
    monkeypatch.setattr(shared, "encoder", counting.encoder)
    shared._queries.pop(handed_text)
    _, embedded_reply = run(ActionFaq(), tracker(handed_text, "ask_faq"))
    assert handed_reply == embedded_reply  # the same answer as when it embeds the question itself
