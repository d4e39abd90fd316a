"""Mentors (optionally those with a given expertise) and the jury."""

from __future__ import annotations

import re

from bot.answers.replies import Ask, Button, Reply, is_payload
from bot.core.i18n import all_variants
from bot.core.matching import informative_tokens, rank_weighted, tokens, words
from bot.core.models import JuryMember, Mentor

MENTORS_PAYLOAD = "/ask_mentors"

# Words of a question that asks for a person rather than a thing.
PERSON_WORDS = frozenset(
    "someone somebody anyone anybody expert experts coach quelqu qqn quelquun expert specialist specialists "
    "specialiste specialistes".split()
)
# "a security person", « une personne pour nous aider »; not "in person", « je n'ai personne ».
_A_PERSON = re.compile(r"\b(?:a|an|one|some|any) (?:\w+ ){0,2}person\b|\bune (?:\w+ ){0,2}personne\b")
WHO_WORDS = frozenset("who qui".split())
ABLE_WORDS = frozenset(
    "can could would should peut pourrait peuvent pourraient connait knows voir see ask demander "
    "consulter".split()
)


NEGATIONS = frozenset("t not never ne n pas jamais".split())


def asks_for_a_person(text: str) -> bool:
    """Whether a question asks for someone ("is there an expert?", "who can help us?"): "who"
    followed by what someone can do, not a "who" that says what people cannot ("a challenge for
    grandparents who can't cope with online forms")."""
    found = words(text)
    if set(found) & PERSON_WORDS or _A_PERSON.search(" ".join(found)):
        return True
    for i, word in enumerate(found):
        if word in WHO_WORDS:
            after = found[i + 1 : i + 4]
            able = next((j for j, w in enumerate(after) if w in ABLE_WORDS), None)
            if able is not None and not set(after[: able + 2]) & NEGATIONS:
                return True
    return False


EXPERTISE_THRESHOLD = 0.5
# Words of asking for a mentor that name no expertise ("list", "book", "available", "aider").
_REQUEST_WORDS = frozenset(
    """
    list liste book reserver reserve find trouver trouve available availability disponible disponibles
    dispo dispos present presents presente presentes here around coin table areas area domaine domaines
    help helps aide aider aident coacher mentorer mentoring mentorat advise advice conseil conseiller
    conseils review relire feedback retour knows know connait connaissent specialist specialists
    someone quelqu personne personnes people charge occupe come venir passer get obtenir stuck bloque
    bloquons names nom noms contact contacter speak speaks parle parlent
    """.split()
)


def _mentor_fields(mentor: Mentor) -> list[tuple[str, float]]:
    fields = [(text, 1.0) for expertise in mentor.expertise or [] for text in all_variants(expertise)]
    fields.append((mentor.name, 1.0))
    fields += [(text, 0.5) for text in all_variants(mentor.bio)]
    return fields


def find_mentors(mentors: list[Mentor], text: str) -> list[Mentor]:
    """The mentors whose expertise (or name) the text asks for, best first."""
    ranked = rank_weighted(
        text, [(i, _mentor_fields(m)) for i, m in enumerate(mentors)], threshold=EXPERTISE_THRESHOLD
    )
    return [mentors[i] for i, _ in ranked]


def mentor_line(ask: Ask, mentor: Mentor) -> str:
    expertise = ", ".join(ask.local(e) for e in mentor.expertise or [] if ask.local(e))
    line = ask.say("mentor_item", name=mentor.name, expertise=f" — {expertise}" if expertise else "")
    available = ask.local(mentor.available)
    if available:
        line += " " + ask.say("mentor_available", available=available)
    return line


def matching_mentors(ask: Ask, mentors: list[Mentor]) -> Reply:
    """The mentors who can help with what was asked, with their expertise and availability."""
    lines = [ask.say("mentors_matching"), *(mentor_line(ask, m) for m in mentors)]
    return Reply("\n".join(lines), for_a_need=True)


def mentors_for_topic(mentors: list[Mentor], text: str) -> list[Mentor]:
    """The mentors whose expertise (or name) the words of `text` name, leaving out the words of
    asking ("help", "available", "someone"...)."""
    named = [w for w in tokens(text) if w not in _REQUEST_WORDS]
    return find_mentors(mentors, " ".join(named)) if named else []


def names_a_need(text: str, more_request_words: frozenset[str] = frozenset()) -> bool:
    """Whether the text says what help is needed, beyond the words of asking for it."""
    return any(w not in _REQUEST_WORDS and w not in more_request_words for w in informative_tokens(text))


def answer_mentors(ask: Ask) -> Reply:
    """Every mentor with expertise and availability; only those matching an expertise the text names."""
    mentors = list(ask.event.mentors)
    if not mentors:
        return Reply(ask.say("mentors_none", organiser=ask.local(ask.event.organiser)))
    everyone = [mentor_line(ask, m) for m in mentors]
    typed = "" if is_payload(ask.text) else ask.text  # a button's payload names no expertise
    if names_a_need(typed):
        found = mentors_for_topic(mentors, typed)
        if found:
            return matching_mentors(ask, found)
        if asks_for_a_person(typed):  # "who can help us with...": they may see who could
            return Reply("\n".join([ask.say("mentors_no_expertise_all"), *everyone]), unanswered=True)
        # Not the whole list: "how much are mentors paid?" asks for no one.
        everyone_button = Button(ask.say("button_mentors"), MENTORS_PAYLOAD)
        return Reply(ask.say("mentors_no_expertise"), (everyone_button,), unanswered=True)
    return Reply("\n".join([ask.say("mentors_header", count=len(mentors)), *everyone]))


def _juror_line(ask: Ask, juror: JuryMember) -> str:
    role = ask.local(juror.role)
    line = ask.say("jury_item", name=juror.name, role=f" — {role}" if role else "")
    if juror.chair and not mentions_chair(role):
        line += " " + ask.say("jury_chair")
    return line


def mentions_chair(role: str) -> bool:
    lowered = role.casefold()
    return any(word in lowered for word in ("chair", "président", "presidente", "présidente", "president"))


def answer_jury(ask: Ask) -> Reply:
    """The jury, chair first."""
    jury = sorted(ask.event.jury, key=lambda j: (not j.chair, j.position))
    if not jury:
        return Reply(ask.say("jury_none", organiser=ask.local(ask.event.organiser)))
    return Reply("\n".join([ask.say("jury_header"), *(_juror_line(ask, j) for j in jury)]))
