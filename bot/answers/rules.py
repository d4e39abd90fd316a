"""Rules of the event and practical questions, and the strict search the fallback relies on.

`find_event_answer` looks for the one item of the event (FAQ answer, rule,
challenge, session) a message is clearly about. It answers only on a strong,
unambiguous match: most of the message's informative words must be found in
the item's title, question, topic or keywords, and no other item may come
close. A fallback that guesses is worse than one that says it does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.answers.challenges import challenge_fields, describe_challenge
from bot.answers.replies import Ask, Reply
from bot.answers.schedule import describe_session, session_fields
from bot.core.i18n import all_variants
from bot.core.matching import (
    GENERIC_WORDS,
    informative_tokens,
    leaders,
    rank_weighted,
    score_candidates,
    tokens,
)
from bot.core.models import Challenge, FaqItem, ProgrammeSession, Rule

ITEM_THRESHOLD = 0.55
FAQ_THRESHOLD = 0.45
"""Lower: for a practical question, an answer that mentions the thing asked about is useful."""
STRICT_QUERY_COVER = 0.8
STRICT_ITEM_COVER = 0.5
STRICT_MARGIN = 0.12
TIE_MARGIN = 0.05

Kind = Literal["rule", "faq", "challenge", "session"]
Item = Rule | FaqItem | Challenge | ProgrammeSession

_NEUTRAL = frozenset("event events evenement evenements hackathon hackathons edition numero number".split())
# The generic words (`bot.core.matching.GENERIC_WORDS`) a message about each kind of item may contain.
_KIND_WORDS: dict[str, frozenset[str]] = {
    "challenge": _NEUTRAL
    | set(
        "challenge challenges defi defis sujet sujets theme themes thematique thematiques topic topics "
        "subject subjects problem problems problematique problematiques track tracks parcours project "
        "projects projet projets".split()
    ),
    "session": _NEUTRAL
    | set(
        "session sessions seance seances activite activites activity activities creneau creneaux slot slots "
        "programme programmes program programs agenda planning day days jour jours journee journees".split()
    ),
    "rule": _NEUTRAL
    | set(
        "rule rules regle regles reglement team teams equipe equipes project projects projet projets".split()
    ),
    "faq": _NEUTRAL | set("question questions faq team teams equipe equipes".split()),
}


@dataclass(frozen=True)
class _Found:
    kind: Kind
    index: int


def _rule_fields(rule: Rule) -> list[tuple[str, float]]:
    return [(text, 1.0) for text in all_variants(rule.topic)] + [
        (text, 0.6) for text in all_variants(rule.text)
    ]


def _faq_fields(item: FaqItem) -> list[tuple[str, float]]:
    return [(text, 1.0) for text in all_variants(item.question)] + [
        (text, 0.6) for text in all_variants(item.answer)
    ]


def _candidates(ask: Ask, kinds: Sequence[Kind]) -> list[tuple[_Found, list[tuple[str, float]]]]:
    event = ask.event
    candidates: list[tuple[_Found, list[tuple[str, float]]]] = []
    if "faq" in kinds:
        candidates += [(_Found("faq", i), _faq_fields(item)) for i, item in enumerate(event.faq)]
    if "rule" in kinds:
        candidates += [(_Found("rule", i), _rule_fields(rule)) for i, rule in enumerate(event.rules)]
    if "challenge" in kinds:
        candidates += [(_Found("challenge", i), challenge_fields(c)) for i, c in enumerate(event.challenges)]
    if "session" in kinds:
        sessions = sorted(event.sessions, key=lambda s: (s.starts, s.position))
        candidates += [(_Found("session", i), session_fields(s, kinds=False)) for i, s in enumerate(sessions)]
    return candidates


# When a few items match equally ("rules for the pitch"), all of them are answered.
MAX_TIED_ANSWERS = 3


def _item(ask: Ask, found: _Found) -> Item:
    event = ask.event
    if found.kind == "faq":
        return event.faq[found.index]
    if found.kind == "rule":
        return event.rules[found.index]
    if found.kind == "challenge":
        return event.challenges[found.index]
    return sorted(event.sessions, key=lambda s: (s.starts, s.position))[found.index]


def _answer(ask: Ask, item: Item) -> str:
    if isinstance(item, FaqItem):
        return ask.say("faq_answer", question=ask.local(item.question), answer=ask.local(item.answer))
    if isinstance(item, Rule):
        return ask.say("rule_item", topic=ask.local(item.topic), text=ask.local(item.text))
    if isinstance(item, Challenge):
        return describe_challenge(ask, item)
    return describe_session(ask, item)


def _best(ask: Ask, kinds: Sequence[Kind], threshold: float) -> list[_Found]:
    if not informative_tokens(ask.text):
        return []
    ranked = rank_weighted(ask.text, _candidates(ask, kinds), threshold=threshold)
    return [found for found in leaders(ranked, TIE_MARGIN) if _meant(ask, found)]


def _meant(ask: Ask, found: _Found) -> bool:
    """Whether the item found by its words is also close in meaning (when the index is there)."""
    if ask.index is None:
        return True
    item = _item(ask, found)
    return ask.index.supports(ask.text, found.kind, item.key)


def _rules_list(ask: Ask) -> list[str]:
    return [ask.say("rule_bullet", topic=ask.local(r.topic), text=ask.local(r.text)) for r in ask.event.rules]


def _faq_list(ask: Ask) -> list[str]:
    return [ask.say("faq_bullet", question=ask.local(item.question)) for item in ask.event.faq]


def answer_rules(ask: Ask) -> Reply:
    """The rule (or FAQ item) the text is about; else every rule, briefly."""
    best = _best(ask, ("rule", "faq"), ITEM_THRESHOLD)
    if len(best) == 1:
        return Reply(_answer(ask, _item(ask, best[0])))
    if 1 < len(best) <= MAX_TIED_ANSWERS:
        return Reply("\n\n".join(_answer(ask, _item(ask, found)) for found in best))
    if not ask.event.rules:
        if ask.event.faq:
            return Reply("\n".join([ask.say("rules_none_see_faq"), *_faq_list(ask)]))
        return Reply(ask.say("rules_none", organiser=ask.local(ask.event.organiser)))
    return Reply("\n".join([ask.say("rules_header"), *_rules_list(ask)]))


def answer_faq(ask: Ask) -> Reply:
    """The FAQ item (or rule) that answers the text; else the list of FAQ questions."""
    best = _best(ask, ("faq", "rule"), FAQ_THRESHOLD)
    if len(best) == 1:
        return Reply(_answer(ask, _item(ask, best[0])))
    if ask.event.faq:
        return Reply("\n".join([ask.say("faq_not_found"), *_faq_list(ask)]), unanswered=True)
    return Reply(ask.say("faq_none", organiser=ask.local(ask.event.organiser)), unanswered=True)


def find_event_answer(ask: Ask) -> Reply | None:
    """The answer from the event's FAQ, rules, challenges or sessions, only on a confident match.

    Confident means: the message's informative words are (nearly) all found in
    the item; more than half of the item's question, topic, title or keyword is
    named by the message (a session is named by its title, not by its kind); the
    message names no other kind of thing ("mentor", "prize"...) than the item is;
    and no other item comes close.
    """
    words = set(tokens(ask.text))
    if not informative_tokens(ask.text):
        return None
    candidates = _candidates(ask, ("faq", "rule", "challenge", "session"))
    scored = score_candidates(ask.text, candidates)
    compatible = [s for s in scored if not (words & GENERIC_WORDS) - _KIND_WORDS[s.key.kind]]
    if not compatible:
        return None
    best = compatible[0]
    if best.query_cover < STRICT_QUERY_COVER or best.item_cover <= STRICT_ITEM_COVER:
        return None
    if len(scored) > 1 and scored[1].key != best.key and scored[1].score > best.score - STRICT_MARGIN:
        return None
    if not _meant(ask, best.key):
        return None
    return Reply(_answer(ask, _item(ask, best.key)))
