"""Other editions: a question about results or prizes that names another event of the database.

With several events loaded, "who won in 2021?", "qui a gagné le hackathon de Strasbourg ?",
"résultats de l'édition 2019" or "the winners last year" are about an earlier event, not the
current one. `named_edition` reads the question:

- a year (1990-2099): the event held that year (the current one if it is held that year and
  nothing else in the question names another event); a later year than the current event's
  is not an edition asked about (answers stay about the current event); an earlier year
  without an event is said to be unknown;
- "last year", "l'an dernier", "l'édition précédente"...: the latest event before the current one;
- words naming an event: its name, venue, address (the city), slug and organisers ("ENA",
  "INAP", "Luxembourg Tech School"). Only distinctive words count: not the words of results questions, not the
  words common to many event names ("public", "innovation", "digital"...), and not words the
  current event itself uses (its name, venue, prizes, challenges), so a question about the
  current event is never sent elsewhere.

`answer_in_edition` then answers with the given answer function on that event, headed by
its name and year. The answer functions keep their embargo: another event's unpublished
results are "not public" like the current one's. Nothing here needs retraining: events are
read from the database at each question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.answers.replies import Ask, Reply
from bot.answers.results import RESULTS_WORDS
from bot.core.i18n import all_variants, localize
from bot.core.matching import MATCHED, informative_tokens, normalize, similarity, stem
from bot.core.models import Event
from bot.events import lookup

Answer = Callable[[Ask], Reply]

_YEAR = re.compile(r"(?<![\d,.])(199\d|20\d\d)(?![\d,.]\d)")
_PREVIOUS = re.compile(
    r"\b(?:last year|last years|previous (?:edition|event|hackathon|year)|year before"
    r"|l an (?:dernier|passe)|l annee (?:derniere|passee)|annee derniere|an dernier"
    r"|(?:edition|hackathon|evenement) (?:precedente?|d avant|passee?)"
    r"|(?:precedente?|derniere) (?:edition|hackathon))\b"
)
# Words found in many event names or addresses: they never single out one event.
COMMON_WORDS = frozenset(
    """
    public publique publics publiques innovation innovations innovant innovante digital digitale
    numerique numeriques data donnee donnees open ouvert ouverte hack hacks hacker hackers hackaton
    policy policies politique politiques service services servic national nationale international
    internationale administration administrations state etat government gouvernement ministry
    ministere citizen citizens citoyen citoyens citoyenne city ville town region regional regionale
    lab labs laboratoire school ecole institute institut university universite campus center centre
    maison house hall salle building batiment avenue rue boulevard bd allee quai chemin route street
    road square cedex france francaise french europe european europeenne day days journee week semaine
    annual annuel annuelle grand grande big new nouveau nouvelle future avenir transformation
    transition programme program civic civique social sociale sante health ai ia tech
    technology technologie technologies agent agents fonction organisateur organisateurs organiser
    organisers organizer organizers organisation organization chaire chair fictif fictive fictional
    """.split()
)


@dataclass(frozen=True)
class Current:
    """The question names no other edition: answer about the current event."""


@dataclass(frozen=True)
class Other:
    """The question names this other event (scalar columns loaded)."""

    event: Event


@dataclass(frozen=True)
class Ambiguous:
    """Several events fit (e.g. two in the year named): ask which one."""

    events: tuple[Event, ...]


@dataclass(frozen=True)
class Missing:
    """An earlier edition is asked about (its year, or None for "last year") but none is loaded."""

    year: int | None


Edition = Current | Other | Ambiguous | Missing


# ------------------------------------------------------------------ reading the question


def asked_year(text: str) -> int | None:
    """The first year (1990-2099) written in the message, if any."""
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def asks_previous(text: str) -> bool:
    """Whether the message speaks of the previous edition ("last year", "l'édition précédente")."""
    return _PREVIOUS.search(normalize(text)) is not None


def _stems(texts: Iterable[str]) -> set[str]:
    return {stem(w) for text in texts for w in informative_tokens(text) if w not in COMMON_WORDS}


def identity_stems(event: Event) -> set[str]:
    """The distinctive words that name an event: name, venue, address, slug, organisers."""
    texts = [
        *all_variants(event.name),
        *all_variants(event.venue_name),
        *all_variants(event.organiser),
        event.slug.replace("-", " "),
    ]
    if event.venue_address:
        texts.append(event.venue_address)
    return _stems(texts)


def _own_stems(event: Event) -> set[str]:
    """What the current event's questions may mention: its identity, prizes and challenges."""
    texts: list[str] = []
    for prize in event.prizes:
        texts += all_variants(prize.name) + all_variants(prize.description)
    for challenge in event.challenges:
        texts += all_variants(challenge.title)
    return identity_stems(event) | _stems(texts)


def _question_stems(text: str) -> list[str]:
    words = [w for w in informative_tokens(text) if w not in RESULTS_WORDS and w not in COMMON_WORDS]
    return list(dict.fromkeys(stem(w) for w in words if stem(w) not in RESULTS_WORDS))


def _matches(word: str, stems: set[str]) -> bool:
    return any(similarity(word, s) >= MATCHED for s in stems)


def _word_scores(text: str, current: Event, candidates: list[Event]) -> dict[int, int]:
    """For each candidate, how many distinctive words of the question name it (not the current event)."""
    own = _own_stems(current)
    words = [w for w in _question_stems(text) if not _matches(w, own)]
    scores: dict[int, int] = {}
    for event in candidates:
        if event.id == current.id:
            continue
        identity = identity_stems(event)
        scores[event.id] = sum(1 for w in words if _matches(w, identity))
    return scores


def _best(candidates: list[Event], scores: dict[int, int]) -> list[Event]:
    top = max((scores.get(e.id, 0) for e in candidates), default=0)
    if top == 0:
        return []
    return [e for e in candidates if scores.get(e.id, 0) == top]


def named_edition(session: Session, text: str, current: Event) -> Edition:
    """Which event the question is about: the current one, another one, several, or a missing one."""
    year = asked_year(text)
    previous = year is None and asks_previous(text)
    known = lookup.list_events(session)
    others = [e for e in known if e.id != current.id]
    if not others and year is None:
        return Current()
    scores = _word_scores(text, current, others)
    if year is not None:
        in_year = [e for e in known if year in (e.starts.year, e.ends.year)]
        if not in_year:
            return Current() if year >= current.starts.year else Missing(year)
        named = _best([e for e in in_year if e.id != current.id], scores)
        if len(named) == 1:
            return Other(named[0])
        if any(e.id == current.id for e in in_year):
            return Current()
        chosen = named or in_year
        return Other(chosen[0]) if len(chosen) == 1 else Ambiguous(tuple(chosen))
    if previous:
        earlier = [e for e in others if e.starts < current.starts]
        if not earlier:
            return Missing(None)
        named = _best(earlier, scores)
        if len(named) == 1:
            return Other(named[0])
        return Other(max(earlier, key=lambda e: (e.starts, e.ends)))
    named = _best(others, scores)
    if len(named) == 1:
        return Other(named[0])
    return Ambiguous(tuple(named)) if named else Current()


# ------------------------------------------------------------------ answering


def _edition_label(event: Event, lang: str) -> str:
    return f"{localize(event.name, lang, event.languages)} ({event.starts.year})"


def _known_editions(known: list[Event], ask: Ask) -> str:
    return ", ".join(_edition_label(e, ask.lang) for e in known)


def answer_in_edition(session: Session, ask: Ask, answer: Answer) -> Reply:
    """`answer` about the edition the question names (headed by its name), else about the current event."""
    edition = named_edition(session, ask.text, ask.event)
    if isinstance(edition, Current):
        return answer(ask)
    if isinstance(edition, Missing):
        editions = _known_editions(lookup.list_events(session), ask)
        if edition.year is None:
            return Reply(ask.say("edition_none_before", editions=editions))
        return Reply(ask.say("edition_unknown_year", year=edition.year, editions=editions))
    if isinstance(edition, Ambiguous):
        return Reply(ask.say("edition_which", editions=_known_editions(list(edition.events), ask)))
    event = lookup.get_event(session, edition.event.slug)
    if event is None:  # pragma: no cover (deleted between two queries)
        return answer(ask)
    reply = answer(Ask(event=event, lang=ask.lang, now=ask.now, text=ask.text))
    header = ask.say(
        "edition_header", name=localize(event.name, ask.lang, event.languages), year=event.starts.year
    )
    return Reply(f"{header}\n{reply.text}", reply.buttons)
