"""The jury on Telegram with the real gateway (its jury commands) against the fake Telegram Bot API
server, on SQLite and PostgreSQL (TEST_DATABASE_URL): a juror invited by link, scoring a team
through every button with a comment, a double tap of Confirm (one card), a revision, /myscores;
an organiser following the scores (/jury), closing voting with a confirmation, and seeing the
ranking and the draft palmarès; a card confirmed after the close refused; and the authorisation
matrix: a participant and someone unknown refused every jury command and every forged button, each
attempt audited and nothing changed. No Rasa is needed: nothing here reaches it (a message that
did would be answered with the technical-problem apology, which the tests look for).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.databases import BACKENDS, MigratedTemplates
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.jury_packs import ANNE, BRUNO, CHLOE, JURORS, T1, T2, T3, T4, TEAMS, card, load_jury_event
from support.ports import free_port
from support.telegram_chat import Db, audit_actions, button, buttons, committed, press, refusals, say
from support.telegram_runner import running_gateway

from bot.broadcast.limits import SendLimits
from bot.core.clock import utcnow
from bot.core.db import make_engine, session_scope
from bot.core.models import Scorecard, VotingState
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.lookup import current_event
from bot.jury import links, scoring
from bot.telegram import payload_store
from bot.telegram.config import TelegramConfig
from bot.telegram.jury import add_jury_commands

ORGANISER = 810_001
ANNE_ID, BRUNO_ID, CHLOE_ID = JURORS[ANNE], JURORS[BRUNO], JURORS[CHLOE]
_users = count(830_001)
COMMENT = "Très clair, belle démo."


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_templates: MigratedTemplates,
) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("jury") / "jury.sqlite3"
    with migrated_templates.copy(request.param, path) as url:
        engine = make_engine(url)
        with session_scope(engine) as session:
            event = load_jury_event(session)
            organisers.grant(session, event, ORGANISER, granted_by="cli")
            links.link(session, event, BRUNO, BRUNO_ID, by="cli")
            links.link(session, event, CHLOE, CHLOE_ID, by="cli")
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
        with running_gateway(config, server, extensions=[add_jury_commands]):
            yield server
        assert server.violations == []


# ------------------------------------------------------------------ helpers


def cards(db: Db) -> list[tuple[str, str, dict[str, int], str | None]]:
    def work(session: Session) -> list[tuple[str, str, dict[str, int], str | None]]:
        rows = session.scalars(select(Scorecard).order_by(Scorecard.id))
        return [
            (c.juror_name, c.team_key, {s.criterion_key: s.value for s in c.scores}, c.comment) for c in rows
        ]

    return list(db(work))


def voting_closed(db: Db) -> bool:
    return bool(db(lambda s: s.scalar(select(func.count()).where(VotingState.closed_at.is_not(None)))))


def score_team(
    fake: FakeTelegram, user: int, team: str, values: list[int], lang: str = "en"
) -> dict[str, Any]:
    """/score, the team picked, each criterion's value pressed: the question of the comment."""
    listing = say(fake, user, "/score", lang)[0]
    prompt = press(fake, user, f"jt:{team}", lang)[-1]
    for value in values:
        data = next(b["callback_data"] for b in buttons(prompt) if b["text"].split()[-1] == str(value))
        prompt = press(fake, user, data, lang)[0]
    assert listing
    return prompt


def apology_sent(fake: FakeTelegram, user: int) -> bool:
    return any(m["text"] in (t("internal_error", "en"), t("internal_error", "fr")) for m in fake.sent(user))


# ------------------------------------------------------------------ a juror scores


def test_a_juror_invitation_links_whoever_opens_it_first_and_a_used_code_is_refused(
    fake: FakeTelegram, db: Db
) -> None:
    def invite(session: Session) -> str:
        event = current_event(session)
        assert event is not None
        return links.invite_payload(links.create_invite(session, event, ANNE, now=utcnow(), created_by="cli"))

    payload = db(invite)
    welcome = say(fake, ANNE_ID, f"/start {payload}", "fr", replies=2)[-1]["text"]
    assert welcome == t("telegram_juror_welcome", "fr", name=ANNE, event="Jam du jury")
    assert db(lambda s: links.is_juror(s, current_event(s), ANNE_ID))
    stranger = next(_users)
    refused = say(fake, stranger, f"/start {payload}", "en", replies=2)[-1]["text"]
    assert refused == t("telegram_organiser_invite_invalid", "en")
    assert not db(lambda s: links.is_juror(s, current_event(s), stranger))


def test_a_juror_scores_a_team_through_every_button_with_a_comment_and_a_double_tap_records_one_card(
    fake: FakeTelegram, db: Db
) -> None:
    listing = say(fake, ANNE_ID, "/score", "fr")[0]
    assert listing["text"] == t("jury_pick_team", "fr", scored=0, count=4)
    assert [b["text"] for b in buttons(listing)] == TEAMS
    first = press(fake, ANNE_ID, button(listing, TEAMS[0]), "fr")[0]
    assert first["text"].startswith(
        t(
            "jury_criterion",
            "fr",
            team=TEAMS[0],
            number=1,
            count=3,
            criterion="Impact pour les usagers",
            min=1,
            max=5,
        )
    )
    assert [b["text"] for b in buttons(first)] == ["1", "2", "3", "4", "5", t("button_jury_cancel", "fr")]
    second = press(fake, ANNE_ID, button(first, "4"), "fr")[0]
    assert "2/3" in second["text"] and "Faisabilité" in second["text"]
    third = press(fake, ANNE_ID, button(second, "3"), "fr")[0]
    assert "3/3" in third["text"] and "Pitch" in third["text"]
    ask = press(fake, ANNE_ID, button(third, "5"), "fr")[0]
    assert ask["text"] == t("jury_ask_comment", "fr", team=TEAMS[0], max=2000)
    assert [b["text"] for b in buttons(ask)] == [
        t("button_jury_no_comment", "fr"),
        t("button_jury_cancel", "fr"),
    ]

    # The juror's next message is the comment: the summary comes back, and nothing goes to Rasa.
    summary = say(fake, ANNE_ID, COMMENT, "fr")[0]
    assert summary["text"] == "\n".join(
        [
            t("jury_summary", "fr", team=TEAMS[0]),
            t("jury_score_line", "fr", criterion="Impact pour les usagers", value=4, max=5),
            t("jury_score_line", "fr", criterion="Faisabilité", value=3, max=5),
            t("jury_score_line", "fr", criterion="Pitch", value=5, max=5),
            t("jury_comment_line", "fr", comment=COMMENT),
            t("jury_summary_confirm", "fr"),
        ]
    )
    assert cards(db) == [], "nothing is recorded before Confirm"
    confirm = button(summary, t("button_jury_confirm", "fr"))
    assert press(fake, ANNE_ID, confirm, "fr")[0]["text"] == t("jury_card_recorded", "fr", team=TEAMS[0])
    # A double tap: the second Confirm records nothing more.
    again = press(fake, ANNE_ID, confirm, "fr")[0]["text"]
    assert again == t("jury_card_already_recorded", "fr", team=TEAMS[0])
    assert cards(db) == [(ANNE, T1, card(4, 3, 5), COMMENT)]
    assert audit_actions(db, ANNE_ID).count("jury.scored") == 1
    assert not apology_sent(fake, ANNE_ID)
    # The scores and the comment went to the juror only.
    assert all(COMMENT not in m["text"] for m in fake.sent() if int(m["chat_id"]) != ANNE_ID)


def test_a_juror_revises_a_scored_team_and_myscores_shows_their_cards(fake: FakeTelegram, db: Db) -> None:
    listing = say(fake, ANNE_ID, "/score", "en")[0]
    assert listing["text"] == t("jury_pick_team", "en", scored=1, count=4)
    assert [b["text"] for b in buttons(listing)] == [f"✓ {TEAMS[0]}", *TEAMS[1:]]
    current, prompt = press(fake, ANNE_ID, f"jt:{T1}", "en", replies=2)
    assert current["text"].startswith(t("jury_current_card", "en", team=TEAMS[0]))
    assert t("jury_comment_line", "en", comment=COMMENT) in current["text"]
    assert "✓ 4" in [b["text"] for b in buttons(prompt)]  # the current score is marked
    for value in (5, 4):
        prompt = press(fake, ANNE_ID, button(prompt, str(value)), "en")[0]
    ask = press(fake, ANNE_ID, button(prompt, "✓ 5"), "en")[0]
    summary = press(fake, ANNE_ID, button(ask, t("button_jury_no_comment", "en")), "en")[0]
    assert t("jury_no_comment_line", "en") in summary["text"]
    revised = press(fake, ANNE_ID, button(summary, t("button_jury_confirm", "en")), "en")[0]
    assert revised["text"] == t("jury_card_revised", "en", team=TEAMS[0])
    assert cards(db) == [(ANNE, T1, card(5, 4, 5), None)]

    mine = say(fake, ANNE_ID, "/myscores", "en")[0]["text"]
    assert mine.startswith(t("jury_my_scores_header", "en", count=1))
    assert f"{TEAMS[0]} {t('jury_card_counts', 'en')}" in mine
    assert t("jury_score_line", "en", criterion="Impact for users", value=5, max=5) in mine
    assert mine.endswith(t("jury_my_scores_revise", "en"))


def test_a_cancelled_card_records_nothing(fake: FakeTelegram, db: Db) -> None:
    ask = score_team(fake, ANNE_ID, T2, [2, 2, 2])
    summary = say(fake, ANNE_ID, "Bof.")[0]
    cancelled = press(fake, ANNE_ID, button(summary, t("button_jury_cancel", "en")))[0]
    assert cancelled["text"] == t("jury_card_cancelled", "en", team=TEAMS[1])
    assert ask and [row[1] for row in cards(db)] == [T1]
    # Its buttons are stale now: pressing Confirm records nothing.
    stale = press(fake, ANNE_ID, button(summary, t("button_jury_confirm", "en")))[0]
    assert stale["text"] == t("jury_card_stale", "en")
    assert [row[1] for row in cards(db)] == [T1]
    # With no card waiting for its comment, a message is an ordinary one again: it goes to Rasa
    # (down here, hence the apology), not taken as a comment.
    assert not apology_sent(fake, ANNE_ID)
    assert say(fake, ANNE_ID, "Bonjour")[0]["text"] == t("internal_error", "en")


# ------------------------------------------------------------------ who may do what

JUROR_COMMANDS = ["/score", "/myscores"]
ORGANISER_COMMANDS = ["/jury", "/close_voting", "/reopen_voting", "/palmares"]
JUROR_BUTTONS = ["jt:{team}", "js:{token}:v:0:5", "js:{token}:nc", "js:{token}:ok", "js:{token}:x"]
ORGANISER_BUTTONS = [
    "jv:close:{event}:ok",
    "jv:close:{event}:cancel",
    "jv:reopen:{event}:ok",
    "jv:reopen:{event}:cancel",
    "pa:{palmares}",
    "pa:cb:Forged0000",
]


@pytest.fixture(scope="module")
def anne_pending(fake: FakeTelegram, db: Db) -> dict[str, str]:
    """What a forged button may carry: a team, the event's id, and the token of a card Anne (a juror)
    has waiting at its summary (for the fourth team)."""
    ask = score_team(fake, ANNE_ID, T4, [3, 3, 3])
    token = button(ask, t("button_jury_no_comment", "en")).split(":")[1]
    event_id = db(lambda s: current_event(s).id)
    adopt = json.dumps({"event": event_id, "edits": {}, "do": "adopt"})
    palmares = db(lambda s: payload_store.store(s, adopt))
    return {"team": T1, "token": token, "event": str(event_id), "palmares": palmares}


def someone(db: Db, who: str) -> int:
    """A new user: a participant (subscribed to the event's announcements) or someone unknown."""
    user = next(_users)
    if who == "participant":
        db(lambda s: subscriptions.subscribe(s, current_event(s), user, language="fr"))
    return user


def unchanged(db: Db) -> tuple[Any, ...]:
    return tuple(cards(db)), voting_closed(db)


@pytest.mark.parametrize("who", ["participant", "unknown"])
@pytest.mark.parametrize("command", JUROR_COMMANDS + ORGANISER_COMMANDS)
def test_a_participant_or_someone_unknown_is_refused_every_jury_command_and_it_is_audited(
    fake: FakeTelegram, db: Db, who: str, command: str
) -> None:
    user, before = someone(db, who), unchanged(db)
    refusal = "jury_juror_only" if command in JUROR_COMMANDS else "organiser_only"
    assert say(fake, user, command, "fr")[0]["text"] == t(refusal, "fr")
    assert unchanged(db) == before
    assert audit_actions(db, user) == ["refused"]
    assert refusals(db, user) == [{"command": command.lstrip("/")}]


@pytest.mark.parametrize("who", ["participant", "unknown"])
@pytest.mark.parametrize("data", JUROR_BUTTONS + ORGANISER_BUTTONS)
def test_a_participant_or_someone_unknown_pressing_a_forged_jury_button_is_refused_and_audited(
    fake: FakeTelegram, db: Db, anne_pending: dict[str, str], who: str, data: str
) -> None:
    user, before = someone(db, who), unchanged(db)
    refusal = "jury_juror_only" if data in JUROR_BUTTONS else "organiser_only"
    assert press(fake, user, data.format(**anne_pending), "fr")[0]["text"] == t(refusal, "fr")
    assert unchanged(db) == before
    assert audit_actions(db, user) == ["refused"]
    assert all(row[1] != T4 for row in cards(db)), "Anne's waiting card was not recorded by anyone else"


def test_a_juror_may_not_use_organiser_commands_nor_an_organiser_who_is_no_juror_score(
    fake: FakeTelegram, db: Db, anne_pending: dict[str, str]
) -> None:
    before = unchanged(db)
    for command in ORGANISER_COMMANDS:
        assert say(fake, BRUNO_ID, command)[0]["text"] == t("organiser_only", "en")
    assert press(fake, BRUNO_ID, ORGANISER_BUTTONS[0].format(**anne_pending))[0]["text"] == t(
        "organiser_only", "en"
    )
    assert audit_actions(db, BRUNO_ID) == ["refused"] * 5
    for command in JUROR_COMMANDS:
        assert say(fake, ORGANISER, command)[0]["text"] == t("jury_juror_only", "en")
    for data in JUROR_BUTTONS:
        assert press(fake, ORGANISER, data.format(**anne_pending))[0]["text"] == t("jury_juror_only", "en")
    assert audit_actions(db, ORGANISER) == ["refused"] * 7
    # Another juror pressing Anne's card's buttons acts on no card of theirs.
    stale = press(fake, BRUNO_ID, "js:{token}:ok".format(**anne_pending))[0]["text"]
    assert stale == t("jury_card_stale", "en")
    assert unchanged(db) == before


# ------------------------------------------------------------------ the organisers


def test_an_organiser_follows_the_scores_closes_voting_and_sees_the_ranking_and_a_late_card_is_refused(
    fake: FakeTelegram, db: Db
) -> None:
    def others_score(session: Session) -> None:
        event = current_event(session)
        assert event is not None
        for user in (BRUNO_ID, CHLOE_ID):
            juror = links.link_of_user(session, event, user)
            assert juror is not None
            scoring.record(session, event, juror, T1, card(5, 5, 4))
            scoring.record(session, event, juror, T2, card(2, 3, 3))
            scoring.record(session, event, juror, T3, card(4, 4, 4))
            scoring.record(session, event, juror, T4, card(4, 4, 4))

    db(others_score)
    status = say(fake, ORGANISER, "/jury")[0]["text"]
    assert status.startswith(t("jury_status_open", "en", event="Jury jam"))
    assert (
        t("jury_status_team", "en", team=TEAMS[0], progress=f"scored by {ANNE}, {BRUNO}, {CHLOE}") in status
    )
    assert f"waiting for {ANNE}" in status
    assert status.endswith(t("jury_status_ranking_later", "en"))
    assert "5/5" not in status and COMMENT not in status  # who scored, not the scores

    # Anne has a card waiting at its summary when voting closes.
    ask = score_team(fake, ANNE_ID, T2, [3, 3, 3])
    summary = press(fake, ANNE_ID, button(ask, t("button_jury_no_comment", "en")))[0]

    confirmation = say(fake, ORGANISER, "/close_voting")[0]
    assert confirmation["text"] == t("jury_close_confirm", "en", event="Jury jam", missing=3)
    assert not voting_closed(db), "nothing changes before Confirm"
    done = press(fake, ORGANISER, button(confirmation, t("button_jury_confirm", "en")))[0]
    assert done["text"] == t("jury_voting_closed_done", "en")
    assert voting_closed(db)
    assert {"jury.close_asked", "jury.voting_closed", "jury.status_viewed"} <= set(
        audit_actions(db, ORGANISER)
    )

    late = press(fake, ANNE_ID, button(summary, t("button_jury_confirm", "en")))[0]["text"]
    assert late == t("jury_voting_closed_not_recorded", "en", team=TEAMS[1])
    assert all(not (row[0] == ANNE and row[1] == T2) for row in cards(db))
    assert say(fake, ANNE_ID, "/score")[0]["text"] == t("jury_voting_closed", "en")

    ranking = say(fake, ORGANISER, "/jury")[0]["text"]
    assert t("jury_ranking_header", "en") in ranking
    lines = ranking.split("\n")
    standings = lines[lines.index(t("jury_ranking_header", "en")) + 1 :][:4]
    # Each juror's mark is their weighted mean (impact counts twice); a team's, the mean of its jurors'.
    assert standings[0] == t("jury_ranking_line", "en", place="1.", team=TEAMS[0], score="4.75", jurors=3)
    tied = t("jury_ranking_line", "en", place="2=", team=TEAMS[2], score="4.00", jurors=2)
    assert (
        standings[1] == f"{tied} [{t('jury_flag_tied', 'en')}; {t('jury_flag_missing', 'en', jurors=ANNE)}]"
    )
    assert standings[2].startswith(
        t("jury_ranking_line", "en", place="2=", team=TEAMS[3], score="4.00", jurors=2)
    )
    assert standings[3].startswith(
        t("jury_ranking_line", "en", place="4.", team=TEAMS[1], score="2.50", jurors=2)
    )
    assert t("jury_flag_missing", "en", jurors=ANNE) in ranking
    assert t("jury_draft_header", "en") in ranking and t("jury_draft_footer", "en") in ranking
    assert t("jury_draft_line", "en", prize="Grand prize", outcome=TEAMS[0]) in ranking
    assert t("jury_draft_line", "en", prize="Audience award", outcome=t("jury_draft_public", "en")) in ranking
    # The ranking reached the organiser only: no juror or participant got it.
    assert all(
        t("jury_ranking_header", "en") not in m["text"] for m in fake.sent() if int(m["chat_id"]) != ORGANISER
    )

    # Reopening asks for a confirmation too; Cancel changes nothing.
    again = say(fake, ORGANISER, "/reopen_voting")[0]
    cancelled = press(fake, ORGANISER, button(again, t("button_announce_cancel", "en")))[0]
    assert cancelled["text"] == t("jury_voting_unchanged", "en") and voting_closed(db)
    again = say(fake, ORGANISER, "/reopen_voting")[0]
    reopened = press(fake, ORGANISER, button(again, t("button_jury_confirm", "en")))[0]
    assert reopened["text"] == t("jury_voting_reopened", "en") and not voting_closed(db)
    assert say(fake, ORGANISER, "/reopen_voting")[0]["text"] == t("jury_voting_already_open", "en")
    assert {"jury.reopen_asked", "jury.reopen_cancelled", "jury.voting_reopened"} <= set(
        audit_actions(db, ORGANISER)
    )


def test_an_organiser_changes_the_proposed_palmares_with_buttons_and_adopts_it(
    fake: FakeTelegram, db: Db
) -> None:
    assert say(fake, ORGANISER, "/palmares")[0]["text"] == t("palmares_voting_open", "en")
    db(lambda s: scoring.close_voting(s, current_event(s), by="cli"))
    proposal = say(fake, ORGANISER, "/palmares")[0]
    assert proposal["text"].startswith(t("palmares_header", "en", event="Jury jam"))
    assert t("jury_draft_line", "en", prize="Grand prize", outcome=TEAMS[0]) in proposal["text"]
    choices = press(
        fake, ORGANISER, button(proposal, t("button_palmares_change", "en", prize="Grand prize"))
    )[0]
    assert choices["text"] == t("palmares_pick", "en", prize="Grand prize")
    assert [b["text"] for b in buttons(choices)] == [
        *TEAMS,
        t("button_palmares_nobody", "en"),
        t("button_palmares_back", "en"),
    ]
    changed = press(fake, ORGANISER, button(choices, TEAMS[3]))[0]
    outcome = f"{TEAMS[3]} {t('palmares_changed', 'en', team=TEAMS[0])}"
    assert t("jury_draft_line", "en", prize="Grand prize", outcome=outcome) in changed["text"]
    access = press(fake, ORGANISER, button(changed, t("button_palmares_change", "en", prize="Access prize")))[
        0
    ]
    # A prize restricted to a challenge offers that challenge's teams only.
    assert [b["text"] for b in buttons(access)][:-2] == [TEAMS[0], TEAMS[2]]
    back = press(fake, ORGANISER, button(access, t("button_palmares_back", "en")))[0]
    assert back["text"] == changed["text"]
    # A participant pressing the organiser's real button is refused; nothing is adopted.
    participant = someone(db, "participant")
    adopt = button(back, t("button_palmares_adopt", "en"))
    assert press(fake, participant, adopt, "fr")[0]["text"] == t("organiser_only", "fr")
    assert audit_actions(db, participant) == ["refused"]
    assert db(lambda s: list(current_event(s).awards)) == []
    done = press(fake, ORGANISER, adopt)[0]["text"]
    assert done == t("palmares_adopted", "en", count=3, event="Jury jam")
    awarded = db(lambda s: [(a.prize.key, a.team, a.origin) for a in current_event(s).awards])
    assert awarded[0] == ("grand-prix", TEAMS[3], "judging") and len(awarded) == 3
    assert db(lambda s: not current_event(s).results.published)
    assert {"palmares.viewed", "palmares.adopted"} <= set(audit_actions(db, ORGANISER))
    assert all(
        TEAMS[3] not in m["text"] for m in fake.sent() if int(m["chat_id"]) not in (ORGANISER, ANNE_ID)
    )
