"""`hackbot jury list|link|unlink|invite|status|close|reopen|export`: the jury from the terminal, end
to end on a database of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli_runs import audit_entries
from support.cli_runs import run_cli as run
from support.jury_packs import ANNE, BRUNO, CHLOE, JURORS, T1, T2, T3, TEAMS, card, jury_data, load_jury_event
from support.packs import DEMO_PACK

from bot.core.db import make_engine, session_scope
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.jury import links, scoring


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_jury_event(session)
    engine.dispose()
    return migrated_db_url


def score(url: str, cards: list[tuple[str, str, dict[str, int]]]) -> None:
    """Jurors' cards, as the Telegram gateway will record them."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        for name, team, values in cards:
            juror = links.link_of_user(session, event, JURORS[name])
            assert juror is not None
            scoring.record(session, event, juror, team, values)
    engine.dispose()


def test_an_organiser_links_lists_and_unlinks_jurors_from_the_terminal(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, url, "jury", "link", "anne juge", "--telegram-id", "8001")
    assert (code, out) == (0, "Anne Juge (jury-jam-2030) is linked to Telegram 8001: they can score teams.\n")
    code, out, _ = run(capsys, url, "jury", "list")
    assert (code, out) == (
        0,
        "Anne Juge (chair): Telegram 8001\nBruno Juré: not linked\nChloé Jurée: not linked\n"
        "1 of 3 jury member(s) of jury-jam-2030 can score on Telegram.\n",
    )
    code, _, err = run(capsys, url, "jury", "link", BRUNO, "--telegram-id", "8001")
    assert code == 2 and "Telegram 8001 is already Anne Juge, a juror of jury-jam-2030" in err
    code, _, err = run(capsys, url, "jury", "link", "Nobody", "--telegram-id", "8002")
    assert code == 2 and err == (
        "jury-jam-2030 has no jury member called 'Nobody' (its jury: Anne Juge, Bruno Juré, Chloé Jurée).\n"
    )
    code, out, _ = run(capsys, url, "jury", "unlink", ANNE)
    assert code == 0 and "no longer linked: they cannot score (their scores stay)" in out
    code, _, err = run(capsys, url, "jury", "unlink", ANNE)
    assert code == 2 and "No juror called 'Anne Juge' is linked" in err
    assert [action for _, action in audit_entries(url)] == ["juror.linked", "juror.unlinked"]


def test_a_juror_invitation_prints_the_link_to_open(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "jury_bot")
    code, out, _ = run(capsys, url, "jury", "invite", CHLOE, "--days", "2")
    assert code == 0 and "Invitation for Chloé Jurée, juror of jury-jam-2030, valid once until" in out
    assert "/start jury_" in out and "https://t.me/jury_bot?start=jury_" in out
    assert run(capsys, url, "jury", "invite", "Nobody")[0] == 2
    assert audit_entries(url) == [("cli", "juror.invite_created")]


def test_the_status_says_who_scored_which_team_and_ranks_only_once_voting_is_closed(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, user in JURORS.items():
        run(capsys, url, "jury", "link", name, "--telegram-id", str(user))
    score(
        url,
        [
            (ANNE, T1, card(5, 5, 5)),
            (BRUNO, T1, card(4, 4, 4)),
            (ANNE, T2, card(4, 4, 4)),
            (BRUNO, T2, card(5, 5, 5)),
            (CHLOE, T3, card(2, 2, 2)),
        ],
    )
    code, out, _ = run(capsys, url, "jury", "status")
    assert code == 0
    assert out == (
        "Voting at jury-jam-2030 is open.\n"
        "Jurors who score on Telegram (3): Anne Juge, Bruno Juré, Chloé Jurée.\n"
        "Les Débrouillards (acces-droits): scored by Anne Juge, Bruno Juré; waiting for Chloé Jurée\n"
        "Data Lagon (donnees): scored by Anne Juge, Bruno Juré; waiting for Chloé Jurée\n"
        "Guichet Unique (acces-droits): scored by Chloé Jurée; waiting for Anne Juge, Bruno Juré\n"
        "Open Fare (donnees): scored by nobody; waiting for Anne Juge, Bruno Juré, Chloé Jurée\n"
        "The ranking is computed once voting is closed: `hackbot jury close`.\n"
    )
    assert "4.500" not in out  # no score while voting is open

    code, out, _ = run(capsys, url, "jury", "close")
    assert code == 0 and out.startswith("Voting at jury-jam-2030 is closed: scores are frozen.")
    assert run(capsys, url, "jury", "close")[1] == "Voting at jury-jam-2030 was already closed.\n"
    code, out, _ = run(capsys, url, "jury", "status")
    assert code == 0 and "Voting at jury-jam-2030 is closed (since " in out and "UTC, by cli)." in out
    ranking = out[out.index("Ranking") :]
    assert ranking == (
        "Ranking (on the mean over jurors of each juror's weighted mean):\n"
        "  1= Les Débrouillards: 4.500, 2 juror(s)  [TIED; MISSING scores of Chloé Jurée]\n"
        "  1= Data Lagon: 4.500, 2 juror(s)  [TIED; MISSING scores of Chloé Jurée]\n"
        "  3. Guichet Unique: 2.000, 1 juror(s)  [MISSING scores of Anne Juge, Bruno Juré]\n"
        "  - Open Fare: no score  [MISSING scores of Anne Juge, Bruno Juré, Chloé Jurée]\n"
        "Draft palmarès (to confirm; nothing is published):\n"
        "  Grand prize (grand-prix): Les Débrouillards  [TIE decides it: also Data Lagon]  [MISSING scores]\n"
        "  Data prize (prix-donnees, donnees only): Data Lagon  [MISSING scores]\n"
        "  Access prize (prix-acces, acces-droits only): Guichet Unique  [MISSING scores]\n"
        "  Audience award (prix-public): by the public's vote (not counted here)\n"
    )
    code, out, _ = run(capsys, url, "jury", "reopen")
    assert code == 0 and out == "Voting at jury-jam-2030 is open again: jurors may score and revise.\n"
    assert run(capsys, url, "jury", "reopen")[1] == "Voting at jury-jam-2030 was open already.\n"
    assert [action for _, action in audit_entries(url)][-2:] == ["jury.voting_closed", "jury.voting_reopened"]


def test_the_export_writes_the_cards_as_csv_or_json(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, url, "jury", "link", ANNE, "--telegram-id", "8001")
    score(url, [(ANNE, T1, card(5, 4, 3))])
    code, out, _ = run(capsys, url, "jury", "export")
    assert code == 0 and out.splitlines()[0].startswith("rank,team,challenge,team_score")
    assert f",{TEAMS[0]},acces-droits,,,,,{ANNE},5,4,3,4.25,yes,," in out
    target = tmp_path / "jury.json"
    code, out, _ = run(capsys, url, "jury", "export", "--format", "json", "-o", str(target))
    assert (code, out) == (
        0,
        f"1 card(s) of 4 team(s) written to {target} (voting still open: no ranking).\n",
    )
    assert json.loads(target.read_text(encoding="utf-8"))["teams"][0]["cards"][0]["juror"] == ANNE
    run(capsys, url, "jury", "close")
    code, out, _ = run(capsys, url, "jury", "export", "--format", "json", "-o", str(target))
    assert out.endswith("(with the ranking).\n")
    assert json.loads(target.read_text(encoding="utf-8"))["palmares"][0]["team"] == TEAMS[0]


def test_an_event_without_judging_says_where_to_describe_it(
    migrated_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        data = jury_data()
        del data["judging"]
        load_jury_event(session, data)
    engine.dispose()
    for command in ("status", "close", "reopen", "export"):
        code, _, err = run(capsys, migrated_db_url, "jury", command)
        assert code == 2 and "has no judging section in its pack" in err and "docs/judging-format.md" in err
    assert run(capsys, migrated_db_url, "jury", "list")[0] == 0  # the jury itself is the pack's


def test_the_demo_events_jury_can_be_linked(migrated_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    engine.dispose()
    code, out, _ = run(
        capsys, migrated_db_url, "jury", "link", "Heimana Flosse", "--telegram-id", "123456789"
    )
    assert code == 0 and "Heimana Flosse (fenua-innovation-2027) is linked" in out
    code, out, _ = run(capsys, migrated_db_url, "jury", "status")
    assert code == 0 and "Jurors who score on Telegram (1): Heimana Flosse." in out
    assert "No team to judge: none registered, and the pack lists none under judging.teams." in out
