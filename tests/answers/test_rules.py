"""Rules, practical questions, team rules, and the strict search behind the fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from support.factories import DAY1, ask, at, default_rules, make_event, text

from bot.answers.rules import answer_faq, answer_rules, find_event_answer
from bot.answers.team_rules import answer_team_rules
from bot.core.models import Rule, TeamSettings
from bot.core.texts import t

EVENT = make_event()


def test_rules_listed_briefly_when_no_topic_is_named() -> None:
    reply = answer_rules(ask(EVENT, "what are the rules?"))
    assert reply.text.splitlines()[0] == "The rules:"
    assert "• Pitch format: 5 minutes of pitch and 3 minutes of questions from the jury." in reply.text
    assert reply.text.count("•") == 4


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("how long is the pitch?", "Pitch format"),
        ("combien de temps dure le pitch", "Pitch format"),
        ("is there a code of conduct?", "Code of conduct"),
        ("code de conduite", "Code of conduct"),
        ("intellectual property", "Intellectual property"),
        ("à qui appartient la propriété intellectuelle", "Intellectual property"),
        ("qui peut participer selon le règlement", "Who can take part"),
    ],
)
def test_rule_answered_when_its_topic_is_named(message: str, topic: str) -> None:
    reply = answer_rules(ask(EVENT, message))
    assert reply.text.startswith(topic + ":")
    assert reply.text.count("\n") == 0


def test_rules_answer_a_faq_question_too() -> None:
    assert answer_rules(ask(EVENT, "what should I bring?")).text.startswith("What should I bring?")


def test_no_rules_points_to_the_faq_or_the_organisers() -> None:
    assert "frequent questions" in answer_rules(ask(make_event(rules=[]), "rules")).text
    assert "No rules have been published" in answer_rules(ask(make_event(rules=[], faq=[]), "rules")).text


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("what should I bring?", "Your laptop and its charger."),
        ("que dois-je apporter", "Your laptop and its charger."),
        ("do I need my laptop", "Your laptop and its charger."),
        ("wifi?", "password on your badge"),
        ("mot de passe du wifi", "password on your badge"),
        ("is there parking", "Free parking behind building B."),
        ("où se garer ?", "Free parking behind building B."),
    ],
)
def test_faq_answers_the_matching_question(message: str, answer: str) -> None:
    assert answer in answer_faq(ask(EVENT, message)).text


def test_faq_without_a_match_lists_the_questions() -> None:
    reply = answer_faq(ask(EVENT, "is there a shower?", lang="fr"))
    assert reply.text.startswith("Je n'ai pas de réponse précise")
    assert "• Que dois-je apporter ?" in reply.text and "• Où se garer ?" in reply.text


# ------------------------------------------------------------------ strict search (fallback)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("wifi password?", "password on your badge"),
        ("wifi password for the printer", None),
        ("is there wifi", "password on your badge"),
        ("code of conduct", "Be respectful and kind."),
        ("transparency", "Transparent administration and open data"),
        ("when are the final pitches", "Final pitches before the jury"),
        ("délibération du jury", "Délibération du jury"),
    ],
)
def test_strict_search_answers_only_clear_matches(message: str, expected: str | None) -> None:
    lang = "fr" if "é" in message else "en"
    reply = find_event_answer(ask(EVENT, message, lang=lang))
    if expected is None:
        assert reply is None
    else:
        assert reply is not None and expected in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "what's the weather in Paris",
        "quelle est la capitale du Pérou",
        "tell me a joke",
        "who won the champions league",
        "book me a train to Lyon",
        "is there a mentor for AI?",  # the AI challenge is not a mentor
        "who is on the jury",  # a session title mentioning the jury is not the jury
        "hello bot",
        "cc",
        "pitch",  # a rule, two sessions: ambiguous
        "the challenge",
        "la session",
        "data",
        "ok",
        "",
    ],
)
def test_strict_search_never_guesses(message: str) -> None:
    assert find_event_answer(ask(EVENT, message)) is None


# ------------------------------------------------------------------ teams


def test_team_rules_with_registration_open() -> None:
    reply = answer_team_rules(ask(EVENT, now=at(DAY1 - dt.timedelta(days=2), "12:00")))
    assert reply.text.splitlines() == [
        "Teams of 3 to 6 people.",
        "Maximum number of teams: 12.",
        "Each team picks a challenge.",
        "Registration is open until Monday 11 March at 10:00 am.",
        t("teams_how_to_register", "en"),
    ]


def test_registration_closed_since() -> None:
    reply = answer_team_rules(ask(EVENT, lang="fr", now=at(DAY1, "11:00")))
    assert "Les inscriptions sont closes depuis le lundi 11 mars à 10 h." in reply.text
    assert t("teams_how_to_register", "fr") not in reply.text


def test_registration_not_yet_open() -> None:
    reply = answer_team_rules(ask(EVENT, now=at(DAY1 - dt.timedelta(days=40), "12:00")))
    assert (
        "Registration opens on Saturday 9 February at 9:00 am and closes on Monday 11 March at 10:00 am."
        in reply.text
    )


def test_missing_team_settings_are_not_mentioned() -> None:
    event = make_event(team_settings=TeamSettings(min_size=4, require_challenge=False))
    assert answer_team_rules(ask(event)).text.splitlines() == [
        "Minimum team size: 4.",
        t("teams_how_to_register", "en"),
    ]
    event = make_event(team_settings=TeamSettings(max_size=5, max_teams=None, require_challenge=False))
    assert answer_team_rules(ask(event, lang="fr")).text.splitlines() == [
        "Taille maximale d'une équipe : 5.",
        t("teams_how_to_register", "fr"),
    ]


def test_registration_open_since_without_a_closing_date() -> None:
    settings = TeamSettings(
        registration_opens=at(DAY1 - dt.timedelta(days=3), "09:00"), require_challenge=False
    )
    reply = answer_team_rules(ask(make_event(team_settings=settings)))
    assert reply.text.splitlines() == [
        "Registration has been open since Friday 8 March at 9:00 am.",
        t("teams_how_to_register", "en"),
    ]


def test_no_team_settings_says_the_organisers_have_not_set_rules() -> None:
    reply = answer_team_rules(ask(make_event(team_settings=None)))
    assert reply.text.startswith("The organisers have not set team rules.")


def test_rules_named_by_a_word_several_items_share_answer_only_those() -> None:
    event = make_event()
    event.faq[0].question = {"en": "In which language can we pitch?", "fr": "En quelle langue pitcher ?"}
    reply = answer_rules(ask(event, "rules for the pitch"))
    assert "Pitch format" in reply.text
    assert "In which language can we pitch?" in reply.text
    assert "Code of conduct" not in reply.text


def test_team_rules_give_the_events_rule_on_teams_with_the_settings() -> None:
    rules = [
        *default_rules(),
        Rule(
            key="teams",
            topic=text("Composition des équipes", "Team composition"),
            text=text(
                "Au moins un agent public par équipe ; changements possibles jusqu'à mercredi 17 h.",
                "At least one civil servant per team; changes until Wednesday 5 pm.",
            ),
        ),
    ]
    reply = answer_team_rules(ask(make_event(rules=rules), now=at(DAY1, "11:00")))
    assert reply.text.splitlines()[0] == "Teams of 3 to 6 people."
    assert (
        "Team composition: At least one civil servant per team; changes until Wednesday 5 pm." in reply.text
    )
    assert "Pitch format" not in reply.text
    reply = answer_team_rules(ask(make_event(rules=rules, team_settings=None), lang="fr"))
    assert reply.text.startswith("Composition des équipes : Au moins un agent public par équipe")
