"""Prizes, results and follow-up: nothing of the results leaks before they are published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from support.factories import (
    AWARDED_PROJECTS,
    AWARDED_TEAMS,
    DAY1,
    DAY2,
    FOLLOW_UP,
    all_answer_functions,
    ask,
    at,
    make_event,
    shared_event,
    shared_pack_paths,
)

from bot.answers.prizes import answer_prizes
from bot.answers.replies import Ask
from bot.answers.results import answer_follow_up, answer_results
from bot.core.models import Event
from bot.events.results import results_are_public

REPO = Path(__file__).resolve().parents[2]


def probing_messages() -> list[str]:
    """Messages likely to draw results out, plus a sample of every kind of question of the training data."""
    messages = [
        "who won?", "qui a gagné ?", "results", "résultats", "palmarès", "winners", "les lauréats",
        "which team won the jury prize", "quelle équipe a remporté le prix du public", "jury prize",
        "prix du jury",
        "what happens after the event", "que deviennent les projets", "follow-up", "next steps", "Orvalis",
        "Les Castors Numériques", "Team Zephyrine", "Lumiolex", "Quartzibule", "Team Alpha", "Équipe A",
        "illustrative", "projet illustratif", "prizes", "what can we win", "/ask_results", "help", "hello",
    ]  # fmt: skip
    for path in sorted((REPO / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            examples = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
            messages += examples[::12]
    return messages


def embargoed_strings(event: Event) -> list[str]:
    strings = [award.team for award in event.awards]
    for award in event.awards:
        strings += [value for value in (award.project or {}).values() if value]
        strings += [value for value in (award.summary or {}).values() if value]
    if event.results and event.results.follow_up:
        strings += list(event.results.follow_up.values())
    return strings


def test_every_answer_function_is_probed() -> None:
    names = {f.__name__ for f in all_answer_functions()}
    assert {"answer_results", "answer_follow_up", "answer_fallback", "answer_faq", "answer_prizes"} <= names
    assert len(names) >= 25


@pytest.mark.parametrize("path", [None, *shared_pack_paths()], ids=lambda p: p.name if p else "factory")
def test_unpublished_results_never_appear_in_any_answer(path: Path | None) -> None:
    event = shared_event(path) if path else make_event(published=False)
    assert not results_are_public(event)
    secrets = embargoed_strings(event)
    assert secrets, "the event must carry results to test the embargo"
    moments = [
        at(event.starts, "10:00"),
        at(event.ends, "18:30"),
        at(event.ends + dt.timedelta(days=30), "10:00"),
    ]
    for message in probing_messages():
        for lang in ("fr", "en"):
            for function in all_answer_functions():
                for now in moments[:1] if function.__module__ != "bot.answers.schedule" else moments:
                    reply = function(Ask(event=event, lang=lang, now=now, text=message))
                    shown = reply.text + " ".join(b.title + b.payload for b in reply.buttons)
                    for secret in secrets:
                        assert secret not in shown, (function.__name__, message, secret)


def test_unpublished_results_and_follow_up_say_not_public_yet() -> None:
    event = make_event(published=False)
    for answer in (answer_results, answer_follow_up):
        assert answer(ask(event, "who won?")).text.startswith("The results are not public yet.")
        assert answer(ask(event, "qui a gagné ?", lang="fr")).text.startswith(
            "Les résultats ne sont pas encore publics."
        )


def test_no_results_row_means_not_public() -> None:
    event = make_event(results=False)
    assert not results_are_public(event)
    assert answer_results(ask(event)).text.startswith("The results are not public yet.")


def test_published_results_give_the_winners_per_prize() -> None:
    event = make_event(published=True)
    reply = answer_results(ask(event, "who won?"))
    assert reply.text.splitlines() == [
        "The winners:",
        "• Jury prize: Les Castors Numériques (Projet Lumiolex)",
        "• Audience award: Team Zephyrine (Projet Quartzibule)",
    ]


@pytest.mark.parametrize(
    ("message", "team"),
    [("who won the audience award?", AWARDED_TEAMS[1]), ("qui a eu le prix du jury", AWARDED_TEAMS[0])],
)
def test_published_results_for_the_prize_named(message: str, team: str) -> None:
    reply = answer_results(ask(make_event(published=True), message))
    assert team in reply.text
    assert [t for t in AWARDED_TEAMS if t in reply.text] == [team]


def test_published_follow_up() -> None:
    event = make_event(published=True)
    assert answer_follow_up(ask(event, lang="fr")).text == FOLLOW_UP["fr"]
    assert "not yet announced" in answer_follow_up(ask(make_event(published=True, follow_up=None))).text


def test_prizes_are_listed_without_winners_even_once_published() -> None:
    for published in (False, True):
        reply = answer_prizes(ask(make_event(published=published), "what can we win?"))
        assert (
            "• Jury prize — The best project according to the jury. — Six months of incubation" in reply.text
        )
        assert "• Audience award — A trophy" in reply.text
        assert not any(secret in reply.text for secret in (*AWARDED_TEAMS, *AWARDED_PROJECTS))


def test_no_prizes_announced() -> None:
    assert "No prizes have been announced" in answer_prizes(ask(make_event(prizes=[], awards=[]))).text


def test_published_without_awards() -> None:
    event = make_event(published=True, awards=[])
    assert "no prize has been awarded" in answer_results(ask(event)).text


def test_results_moment_does_not_matter() -> None:
    event = make_event(published=False)
    for now in (at(DAY1, "08:00"), at(DAY2, "23:00")):
        assert "not public" in answer_results(ask(event, now=now)).text
