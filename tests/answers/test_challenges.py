"""Challenges: the list with buttons, and one challenge by keyword, title, number, key or payload."""

from __future__ import annotations

import pytest
from support.factories import ask, challenge, make_event, text

from bot.answers.challenges import MAX_BUTTONS, answer_challenge, answer_challenges, challenge_payload

EVENT = make_event()


def test_list_is_numbered_with_summaries_and_buttons() -> None:
    reply = answer_challenges(ask(EVENT, lang="fr"))
    lines = reply.text.splitlines()
    assert lines[0] == "Les 3 défis :"
    assert lines[1] == (
        "1. Administration transparente et données ouvertes : "
        "Rendre les décisions publiques lisibles pour les citoyens."
    )
    assert lines[3].startswith("3. Accès au logement social")
    assert [b.payload for b in reply.buttons] == [
        '/ask_challenge{"challenge":"open-data"}',
        '/ask_challenge{"challenge":"ai-regulation"}',
        '/ask_challenge{"challenge":"housing"}',
    ]


def test_no_buttons_for_more_than_ten_challenges() -> None:
    many = [challenge(f"c{i}", text(f"Défi {i}"), text(f"Résumé {i}")) for i in range(MAX_BUTTONS + 1)]
    reply = answer_challenges(ask(make_event(challenges=many)))
    assert reply.buttons == ()
    assert "11. Défi 10" in reply.text


def test_no_challenges_published() -> None:
    assert "not been published" in answer_challenges(ask(make_event(challenges=[]))).text


@pytest.mark.parametrize(
    ("message", "key"),
    [
        ("tell me about the AI challenge", "ai-regulation"),
        ("c'est quoi le défi IA", "ai-regulation"),
        ("le défi sur l'intelligence artificielle", "ai-regulation"),
        ("what is the open data challenge about?", "open-data"),
        ("transparence", "open-data"),
        ("defi donnees ouvertes", "open-data"),
        ("the housing challenge", "housing"),
        ("parle-moi du défi logement social", "housing"),
        ("le défi de l'agence du logement", "housing"),
        ("Access to social housing", "housing"),
        ("challenge 2", "ai-regulation"),
        ("défi n°2", "ai-regulation"),
        ("the second challenge", "ai-regulation"),
        ("le dernier défi", "housing"),
        ("explain challenge one to me", "open-data"),
        ("housing", "housing"),
        ('/ask_challenge{"challenge":"housing"}', "housing"),
        ('/ask_challenge{"challenge": "open-data"}', "open-data"),
    ],
)
def test_one_challenge_by_keyword_title_owner_number_key(message: str, key: str) -> None:
    chosen = next(c for c in EVENT.challenges if c.key == key)
    reply = answer_challenge(ask(EVENT, message))
    assert reply.text.splitlines()[0].endswith(chosen.title["en"])
    assert chosen.summary["en"] in reply.text


def test_challenge_details_in_french() -> None:
    reply = answer_challenge(ask(EVENT, "défi 1", lang="fr"))
    assert reply.text.splitlines() == [
        "Défi 1 : Administration transparente et données ouvertes",
        "Porté par : Ministère de la Transformation publique",
        "Thème : Démocratie",
        "Rendre les décisions publiques lisibles pour les citoyens.",
        "Jeux de données des délibérations municipales.",
    ]


@pytest.mark.parametrize(
    "message", ["tell me about the health challenge", "le défi mobilité", "défi santé publique"]
)
def test_a_challenge_that_does_not_exist_is_not_found_and_the_list_follows(message: str) -> None:
    reply = answer_challenge(ask(EVENT, message))
    assert reply.text.startswith("I can't find that challenge.")
    assert "1. Transparent administration and open data" in reply.text
    assert len(reply.buttons) == 3


def test_a_number_beyond_the_list_says_how_many_there_are() -> None:
    reply = answer_challenge(ask(EVENT, "défi n°7", lang="fr"))
    assert reply.text.startswith("Il n'y a pas de défi n° 7 : il y en a 3.")


def test_no_particular_challenge_asks_which() -> None:
    reply = answer_challenge(ask(EVENT, "tell me about the challenge"))
    assert reply.text.startswith("Which challenge do you mean?")


def test_equally_good_matches_are_all_offered() -> None:
    event = make_event(
        challenges=[
            challenge("water", text("Eau potable"), text("Mieux gérer l'eau potable."), keywords=["eau"]),
            challenge("river", text("Rivières"), text("Qualité de l'eau des rivières."), keywords=["eau"]),
            challenge("roads", text("Routes"), text("Entretenir les routes.")),
        ]
    )  # fmt: skip
    reply = answer_challenge(ask(event, "le défi sur l'eau", lang="fr"))
    assert reply.text.startswith("Plusieurs défis correspondent")
    assert [b.payload for b in reply.buttons] == [challenge_payload("water"), challenge_payload("river")]
