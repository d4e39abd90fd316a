"""`hackbot jury palmares`: the palmarès judging proposes, changed with --set and --nobody, adopted
with --adopt as the event's results (still embargoed), and each refusal said plainly."""

from __future__ import annotations

import pytest
from support.cli_runs import audit_entries
from support.cli_runs import run_cli as run
from support.jury_packs import CRITERIA, JURORS, T1, T2, T3, T4, TEAMS, load_jury_event

from bot.core.db import make_engine, session_scope
from bot.events.lookup import current_event
from bot.events.results import results_are_public
from bot.jury import links, scoring

MARKS = {T1: 5, T2: 4, T3: 3, T4: 2}


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_jury_event(session)
        for name, user in JURORS.items():
            juror = links.link(session, event, name, user, by="cli")
            for team, mark in MARKS.items():
                scoring.record(session, event, juror, team, dict.fromkeys(CRITERIA, mark))
    engine.dispose()
    return migrated_db_url


def awards(url: str) -> tuple[list[tuple[str, str, str]], bool]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        found = [(a.prize.key, a.team, a.origin) for a in sorted(event.awards, key=lambda a: a.position)]
        public = results_are_public(event)
    engine.dispose()
    return found, public


def test_the_palmares_is_shown_changed_and_adopted_but_not_published(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, url, "jury", "palmares")
    assert (
        code == 2
        and err == "The jury still votes at jury-jam-2030: close voting first (`hackbot jury close`).\n"
    )
    run(capsys, url, "jury", "close")
    code, out, _ = run(capsys, url, "jury", "palmares")
    assert code == 0 and out == (
        "Palmarès of jury-jam-2030 proposed by judging (not adopted, not published):\n"
        f"  Grand prize (grand-prix; jury): {TEAMS[0]}\n"
        f"  Data prize (prix-donnees; jury, donnees only): {TEAMS[1]}\n"
        f"  Access prize (prix-acces; jury, acces-droits only): {TEAMS[2]}\n"
        "  Audience award (prix-public; public vote): no team yet: the public vote is not opened\n"
        "Adopt it with `hackbot jury palmares --event jury-jam-2030 --adopt` (and any --set).\n"
    )
    assert awards(url) == ([], False)

    code, _, err = run(capsys, url, "jury", "palmares", "--set", "prix-acces=data lagon")
    assert (
        code == 2
        and err == "Data Lagon cannot have prix-acces: the prize is restricted to another challenge.\n"
    )
    code, _, err = run(capsys, url, "jury", "palmares", "--set", "grand-prix=Nobody Team")
    assert code == 2 and "No team judged at jury-jam-2030 is called 'Nobody Team'" in err
    code, _, err = run(capsys, url, "jury", "palmares", "--set", "grand-prix")
    assert code == 2 and err == "--set takes PRIZE=TEAM, not 'grand-prix'.\n"

    code, out, _ = run(
        capsys, url, "jury", "palmares", "--set", "grand-prix=open fare", "--nobody", "prix-acces", "--adopt"
    )
    assert code == 0
    assert out.startswith("Adopted as the results of jury-jam-2030: 2 award(s), NOT published yet:\n")
    assert f"Grand prize (grand-prix; jury): {TEAMS[3]}  [changed by you; proposed: {TEAMS[0]}]" in out
    assert "Access prize (prix-acces; jury, acces-droits only): nobody  [changed by you; proposed: " in out
    assert "`hackbot results publish jury-jam-2030 --announce`" in out
    assert awards(url) == (
        [("grand-prix", TEAMS[3], "judging"), ("prix-donnees", TEAMS[1], "judging")],
        False,
    )
    assert audit_entries(url)[-1] == ("cli", "palmares.adopted")

    run(capsys, url, "results", "publish", "jury-jam-2030")
    code, _, err = run(capsys, url, "jury", "palmares", "--adopt")
    assert code == 2 and "hide them first (`hackbot results unpublish jury-jam-2030`)" in err
