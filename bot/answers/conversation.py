"""Greetings, help, language changes, and what the assistant cannot answer.

A language asked for in the conversation ("in English please", /language) also becomes the
language of the user's event subscription on Telegram, so announcements follow it.

The fallback first tries a strict search of the event's own data
(`bot.answers.rules.find_event_answer`), then recognises a question about the results
the NLU could not place ("resluts?", "c'est qui les vainqueurs") and answers it
as such (still embargoed until published); otherwise it says honestly that it
cannot answer and what it can do. It never guesses.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from bot.answers.finder import FALLBACK, answer_by_meaning
from bot.answers.replies import Ask, Button, Reply
from bot.answers.results import answer_follow_up, answer_results, looks_like_results_question
from bot.answers.rules import find_event_answer
from bot.core.language import requested_language
from bot.core.matching import words
from bot.core.texts import t
from bot.events import subscriptions

LANGUAGE_PAYLOADS = {"fr": "français", "en": "English"}
"""Plain text that the NLU reads as a request for that language."""


def _name(ask: Ask) -> str:
    return ask.local(ask.event.name)


def answer_greet(ask: Ask) -> Reply:
    """A greeting naming the event, with a few example questions; a question it opens is answered."""
    return unless_a_question(ask, Reply(ask.say("greet", name=_name(ask))))


def answer_goodbye(ask: Ask) -> Reply:
    return unless_a_question(ask, Reply(ask.say("goodbye", name=_name(ask))))


def answer_thanks(ask: Ask) -> Reply:
    return unless_a_question(ask, Reply(ask.say("thanks")), long_counts=False)


def answer_help(ask: Ask) -> Reply:
    """What the assistant can do, with an example question for each."""
    return Reply(ask.say("help", name=_name(ask)))


def answer_out_of_scope(ask: Ask) -> Reply:
    return Reply(ask.say("out_of_scope", name=_name(ask)))


RESULTS_READINGS = {"ask_results": answer_results, "ask_follow_up": answer_follow_up}


def answer_fallback(ask: Ask) -> Reply:
    """The event's own answer when the message clearly matches one; the results (or their embargo)
    when it asks about them, by its words or by the NLU's best reading that fell back only for
    being too close to another ("quelle suite pour les lauréats ?": results or what follows them);
    else an honest "I can't answer"."""
    found = find_event_answer(ask)
    if found is not None:
        return found
    reading = next(((intent, c) for intent, c in ask.ranking if intent != "nlu_fallback"), None)
    # A reading at the fallback threshold or above fell back only for being too close to another.
    if reading is not None and reading[0] in RESULTS_READINGS and reading[1] >= FALLBACK:
        return RESULTS_READINGS[reading[0]](ask)
    if looks_like_results_question(ask.text, ask.event):
        return answer_results(ask)
    return Reply(ask.say("fallback", name=_name(ask)), unanswered=True)


_QUESTION_STARTS = frozenset(
    "ya y est estce ou quand comment combien quel quelle quels quelles qui pourquoi peut peuton "
    "where when how what which who why is are can could do does will".split()
)


def looks_like_a_question(text: str) -> bool:
    """Whether a message read as "yes" or "no" is rather a question: it asks ("?") or opens as
    one does ("ya une infirmière sur place", "is there a nurse")."""
    found = words(text)
    return "?" in text or (len(found) >= 3 and found[0] in _QUESTION_STARTS)


SMALL_TALK_WORDS = 8
"""From this many words, a message read as small talk ("bye", "cancel") may say something else:
"my daughter has a fever so I can't come tomorrow, can I work from home" is no goodbye."""


def unless_a_question(ask: Ask, small_talk: Reply, *, long_counts: bool = True) -> Reply:
    """`small_talk`, the answer to the message read as hello, goodbye, thanks or cancel, unless
    the message is rather a question: one that asks (`looks_like_a_question`) is answered as a
    question the NLU could not place (its honest "I can't answer" included); a long one only when
    an item of the event stands out (else it stays small talk: "thanks a lot for all your help
    this week, see you next year")."""
    if looks_like_a_question(ask.text):
        return answer_by_meaning(replace(ask, intent="nlu_fallback", confidence=0.0), answer_fallback)
    if long_counts and len(words(ask.text)) >= SMALL_TALK_WORDS:
        return answer_by_meaning(replace(ask, intent="nlu_fallback", confidence=0.0), lambda _: small_talk)
    return small_talk


def answer_acknowledged(ask: Ask) -> Reply:
    """ "Yes", "no" or "ok" with nothing pending: acknowledged. A question the NLU read as one
    ("ya une infirmière sur place ?", "ya" read as "yeah") is answered as a question it could
    not place."""
    if looks_like_a_question(ask.text):
        unplaced = replace(ask, intent="nlu_fallback", confidence=0.0)
        return answer_by_meaning(unplaced, answer_fallback)
    return Reply(ask.say("acknowledge"))


def answer_language_changed(ask: Ask) -> Reply:
    """Confirm the new language (in it); if the message named no language, offer both."""
    if requested_language(ask.text) is None:
        buttons = tuple(
            Button(ask.say(f"button_language_{lang}"), text) for lang, text in LANGUAGE_PAYLOADS.items()
        )
        return Reply(ask.say("language_which"), buttons)
    return Reply(ask.say("language_changed"))


def change_language(session: Session, ask: Ask, channel: str, user_id: str) -> Reply:
    """Confirm the new language; a Telegram user subscribed to the event also gets the
    announcements and reminders in it from now on (in a private chat, the chat is the user).

    A message that names a language without asking for it ("can we pitch in English?") is a
    question about the event: answered by meaning, else asked which language is wanted."""
    if requested_language(ask.text) is None:
        return answer_by_meaning(ask, answer_language_changed)
    if channel == "telegram":
        subscriptions.set_language(session, ask.event, int(user_id), ask.lang)
    return answer_language_changed(ask)


def answer_no_event(lang: str) -> Reply:
    """No event is loaded yet (said in the user's language)."""
    return Reply(t("no_event", lang))
