"""Mentors (by expertise, in French and English) and the jury."""

from __future__ import annotations

import pytest
from support.factories import ask, make_event

from bot.answers.people import answer_jury, answer_mentors
from bot.core.models import JuryMember, Mentor

EVENT = make_event()
EVERYONE = ("Alice Martin", "Bruno Keller", "Chloé Dubois", "David Roux")


@pytest.mark.parametrize(
    "message", ["who are the mentors?", "les mentors svp", "list of mentors", "coachs ?", ""]
)
def test_all_mentors_with_expertise_and_availability(message: str) -> None:
    reply = answer_mentors(ask(EVENT, message))
    assert reply.text.splitlines()[0] == "The mentors:"
    assert (
        "• Alice Martin — artificial intelligence, data science (available: Monday afternoon)" in reply.text
    )
    assert all(name in reply.text for name in EVERYONE)


@pytest.mark.parametrize(
    ("message", "lang", "name"),
    [
        ("is there a mentor for AI?", "en", "Alice Martin"),
        ("un mentor en intelligence artificielle ?", "fr", "Alice Martin"),
        ("il y a un mentor pour l'IA ?", "fr", "Alice Martin"),
        ("a data science expert", "en", "Alice Martin"),
        ("un expert en science des données", "fr", "Alice Martin"),
        ("who can help us with service design", "en", "Bruno Keller"),
        ("qui peut nous conseiller sur le RGPD", "fr", "Chloé Dubois"),
        ("who can advise us on GDPR", "en", "Chloé Dubois"),
        ("a cybersecurity expert?", "en", "David Roux"),
        ("un expert en cybersecurite", "fr", "David Roux"),
        ("is there a security expert around", "en", "David Roux"),
    ],
)
def test_mentors_by_expertise_in_both_languages(message: str, lang: str, name: str) -> None:
    reply = answer_mentors(ask(EVENT, message, lang=lang))
    assert name in reply.text
    assert [n for n in EVERYONE if n in reply.text] == [name]


@pytest.mark.parametrize(
    ("message", "lang"),
    [("is there someone for public finance", "en"), ("un expert en marchés publics ?", "fr")],
)
def test_an_expertise_no_mentor_has_asked_of_someone_says_so_and_lists_everyone(
    message: str, lang: str
) -> None:
    reply = answer_mentors(ask(EVENT, message, lang=lang))
    assert reply.text.splitlines()[0] in (
        "No mentor is listed for that expertise. Here are all the mentors:",
        "Aucun mentor n'est indiqué pour cette expertise. Voici tous les mentors :",
    )
    assert all(name in reply.text for name in EVERYONE)


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("how much are the mentors paid?", "en"),
        ("is there a mentor for public finance", "en"),
        ("les mentors sont payés combien ?", "fr"),
    ],
)
def test_a_question_on_mentors_asking_for_no_one_says_so_and_offers_them_all(message: str, lang: str) -> None:
    reply = answer_mentors(ask(EVENT, message, lang=lang))
    assert reply.text in (
        "No mentor is listed for that expertise.",
        "Aucun mentor n'est indiqué pour cette expertise.",
    )
    assert not any(name in reply.text for name in EVERYONE)
    assert [b.payload for b in reply.buttons] == ["/ask_mentors"]
    everyone = answer_mentors(ask(EVENT, reply.buttons[0].payload, lang=lang))
    assert all(name in everyone.text for name in EVERYONE)


def test_mentor_expertise_in_the_users_language() -> None:
    reply = answer_mentors(ask(EVENT, "", lang="fr"))
    assert "• David Roux — cybersécurité" in reply.text


def test_no_mentors_announced() -> None:
    assert "No mentors have been announced" in answer_mentors(ask(make_event(mentors=[]))).text


def test_jury_chair_first() -> None:
    reply = answer_jury(ask(EVENT, lang="fr"))
    assert reply.text.splitlines() == [
        "Le jury :",
        "• Marc Lefèvre — Préfet (présidence du jury)",
        "• Jeanne Petit — Directrice du numérique",
    ]


def test_chair_not_repeated_when_the_role_says_it() -> None:
    jury = [
        JuryMember(
            name="Cendra Motin",
            role={"en": "MP, jury chair", "fr": "Députée, présidente du jury"},
            chair=True,
        )
    ]
    reply = answer_jury(ask(make_event(jury=jury)))
    assert reply.text.splitlines()[1] == "• Cendra Motin — MP, jury chair"


def test_no_jury_announced() -> None:
    assert "not been announced" in answer_jury(ask(make_event(jury=[]))).text


def test_mentor_without_expertise() -> None:
    reply = answer_mentors(ask(make_event(mentors=[Mentor(name="Eve", expertise=[])])))
    assert "• Eve" in reply.text.splitlines()
