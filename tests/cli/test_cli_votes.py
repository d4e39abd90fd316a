"""`hackbot vote open|close|status`: the audience's vote from the terminal, end to end on a database
of its own."""

from __future__ import annotations

import pytest
from support.cli_runs import audit_entries
from support.cli_runs import run_cli as run
from support.jury_packs import T1, T2, T3, T4, TEAMS, jury_data
from support.vote_packs import PUBLIC, PUBLIC_DATA, load_vote_event

from bot.core.db import make_engine, session_scope
from bot.events.lookup import current_event
from bot.jury import public_vote


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_vote_event(session)
    engine.dispose()
    return migrated_db_url


def vote(url: str, prize: str, teams: list[str], first_voter: int = 1) -> None:
    """Ballots, as the Telegram gateway casts them."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        for number, team in enumerate(teams, start=first_voter):
            public_vote.cast(
                session, event, prize, voter_key=public_vote.telegram_voter(number), team_key=team
            )
    engine.dispose()


def test_an_organiser_opens_and_closes_a_vote_and_reads_its_count(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "vote", "status")
    assert code == 0 and out.splitlines()[:2] == [
        "Audience award (prix-public): not opened (`hackbot vote open prix-public`).",
        "Data audience award (prix-public-donnees), donnees teams only: not opened "
        "(`hackbot vote open prix-public-donnees`).",
    ]
    code, out, _ = run(capsys, url, "vote", "open", PUBLIC)
    assert (code, out) == (
        0,
        "The vote for Audience award (prix-public) at jury-jam-2030 is open, for 4 team(s): anyone may "
        "vote once, with /vote on Telegram or on the web page.\n",
    )
    assert run(capsys, url, "vote", "open", PUBLIC)[1] == (
        "The vote for Audience award (prix-public) at jury-jam-2030 was open already.\n"
    )
    vote(url, PUBLIC, [T3, T3, T1, T2, T2])
    code, out, _ = run(capsys, url, "vote", "status", PUBLIC)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Audience award (prix-public): open (since ")
    assert lines[0].endswith(", by cli), 5 ballot(s).")
    assert lines[1:] == [
        f"  1= {TEAMS[1]}: 2  [TIED]",
        f"  1= {TEAMS[2]}: 2  [TIED]",
        f"  3. {TEAMS[0]}: 1",
        f"  4. {TEAMS[3]}: 0",
        f"  TIED for the most votes: {TEAMS[1]}, {TEAMS[2]}: the organisers decide.",
        "The counts are for the organisers: the public sees them only with the published results.",
    ]
    code, out, _ = run(capsys, url, "vote", "close", PUBLIC)
    assert (code, out) == (
        0,
        "The vote for Audience award (prix-public) at jury-jam-2030 is closed: 5 ballot(s). "
        "`hackbot vote status prix-public` gives the count.\n",
    )
    assert "was already closed" in run(capsys, url, "vote", "close", PUBLIC)[1]
    code, out, _ = run(capsys, url, "vote", "open", PUBLIC)
    assert "is open again: its 5 ballot(s) are kept." in out
    vote(url, PUBLIC, [T2], first_voter=10)
    run(capsys, url, "vote", "close", PUBLIC)
    out = run(capsys, url, "vote", "status")[1]
    assert "Audience award (prix-public): closed (since " in out and "6 ballot(s)." in out
    assert f"  Most votes: {TEAMS[1]}." in out
    assert [action for _, action in audit_entries(url)] == [
        "public_vote.opened",
        "public_vote.closed",
        "public_vote.reopened",
        "public_vote.closed",
    ]


def test_a_prize_not_awarded_by_the_public_or_a_vote_never_opened_is_refused(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, url, "vote", "open", "grand-prix")
    assert (code, err) == (
        2,
        "jury-jam-2030 awards no prize 'grand-prix' by the public "
        "(those it does: prix-public, prix-public-donnees).\n",
    )
    code, _, err = run(capsys, url, "vote", "close", PUBLIC_DATA)
    assert (code, err) == (
        2,
        "The vote for Data audience award (prix-public-donnees) at jury-jam-2030 was never opened: "
        "`hackbot vote open prix-public-donnees`.\n",
    )
    assert run(capsys, url, "vote", "status", "grand-prix")[0] == 2
    assert run(capsys, url, "vote", "status", "--event", "nope")[0] == 2
    assert audit_entries(url) == []


def test_an_event_without_public_prizes_says_so(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_vote_event(session, jury_data(prizes=[{"prize": "grand-prix"}]))
    engine.dispose()
    code, _, err = run(capsys, url, "vote", "open", PUBLIC)
    assert code == 2 and err == (
        "jury-jam-2030 awards no prize by the public: see `judging.prizes` in docs/judging-format.md.\n"
    )
    code, out, _ = run(capsys, url, "vote", "status")
    assert code == 0 and "awards no prize by the public" in out


def test_a_challenge_prize_counts_only_its_teams(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, url, "vote", "open", PUBLIC_DATA, "--event", "jury-jam-2030")
    vote(url, PUBLIC_DATA, [T4])
    out = run(capsys, url, "vote", "status", PUBLIC_DATA)[1]
    assert f"  1. {TEAMS[3]}: 1\n  2. {TEAMS[1]}: 0\n  Most votes: {TEAMS[3]}." in out
