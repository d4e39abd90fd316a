"""Reading what people type when the assistant asks for a team's details.

Pure functions, no database and no framework: each takes the text as typed (French or
English, with or without accents and capitals) and returns what it holds. Words that
people use as answers ("oui", "just me", "annuler"...) are input vocabulary, listed here;
the assistant's own sentences live in `bot.core.texts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.matching import fold

YES = frozenset(
    {
        "oui",
        "ouais",
        "ouep",
        "yes",
        "yep",
        "yeah",
        "ok",
        "okay",
        "d'accord",
        "daccord",
        "parfait",
        "exact",
        "exactement",
        "correct",
        "c'est bon",
        "cest bon",
        "c'est ca",
        "c'est correct",
        "je confirme",
        "confirme",
        "confirmer",
        "confirmez",
        "valide",
        "valider",
        "validez",
        "oui c'est bon",
        "oui merci",
        "tout est bon",
        "confirm",
        "confirmed",
        "sure",
        "right",
        "that's right",
        "yes please",
        "all good",
        "looks good",
        "go ahead",
    }
)
NO = frozenset(
    {
        "non",
        "no",
        "nope",
        "nan",
        "pas du tout",
        "c'est faux",
        "not quite",
        "wrong",
        "incorrect",
        "pas correct",
    }
)
CANCEL = frozenset(
    {
        "annuler",
        "annule",
        "annulez",
        "annulation",
        "stop",
        "stopper",
        "arreter",
        "arrete",
        "arretez",
        "j'arrete",
        "laisse tomber",
        "laissez tomber",
        "abandonner",
        "abandon",
        "cancel",
        "quit",
        "exit",
        "never mind",
        "nevermind",
        "forget it",
    }
)
NONE = frozenset(
    {
        "aucun",
        "aucune",
        "aucun pour l'instant",
        "pas encore",
        "plus tard",
        "on ne sait pas encore",
        "je ne sais pas",
        "none",
        "none yet",
        "not yet",
        "later",
        "no idea yet",
        "undecided",
    }
)
ONLY_ME = frozenset(
    {
        "moi",
        "moi seul",
        "moi seule",
        "juste moi",
        "seulement moi",
        "que moi",
        "personne d'autre",
        "personne",
        "seul",
        "seule",
        "je suis seul",
        "je suis seule",
        "me",
        "just me",
        "only me",
        "myself",
        "me only",
        "nobody else",
        "no one else",
        "just myself",
        "me alone",
    }
)
SELF = frozenset({"moi", "moi-meme", "moi meme", "me", "myself", "i", "je"})

EMAIL_LEAD_WORDS = frozenset(
    "mail email e mel courriel adresse address contact de du l' la le notre mon ma est c'est cest c "
    "voici here is it's its our my the your votre use utilisez utiliser please svp merci thanks "
    "change changer modifier remplacer replace update to par en a for pour".split()
)
"""Words that may surround an email address in an answer ("notre e-mail : ...", "change the email to ...")."""

FIELDS: dict[str, tuple[str, ...]] = {
    "team_name": ("nom", "name", "appelle", "called", "rename", "renommer", "intitule"),
    "team_challenge": ("defi", "challenge", "sujet", "theme", "track", "probleme"),
    "team_members": ("membre", "member", "equipier", "coequipier", "teammate", "personne", "people", "gens"),
    "team_email": ("mail", "email", "courriel", "adresse", "address", "contact"),
}
"""Words naming each field of the registration form, folded (a field is named by any of them)."""

_QUOTES = "\"'«»“”‘’`"
_NAME_LEAD_INS = [
    r"(?:(?:notre|mon|our|my|the)\s+|l')?(?:equipe|team)\s+"
    r"(?:s'appelle|se nomme|s'appellera|is called|is named|name is|will be)",
    r"(?:on|nous)\s+(?:s'appelle|s'appelons|nous appelons)",
    r"(?:we are|we're|were)\s+(?:called|named)",
    r"(?:our|the|my)\s+(?:team\s+)?name\s+is",
    r"(?:le\s+)?nom\s+(?:de\s+l'equipe\s+)?(?:est|sera|:)",
    r"(?:team\s+)?name\s*:",
    r"c'est|it's|its",
    r"appelez-nous|call us",
]
_MEMBERS_LEAD_INS = [
    r"(?:les\s+)?membres?\s+(?:sont|:)",
    r"(?:the\s+)?members?\s+(?:are|:)",
    r"(?:dans l'equipe|in the team)\s+(?:il y a|there (?:is|are)|:)?",
    r"(?:il y a|nous sommes|on est|we are|there are|there's|team\s*:|equipe\s*:)",
]
_MEMBER_SEPARATORS = re.compile(r"\s*(?:[,;/\n•+&]|\s-\s|\bet\b|\band\b|\bplus\b)\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_EMAIL = re.compile(r"[^\s@<>()«»\"',;:]+@[^\s@<>()«»\"',;:]+")


def folded(text: str) -> str:
    """Case, accents, quotes and closing punctuation removed; curly apostrophes made straight."""
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", fold(text)).strip(" \t.!?;:" + _QUOTES.replace("'", ""))


def _strip_lead_in(text: str, patterns: Iterable[str]) -> str:
    straight = text.replace("’", "'")
    for pattern in patterns:
        match = re.match(rf"\s*(?:{pattern})\s*", fold(straight), re.IGNORECASE)
        # `fold` keeps the length of accented Latin text, so the match indexes the original.
        if match and match.end() < len(straight) and len(fold(straight)) == len(straight):
            return straight[match.end() :].strip()
    return text.strip()


def _unquote(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text.rstrip(".!").strip()


def is_yes(text: str) -> bool:
    return folded(text) in YES


def is_no(text: str) -> bool:
    return folded(text) in NO


def is_cancel(text: str) -> bool:
    return folded(text) in CANCEL


def is_none(text: str) -> bool:
    return folded(text) in NONE


def team_name(text: str) -> str:
    """The team name in an answer: "Notre équipe s'appelle « Les Éclaireurs »." -> "Les Éclaireurs".

    An answer that would be left empty ("!!!") is kept as typed, so that its fault can be told."""
    return _unquote(_strip_lead_in(text, _NAME_LEAD_INS)) or text.strip()


def member_names(text: str) -> list[str] | None:
    """The names in an answer listing the members, the writer first.

    "Moi, Tom et Sara" -> ["", "Tom", "Sara"]: "" stands for the writer, named elsewhere.
    "juste moi" -> [""]. None when the answer is empty.
    """
    body = _strip_lead_in(text, _MEMBERS_LEAD_INS)
    if folded(body) in ONLY_ME:
        return [""]
    lines = [_BULLET.sub("", line) for line in body.splitlines()]
    names = [_unquote(part) for part in _MEMBER_SEPARATORS.split("\n".join(lines))]
    names = [n for n in names if n]
    if not names:
        return None
    return ["" if folded(n) in SELF else n for n in names[:1]] + [
        n for n in names[1:] if folded(n) not in SELF
    ]


def email(text: str) -> str:
    """The email address in an answer ("mon mail : a.b@gouv.fr" -> "a.b@gouv.fr"), else the text.

    The other words must only introduce the address: "marie dupont@gouv.fr" is not taken as
    "dupont@gouv.fr".
    """
    found = list(_EMAIL.finditer(text))
    if len(found) == 1:
        rest = text[: found[0].start()] + " " + text[found[0].end() :]
        if all(word in EMAIL_LEAD_WORDS for word in re.findall(r"[\w']+", folded(rest))):
            return found[0].group(0).rstrip(".")
    return text.strip()


def has_email(text: str) -> bool:
    return _EMAIL.search(text) is not None


def named_field(text: str) -> str | None:
    """The form field a correction names ("change the email", "le nom est faux"), if exactly one."""
    words = re.findall(r"[a-z']+", folded(_EMAIL.sub(" ", text)))
    found = {field for field, stems in FIELDS.items() for w in words for s in stems if w.startswith(s)}
    return found.pop() if len(found) == 1 else None
