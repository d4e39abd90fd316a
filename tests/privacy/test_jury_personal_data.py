"""A juror's data: their link and comments are theirs (/mydata shows them, /forget erases them; their
scores stay with the jury's deliberation, under their name in the pack), and the retention purge
deletes the event's jury links and scorecards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.jury_packs import ANNE, BRUNO, T1, T2, TEAMS, card, link_jurors, load_jury_event

from bot.core.models import AuditEntry, Event, JurorLink, Score, Scorecard, VotingState
from bot.jury import scoring
from bot.privacy.personal import Person, erase, holds_anything, what_is_stored
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, purge
from bot.privacy.views import describe

ANNE_ACCOUNT = Person("telegram", "8001")


def scored(session: Session) -> Event:
    event = load_jury_event(session)
    jurors = link_jurors(session, event)
    scoring.record(session, event, jurors[ANNE], T1, card(5, 4, 3), "Très clair")
    scoring.record(session, event, jurors[ANNE], T2, card(3, 3, 3))
    scoring.record(session, event, jurors[BRUNO], T1, card(4, 4, 4), "Solide")
    scoring.close_voting(session, event, by="telegram:8001")  # Anne is an organiser too, here
    return event


def count(session: Session, model: type[object]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_jurors_data_lists_their_link_scores_and_comments(session: Session) -> None:
    event = scored(session)
    stored = what_is_stored(session, ANNE_ACCOUNT)
    assert holds_anything(stored)
    assert stored["juror_of"] == [{"event": event.slug, "juror": ANNE}]
    assert [(c["team"], c["scores"], c["comment"]) for c in stored["jury_cards"]] == [
        (TEAMS[0], {"impact": 5, "faisabilite": 4, "pitch": 3}, "Très clair"),
        (TEAMS[1], {"impact": 3, "faisabilite": 3, "pitch": 3}, None),
    ]
    text = describe(stored, "en")
    assert "• Jury member at Jury jam: Anne Juge; your scores for 2 team(s)" in text
    assert "• Your comment on Les Débrouillards (Jury jam): “Très clair”" in text
    assert "Solide" not in text  # Bruno's
    assert "Votre commentaire sur Les Débrouillards (Jam du jury) : « Très clair »" in describe(stored, "fr")


def test_forgetting_a_juror_erases_their_link_and_comments_and_keeps_the_jurys_scores(
    session: Session,
) -> None:
    scored(session)
    erased = erase(session, ANNE_ACCOUNT)
    assert erased.counts["juror_links"] == 1 and erased.counts["jury_comments"] == 1
    session.expire_all()
    assert not holds_anything(what_is_stored(session, ANNE_ACCOUNT))
    cards = {(c.juror_name, c.team_key): c.comment for c in session.scalars(select(Scorecard))}
    assert cards == {(ANNE, T1): None, (ANNE, T2): None, (BRUNO, T1): "Solide"}
    assert count(session, Score) == 9
    assert [link.name for link in session.scalars(select(JurorLink))] == [BRUNO, "Chloé Jurée"]
    assert session.scalars(select(VotingState.closed_by)).one() == "erased"
    assert "telegram:8001" not in {entry.actor for entry in session.scalars(select(AuditEntry))}


def test_the_retention_purge_deletes_the_jurys_links_and_scorecards(session: Session) -> None:
    event = scored(session)
    deleted = purge(session, event, event.ends + dt.timedelta(days=DEFAULT_RETENTION_DAYS + 1))
    assert deleted["scorecards"] == 3 and deleted["juror_links"] == 3
    assert [count(session, model) for model in (Scorecard, Score, JurorLink)] == [0, 0, 0]
    assert session.scalars(select(VotingState.closed_by)).one() == "erased"
    assert event.criteria and event.jury  # the pack's parts stay: they are public
