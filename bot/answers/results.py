"""Results (winners per prize) and the follow-up of projects, embargoed until published.

Nothing of `event.awards` or `event.results.follow_up` leaves this module in an
answer unless `results_are_public(event)`: before publication every answer only
says that the results are not public yet, whatever the question names. (The
organisers' own views, `bot.events.results`, show unpublished results too.)

Once published, `answer_results` gives the whole palmarès, with what each winning
project is about; or only the awards of the prize, team or project the question
names ("which team won the jury prize?", "what is Te Ara's project about?").
`looks_like_results_question` recognises a question about the results from its
words alone (never from the winners' names), for messages the NLU could not place.
"""

from __future__ import annotations

from bot.answers.replies import Ask, Reply
from bot.core.i18n import all_variants
from bot.core.matching import MATCHED, informative_tokens, normalize, rank, similarity, stem, tokens
from bot.core.models import Award, Event, Prize
from bot.events.results import award_line, follow_up_text, palmares, results_are_public

PRIZE_THRESHOLD = 0.6
AWARD_THRESHOLD = 0.6
TYPO_SIMILARITY = 0.8
"""`bot.core.matching.similarity` from which a long word counts as a misspelling of a results word."""

# Words of questions about results (accent-free, case-folded). They say what is asked,
# never which prize, team or project: they are left out when matching names.
RESULTS_WORDS = frozenset(
    """
    won win wins winner winners winning laureate laureates laureat laureats result
    results resultat resultats palmares podium ranking ranked rank classement classe classes champion
    champions vainqueur vainqueurs victor victors victory victoire gagne gagnes gagnee gagnees gagner
    gagnant gagnants gagnante gagnantes remporte remportes remportee remporter prime primes primee primees
    awarded award awards prize prizes prix recompense recompenses recompensee recompensees distingue
    distingues lot lots trophy trophee trophees first second third premier premiere deuxieme troisieme
    place places finished fini finir arrive arrivee arrives about quoi what build built made fait faits
    realise realises realisee realisees concu project projects projet projets team teams equipe equipes
    """.split()
)
# The words that alone make a message a question about the results (a subset of the above:
# "prize" or "team" alone do not, "what can we win" is about the prizes to win).
_STRONG_RESULTS_WORDS = frozenset(
    """
    won winner winners winning laureate laureates laureat laureats results resultat resultats palmares
    podium ranking classement vainqueur vainqueurs victors gagnant gagnants gagnante gagnantes
    remporte primes primee primees
    """.split()
)
_TYPO_MIN_LENGTH = 6
_LONG_RESULTS_WORDS = tuple(w for w in sorted(_STRONG_RESULTS_WORDS) if len(w) >= _TYPO_MIN_LENGTH)
_WHO_WON = ("qui a gagne", "qui a gagner", "qui a remporte", "who won", "who has won", "who wins")


def _not_public(ask: Ask) -> Reply:
    return Reply(ask.say("results_not_public"))


# ------------------------------------------------------------------ recognising the question


def _read_results_words(text: str) -> tuple[bool, list[str]]:
    """Whether the text has a word that alone asks about the results, and the stems of its other
    informative words."""
    strong = any(phrase in normalize(text) for phrase in _WHO_WON)
    leftover = []
    for word in informative_tokens(text):
        if word in RESULTS_WORDS or stem(word) in RESULTS_WORDS:
            strong = strong or word in _STRONG_RESULTS_WORDS
        elif len(word) >= _TYPO_MIN_LENGTH and any(
            similarity(word, known) >= TYPO_SIMILARITY for known in _LONG_RESULTS_WORDS
        ):
            strong = True
        else:
            leftover.append(stem(word))
    return strong, leftover


def names_the_results(text: str) -> bool:
    """Whether a message names the results or the winners at all, whatever else it says (« quelle
    suite pour les lauréats »)."""
    return _read_results_words(text)[0]


def looks_like_results_question(text: str, event: Event | None = None) -> bool:
    """Whether a message asks about the results, judged by its words (typos tolerated), never by names.

    Its other informative words must all be words of the event (its name, venue, organiser,
    prizes, challenges): "who won the jury prize?" is about the results, "who won the champions
    league?" is not. Without `event`, there must be no other informative word."""
    strong, leftover = _read_results_words(text)
    if not strong or not leftover:
        return strong
    if event is None:
        return False
    known = _event_stems(event)
    return all(any(similarity(word, s) >= MATCHED for s in known) for word in leftover)


def _event_stems(event: Event) -> set[str]:
    texts = [*all_variants(event.name), *all_variants(event.venue_name), *all_variants(event.organiser)]
    for prize in event.prizes:
        texts += all_variants(prize.name) + all_variants(prize.description) + all_variants(prize.reward)
    for challenge in event.challenges:
        texts += all_variants(challenge.title)
    return {stem(w) for text in texts for w in tokens(text)}


def _naming_words(text: str) -> str:
    """The message without the words of results questions: what may name a prize, team or project."""
    return " ".join(w for w in tokens(text) if w not in RESULTS_WORDS and stem(w) not in RESULTS_WORDS)


def _named_prizes(event: Event, text: str) -> list[Prize]:
    """The prizes the message names (the best matches: "the innovation prize" may name several)."""
    query = _naming_words(text)
    if not query:
        return []
    prizes = list(event.prizes)
    ranked = rank(
        query,
        [(i, all_variants(p.name) + all_variants(p.description)) for i, p in enumerate(prizes)],
        threshold=PRIZE_THRESHOLD,
    )
    if not ranked:
        return []
    top = ranked[0][1]
    return [prizes[i] for i, score in ranked if score == top]


def _named_awards(event: Event, text: str) -> list[Award]:
    """The awards whose team or project the message names (results words left out)."""
    query = _naming_words(text)
    if not query:
        return []
    awards = list(event.awards)
    ranked = rank(
        query,
        [(i, [a.team, *all_variants(a.project)]) for i, a in enumerate(awards)],
        threshold=AWARD_THRESHOLD,
    )
    if not ranked:
        return []
    top = ranked[0][1]
    return [awards[i] for i, score in ranked if score == top]


def answer_results(ask: Ask) -> Reply:
    """The winners per prize and what their projects are about, once published.

    Only the awards of the prize the message names, else of the team or project it names,
    else the whole palmarès."""
    event = ask.event
    if not results_are_public(event):
        return _not_public(ask)
    awards = list(event.awards)
    if not awards:
        return Reply(ask.say("results_no_awards"))
    named = _named_prizes(event, ask.text)
    chosen = [a for a in awards if a.prize in named]
    if not chosen:
        chosen = _named_awards(event, ask.text)
    if chosen:
        return Reply("\n".join(award_line(event, a, ask.lang) for a in chosen))
    if named:
        names = ", ".join(ask.local(p.name) for p in named)
        return Reply(
            "\n".join([ask.say("results_prize_not_awarded", prize=names), *palmares(event, ask.lang)])
        )
    return Reply("\n".join(palmares(event, ask.lang)))


def answer_follow_up(ask: Ask) -> Reply:
    """What happens next with the projects, once the results are published."""
    event = ask.event
    if not results_are_public(event):
        return _not_public(ask)
    follow_up = follow_up_text(event, ask.lang)
    if not follow_up:
        return Reply(ask.say("follow_up_none", organiser=ask.local(event.organiser)))
    return Reply(follow_up)
