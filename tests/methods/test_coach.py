"""The method coach: what a request says of the team's situation, read in French and English; the
methods that fit it, never longer than the time the team has; the time left before the pitches."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.models import Event
from bot.methods.catalogue import load_catalogue
from bot.methods.coach import fitting, minutes_until, next_milestone, quickest, recommend, stage_at
from bot.methods.reading import Need, asks_what_to_do, read_need


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("on doit comprendre nos usagers, par où commencer ?", Need("understand")),
        ("we have 3 hours before the pitch, how do we test our prototype?", Need("test", 180)),
        ("which method to prioritise features?", Need("deploy")),
        ("on a 1h30 pour faire une maquette, on est 4", Need("prototype", 90, 4)),
        ("half an hour left, we have no access to users", Need(None, 30, None, False)),
        ("il nous reste une demi-heure avant le jury", Need("pitch", 30)),
        ("we are 3 people and have 45 min to find ideas", Need("ideate", 45, 3)),
        ("une heure et demie pour tester avec des usagers", Need("test", 90)),
        ("we have 2.5 hours to define the problem", Need("define", 150)),
        ("comment trouver des idées ?", Need("ideate")),
        ("we can't contact any parents before thursday, how do we start?", Need(None, None, None, False)),
        ("on pourra rencontrer aucun bénéficiaire pendant l'événement", Need(None, None, None, False)),
        (
            "impossible de joindre de vrais usagers d'ici le jury, comment on teste ?",
            Need("test", None, None, False),
        ),
        ("Before the demo we'd like counter staff to have a go at it, 45 min", Need("test", 45)),
        ("our idea pulls numbers for jury duty summons, are we even allowed to?", Need("deploy")),
        ("on a une heure, on est 4", Need(None, 60, 4)),
        ("hello", Need()),
    ],
)
def test_a_request_says_the_stage_the_time_the_size_and_whether_users_can_be_reached(
    text: str, need: Need
) -> None:
    assert read_need(text) == need


def test_a_recommendation_never_takes_longer_than_the_time_the_team_has() -> None:
    catalogue = load_catalogue()
    for stage in ("understand", "define", "ideate", "prototype", "test", "deploy", "pitch", None):
        for minutes in (10, 20, 30, 45, 60, 120, 240):
            for fit in recommend(catalogue, Need(stage, minutes), count=30):
                assert fit.method.minutes.minimum <= minutes and fit.minutes <= minutes
                assert stage is None or stage in fit.method.stages


def test_methods_needing_users_are_left_out_for_a_team_that_cannot_reach_any() -> None:
    catalogue = load_catalogue()
    cannot = fitting(catalogue, Need("test", users_reachable=False))
    assert cannot and not any(m.people.users for m in cannot)
    assert any(m.people.users for m in fitting(catalogue, Need("test")))
    assert all(m.people.minimum <= 1 for m in fitting(catalogue, Need(people=1)))


def test_another_one_never_repeats_and_the_closest_in_meaning_come_first() -> None:
    catalogue = load_catalogue()
    first = recommend(catalogue, Need("understand"), relevance={"user-interviews": 0.1})
    assert first[0].method.id == "user-interviews" and len(first) == 3
    shown = [fit.method.id for fit in first]
    then = recommend(catalogue, Need("understand"), exclude=shown)
    assert then and not {fit.method.id for fit in then} & set(shown)


def test_when_nothing_fits_the_quickest_of_the_stage_says_how_long_it_would_take() -> None:
    catalogue = load_catalogue()
    assert recommend(catalogue, Need("understand", 5)) == []
    fastest = quickest(catalogue, Need("understand", 5))
    assert fastest is not None and fastest.minutes.minimum == min(
        m.minutes.minimum for m in catalogue.methods if "understand" in m.stages
    )


def test_the_time_a_team_has_is_by_default_the_time_left_before_the_pitches(demo_event: Event) -> None:
    now = dt.datetime(2027, 3, 17, 11, 15)
    pitches = next_milestone(demo_event, now)
    assert pitches is not None and pitches.kind == "pitch" and minutes_until(pitches, now) == 135
    assert next_milestone(demo_event, dt.datetime(2027, 3, 17, 18, 0)) is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what should we do now?", True),
        ("whats our next step", True),
        ("what should we be working on now?", True),
        ("on fait quoi maintenant ?", True),
        ("qu'est-ce qu'on devrait faire maintenant ?", True),
        ("c'est quoi notre prochaine étape ?", True),
        ("what should I be doing right now?", False),  # where to be: the programme
        ("what are we supposed to be doing now", False),
        ("qu'est-ce qui se passe maintenant ?", False),
        ("what should we check with the DPO?", False),
    ],
)
def test_a_team_asking_what_to_do_is_told_apart_from_someone_asking_what_is_on(text: str, asks: bool) -> None:
    assert asks_what_to_do(text) is asks


@pytest.mark.parametrize(
    ("now", "stage"),
    [
        (dt.datetime(2027, 3, 15, 11, 0), "understand"),  # the first morning's work
        (dt.datetime(2027, 3, 16, 10, 0), "prototype"),  # the second morning: 10 h of 22 gone
        (dt.datetime(2027, 3, 16, 14, 30), "pitch"),  # the pitch workshop is on
        (dt.datetime(2027, 3, 16, 16, 30), "test"),  # the user-testing workshop is on
        (dt.datetime(2027, 3, 16, 17, 45), "test"),  # 17 h 45 of 22 gone
        (dt.datetime(2027, 3, 17, 9, 0), "prototype"),  # « Finishing the prototypes » is on
        (dt.datetime(2027, 3, 17, 12, 0), "pitch"),  # an hour and a half before the pitches
    ],
)
def test_what_to_do_now_follows_the_share_of_working_time_gone_and_the_session_on(
    demo_event: Event, now: dt.datetime, stage: str
) -> None:
    assert stage_at(demo_event, now, next_milestone(demo_event, now)) == stage
