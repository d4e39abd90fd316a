"""What a team's request for a method says of its situation, read from its words (French or
English): the stage it is at, the time it has, how many it is, whether it can reach real users.
Whatever the message does not say stays unknown, and the coach asks for it or does without."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.matching import normalize

# Cues of each stage, folded (no case, accents or punctuation). When a message has cues of several
# stages, the first stage in `STAGE_ORDER` wins: "how do we test our prototype?" is about testing.
STAGE_CUES: dict[str, tuple[str, ...]] = {
    "test": ("tester", "test", "tests", "testing", "essayer avec", "retours des usagers", "retours usagers",
             "feedback", "usability", "utilisabilite", "validate with users", "valider avec"),
    "pitch": ("pitch", "pitcher", "pitchs", "pitches", "jury", "presentation finale", "final presentation",
              "convaincre", "soutenance", "demo", "slides", "oral final"),
    "deploy": ("prioriser", "prioritiser", "prioritise", "prioritize", "priorites", "priorities",
               "feuille de route", "roadmap", "deployer", "deploiement", "deploy", "deployment",
               "apres le hackathon", "after the hackathon", "pilote", "pilot", "rgpd", "gdpr", "dpo",
               "budget", "business model", "suite du projet", "mise en oeuvre", "implementation",
               "features", "fonctionnalites"),
    "prototype": ("prototype", "prototyper", "prototyping", "maquette", "maquetter", "mock up", "mockup",
                  "wireframe", "storyboard", "make something", "fabriquer"),
    "define": ("definir le probleme", "definir notre probleme", "problematique", "define the problem",
               "problem statement", "reformuler", "cadrer", "cadrage", "framing", "how might we",
               "comment pourrions nous", "the right problem", "le bon probleme"),
    "ideate": ("idee", "idees", "brainstorm", "brainstorming", "ideation", "ideate", "ideas", "idea",
               "trouver des solutions", "find solutions", "creativite", "creative"),
    "understand": ("comprendre", "understand", "user research", "recherche utilisateur", "parler aux usagers",
                   "talk to users", "talk to real users", "connaitre nos usagers", "besoins des usagers",
                   "user needs", "users needs", "entretien", "entretiens", "interview", "interviews",
                   "interviewer", "interroger", "observer", "observation", "terrain", "field", "parcours",
                   "journey", "enquete", "survey"),
}  # fmt: skip
STAGE_ORDER = ("test", "pitch", "deploy", "prototype", "define", "ideate", "understand")

_NUMBER_WORDS = {
    "un": 1, "une": 1, "one": 1, "a": 1, "an": 1, "deux": 2, "two": 2, "trois": 3, "three": 3,
    "quatre": 4, "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8,
}  # fmt: skip
_NUMBER = r"(\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + ")"
_DECIMAL_HOURS = re.compile(r"(\d+)[.,](\d+) ?(?=h\b|hr|heure|hour)", re.I)
_CLOCK_HOURS = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})\b")
_HOURS = re.compile(rf"\b{_NUMBER} ?(?:h|hr|hrs|heure|heures|hour|hours)\b(?: ?(\d{{1,2}})\b)?")
_MINUTES = re.compile(rf"\b{_NUMBER} ?(?:min|mins|minute|minutes|mn)\b")
_SET_PHRASES = (
    (re.compile(r"\b(?:quart d heure|quarter of an hour|quarter hour)\b"), 15),
    (re.compile(r"\b(?:demi heure|half an hour|half hour|30 mn)\b"), 30),
    (re.compile(r"\b(?:demi journee|half a day|half day)\b"), 240),
    (re.compile(r"\b(?:journee|a day|full day|whole day)\b"), 480),
)
_PEOPLE = re.compile(
    rf"\b(?:on est|on sera|nous sommes|we are|we re|were|there are|there is|team of|equipe de|a) {_NUMBER}\b"
    rf"(?: (?:personnes|people|membres|members|dans l equipe|in the team|of us))?"
    rf"|\b{_NUMBER} (?:personnes|people|membres|members|of us)\b"
)
_NO_USERS = re.compile(
    r"\b(?:pas d usagers?|pas acces aux usagers|pas d acces aux usagers|sans usagers?|aucun usager|"
    r"pas de vrais usagers|no users?|no access to (?:real )?users|without users|can ?t reach (?:any )?users|"
    r"cannot reach (?:any )?users|no real users|can ?t talk to (?:real )?users|personne a interroger|"
    r"nobody to (?:ask|interview))\b"
)


@dataclass(frozen=True)
class Need:
    """A team's situation, as far as it is known."""

    stage: str | None = None
    minutes: int | None = None
    people: int | None = None
    users_reachable: bool | None = None

    def with_known(self, other: Need) -> Need:
        """This need, completed with what `other` knows and this one does not."""
        return replace(
            self,
            stage=self.stage or other.stage,
            minutes=self.minutes if self.minutes is not None else other.minutes,
            people=self.people if self.people is not None else other.people,
            users_reachable=self.users_reachable
            if self.users_reachable is not None
            else other.users_reachable,
        )


def read_need(text: str) -> Need:
    return Need(read_stage(text), read_minutes(text), read_people(text), read_users_reachable(text))


def read_stage(text: str) -> str | None:
    folded = f" {normalize(text)} "
    for stage in STAGE_ORDER:
        if any(f" {cue} " in folded for cue in STAGE_CUES[stage]):
            return stage
    return None


def _number(value: str) -> float:
    return float(_NUMBER_WORDS.get(value, 0) or value.replace(",", "."))


def read_minutes(text: str) -> int | None:
    """The time a message says the team has, in minutes: "3 hours", « 1h30 », « 45 min », "half an
    hour", « une demi-journée »."""
    text = _DECIMAL_HOURS.sub(lambda m: f"{round(float(f'{m[1]}.{m[2]}') * 60)} min ", text)
    folded = normalize(text.replace("½", " et demie"))
    clock = _CLOCK_HOURS.search(folded)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2)) or None
    for pattern, minutes in _SET_PHRASES:
        if pattern.search(folded):
            return minutes
    hours = _HOURS.search(folded)
    if hours:
        total = int(_number(hours.group(1)) * 60) + (int(hours.group(2)) if hours.group(2) else 0)
        if re.search(r"\b(?:et demie|and a half)\b", folded[hours.end() : hours.end() + 12]):
            total += 30
        return total or None
    found = _MINUTES.search(folded)
    if found:
        return int(_number(found.group(1))) or None
    return None


def read_people(text: str) -> int | None:
    found = _PEOPLE.search(normalize(text))
    if not found:
        return None
    value = found.group(1) or found.group(2)
    number = int(_number(value))
    return number if 1 <= number <= 20 else None


def read_users_reachable(text: str) -> bool | None:
    """False when the message says the team cannot reach real users; otherwise unknown."""
    return False if _NO_USERS.search(normalize(text)) else None
