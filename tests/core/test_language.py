"""Which language to answer in: detection on short chat messages, explicit requests, priorities."""

from __future__ import annotations

import pytest

from bot.core.language import choose_language, detect_language, language_code, requested_language

FRENCH_MESSAGES = [
    "merci",
    "bonjour",
    "salut",
    "bonsoir",
    "coucou",
    "merci beaucoup !",
    "c'est quand le déjeuner ?",
    "on mange à quelle heure",
    "qu'est-ce qu'on fait maintenant",
    "et après ?",
    "la suite du programme",
    "programme de demain svp",
    "c'est où la salle ?",
    "quels sont les défis",
    "le défi sur l'IA c'est quoi",
    "y a-t-il du wifi ?",
    "je peux venir avec mon vélo",
    "combien de personnes par équipe",
    "qui est dans le jury",
    "je cherche un mentor en droit",
    "où est-ce que je dois aller",
    "à quelle heure commencent les pitchs",
    "les résultats sont sortis ?",
    "qui a gagné",
    "ça commence quand",
    "il reste des places ?",
    "je suis en retard, c'est grave ?",
    "on a le droit d'utiliser du code existant",
    "l'inscription est encore ouverte ?",
    "d'accord",
    "super, merci bien",
    "au revoir",
    "à demain",
    "bonne soirée",
    "tu parles anglais ?",
    "quel est le règlement",
    "dites-moi où se garer",
    "est-ce que le repas est offert",
    "nous sommes perdus",
    "j'ai une question",
    "pas compris",
    "aide",
    "stp",
    "il faut apporter son ordinateur ?",
]
ENGLISH_MESSAGES = [
    "thanks",
    "thank you",
    "hello",
    "hi",
    "hey there",
    "cheers",
    "bye",
    "what's on now?",
    "what's next",
    "when is lunch",
    "where is the main room",
    "what are the challenges",
    "tell me about the AI challenge",
    "is there wifi",
    "can I bring my bike",
    "how many people per team",
    "who is on the jury",
    "I need a mentor for law",
    "where should I go",
    "what time do the pitches start",
    "are the results out?",
    "who won",
    "when does it start",
    "are there any seats left",
    "I'm running late, is that ok?",
    "can we reuse existing code",
    "is registration still open",
    "sounds good, thanks a lot",
    "see you tomorrow",
    "have a nice evening",
    "do you speak French?",
    "what are the rules",
    "tell me where to park",
    "is the meal free",
    "we are lost",
    "I have a question",
    "didn't get that",
    "help me please",
    "pls",
    "should I bring my laptop?",
    "good morning",
    "what's the schedule for tomorrow",
]
UNDECIDED = ["ok", "OK", "👍", "🙂", "?", "...", "42", "14:30", "Cendra Motin", "Sergio Coronado", "", "   "]


@pytest.mark.parametrize("message", FRENCH_MESSAGES)
def test_detects_french_in_short_messages(message: str) -> None:
    assert detect_language(message) == "fr"


@pytest.mark.parametrize("message", ENGLISH_MESSAGES)
def test_detects_english_in_short_messages(message: str) -> None:
    assert detect_language(message) == "en"


@pytest.mark.parametrize("message", UNDECIDED)
def test_no_language_for_messages_without_words_of_either(message: str) -> None:
    assert detect_language(message) is None


def test_detection_covers_enough_messages() -> None:
    assert len(FRENCH_MESSAGES) >= 40 and len(ENGLISH_MESSAGES) >= 40


def test_french_without_accents_is_still_french() -> None:
    assert detect_language("c est quand le dejeuner") == "fr"
    assert detect_language("ou se trouve la salle") == "fr"


def test_a_message_mixing_both_greetings_is_undecided() -> None:
    assert detect_language("hello bonjour") is None


@pytest.mark.parametrize(
    ("message", "target"),
    [
        ("speak English", "en"),
        ("English please", "en"),
        ("can you answer in English?", "en"),
        ("switch to french", "fr"),
        ("in French please", "fr"),
        ("en français stp", "fr"),
        ("parle anglais", "en"),
        ("français", "fr"),
        ("Francais", "fr"),
        ("anglais svp", "en"),
        ("réponds-moi en anglais", "en"),
        ("on peut passer à l'anglais ?", "en"),
        ("tu parles anglais ?", "en"),
        ("do you speak french?", "fr"),
        ("FR", "fr"),
        ("EN", "en"),
        ("en VF stp", "fr"),
        ("I don't speak French", "en"),
        ("je ne parle pas anglais", "fr"),
        ("I don't understand French, english please", "en"),
        ("je comprends pas l'anglais, en français stp", "fr"),
        ("translate from French to English", "en"),
    ],
)
def test_requested_language_is_the_one_asked_for(message: str, target: str) -> None:
    assert requested_language(message) == target


@pytest.mark.parametrize(
    "message", ["change language", "changer de langue", "other language", "hello", "merci"]
)
def test_no_requested_language_when_none_is_named(message: str) -> None:
    assert requested_language(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "can i pitch in english",
        "can we pitch in english?",
        "on peut pitcher en anglais ?",
        "les plénières sont en anglais aussi ? mon collègue ne parle pas français",
        "any german speakers around? my colleague from bern barely speaks french",
        "are the slides in French?",
        "le jury parle anglais ?",
    ],
)
def test_a_question_that_merely_names_a_language_is_no_request(message: str) -> None:
    assert requested_language(message) is None


def _choose(**overrides: object) -> str:
    values: dict[str, object] = {
        "requested": None,
        "chosen": None,
        "channel": None,
        "detected": None,
        "previous": None,
        "event_languages": ["fr", "en"],
    }
    values.update(overrides)
    return choose_language(**values)  # type: ignore[arg-type]


def test_explicit_request_beats_everything() -> None:
    assert _choose(requested="en", chosen="fr", channel="fr-FR", detected="fr", previous="fr") == "en"


def test_earlier_choice_beats_channel_and_detection() -> None:
    assert _choose(chosen="en", channel="fr-FR", detected="fr", previous="fr") == "en"


def test_channel_language_code_beats_detection() -> None:
    assert _choose(channel="en-US", detected="fr", previous="fr") == "en"
    assert _choose(channel="fr_CA", detected="en") == "fr"


def test_detection_beats_previous_language() -> None:
    assert _choose(detected="en", previous="fr") == "en"


def test_previous_language_when_nothing_else_is_known() -> None:
    assert _choose(previous="en") == "en"


def test_event_first_supported_language_then_french() -> None:
    assert _choose(event_languages=["de", "en", "fr"]) == "en"
    assert _choose(event_languages=["de"]) == "fr"
    assert _choose(event_languages=[]) == "fr"


def test_unsupported_languages_are_skipped_at_every_level() -> None:
    assert _choose(requested="de", chosen="es", channel="it-IT", detected=None, previous="en") == "en"


@pytest.mark.parametrize(
    ("tag", "code"),
    [("fr-FR", "fr"), ("EN", "en"), ("en_GB", "en"), ("de-DE", None), ("", None), (None, None)],
)
def test_language_code_takes_the_primary_subtag(tag: str | None, code: str | None) -> None:
    assert language_code(tag) == code
