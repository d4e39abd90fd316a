"""Join codes can't be guessed: a message is tried for the one or two codes it clearly offers,
wrong ones are counted per person, and too many lock that person's codes out for a while."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session
from support.form_chat import FormChat
from support.team_packs import NOW, load_event

from bot.core.models import Event
from bot.core.texts import t
from bot.teams import join_codes
from bot.teams.join_codes import JOIN_CODE_ALPHABET, offered_codes
from bot.teams.registration import create_team, get_or_create_participant
from bot.teams.roster import list_teams


@pytest.fixture
def event(session: Session) -> Event:
    return load_event(session)


@pytest.fixture
def code(session: Session, event: Event) -> str:
    captain = get_or_create_participant(session, "rest", "captain", "Marie Dupont")
    team = create_team(
        session, event, captain, name="Blue Lagoon", challenge="water",
        members=["Jean Martin", "Léa Roux"], email="marie@example.org", now=NOW,
    )  # fmt: skip
    return team.join_code


def joiner(session: Session, event: Event, now: dt.datetime = NOW, user: str = "guesser") -> FormChat:
    return FormChat(session, event, now, user_id=user, lang="en")


@pytest.mark.parametrize(
    ("text", "asked", "offered"),
    [
        ("join K7Q2MX", False, ["K7Q2MX"]),
        ("voilà le code : k7q-2mx", False, ["K7Q2MX"]),
        ("codes K7Q2MX or K7Q2MY", False, ["K7Q2MX", "K7Q2MY"]),
        ("join please", False, []),  # a word, not a code
        ("kqmxab", True, ["KQMXAB"]),  # the only token, when a code was asked for
        ("join kqmxab", False, []),
        ("ZZZ000", False, []),  # 0 and O, 1 and I are no code's signs
        ("A2B3C4 D5E6F7 G8H9J2", False, []),  # a list of guesses: none is tried
    ],
)
def test_a_message_offers_the_codes_it_clearly_gives(text: str, asked: bool, offered: list[str]) -> None:
    assert offered_codes(text, asked=asked) == offered


def test_a_message_carrying_a_hundred_codes_joins_nothing_even_with_the_right_one(
    session: Session, event: Event, code: str
) -> None:
    rng = random.Random(7)
    guesses = ["".join(rng.choice(JOIN_CODE_ALPHABET) for _ in range(5)) + "7" for _ in range(99)]
    text = " ".join([*guesses[:50], code, *guesses[50:]])
    c = joiner(session, event)
    assert c.start("join_form", f"join {text}", "join_team") == [t("form_ask_join_code", "en")]
    assert len(list_teams(session, event)[0].members) == 3
    participant = get_or_create_participant(session, "rest", "guesser")
    assert join_codes.locked_until(session, event, participant, NOW) is None


def test_five_wrong_codes_lock_code_entry_for_fifteen_minutes_then_it_opens_again(
    session: Session, event: Event, code: str
) -> None:
    c = joiner(session, event)
    for attempt in range(4):
        wrong = "".join(random.Random(attempt).choice("ABCDEFGH") for _ in range(5)) + "2"
        c.start("join_form", f"join {wrong}", "join_team")
    locked = joiner(session, event).start("join_form", "join ZZZ999", "join_team")
    assert locked == [t("error_codes_locked", "en", minutes=15)]
    # Locked: even the right code is not tried, and this says nothing about it.
    ten_minutes_later = NOW + dt.timedelta(minutes=10)
    assert joiner(session, event, ten_minutes_later).start("join_form", f"join {code}", "join_team") == [
        t("error_codes_locked", "en", minutes=5)
    ]
    # Released after fifteen minutes: the right code joins, and the count starts again.
    later = NOW + dt.timedelta(minutes=15, seconds=1)
    reply = joiner(session, event, later).start("join_form", f"join {code}", "join_team")
    assert reply == [t("form_ask_join_name_listed", "en", team="Blue Lagoon")]
    participant = get_or_create_participant(session, "rest", "guesser")
    assert join_codes.record_failures(session, event, participant, later) is None


def test_wrong_codes_of_one_person_do_not_lock_another(session: Session, event: Event, code: str) -> None:
    for _ in range(5):
        joiner(session, event).start("join_form", "join ZZZ999", "join_team")
    reply = joiner(session, event, user="teammate").start("join_form", f"join {code}", "join_team")
    assert reply == [t("form_ask_join_name_listed", "en", team="Blue Lagoon")]


def test_new_codes_hold_a_digit_and_a_letter(session: Session) -> None:
    event = load_event(session, max_teams=40)
    for i in range(40):
        captain = get_or_create_participant(session, "rest", f"c{i}", f"Captain {i}")
        team = create_team(
            session, event, captain, name=f"Team number {i}", challenge="water",
            members=[], email="c@example.org", now=NOW,
        )  # fmt: skip
        assert any(ch.isdigit() for ch in team.join_code) and any(ch.isalpha() for ch in team.join_code)
