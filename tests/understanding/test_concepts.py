"""The practical concepts a text names (bot.understanding.concepts), whatever words it uses."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from bot.understanding.concepts import Thesaurus, event_thesaurus


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("i really dont want to end up in the pics", "photos"),
        ("A photographer covers the event.", "photos"),
        ("my colleague is in a wheelchair", "accessibility"),
        ("Le lieu est accessible aux personnes handicapées", "accessibility"),
        ("je n'ai personne pour garder mon fils, la nounou est malade", "childcare"),
        ("Y a-t-il une garde d'enfants ?", "childcare"),
        ("can we pull an all-nighter in the building", "opening_hours"),
        ("on peut cloper sur la terrasse ?", "smoking"),
        ("Où peut-on fumer ?", "smoking"),
        ("un participant tient des propos racistes", "conduct"),
        ("I'm coeliac, is there gluten-free food?", "food"),
        ("ya un coin tranquille pour souffler un peu", "rest"),
        ("qqn me met mal à l'aise, je le dis à qui", "conduct"),
        ("anywhere to wash up in the morning?", "showers"),
        ("jai trouve un portefeuille, je le dépose où ?", "lost_property"),
        ("my mum wants to watch us pitch from home, is there a stream?", "livestream"),
        ("how do i get my laptop online here", "wifi"),
        ("where do i leave the car", "parking"),
        ("coming tomorrow without a car, how do I get there?", "public_transport"),
        ("on voudrait une affiche en grand format", "printing"),
    ],
)
def test_different_words_for_one_practical_matter_name_the_same_concept(text: str, concept: str) -> None:
    assert concept in event_thesaurus().named_in(text)


def test_a_phrase_names_a_concept_only_with_its_words_together() -> None:
    thesaurus = Thesaurus.from_mapping({"conduct": {"en": ["code of conduct"], "fr": ["propos déplacés"]}})
    assert thesaurus.named_in("Read the CODE of Conduct") == {"conduct"}
    assert thesaurus.named_in("des propos déplacés") == {"conduct"}  # accents and plurals aside
    assert thesaurus.named_in("the conduct of the code review") == set()
    assert thesaurus.named_in("la session a été déplacée") == set()


@pytest.mark.parametrize(
    "text",
    [
        "j'ai une question sur mon équipe",  # "ai" is no artificial intelligence
        "car on est en train de coder",  # nor is "car" a car, or "en train" a train
        "what's the plan for tomorrow",  # nor "the" a cup of « thé »
        "qui suit le projet dans tout le pays ?",  # nor "suit" a suit, "pays" paying
        "il faut adapter le service aux usagers",
        "la session a été déplacée à 14 h",  # moved, not out of place
        "on peut poster sur les réseaux sociaux ?",  # « poster » is to post, not a poster to print
        "la salle est coupée en deux",  # divided, not a cut to treat
    ],
)
def test_words_shared_by_french_and_english_name_no_concept_by_mistake(text: str) -> None:
    assert event_thesaurus().named_in(text) == set()


def test_the_shipped_thesaurus_names_each_concept_in_both_languages() -> None:
    data = yaml.safe_load(resources.files("bot.understanding").joinpath("concepts.yml").read_text("utf-8"))
    assert len(data) >= 30
    for concept, by_lang in data.items():
        assert set(by_lang) == {"en", "fr"}, concept
        assert all(by_lang[lang] for lang in ("en", "fr")), concept
    assert "accessibility" in event_thesaurus().named_in("fauteuil roulant")
    assert "accessibility" in event_thesaurus().named_in("wheelchair")
