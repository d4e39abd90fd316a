"""The team actions run as the action server runs them: a Tracker built in code, the exact events checked.

The demo event is current and its registration open (frozen clock); the database is real
(SQLite, and PostgreSQL when TEST_DATABASE_URL is set), found through DATABASE_URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from support.packs import DEMO_PACK

from actions.join_form import ValidateJoinForm
from actions.my_team import ActionMyTeam
from actions.team_form import ActionAskTeamChallenge, ActionTeamFormDone, ValidateTeamForm
from bot.core.db import make_engine, session_scope
from bot.core.texts import t
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.teams.registration import create_team, get_or_create_participant, team_of

OPEN_NOW = "2027-03-01T09:00"
DEMO = parse_pack(DEMO_PACK)
assert DEMO.teams is not None and DEMO.teams.registration_opens is not None
OPENED = DEMO.teams.registration_opens
TEAM_SLOTS_RESET = [
    SlotSet("team_name", None),
    SlotSet("team_challenge", None),
    SlotSet("team_members", None),
    SlotSet("team_email", None),
    SlotSet("team_confirmed", None),
]


@pytest.fixture
def database(migrated_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, DEMO, make_current=True)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", migrated_db_url)
    monkeypatch.setenv("HACKBOT_NOW", OPEN_NOW)
    yield migrated_db_url


def tracker(
    text: str,
    intent: str,
    *,
    confidence: float = 0.99,
    slots: dict[str, Any] | None = None,
    form: str | None = None,
    sender: str = "tester",
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id=sender,
        slots={"language": "en", "language_choice": None, "requested_slot": None, **(slots or {})},
        latest_message=message,
        events=[{"event": "user", "text": text, "parse_data": message, "input_channel": "rest"}],
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action.run(dispatcher, tracker, {}))
    return result, dispatcher.messages


def register_team(
    url: str, sender: str, name: str = "Les Pionniers", members: list[str] | None = None
) -> str:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = current_event(session)
            assert event is not None
            captain = get_or_create_participant(session, "rest", sender)
            team = create_team(
                session,
                event,
                captain,
                name=name,
                challenge=DEMO.challenges[0].id,
                members=members if members is not None else ["Tevita", "Moana"],
                email="cap@gov.pf",
                now=OPENED,
                captain_name="Hina",
            )
            return team.join_code
    finally:
        engine.dispose()


def test_team_form_start_clears_the_form_for_a_new_team(database: str) -> None:
    events, messages = run(ValidateTeamForm(), tracker("register my team", "register_team", form="team_form"))
    assert messages == []
    assert events == [
        SlotSet("language", "en"),
        *TEAM_SLOTS_RESET,
        SlotSet("team_mode", "create"),
        SlotSet("form_failures", None),
    ]


def test_team_form_start_refuses_and_closes_for_a_team_member(database: str) -> None:
    register_team(database, "tester")
    events, messages = run(ValidateTeamForm(), tracker("register my team", "register_team", form="team_form"))
    assert [m["text"] for m in messages] == [t("error_already_in_team", "en")]
    assert events == [
        SlotSet("language", "en"),
        *TEAM_SLOTS_RESET,
        SlotSet("team_mode", None),
        SlotSet("form_failures", None),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
    ]


def test_team_name_answer_fills_the_slot(database: str) -> None:
    slots = {"requested_slot": "team_name", "team_mode": "create"}
    events, messages = run(
        ValidateTeamForm(), tracker("Blue Lagoon", "inform", slots=slots, form="team_form")
    )
    assert messages == []
    assert events == [
        SlotSet("language", "en"),
        SlotSet("team_name", "Blue Lagoon"),
        SlotSet("form_failures", 0),
    ]


def test_a_question_midway_returns_no_event_so_the_form_is_rejected(database: str) -> None:
    slots = {"requested_slot": "team_name", "team_mode": "create"}
    question = tracker("when is lunch?", "ask_session", confidence=0.97, slots=slots, form="team_form")
    assert run(ValidateTeamForm(), question) == ([], [])


def test_an_answer_in_another_language_does_not_switch_the_reply_language(database: str) -> None:
    slots = {"requested_slot": "team_name", "team_mode": "create", "language": "fr"}
    events, _ = run(ValidateTeamForm(), tracker("The Pathfinders", "inform", slots=slots, form="team_form"))
    assert events[0] == SlotSet("language", "fr")


def test_challenge_question_offers_one_inform_button_per_challenge(database: str) -> None:
    slots = {"requested_slot": "team_challenge"}
    _, messages = run(
        ActionAskTeamChallenge(), tracker("Blue Lagoon", "inform", slots=slots, form="team_form")
    )
    assert messages[0]["text"] == t("form_ask_team_challenge", "en")
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        f'/inform{{"challenge":"{c.id}"}}' for c in DEMO.challenges
    ]
    assert all(len(b["payload"].encode()) <= 64 for b in messages[0]["buttons"]), (
        "Telegram's callback_data limit"
    )


def test_form_done_reports_the_saved_team_and_clears_the_form(database: str) -> None:
    code = register_team(database, "tester")
    slots = {"team_confirmed": True, "team_mode": "create"}
    events, messages = run(ActionTeamFormDone(), tracker("yes", "affirm", slots=slots))
    assert [m["text"] for m in messages] == [t("team_registered", "en", name="Les Pionniers", code=code)]
    assert events == [
        SlotSet("language", "en"),
        *TEAM_SLOTS_RESET,
        SlotSet("team_mode", None),
        SlotSet("form_failures", None),
    ]


def test_join_with_a_code_and_a_listed_channel_name_joins_at_once(database: str) -> None:
    code = register_team(database, "captain", members=["Tevita", "Moana"])
    message = tracker(
        f"join {code}", "join_team", form="join_form", sender="joiner", metadata={"display_name": "Moana"}
    )
    events, messages = run(ValidateJoinForm(), message)
    assert messages == []
    assert events == [
        SlotSet("language", "en"),
        SlotSet("join_name", "Moana"),
        SlotSet("form_failures", 0),
        SlotSet("join_code", code),
    ]
    _, shown = run(ActionMyTeam(), tracker("my team", "my_team", sender="joiner"))
    assert "Moana" in shown[0]["text"] and "cap@gov.pf" not in shown[0]["text"]


def test_my_team_shows_the_email_to_the_captain_only(database: str) -> None:
    register_team(database, "captain")
    _, shown = run(ActionMyTeam(), tracker("my team", "my_team", sender="captain"))
    assert "cap@gov.pf" in shown[0]["text"]


def test_telegram_sender_is_a_participant_of_the_telegram_channel(database: str) -> None:
    code = register_team(database, "captain", members=["Tevita", "Moana"])
    message = tracker(
        f'/join_team{{"code":"{code}"}}',
        "join_team",
        form="join_form",
        sender="telegram-777001",
        metadata={"display_name": "Moana"},
    )
    message.latest_message["entities"] = [{"entity": "code", "value": code}]
    events, _ = run(ValidateJoinForm(), message)
    assert SlotSet("join_name", "Moana") in events
    engine = make_engine(database)
    try:
        with session_scope(engine) as session:
            participant = get_or_create_participant(session, "telegram", "777001")
            event = current_event(session)
            assert event is not None and team_of(session, event, participant) is not None
    finally:
        engine.dispose()
