"""The results embargo at the bot level: 40 phrasings in French and English, on the demo pack, the
shared packs and the factory event. Before publication no answer function reveals a winning
team, project, summary or follow-up, and results questions get "not public yet" and nothing
else; after publication the same questions get the right facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from support.factories import AWARDED_TEAMS, all_answer_functions, ask, at, make_event, shared_event
from support.packs import DEMO_PACK, SHARED_EVENTS
from support.results_phrasings import ENGLISH, FRENCH, PHRASINGS, Phrasing, embargoed_strings, revealed

from bot.answers.conversation import answer_fallback
from bot.answers.prizes import answer_prizes
from bot.answers.replies import Ask, Reply
from bot.answers.results import answer_follow_up, answer_results, looks_like_results_question
from bot.core.i18n import localize
from bot.core.models import Event
from bot.core.texts import t

PACKS: list[Path | None] = [None, DEMO_PACK, *sorted(SHARED_EVENTS.glob("*.yml"))]
NOT_PUBLIC = {lang: t("results_not_public", lang) for lang in ("fr", "en")}


def pack_id(path: Path | None) -> str:
    return path.stem if path else "factory"


def event_of(path: Path | None, *, published: bool) -> Event:
    event = shared_event(path) if path else make_event()
    assert event.results is not None
    event.results.published = published
    assert embargoed_strings(event), "the pack must carry results to test the embargo"
    return event


def intended(phrasing: Phrasing) -> Callable[[Ask], Reply]:
    return answer_follow_up if phrasing.follow_up else answer_results


def shown(reply: Reply) -> str:
    return reply.text + " ".join(b.title + b.payload for b in reply.buttons)


def teams_in(text: str, event: Event) -> list[str]:
    return [award.team for award in event.awards if award.team in text]


def test_phrasings_are_varied_and_in_both_languages() -> None:
    assert len(ENGLISH) >= 15 and len(FRENCH) >= 15
    assert {p.lang for p in ENGLISH} == {"en"} and {p.lang for p in FRENCH} == {"fr"}
    assert len({p.text for p in PHRASINGS}) == len(PHRASINGS)
    assert {p.routed_intent for p in PHRASINGS} > {"ask_results", "ask_follow_up"}, "misrouted ones too"


@pytest.mark.parametrize("path", PACKS, ids=pack_id)
def test_before_publication_no_answer_reveals_anything(path: Path | None) -> None:
    event = event_of(path, published=False)
    moments = [
        at(event.starts, "10:00"),
        at(event.ends, "18:30"),
        at(event.ends + dt.timedelta(days=60), "10:00"),
    ]
    functions = all_answer_functions()
    for phrasing in PHRASINGS:
        for lang in ("fr", "en"):
            for function in functions:
                for now in moments if function.__module__ == "bot.answers.schedule" else moments[:1]:
                    reply = function(Ask(event=event, lang=lang, now=now, text=phrasing.text))
                    assert not revealed(shown(reply), event), (function.__name__, phrasing.text, lang)


@pytest.mark.parametrize("path", PACKS, ids=pack_id)
def test_before_publication_results_questions_get_not_public_and_nothing_else(path: Path | None) -> None:
    event = event_of(path, published=False)
    for phrasing in PHRASINGS:
        for lang in ("fr", "en"):
            assert intended(phrasing)(ask(event, phrasing.text, lang=lang)).text == NOT_PUBLIC[lang]
        # Whatever the NLU makes of it, the answer given is "not public" or something else entirely.
        if phrasing.routed_intent == "nlu_fallback":
            reply = answer_fallback(ask(event, phrasing.text, lang=phrasing.lang)).text
            name = localize(event.name, phrasing.lang, event.languages)
            assert reply in (NOT_PUBLIC[phrasing.lang], t("fallback", phrasing.lang, name=name))


@pytest.mark.parametrize("path", PACKS, ids=pack_id)
def test_after_publication_the_same_questions_get_the_facts(path: Path | None) -> None:
    event = event_of(path, published=True)
    assert event.results is not None
    for phrasing in PHRASINGS:
        lang = phrasing.lang
        reply = intended(phrasing)(ask(event, phrasing.text, lang=lang)).text
        if phrasing.follow_up:
            assert reply == localize(event.results.follow_up, lang, event.languages), phrasing.text
            continue
        winners = teams_in(reply, event)
        assert winners, (phrasing.text, reply)
        for award in event.awards:
            if award.team in winners:  # each winner with its prize and project
                assert localize(award.prize.name, lang, event.languages) in reply
                assert localize(award.project, lang, event.languages) in reply


def test_after_publication_the_whole_palmares_with_what_the_projects_are_about() -> None:
    event = event_of(DEMO_PACK, published=True)
    for question, lang in (
        ("what is the winning project about?", "en"),
        ("qu'a fait l'équipe gagnante", "fr"),
    ):
        reply = answer_results(ask(event, question, lang=lang)).text
        for award in event.awards:
            assert award.team in reply
            summary = localize(award.summary, lang, event.languages)
            if summary:
                assert summary in reply


@pytest.mark.parametrize(
    ("path", "question", "lang", "team"),
    [
        (DEMO_PACK, "which team got the jury prize", "en", "Te Ara (illustrative)"),
        (DEMO_PACK, "quelle équipe a remporté le prix du jury", "fr", "Te Ara (illustrative)"),
        (DEMO_PACK, "who won the archipelagos prize?", "en", "Motu Connect (illustrative)"),
        (DEMO_PACK, "qui a eu le coup de cœur des usagers", "fr", "Reo Ora (illustrative)"),
        (DEMO_PACK, "what is Te Ara's project about", "en", "Te Ara (illustrative)"),
        (DEMO_PACK, "parle-moi du projet Motu Connect", "fr", "Motu Connect (illustrative)"),
        (DEMO_PACK, "what did the team behind Bilingual forms do?", "en", "Reo Ora (illustrative)"),
        (
            SHARED_EVENTS / "ena-inet-2019.yml",
            "who won the tech innovation prize",
            "en",
            "Équipe C (illustrative)",
        ),
        (
            SHARED_EVENTS / "ena-inet-2019.yml",
            "qui a eu le coup de coeur du public",
            "fr",
            "Équipe D (illustrative)",
        ),
        (None, "who won the audience award?", "en", AWARDED_TEAMS[1]),
        (None, "tell me about Lumiolex", "en", AWARDED_TEAMS[0]),
    ],
)
def test_after_publication_the_prize_team_or_project_named(
    path: Path | None, question: str, lang: str, team: str
) -> None:
    event = event_of(path, published=True)
    reply = answer_results(ask(event, question, lang=lang)).text
    assert teams_in(reply, event) == [team], reply
    before = answer_results(ask(event_of(path, published=False), question, lang=lang)).text
    assert before == NOT_PUBLIC[lang]


def test_the_innovation_prizes_named_together_give_their_winners() -> None:
    event = event_of(SHARED_EVENTS / "ena-inet-2019.yml", published=True)
    reply = answer_results(ask(event, "which team won the innovation prize", lang="en")).text
    assert teams_in(reply, event) == [
        "Équipe A (illustrative)",
        "Équipe B (illustrative)",
        "Équipe C (illustrative)",
    ]


@pytest.mark.parametrize("path", PACKS, ids=pack_id)
def test_prizes_never_list_winners(path: Path | None) -> None:
    for published in (False, True):
        event = event_of(path, published=published)
        for question, lang in (
            ("what can we win?", "en"),
            ("qui a gagner", "fr"),
            ("les prix et les lauréats", "fr"),
        ):
            reply = answer_prizes(ask(event, question, lang=lang)).text
            assert not revealed(reply, event), question


def test_a_winners_name_alone_gives_no_hint_before_publication() -> None:
    # "Not public yet" for a team's name would tell that the team won: the fallback stays generic.
    event = make_event(published=False)
    for name in ("Lumiolex", "Team Zephyrine", "Les Castors Numériques"):
        for lang in ("fr", "en"):
            reply = answer_fallback(ask(event, name, lang=lang)).text
            assert reply == t("fallback", lang, name=localize(event.name, lang, event.languages)), name


def test_the_fallback_answers_results_questions_the_nlu_could_not_place() -> None:
    event = make_event(published=True)
    for question, lang in (("resluts", "en"), ("c'est qui les vainqueurs", "fr"), ("palmarés ?", "fr")):
        assert teams_in(answer_fallback(ask(event, question, lang=lang)).text, event) == list(AWARDED_TEAMS)


@pytest.mark.parametrize(
    "question",
    [
        "who won?", "c'est qui les vainqueurs", "resluts", "résultas ?", "les lauréats svp", "palmarés",
        "who won the jury prize", "qui a remporté le prix du public",
        "winners of the Public Innovation Hackathon", "ranking of the teams",
    ],
)  # fmt: skip
def test_results_questions_are_recognised_by_their_words(question: str) -> None:
    assert looks_like_results_question(question, make_event())


@pytest.mark.parametrize(
    "question",
    [
        "who won the champions league", "qui a gagné le match hier soir", "who won the election",
        "what can we win", "Lumiolex", "Team Zephyrine", "hello", "where is the lunch", "quelle heure est-il",
    ],
)  # fmt: skip
def test_other_questions_are_not_taken_for_results_questions(question: str) -> None:
    assert not looks_like_results_question(question, make_event())
