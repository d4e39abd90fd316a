"""The audience's vote on Telegram with the real gateway (its public vote commands) against the fake
Telegram Bot API server, on SQLite and PostgreSQL (TEST_DATABASE_URL): an organiser opening a vote
(prizes as buttons, a confirmation, Cancel), anyone voting once with /vote in their language, a
second vote refused, forged ballots refused, no count ever shown to a voter, a vote closed while a
voter's buttons are still up; and the authorisation matrix: a participant and someone unknown are
refused /open_public_vote, /close_public_vote and every forged organiser button, each attempt
audited and nothing changed. No Rasa is needed: nothing here reaches it (a message that did would
be answered with the technical-problem apology, which the tests look for).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.databases import BACKENDS, MigratedTemplates
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.jury_packs import T1, T2, T3, T4, TEAMS
from support.ports import free_port
from support.telegram_chat import Db, audit_actions, button, buttons, committed, press, refusals, say
from support.telegram_runner import running_gateway
from support.vote_packs import PUBLIC, PUBLIC_DATA, load_vote_event

from bot.broadcast.limits import SendLimits
from bot.core.db import make_engine, session_scope
from bot.core.models import PublicBallot, PublicVote
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.lookup import current_event
from bot.jury import public_vote
from bot.telegram.config import TelegramConfig
from bot.telegram.public_vote import add_public_vote_commands, prize_token

ORGANISER = 850_001
_users = count(860_001)
AUDIENCE_FR, AUDIENCE_EN = "Prix du public", "Audience award"
DATA_EN = "Data audience award"


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_templates: MigratedTemplates,
) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("public_vote") / "vote.sqlite3"
    with migrated_templates.copy(request.param, path) as url:
        engine = make_engine(url)
        with session_scope(engine) as session:
            event = load_vote_event(session)
            organisers.grant(session, event, ORGANISER, granted_by="cli")
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def db(database: str) -> Iterator[Db]:
    engine = make_engine(database)
    yield from committed(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def fake(database: str) -> Iterator[FakeTelegram]:
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = TelegramConfig(
            token=TOKEN,
            api_base_url=server.base_url,
            rasa_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: never reached
            database_url=database,
            send_limits=SendLimits(scale=10),
        )
        with running_gateway(config, server, extensions=[add_public_vote_commands]):
            yield server
        assert server.violations == []


# ------------------------------------------------------------------ helpers


def ballots(db: Db) -> list[tuple[str, str, str]]:
    def work(session: Session) -> list[tuple[str, str, str]]:
        query = (
            select(PublicVote.prize_key, PublicBallot.voter_key, PublicBallot.team_key)
            .join(PublicVote, PublicBallot.vote_id == PublicVote.id)
            .order_by(PublicBallot.id)
        )
        return [(prize, voter, team) for prize, voter, team in session.execute(query)]

    return list(db(work))


def votes(db: Db) -> list[tuple[str, bool]]:
    """(prize, open) of each vote."""
    query = select(PublicVote).order_by(PublicVote.prize_key)
    return list(db(lambda s: [(v.prize_key, v.closed_at is None) for v in s.scalars(query)]))


def event_id(db: Db) -> int:
    return int(db(lambda s: current_event(s).id))


def apology_sent(fake: FakeTelegram, user: int) -> bool:
    return any(m["text"] in (t("internal_error", "en"), t("internal_error", "fr")) for m in fake.sent(user))


def someone(db: Db, who: str) -> int:
    """A new user: a participant (subscribed to the event's announcements) or someone unknown."""
    user = next(_users)
    if who == "participant":
        db(lambda s: subscriptions.subscribe(s, current_event(s), user, language="fr"))
    return user


# ------------------------------------------------------------------ opening, voting, closing


def test_no_vote_is_open_at_first(fake: FakeTelegram) -> None:
    user = next(_users)
    assert say(fake, user, "/vote", "fr")[0]["text"] == t("public_vote_none_open", "fr")


def test_an_organiser_opens_a_vote_from_the_prizes_buttons_after_a_confirmation(
    fake: FakeTelegram, db: Db
) -> None:
    listing = say(fake, ORGANISER, "/open_public_vote")[0]
    assert listing["text"] == t("public_vote_pick_prize_open", "en")
    assert [b["text"] for b in buttons(listing)] == [AUDIENCE_EN, DATA_EN]
    question = press(fake, ORGANISER, button(listing, AUDIENCE_EN))[0]
    assert question["text"] == t(
        "public_vote_open_confirm", "en", prize=AUDIENCE_EN, teams=4, prize_id=PUBLIC
    )
    cancelled = press(fake, ORGANISER, button(question, t("button_announce_cancel", "en")))[0]
    assert cancelled["text"] == t("jury_voting_unchanged", "en") and votes(db) == []
    question = say(fake, ORGANISER, f"/open_public_vote {PUBLIC}")[0]
    opened = press(fake, ORGANISER, button(question, t("button_jury_confirm", "en")))[0]
    assert opened["text"] == t("public_vote_opened", "en", prize=AUDIENCE_EN)
    assert votes(db) == [(PUBLIC, True)]
    # A double tap of Confirm opens nothing more.
    again = press(fake, ORGANISER, button(question, t("button_jury_confirm", "en")))[0]
    assert again["text"] == t("public_vote_already_open", "en", prize=AUDIENCE_EN)
    assert say(fake, ORGANISER, f"/open_public_vote {PUBLIC}")[0]["text"] == again["text"]
    unknown = say(fake, ORGANISER, "/open_public_vote grand-prix")[0]["text"]
    assert unknown == t(
        "public_vote_unknown_prize", "en", prize="grand-prix", prizes=f"{PUBLIC}, {PUBLIC_DATA}"
    )
    assert audit_actions(db, ORGANISER) == [
        "public_vote.open_asked",
        "public_vote.open_cancelled",
        "public_vote.open_asked",
        "public_vote.opened",
    ]


def test_anyone_votes_once_in_their_language_and_a_second_vote_is_refused(fake: FakeTelegram, db: Db) -> None:
    voter = next(_users)
    listing = say(fake, voter, "/vote", "fr")[0]
    assert listing["text"] == t("public_vote_pick_team", "fr", prize=AUDIENCE_FR)
    assert [b["text"] for b in buttons(listing)] == TEAMS
    recorded = press(fake, voter, button(listing, TEAMS[2]), "fr")[0]["text"]
    assert recorded == t("public_vote_recorded", "fr", team=TEAMS[2], prize=AUDIENCE_FR)
    # The same button again (a double tap), or another team: refused, politely, in French.
    for team in (TEAMS[2], TEAMS[0]):
        again = press(fake, voter, button(listing, team), "fr")[0]["text"]
        assert again == t("public_vote_already", "fr", team=TEAMS[2], prize=AUDIENCE_FR)
    voted = say(fake, voter, "/vote", "fr")[0]
    assert voted["text"] == t("public_vote_voted_for", "fr", prize=AUDIENCE_FR, team=TEAMS[2])
    assert not buttons(voted)
    assert ballots(db) == [(PUBLIC, f"telegram:{voter}", T3)]
    assert audit_actions(db, voter) == [], "ballots are not in the audit log"
    assert not apology_sent(fake, voter)


def test_forged_ballots_are_refused_and_record_nothing(fake: FakeTelegram, db: Db) -> None:
    say(fake, ORGANISER, f"/open_public_vote {PUBLIC_DATA}")
    question = fake.sent(ORGANISER)[-1]
    press(fake, ORGANISER, button(question, t("button_jury_confirm", "en")))
    before, voter, event = ballots(db), next(_users), event_id(db)
    data = prize_token(PUBLIC_DATA)
    not_running = press(fake, voter, f"pb:{event}:{data}:{T1}")[0]["text"]
    assert not_running == " ".join(
        [t("public_vote_unknown_team", "en", prize=DATA_EN), t("public_vote_send_vote", "en")]
    )
    stale = " ".join([t("public_vote_stale", "en"), t("public_vote_send_vote", "en")])
    for forged in (
        f"pb:{event + 1}:{data}:{T2}",  # another event's
        f"pb:{event}:{prize_token('grand-prix')}:{T2}",  # a prize the jury awards
        f"pb:{event}:{data}",  # malformed
        "pb:x",
        f"pb:{event}:{data}:{T2}:{T4}",
    ):
        assert press(fake, voter, forged)[0]["text"] == stale, forged
    assert press(fake, voter, f"pb:{event}:{data}:team-999")[0]["text"] == not_running
    assert ballots(db) == before
    assert not apology_sent(fake, voter)


def test_no_count_ever_reaches_a_voter(fake: FakeTelegram, db: Db) -> None:
    """What a voter is shown is the same however many have voted, and names no count."""
    watcher = next(_users)
    first = say(fake, watcher, "/vote", "en", replies=2)

    def many_vote(session: Session) -> None:
        event = current_event(session)
        for number in range(12):
            team = [T1, T2, T4][number % 3]
            voter = public_vote.telegram_voter(870_000 + number)
            public_vote.cast(session, event, PUBLIC, voter_key=voter, team_key=team)
            if team != T1:
                public_vote.cast(session, event, PUBLIC_DATA, voter_key=voter, team_key=team)

    db(many_vote)
    later = say(fake, watcher, "/vote", "en", replies=2)
    assert [(m["text"], buttons(m)) for m in later] == [(m["text"], buttons(m)) for m in first]
    assert [m["text"] for m in first] == [
        t("public_vote_pick_team", "en", prize=AUDIENCE_EN),
        t("public_vote_pick_team", "en", prize=DATA_EN),
    ]
    recorded = press(fake, watcher, button(later[1], TEAMS[3]))[0]["text"]
    assert recorded == t("public_vote_recorded", "en", team=TEAMS[3], prize=DATA_EN)
    for message in fake.sent():
        if int(message["chat_id"]) != ORGANISER:
            assert not re.search(r"\d", message["text"]), message["text"]


def test_an_organiser_closes_a_vote_and_a_voters_button_still_up_is_refused(
    fake: FakeTelegram, db: Db
) -> None:
    voter = next(_users)
    listing = say(fake, voter, "/vote", "fr", replies=2)[0]
    pick = say(fake, ORGANISER, "/close_public_vote")[0]
    assert pick["text"] == t("public_vote_pick_prize_close", "en")
    assert [b["text"] for b in buttons(pick)] == [AUDIENCE_EN, DATA_EN]
    question = press(fake, ORGANISER, button(pick, AUDIENCE_EN))[0]
    cast = len([b for b in ballots(db) if b[0] == PUBLIC])
    assert question["text"] == t(
        "public_vote_close_confirm", "en", prize=AUDIENCE_EN, ballots=cast, prize_id=PUBLIC
    )
    done = press(fake, ORGANISER, button(question, t("button_jury_confirm", "en")))[0]
    assert done["text"] == t("public_vote_closed_done", "en", prize=AUDIENCE_EN, ballots=cast)
    assert votes(db) == [(PUBLIC, False), (PUBLIC_DATA, True)]
    late = press(fake, voter, button(listing, TEAMS[1]), "fr")[0]["text"]
    assert late == t("public_vote_closed", "fr", prize=AUDIENCE_FR)
    assert all(b[1] != f"telegram:{voter}" for b in ballots(db))
    # The closed vote is no longer listed; closing it again, or one never opened, says so.
    assert [m["text"] for m in say(fake, voter, "/vote", "fr")] == [
        t("public_vote_pick_team", "fr", prize="Prix du public des données")
    ]
    again = say(fake, ORGANISER, f"/close_public_vote {PUBLIC}")[0]["text"]
    assert again == t("public_vote_already_closed", "en", prize=AUDIENCE_EN)
    assert {"public_vote.close_asked", "public_vote.closed"} <= set(audit_actions(db, ORGANISER))


# ------------------------------------------------------------------ who may do what

ORGANISER_COMMANDS = [
    "/open_public_vote",
    f"/open_public_vote {PUBLIC}",
    "/close_public_vote",
    f"/close_public_vote {PUBLIC_DATA}",
]
ORGANISER_BUTTONS = [
    "pvp:open:{event}:{public}",
    "pvp:close:{event}:{data}",
    "pvc:open:{event}:{public}:ok",
    "pvc:open:{event}:{public}:cancel",
    "pvc:close:{event}:{data}:ok",
    "pvc:close:{event}:{data}:cancel",
    "pvc:close:{event}:{data}",  # malformed: no decision
    "pvp:open:zz",  # malformed
]


def forged(db: Db, data: str) -> str:
    return data.format(event=event_id(db), public=prize_token(PUBLIC), data=prize_token(PUBLIC_DATA))


def refused_command(data: str) -> str:
    found = re.match(r"^pv(p|c):(open|close):\d+:[0-9a-f]{8}(?::(ok|cancel))?$", data)
    return f"{found.group(2)}_public_vote_{found.group(3) or 'pick'}" if found else "public_vote_button"


def unchanged(db: Db) -> tuple[Any, ...]:
    return tuple(votes(db)), tuple(ballots(db))


@pytest.mark.parametrize("who", ["participant", "unknown"])
@pytest.mark.parametrize("command", ORGANISER_COMMANDS)
def test_a_participant_or_someone_unknown_is_refused_the_organisers_vote_commands_and_it_is_audited(
    fake: FakeTelegram, db: Db, who: str, command: str
) -> None:
    user, before = someone(db, who), unchanged(db)
    assert say(fake, user, command, "fr")[0]["text"] == t("organiser_only", "fr")
    assert unchanged(db) == before
    assert audit_actions(db, user) == ["refused"]
    assert refusals(db, user) == [{"command": command.split()[0].lstrip("/")}]


@pytest.mark.parametrize("who", ["participant", "unknown"])
@pytest.mark.parametrize("data", ORGANISER_BUTTONS)
def test_a_participant_or_someone_unknown_pressing_a_forged_organiser_button_is_refused_and_audited(
    fake: FakeTelegram, db: Db, who: str, data: str
) -> None:
    user, before = someone(db, who), unchanged(db)
    pressed = forged(db, data)
    assert press(fake, user, pressed, "fr")[0]["text"] == t("organiser_only", "fr")
    assert unchanged(db) == before
    assert audit_actions(db, user) == ["refused"]
    assert refusals(db, user) == [{"command": refused_command(pressed)}]
    assert not apology_sent(fake, user)


def test_an_organisers_malformed_or_stale_button_changes_nothing(fake: FakeTelegram, db: Db) -> None:
    before = unchanged(db)
    for data in ("pvc:close:{event}:{data}", "pvp:open:zz", "pvc:open:{event}:00000000:ok"):
        reply = press(fake, ORGANISER, forged(db, data))[0]["text"]
        assert reply == t("public_vote_button_stale", "en"), data
    assert unchanged(db) == before
