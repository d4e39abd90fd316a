"""Matching user text against pack text: folding, stop words, scoring, ordinals; generality on real packs."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.factories import make_event, shared_event, shared_pack_paths

from bot.answers.schedule import find_sessions
from bot.core.i18n import all_variants
from bot.core.matching import (
    confident,
    content_words,
    leaders,
    normalize,
    ordinal_position,
    rank,
    similarity,
    stem,
    tokens,
)


def test_normalize_folds_case_accents_apostrophes_and_punctuation() -> None:
    assert (
        normalize("  L’Intelligence   Artificielle — c'est ÇA ?! ") == "l intelligence artificielle c est ca"
    )
    assert normalize("Cœur de cible") == "coeur de cible"
    assert normalize("défi n°2") == "defi n 2"


def test_tokens_drop_function_words_of_both_languages() -> None:
    assert tokens("What is the schedule for the final pitches?") == ["schedule", "final", "pitches"]
    assert tokens("Quel est le programme de la délibération ?") == ["programme", "deliberation"]


def test_content_words_quote_the_users_own_words() -> None:
    assert content_words("la remise des prix c'est à quelle heure ?") == "remise des prix"
    assert content_words("when is the yoga session?") == "yoga"
    assert content_words("quand a lieu l'atelier design thinking") == "atelier design thinking"
    assert content_words("what is it?") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("pitchs", "pitches"),
        ("finaux", "final"),
        ("finale", "final"),
        ("données", "donnee"),
        ("categories", "category"),
    ],
)
def test_plural_and_feminine_endings_share_a_stem(a: str, b: str) -> None:
    assert stem(normalize(a)) == stem(normalize(b))


def test_small_typos_in_long_words_still_match() -> None:
    assert similarity(stem("deliberaton"), stem("deliberation")) >= 0.85
    assert similarity(stem("chalenge"), stem("challenge")) >= 0.85


def test_short_words_need_an_exact_match() -> None:
    assert similarity("ai", "ia") == 0.0
    assert similarity("data", "date") == 0.0


def test_unrelated_words_sharing_a_short_prefix_do_not_match() -> None:
    assert similarity(stem("format"), stem("formation")) == 0.0
    assert similarity(stem("presentation"), stem("preservation")) == 0.0


def test_conjugated_forms_match_through_a_long_common_prefix() -> None:
    assert similarity(stem("participer"), stem("participants")) > 0


def test_compound_words_match_their_last_part() -> None:
    assert similarity(stem("securite"), stem("cybersecurite")) > 0


CANDIDATES = [
    ("ai", ["L'intelligence artificielle appliquée à la réglementation", "AI for regulation"]),
    ("housing", ["Accès au logement social", "Access to social housing"]),
    ("chatbots", ["Les chatbots au service du public", "Chatbots serving the public"]),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("intelligence artificielle", "ai"),
        ("INTELLIGENCE ARTIFICIELLE", "ai"),
        ("reglementation", "ai"),
        ("IA", "ai"),
        ("logements sociaux", "housing"),
        ("housing", "housing"),
        ("chatbot", "chatbots"),
        ("the chatbots challenge", "chatbots"),
    ],
)
def test_rank_finds_the_candidate_in_either_language(query: str, expected: str) -> None:
    ranked = rank(query, CANDIDATES, threshold=0.5)
    assert ranked and ranked[0][0] == expected


@pytest.mark.parametrize(
    "query", ["the challenge", "les défis", "session", "what is the event", "tell me more"]
)
def test_generic_words_alone_never_match(query: str) -> None:
    assert rank(query, CANDIDATES, threshold=0.01) == []


def test_rank_is_best_first_and_respects_the_threshold() -> None:
    ranked = rank("social housing", CANDIDATES, threshold=0.0)
    assert ranked[0][0] == "housing"
    assert all(score >= 0.0 for _, score in ranked)
    assert rank("social housing", CANDIDATES, threshold=1.01) == []


def test_a_full_short_title_beats_a_longer_one_containing_the_word() -> None:
    ranked = rank("lunch", [("buffet", ["Lunch buffet and networking"]), ("lunch", ["Lunch"])], threshold=0.1)
    assert ranked[0][0] == "lunch"


def test_leaders_and_confident() -> None:
    ranked = [("a", 0.9), ("b", 0.88), ("c", 0.5)]
    assert leaders(ranked, 0.05) == ["a", "b"]
    assert confident(ranked, 0.05) is None
    assert confident(ranked, 0.01) == "a"
    assert confident([], 0.1) is None


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("challenge 2", 2),
        ("défi n°2", 2),
        ("défi numéro 3", 3),
        ("challenge number 4?", 4),
        ("the second challenge", 2),
        ("le deuxième défi", 2),
        ("explain challenge one to me", 1),
        ("explique-moi le défi numéro un", 1),
        ("tell me about the last challenge", -1),
        ("le dernier défi", -1),
        ("2e défi", 2),
        ("the 3rd challenge", 3),
        ("what are the challenges", None),
        ("3 challenges", None),
    ],
)
def test_ordinal_position(text: str, position: int | None) -> None:
    assert ordinal_position(text, ("challenge", "defi")) == position


@pytest.mark.parametrize("path", [None, *shared_pack_paths()], ids=lambda p: p.name if p else "factory")
def test_every_session_is_found_by_its_own_title_in_every_language(path: Path | None) -> None:
    event = shared_event(path) if path else make_event()
    for session in event.sessions:
        for title in all_variants(session.title):
            assert session in find_sessions(event, title), title


@pytest.mark.parametrize("path", [None, *shared_pack_paths()], ids=lambda p: p.name if p else "factory")
def test_every_challenge_is_ranked_first_by_its_own_title(path: Path | None) -> None:
    event = shared_event(path) if path else make_event()
    candidates = [(c.key, all_variants(c.title) + list(c.keywords)) for c in event.challenges]
    for challenge in event.challenges:
        for title in all_variants(challenge.title):
            ranked = rank(title, candidates, threshold=0.5)
            assert ranked and ranked[0][0] == challenge.key, title
