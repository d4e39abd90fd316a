"""Which language to answer in: detection, explicit requests, and the order of priority.

Only French and English are answered. Detection counts evidence for each
language (function words, frequent words of the domain and of small talk,
accents, French elisions such as l', d', qu', English contractions, the space
French puts before ? ! : ;) and decides only when one language clearly wins,
so "ok", "👍", a name or a number give None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from bot.core.matching import ENGLISH_FUNCTION_WORDS, FRENCH_FUNCTION_WORDS, fold, words

# Words used in both languages or too short to tell: never evidence.
_SHARED = frozenset({"a", "on", "me", "as", "son", "plus", "ton", "ne", "re", "cool", "top", "super", "ok"})
_FRENCH_ONLY = frozenset(w for w in FRENCH_FUNCTION_WORDS - ENGLISH_FUNCTION_WORDS if len(w) > 1) - _SHARED
_ENGLISH_ONLY = frozenset(w for w in ENGLISH_FUNCTION_WORDS - FRENCH_FUNCTION_WORDS if len(w) > 1) - _SHARED

# Frequent words of small talk and of the domain (accent-free), with their weight as evidence.
_FRENCH_WORDS: dict[str, float] = {
    **dict.fromkeys(
        "merci bonjour bonsoir salut coucou svp stp bjr slt mci mrc bcp revoir bientot plait "
        "oui ouais voila daccord rebonjour bonjoir bonjours salu wesh tchao adieu mercis mercii".split(),
        2.0,
    ),
    **dict.fromkeys(
        "demain aujourd hier maintenant prochain prochaine prochaines suite defi defis equipe equipes "
        "regle regles reglement resultat resultats gagne gagnant gagnants laureat laureats palmares "
        "horaire horaires dejeuner diner repas salle inscription inscrire inscris jour jours journee "
        "semaine heure heures lieu quoi koi kesk ca parle parler parles parlez francais anglais aide "
        "aider prix recompense recompenses lots seul faut dois combien comment pourquoi quand quel "
        "quelle quels quelles ou apres ensuite encore matin soir midi gratuit ordinateur apporter "
        "organisateur organisateurs sujets thematiques carte localisation classement cible bonne nuit "
        "mille salutations sommaire commandes complet reponds repondre passe deroule "
        "evenement fin debut commence termine jure jures membres coachs juge juges accueil adresse "
        "ouverture cloture remise questions fonctionne marche besoin veux voudrais savoir".split(),
        1.0,
    ),
}
_ENGLISH_WORDS: dict[str, float] = {
    **dict.fromkeys(
        "thanks thank thx ty tks hello hi hey hiya heya hellooo hii cheers bye goodbye farewell goodnight "
        "cya ttyl please pls plz yes yeah yep howdy".split(),
        2.0,
    ),
    **dict.fromkeys(
        "tomorrow today tonight now next schedule timetable lunch dinner breakfast rules winners won win "
        "prizes prize team teams time day days week morning afternoon evening english french speak "
        "help good great awesome sorry see later night know need want happening going start end "
        "registration register sign venue address contact organiser organizer organizers tell show "
        "give list details more first last second judges judge award awards winner whole mentor "
        "right current following coming upcoming held bring wear parking free cost "
        "meal meals ceremony opening closing results stuff someone anybody anyone everybody answer "
        "reply understand switch continue rather prefer map location email phone number link send ranking "
        "rewards winning criteria intellectual property password dress practical description event greetings "
        "gotta care commands tracks main judging order call write sing buy book".split(),
        1.0,
    ),
}

_FRENCH_ELISION = re.compile(r"\b(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)'[a-z]")
_ENGLISH_CONTRACTION = re.compile(r"[a-z]'(?:s|t|re|ll|ve|m|d)\b")
_FRENCH_SPACING = re.compile(r"\w\s+[?!:;]")
_FRENCH_ACCENTS = re.compile(r"[éèêëàâîïôûùüçœ]")

MIN_EVIDENCE = 1.0
MIN_LEAD = 1.0


def language_scores(text: str) -> dict[str, float]:
    """The evidence for each language in a message (see the module's docstring)."""
    scores = {"fr": 0.0, "en": 0.0}
    for word in words(text):
        if word in _FRENCH_WORDS:
            scores["fr"] += _FRENCH_WORDS[word]
        elif word in _FRENCH_ONLY:
            scores["fr"] += 1.0
        if word in _ENGLISH_WORDS:
            scores["en"] += _ENGLISH_WORDS[word]
        elif word in _ENGLISH_ONLY:
            scores["en"] += 1.0
    folded = fold(text)
    scores["fr"] += 2.0 * len(_FRENCH_ELISION.findall(folded))
    scores["en"] += 2.0 * len(_ENGLISH_CONTRACTION.findall(folded))
    scores["fr"] += 1.0 if _FRENCH_SPACING.search(text) else 0.0
    scores["fr"] += min(2, len(_FRENCH_ACCENTS.findall(text.casefold())))
    return scores


def detect_language(text: str) -> str | None:
    """ "fr" or "en" when the message is reasonably clearly in that language, else None."""
    scores = language_scores(text)
    best = max(scores, key=lambda lang: scores[lang])
    other = "en" if best == "fr" else "fr"
    if scores[best] >= MIN_EVIDENCE and scores[best] - scores[other] >= MIN_LEAD:
        return best
    return None


# ------------------------------------------------------------------ explicit requests

_LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "anglaise": "en",
    "eng": "en",
    "french": "fr",
    "francais": "fr",
    "francaise": "fr",
    "vf": "fr",
}
_CODES_ALONE = {"en": "en", "fr": "fr", "uk": "en", "gb": "en", "us": "en"}
_POLITE = frozenset("please pls plz svp stp merci thanks".split())
_NEGATIONS = frozenset("not don dont doesn didn no never pas ne n jamais".split())
_TARGET_MARKS = frozenset("in into to en vers au a l".split())
# Words of a request about the conversation's own language. A message that names a language and
# also says something else ("can we pitch in English?", "the talks are in French?") asks about
# the event, not for another language.
_ABOUT_THE_CONVERSATION = frozenset(
    """
    speak speaking talk talking answer answers reply respond write writing switch change swap use
    continue carry on translate translation understand language languages version the from
    can could would will you we i me us my it is do does please rather prefer like want let lets
    s d ll m t
    parle parler parles parlez parlons reponds repondre repondez reponse ecris ecrire ecrivez passe
    passer passez change changer continue continuer continuez traduis traduire traduction comprends
    comprend comprendre langue langues version le la les du de des un une est ce que qu tu vous nous
    on je j moi me m peux peut pouvez pourrais pourriez veux voudrais voulez souhaite prefere preferes
    preferez plutot stp svp merci ok oui yes alors maintenant now from here en
    il plait prie te bonjour salut hello hi hey instead again back go just only always all
    everything tout toujours mode repasser remettre remets mets mettre get give reviens revenir
    """.split()
)


def requested_language(text: str) -> str | None:
    """The language a user asks to switch to ("speak English", "en français stp", "FR"), or None.

    A language mentioned under a negation ("I don't speak French", "je ne parle pas
    anglais") asks for the other one. A message that says anything else than which language to
    talk in ("can we pitch in English?") is a question about the event: no request.
    """
    found = words(text)
    bare = [w for w in found if w not in _POLITE]
    if len(bare) == 1 and bare[0] in _CODES_ALONE:
        return _CODES_ALONE[bare[0]]
    other = (
        _POLITE
        | _NEGATIONS
        | _TARGET_MARKS
        | _ABOUT_THE_CONVERSATION
        | set(_LANGUAGE_NAMES)
        | set(_CODES_ALONE)
    )
    if any(word not in other for word in found):
        return None
    wanted: dict[str, bool] = {}  # language -> named as a target ("in English")
    refused: set[str] = set()
    previous_mention = -1
    for i, word in enumerate(found):
        lang = _LANGUAGE_NAMES.get(word)
        if lang is None:
            continue
        # A negation applies to the next language named, within four words.
        before = found[max(0, i - 4, previous_mention + 1) : i]
        previous_mention = i
        if any(w in _NEGATIONS for w in before):
            refused.add(lang)
        else:
            wanted[lang] = wanted.get(lang, False) or bool(before and before[-1] in _TARGET_MARKS)
    wanted = {lang: target for lang, target in wanted.items() if lang not in refused}
    if len(wanted) == 1:
        return next(iter(wanted))
    if len(wanted) > 1:
        targets = [lang for lang, target in wanted.items() if target]
        return targets[0] if len(targets) == 1 else None
    if len(refused) == 1:
        return "fr" if "en" in refused else "en"
    return None


# ------------------------------------------------------------------ priorities


def language_code(value: str | None) -> str | None:
    """ "fr" or "en" from a language tag ("fr-FR", "en_US", "EN"), else None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if primary in SUPPORTED_LANGUAGES else None


def choose_language(
    *,
    requested: str | None,
    chosen: str | None,
    channel: str | None,
    detected: str | None,
    previous: str | None,
    event_languages: Sequence[str],
) -> str:
    """The language to answer in, "fr" or "en".

    An explicit request now, then an earlier explicit choice, then the channel's
    language code, then detection from this message, then the previous language,
    then the event's first language among fr/en, then French.
    """
    for candidate in (requested, chosen, channel, detected, previous, *event_languages):
        code = language_code(candidate)
        if code:
            return code
    return DEFAULT_LANGUAGE
