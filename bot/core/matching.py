"""Matching what a user types against the texts of an event pack, in French or English.

The model is event-agnostic, so which session, challenge, rule or mentor a
message is about is found here, by comparing words:

- `normalize` and `tokens` fold case, accents, apostrophes and punctuation and
  drop the function words of both languages;
- `rank` scores candidates (each with one or more texts) against a query. A
  query word counts for more when it is rare among the candidates and for less
  when it only names a kind of thing ("challenge", "défi", "session"); words
  match despite plural endings, French gender endings and small typos; two- to
  four-letter acronyms match the initials of short texts ("IA" ↔
  "intelligence artificielle"). A candidate scores by how much of the query it
  covers, with a small bonus when it is covered entirely (a short title fully
  matched beats a long one that merely contains the word), and never scores
  when only generic words match.
- `ordinal_position` reads "challenge 2", "défi n°2", "the second day",
  "le dernier jour"...

Nothing here is specific to one event: thresholds are set by the callers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz.distance import Indel

K = TypeVar("K", bound=Hashable)

# ------------------------------------------------------------------ word lists
# Accent-free, case-folded: they are compared with normalized words.

FRENCH_FUNCTION_WORDS = frozenset(
    """
    a as avons avez ont au aux avec ca ce ceci cela celle celles celui ceux ces cet cette
    chaque chez comme comment combien dans de des du donc dont elle elles en entre est es et etes
    etait etre ete eu il ils je la le les leur leurs lui ma mais me mes moi mon ne ni nos notre
    nous on ou par pas pour pourquoi qu quand que quel quelle quelles quels qui quoi sa sans se ses
    si son sont sur ta te tes toi ton tu un une vos votre vous y suis sommes sera seront fait faut
    peut peux pouvez pouvons puis doit dois vers aussi tres bien tout tous toute toutes avoir
    ya aura auront va vais vont vas allons allez ici voici voila oui non alors ensuite apres avant
    depuis pendant encore deja plus moins quelqu quelque chose rien devant derriere sous contre parmi selon
    durant malgre sauf hors via c d j l m n s t
    """.split()
)
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    a an the is are was were be been being am do does did doing i me my mine myself you your yours
    we us our ours they them their he him his she her it its this that these those there here what
    whats when where who whom whose which why how of to in on at for with from by about into onto
    over under as and or but if so than then not no yes can could would should will shall may might
    must have has had having get gets got any some all each every more most much many very too also
    just only s re ll ve m t d don doesn isn aren wasn let lets up out after before during until
    since again still anything something anyone someone please
    """.split()
)
# Words of requests and small talk that say nothing about which item is meant.
FILLER_WORDS = frozenset(
    """
    svp stp sil plait merci bonjour salut coucou pls plz thanks thank thx hello hi hey dis dites
    parle parlez explique expliquez expliquer montre montrez donne donnez presente presentez decris
    decrire tell show give explain describe know want like need besoin info infos information
    informations detail details savoir veux voudrais aimerais time temps heure heures h lieu passe passer
    ok okay today tomorrow tonight now yesterday aujourd hui demain hier maintenant soir matin midi
    morning afternoon evening next prochain prochaine prochains prochaines suivant suivante long
    longtemps duree dure start starts started begin begins commence commencent debut debute end ends
    finish finit fini termine happen happens happening place take takes held going go thing truc off
    summary resume context contexte goal goals objectif objectifs enjeu enjeux expected attend attendu
    involve involves consiste purpose proposed propose sponsor behind porte commanditaire
    passent passera deroule deroulent trouve trouvent tient tiennent situe situee servi sert
    bot bots hackbot robot assistant cc re slt bjr mdr lol ptdr tkt bcp pk pq jsp ty tks
    exactly exactement moment actuellement currently right already concerne
    """.split()
)
STOP_WORDS = FRENCH_FUNCTION_WORDS | ENGLISH_FUNCTION_WORDS | FILLER_WORDS

# Words that name a kind of item rather than a particular one: they weigh little
# and can never make a match on their own ("the challenge" must not match every challenge).
GENERIC_WORDS = frozenset(
    """
    challenge challenges defi defis sujet sujets theme themes thematique thematiques topic topics
    subject subjects problem problems problematique problematiques track tracks parcours session
    sessions seance seances activite activites activity activities creneau creneaux slot slots event
    events evenement evenements hackathon hackathons edition programme programmes program programs
    agenda planning rule rules regle regles reglement question questions faq mentor mentors coach
    coachs coaches expert experts expertise expertises specialiste specialistes team teams equipe equipes
    project projects projet projets day days jour jours journee journees numero number
    """.split()
)

GENERIC_WEIGHT = 0.15
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_RATIO = 0.85
PREFIX_MIN_LENGTH = 7
PREFIX_MIN_SHARE = 0.8
PREFIX_SIMILARITY = 0.85
ACRONYM_SIMILARITY = 0.9
ING_SIMILARITY = 0.9
COMPOUND_SIMILARITY = 0.85
COMPOUND_PREFIXES = frozenset(
    "cyber meta micro macro auto tele bio eco geo multi inter e co data web open smart".split()
)
ACRONYM_MAX_FIELD_WORDS = 8
MATCHED = 0.85
"""A candidate word counts as covered by the query from this similarity on."""

# ------------------------------------------------------------------ normalizing

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"}
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case-folded, accent-free text with one kind of apostrophe and dash; punctuation kept."""
    text = text.casefold().translate(_APOSTROPHES).translate(_DASHES)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_name(name: str) -> str:
    """A person's or a team's name as names are compared: case, accents and runs of spaces do not
    count ("Équipe  Alpha" is "equipe alpha")."""
    return _SPACES.sub(" ", fold(name)).strip()


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Case-folded, accent-free words separated by single spaces (punctuation and apostrophes removed)."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text)).replace("_", " ")).strip()


def words(text: str) -> list[str]:
    """All normalized words of a text, function words included."""
    return normalize(text).split()


def tokens(text: str) -> list[str]:
    """The normalized words of a text without the stop words of either language."""
    return [w for w in words(text) if w not in STOP_WORDS]


def informative_tokens(text: str) -> list[str]:
    """`tokens` without generic words and numbers: what identifies a particular item."""
    return [w for w in tokens(text) if w not in GENERIC_WORDS and not w.isdigit()]


def content_words(text: str) -> str:
    """The user's words from the first to the last informative one, as typed, to quote them back.

    "la remise des prix c'est à quelle heure ?" → "remise des prix".
    """
    raw_words = re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text.translate(_APOSTROPHES))
    keep = [
        any(
            p not in STOP_WORDS and p not in GENERIC_WORDS and not p.isdigit() for p in normalize(raw).split()
        )
        for raw in raw_words
    ]
    if not any(keep):
        return ""
    first = keep.index(True)
    last = len(keep) - 1 - keep[::-1].index(True)
    span = raw_words[first : last + 1]
    # Drop an elided article stuck to the first word: "l'atelier" → "atelier".
    span[0] = re.sub(r"^(?:l|d|j|qu|n|s|c|m|t)'", "", span[0], flags=re.IGNORECASE)
    return " ".join(span)


def stem(word: str) -> str:
    """A crude common stem for French and English: plural and feminine endings dropped."""
    if len(word) > 4 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


# ------------------------------------------------------------------ word similarity


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two stems are: 1 if equal; less for -ing, compounds, typos, long shared prefixes; else 0."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long == short + "ing":  # "park" ↔ "parking", "hack" ↔ "hacking"
        return ING_SIMILARITY
    if len(short) >= 5 and long.endswith(short) and long[: -len(short)] in COMPOUND_PREFIXES:
        return COMPOUND_SIMILARITY  # "securite" ↔ "cybersecurite"
    shorter = len(short)
    if shorter >= FUZZY_MIN_LENGTH:
        ratio = Indel.normalized_similarity(a, b)
        if ratio >= FUZZY_MIN_RATIO:
            return 0.95 * ratio
    if shorter >= PREFIX_MIN_LENGTH:
        shared = len(_common_prefix(a, b))
        if shared >= PREFIX_MIN_LENGTH and shared >= PREFIX_MIN_SHARE * shorter:
            return PREFIX_SIMILARITY
    return 0.0


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


@dataclass(frozen=True)
class _Analysed:
    stems: tuple[str, ...]
    words: tuple[str, ...]
    acronyms: frozenset[str]


@lru_cache(maxsize=8192)
def _analyse(text: str) -> _Analysed:
    kept = tokens(text)
    stems = tuple(dict.fromkeys(stem(w) for w in kept))
    acronyms: set[str] = set()
    if 2 <= len(kept) <= ACRONYM_MAX_FIELD_WORDS:
        for size in range(2, 5):
            for i in range(len(kept) - size + 1):
                window = kept[i : i + size]
                if all(w.isalpha() for w in window):
                    acronyms.add("".join(w[0] for w in window))
    return _Analysed(stems, tuple(dict.fromkeys(kept)), frozenset(acronyms))


def _field_similarity(query_stem: str, query_word: str, field: _Analysed) -> float:
    best = max((similarity(query_stem, s) for s in field.stems), default=0.0)
    if best < FUZZY_MIN_RATIO and len(query_word) >= FUZZY_MIN_LENGTH:
        # Stems can be too short for typo tolerance ("mange" → "mang"): compare the words too.
        best = max(best, max((similarity(query_word, w) for w in field.words), default=0.0))
    if best < 1.0 and 2 <= len(query_word) <= 4 and query_word in field.acronyms:
        best = max(best, ACRONYM_SIMILARITY)
    return best


# ------------------------------------------------------------------ ranking


@dataclass(frozen=True)
class _QueryWord:
    word: str
    stem: str
    base: float


def _query_words(query: str) -> list[_QueryWord]:
    seen: dict[str, _QueryWord] = {}
    for w in tokens(query):
        s = stem(w)
        if s in seen:
            continue
        generic = w in GENERIC_WORDS or w.isdigit()
        seen[s] = _QueryWord(w, s, GENERIC_WEIGHT if generic else 1.0)
    return list(seen.values())


@dataclass(frozen=True)
class Scored(Generic[K]):
    """How well one candidate matches a query."""

    key: K
    score: float
    """The overall score (0-1) that `rank` sorts and filters by."""
    query_cover: float
    """The (weighted) share of the query's words found in the candidate."""
    item_cover: float
    """The largest (weighted) share of one of the candidate's texts that the query covers."""


def score_candidates(
    query: str, candidates: Sequence[tuple[K, Sequence[tuple[str, float]]]]
) -> list[Scored[K]]:
    """Every candidate that matches at least one informative word of the query, best first.

    Each candidate has texts with a weight (0-1]: a word found in a text counts that much.
    """
    qwords = _query_words(query)
    if not qwords or not candidates:
        return []
    analysed = [[(_analyse(text), weight) for text, weight in fields if text] for _, fields in candidates]
    # best[c][q]: how well candidate c matches query word q (text weight included).
    best = [
        [max((w * _field_similarity(q.stem, q.word, f) for f, w in fields), default=0.0) for q in qwords]
        for fields in analysed
    ]
    weights = []
    for qi, q in enumerate(qwords):
        df = sum(1 for row in best if row[qi] > 0)
        weights.append(q.base / (1.0 + math.log(df)) if df > 1 else q.base)
    total = sum(weights)
    scored: list[Scored[K]] = []
    for (key, _), fields, row in zip(candidates, analysed, best, strict=True):
        if not any(q.base == 1.0 and row[qi] > 0 for qi, q in enumerate(qwords)):
            continue
        query_cover = sum(w * s for w, s in zip(weights, row, strict=True)) / total
        item_cover = _candidate_cover(qwords, fields)
        score = query_cover * (0.75 + 0.25 * item_cover)
        scored.append(Scored(key, round(score, 4), round(query_cover, 4), round(item_cover, 4)))
    scored.sort(key=lambda item: -item.score)
    return scored


def rank_weighted(
    query: str,
    candidates: Sequence[tuple[K, Sequence[tuple[str, float]]]],
    *,
    threshold: float,
) -> list[tuple[K, float]]:
    """Like `rank`, with a weight (0-1] per text: a word found in a text counts that much."""
    return [(s.key, s.score) for s in score_candidates(query, candidates) if s.score >= threshold]


def _candidate_cover(qwords: Sequence[_QueryWord], fields: Sequence[tuple[_Analysed, float]]) -> float:
    """The largest (weighted) share of one text's words that the query matches (typos included)."""
    cover = 0.0
    for field, weight in fields:
        if not field.stems:
            continue
        hit = sum(1 for s in field.stems if any(similarity(q.stem, s) >= MATCHED for q in qwords))
        hit += sum(1 for q in qwords if q.word in field.acronyms and q.stem not in field.stems)
        cover = max(cover, weight * min(1.0, hit / len(field.stems)))
    return cover


def rank(
    query: str, candidates: Sequence[tuple[K, Sequence[str]]], *, threshold: float
) -> list[tuple[K, float]]:
    """Candidates scoring at least `threshold` (0-1) against `query`, best first (ties keep their order)."""
    return rank_weighted(
        query, [(key, [(text, 1.0) for text in texts]) for key, texts in candidates], threshold=threshold
    )


def leaders(ranked: Sequence[tuple[K, float]], margin: float) -> list[K]:
    """The candidates whose score is within `margin` of the best one."""
    if not ranked:
        return []
    top = ranked[0][1]
    return [key for key, score in ranked if score >= top - margin]


def confident(ranked: Sequence[tuple[K, float]], margin: float) -> K | None:
    """The best candidate if no other one comes within `margin` of it."""
    top = leaders(ranked, margin)
    return top[0] if len(top) == 1 else None


# ------------------------------------------------------------------ ordinals

_ORDINAL_WORDS = {
    # English
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
    "final": -1,
    # French (accent-free)
    "premier": 1,
    "premiere": 1,
    "deuxieme": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "sixieme": 6,
    "septieme": 7,
    "huitieme": 8,
    "neuvieme": 9,
    "dixieme": 10,
    "dernier": -1,
    "derniere": -1,
}
_CARDINAL_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
_NUMBER_MARK = r"(?:n|no|num|numero|number|nr|nb)?"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|ere|re|e|eme|ieme|d)"


def ordinal_position(text: str, nouns: Iterable[str]) -> int | None:
    """The position a text names for one of `nouns`: 1-based, or -1 for the last one.

    "challenge 2", "défi n°2", "challenge number 4", "2e jour", "2nd day", "the second day",
    "le dernier défi", "challenge one" → 2, 2, 4, 2, 2, 2, -1, 1. `nouns` are accent-free
    singular words; their plural also counts. None if the text names no position.
    """
    norm = normalize(text)
    alternatives = "|".join(re.escape(n) for n in nouns)
    if not alternatives:
        return None
    noun = rf"(?:{alternatives})s?"
    ordinals = "|".join(_ORDINAL_WORDS)
    cardinals = "|".join(_CARDINAL_WORDS)
    patterns: list[tuple[str, str]] = [
        (rf"\b{noun} {_NUMBER_MARK} ?(\d{{1,2}})\b", "digit"),
        (rf"\b(\d{{1,2}}) ?{_ORDINAL_SUFFIX} {noun}\b", "digit"),
        (rf"\b({ordinals}) {noun}\b", "ordinal"),
        (rf"\b{noun} (?:{_NUMBER_MARK} )?({cardinals}|{ordinals})\b", "word"),
    ]
    for pattern, kind in patterns:
        found = re.search(pattern, norm)
        if not found:
            continue
        value = found.group(1)
        if kind == "digit":
            number = int(value)
            if number >= 1:
                return number
        elif kind == "ordinal":
            return _ORDINAL_WORDS[value]
        else:
            return _CARDINAL_WORDS.get(value) or _ORDINAL_WORDS[value]
    return None
