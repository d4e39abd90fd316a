"""Greetings, help, language changes, and a fallback that never guesses."""

from __future__ import annotations

import dataclasses

import pytest
from support.factories import ask, make_event, shared_event, shared_pack_paths

from bot.answers.conversation import (
    answer_fallback,
    answer_goodbye,
    answer_greet,
    answer_help,
    answer_language_changed,
    answer_no_event,
    answer_out_of_scope,
    answer_thanks,
)
from bot.core.texts import t

EVENT = make_event()

OUT_OF_SCOPE = [
    "what's the weather in Paris",
    "will it rain tomorrow",
    "quelle est la capitale du Pérou",
    "tell me a joke",
    "raconte-moi une blague",
    "who won the champions league",
    "qui a gagné le match hier soir",
    "book me a flight to Madrid",
    "réserve-moi un hôtel",
    "order me a pizza",
    "what's the bitcoin price",
    "combien font 12 fois 34",
    "write me a poem",
    "who wrote Hamlet",
    "how tall is the Eiffel Tower",
    "donne-moi une recette de crêpes",
    "what is quantum physics",
    "can you hack my neighbour's wifi",
    "comment réparer mon imprimante chez moi",
    "quel téléphone acheter",
    "what's your favourite colour",
    "asdfghjkl",
    "lorem ipsum dolor sit amet",
    "hello bot",
    "ok",
    "?",
]


def test_greeting_names_the_event_and_gives_examples() -> None:
    english = answer_greet(ask(EVENT)).text
    assert "Public Innovation Hackathon" in english
    assert 3 <= english.count("•") <= 4
    french = answer_greet(ask(EVENT, lang="fr")).text
    assert "Hackathon de l'innovation publique" in french and "Bonjour" in french


def test_help_lists_what_the_bot_can_do_with_examples() -> None:
    reply = answer_help(ask(EVENT, lang="fr")).text
    assert reply.count("•") >= 6
    for topic in ("programme", "défis", "règlement", "équipes", "mentors", "prix"):
        assert topic in reply


def test_goodbye_and_thanks() -> None:
    assert answer_goodbye(ask(EVENT)).text.startswith("Goodbye")
    assert answer_thanks(ask(EVENT, lang="fr")).text.startswith("Avec plaisir")


def test_out_of_scope_says_what_the_bot_is_for() -> None:
    reply = answer_out_of_scope(ask(EVENT, "tell me a joke")).text
    assert "only answer questions about “Public Innovation Hackathon”" in reply


@pytest.mark.parametrize("path", [None, *shared_pack_paths()], ids=lambda p: p.name if p else "factory")
@pytest.mark.parametrize("message", OUT_OF_SCOPE)
def test_fallback_never_answers_out_of_scope_questions_from_event_data(message: str, path: object) -> None:
    event = shared_event(path) if path else EVENT  # type: ignore[arg-type]
    for lang in ("fr", "en"):
        reply = answer_fallback(ask(event, message, lang=lang))
        name = event.name.get(lang) or next(iter(event.name.values()))
        assert reply.text == t("fallback", lang, name=name)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("wifi?", "mot de passe sur votre badge"),
        ("code de conduite", "Soyez respectueux"),
        ("pitchs finaux", "Pitchs finaux devant le jury"),
        ("logement social", "Accès au logement social"),
    ],
)
def test_fallback_answers_a_clear_match_from_the_event(message: str, expected: str) -> None:
    assert expected in answer_fallback(ask(EVENT, message, lang="fr")).text


def test_language_changed_confirms_in_the_new_language() -> None:
    assert answer_language_changed(ask(EVENT, "speak English", lang="en")).text == t("language_changed", "en")
    assert "français" in answer_language_changed(ask(EVENT, "en français stp", lang="fr")).text


def test_language_change_without_a_language_offers_both() -> None:
    reply = answer_language_changed(ask(EVENT, "change language", lang="en"))
    assert reply.text == t("language_which", "en")
    assert [b.title for b in reply.buttons] == ["Français", "English"]


def test_no_event_loaded() -> None:
    assert "No event is loaded yet" in answer_no_event("en").text
    assert "Aucun événement n'est encore chargé" in answer_no_event("fr").text


def test_a_fallback_between_two_close_readings_about_results_answers_about_results() -> None:
    # "quelle suite pour les lauréats ?": ask_results 0.47 and ask_follow_up 0.44, too close to choose.
    hesitant = dataclasses.replace(
        ask(EVENT, "quelle suite pour les lauréats", lang="fr"),
        intent="nlu_fallback",
        confidence=0.4,
        ranking=(("nlu_fallback", 0.4), ("ask_results", 0.47), ("ask_follow_up", 0.44)),
    )
    assert answer_fallback(hesitant).text == t("results_not_public", "fr")
    unsure = dataclasses.replace(hesitant, ranking=(("nlu_fallback", 0.4), ("ask_results", 0.3)))
    assert answer_fallback(unsure).unanswered, "a reading below the threshold is no answer"
