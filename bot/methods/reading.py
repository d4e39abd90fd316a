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
    "test": ("tester", "test", "tests", "testing", "essayer avec", "faire essayer", "retours des usagers",
             "retours usagers", "feedback", "usability", "utilisabilite", "validate with users",
             "valider avec", "have a go", "try it out", "try out", "give it a try", "comprehensible",
             "understandable", "est compris", "bien compris", "teste", "testons", "testez",
             "make sure it works", "really works", "works for them", "check it works", "ca marche",
             "fonctionne pour"),
    "pitch": ("pitch", "pitcher", "pitchs", "pitches", "pitching", "jury", "presentation finale",
              "final presentation", "convaincre", "soutenance", "demo", "slides", "oral final"),
    "deploy": ("prioriser", "prioritiser", "prioritise", "prioritize", "priorites", "priorities",
               "feuille de route", "roadmap", "deployer", "deploiement", "deploy", "deployment",
               "apres le hackathon", "after the hackathon", "pilote", "pilot", "rgpd", "gdpr", "dpo",
               "budget", "business model", "suite du projet", "mise en oeuvre", "implementation",
               "features", "fonctionnalites", "allowed to", "legal", "legally", "lawful", "juridique",
               "juridiquement", "le droit de", "personal data", "donnees personnelles", "privacy"),
    "prototype": ("prototype", "prototypes", "prototyper", "prototyping", "maquette", "maquetter", "mock up",
                  "mockup", "wireframe", "would look like", "a quoi ressemblerait",
                  "click through", "storyboard", "make something", "fabriquer"),
    "define": ("definir le probleme", "definir notre probleme", "problematique", "define the problem",
               "problem statement", "reformuler", "cadrer", "cadrage", "framing", "how might we",
               "comment pourrions nous", "the right problem", "le bon probleme", "really behind",
               "root cause", "root causes", "real issue", "real problem", "vrai probleme", "vraie cause",
               "causes profondes"),
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
    r"(?! ?(?:h|hr|hrs|heures?|hours?|min|mins|minutes?|mn|jours?|days?|demi|half|quart)\b)"
    rf"(?: (?:personnes|people|membres|members|dans l equipe|in the team|of us))?"
    rf"|\b{_NUMBER} (?:personnes|people|membres|members|of us)\b"
)
_PEOPLE_SERVED = (
    r"(?:users?|people|citizens?|residents?|claimants?|applicants?|beneficiaries|patients?|parents?|families|"
    r"visitors?|customers?|usagers?|beneficiaires?|allocataires?|citoyens?|habitants?|patients?|parents?|"
    r"familles?|demandeurs?|personnes?|gens)"
)
_NO_USERS = re.compile(
    r"\b(?:pas d usagers?|pas acces aux usagers|pas d acces aux usagers|sans usagers?|aucun usager|"
    r"pas de vrais usagers|no users?|no access to (?:real )?users|without users|no real users|"
    r"personne a interroger|nobody to (?:ask|interview))\b"
    r"|\b(?:can ?t|cannot|can not|not allowed to|won t be able to|unable to|no way to) (?:reach|contact|meet|"
    r"talk to|interview|see|ask|get hold of|get to) (?:any |real |actual )?" + _PEOPLE_SERVED + r"\b"
    r"|\b(?:rencontrer|joindre|contacter|voir|interroger|interviewer) (?:aucun|aucune|personne|pas de|"
    r"de vrais|pas les|aucun vrai) ?(?:vrais? )?" + _PEOPLE_SERVED + r"?\b"
    r"|\bimpossible de (?:joindre|rencontrer|contacter|voir|interroger) (?:de vrais |des |les )?"
    + _PEOPLE_SERVED
    + r"\b|\bno (?:one|body) (?:from|of) the \w+ (?:will|can) (?:talk|meet|see)\b"
)
_WHAT_TO_DO = re.compile(
    r"\bwhat (?:should|shall|must|can|could|do|would you have) (?:we|our team|the team|us) "
    r"(?:do|be doing|work on|be working on|focus on|tackle|start with)\b"
    r"|\bwhat(?: is| s|s) (?:our|the team s) (?:next step|next move|priority)\b"
    r"|\bwhat next for (?:us|our team|the team)\b|\bnext steps? for (?:us|our team|our project)\b"
    r"|\bwhat do we do now\b"
    r"|\b(?:qu est ce qu|que|qu) (?:on|nous) (?:doit|devrait|devrions|devons|peut|pourrait|pourrions) "
    r"(?:faire|attaquer|travailler)\b"
    r"|\bon (?:doit faire|devrait faire|attaque|bosse sur|travaille sur) quoi\b"
    r"|\bon fait quoi (?:maintenant|la)\b"
    r"|\bque (?:doit|devrait) faire (?:notre|l) equipe\b|\bque faire (?:maintenant|a present|ensuite)\b"
    r"|\b(?:notre|la) prochaine etape\b|\bsur quoi (?:on|nous) (?:devrait|doit|devrions|devons) "
    r"(?:travailler|bosser|se concentrer|avancer)\b"
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


def asks_what_to_do(text: str) -> bool:
    """Whether a team asks what it should do ("what should we do now?", « on fait quoi
    maintenant ? »): the coach answers from where the event is, not the programme. Someone asking
    what they themselves should be doing now ("what should I be doing right now?") asks for the
    programme."""
    return bool(_WHAT_TO_DO.search(normalize(text)))


_HOW = re.compile(
    "|".join(
        (
            r"\bhow (?:do|can|could|should|shall|would|might|to|are) ",
            r"\bhow (?:we|best)\b",
            r"\bsomehow\b",
            r"\bany (?:tips?|ideas?|advice|suggestions?|tricks?)\b",
            r"\btips?\b",
            r"\bway to\b",
            r"\b(?:a|the|any) (?:good|quick|fast|simple|best|easy|better|right) (?:way|approach|exercise)\b",
            r"\bhelp\b",
            r"\bwhat (?:can|should|could) we do\b",
            r"\bwhat would you (?:suggest|recommend|do)\b",
            r"\b(?:suggest|recommend)\b",
            r"\bsomething (?:to|fun|playful|quick|simple|that)\b",
            r"\b(?:should|could) we\b",
            r"\bwhich (?:ones?|case|cases|idea|ideas|features?) (?:first|to)\b",
            r"\bwhat (?:ground )?rules\b",
            r"\bwhat do we (?:ask|show|do|look at|start with)\b",
            r"\bwe (?:want|d like|would like|need) to (?:see|know|check|find out) (?:if|whether)\b",
            r"\bcomment\b",
            r"\bon s y prend\b",
            r"\bpar ou\b",
            r"\bpar quoi (?:commencer|on commence)\b",
            r"\b(?:que|quoi) faire\b",
            r"\bdes (?:conseils|astuces|idees)\b",
            r"\bune (?:astuce|piste|idee)\b",
            r"\bun moyen\b",
            r"\bune (?:bonne )?(?:facon|maniere)\b",
            r"\baide[sz]? ?nous\b",
            r"\bau secours\b",
            r"\bvous (?:proposez|proposeriez|conseillez|conseilleriez|recommandez|feriez)\b",
            r"\b(?:propose|conseille|recommande)[sz]?\b",
            r"\bun truc (?:pour|ludique|rapide|simple)\b",
            r"\bon (?:commence|attaque) par (?:quoi|lequel|laquelle|ou)\b",
            r"\bon (?:leur )?(?:pose|observe|montre|demande) quoi\b",
            r"\bquoi comme questions\b",
            r"\ble plus (?:rapide|simple|efficace) c est quoi\b",
            r"\bquelles regles\b",
            r"\bon pourrait\b",
            r"\bpour (?:cadrer|se debloquer|relancer|prioriser|choisir)\b",
            r"\bon (?:veut|voudrait|aimerait) (?:voir|savoir|verifier) si\b",
            r"\bqu est ce qu on (?:doit|devrait) verifier\b",
        )
    )
)
"""How people ask how to go about something: "how do we…", "any tips?", « on s'y prend comment ? »."""
_PERMISSION = re.compile(
    r"\b(?:can (?:we|i|he|she|they|you)|are we allowed|is it ok|is there|are there|do we get|will there"
    r"|will the|est ce qu|on peut|on a le droit|y a t il|il y a|y a|c est possible|c possible|peut on"
    r"|ca pose probleme)\b"
)
"""A question of whether something is allowed or provided ("can we pull an all-nighter?")."""
METHOD_WORDS = frozenset(
    "method methods methode methodes exercise exercises exercice exercices technique techniques tool "
    "tools outil outils approach approche framework".split()
)
"""Words that name a method: a message that has one asks for a method, whoever it mentions."""


def asks_how_to_proceed(text: str) -> bool:
    """Whether a message asks how to go about the team's work: how to do something ("how do we…",
    « on s'y prend comment ? »), a method or an exercise, what to do now, or a situation whose words
    name a stage ("we need to prototype the new form") without asking whether something is allowed or
    provided ("can we print our mock-ups somewhere?" asks about the event)."""
    folded = normalize(text)
    if _HOW.search(folded) or set(folded.split()) & METHOD_WORDS or asks_what_to_do(text):
        return True
    return read_stage(text) is not None and not _PERMISSION.search(folded)


def beyond_what_to_do(text: str) -> str:
    """What a message says besides asking what to do (folded): "we go on stage in 30 minutes and
    keep running over time, what can we do?" says where the team is; "what should we do now?"
    does not."""
    return _WHAT_TO_DO.sub(" ", normalize(text))


def read_need(text: str) -> Need:
    return Need(read_stage(text), read_minutes(text), read_people(text), read_users_reachable(text))


_DEADLINE = re.compile(
    r"\b(?:before|until|till|by|avant|jusqu a|d ici) (?:the |our |le |la |les |l |notre |nos )?"
    r"(?:final |finale? )?(?:demo|pitch|pitches|pitchs|jury|presentation|soutenance|oral)s?\b"
    r"|\bjury (?:duty|summons?|service)\b|\bjure d assises\b|\bjury d assises\b"
)
"""A time said by the milestone it runs to ("before the demo we'd like staff to try it"): what the
team does until then is its stage, unless the message says little else ("half an hour before the
jury": the pitch). And a jury that is a challenge's subject ("jury duty summons")."""
SHORT = 7
"""Words a message may have, the milestone it runs to apart, and still be about that milestone."""


def read_stage(text: str) -> str | None:
    folded = normalize(text)
    rest = _DEADLINE.sub(" ", folded)
    named = _named_stage(rest)
    if named is None and len(rest.split()) <= SHORT:
        return _named_stage(folded)
    return named


def _named_stage(folded: str) -> str | None:
    folded = f" {folded} "
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
