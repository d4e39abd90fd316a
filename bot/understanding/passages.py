"""Every answerable piece of an event as a passage per language: what the index embeds and searches.

A passage says in a sentence or two what one item is about (a session with its kind and place,
an FAQ question with its answer, a mentor with their expertise), in the words of the pack, with
a few words of its kind that a question may use instead ("lunch" for a meal). Its `kind` and
`key` name the item it stands for; `answers.finder` writes the reply from the item itself, so
the passage's wording never reaches anyone. Results are never a passage: they are answered only
once published, by `answers.results`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.core.i18n import localize
from bot.core.models import Event, LocalText

# What a question may call a kind of session, beside the session's own title.
KIND_WORDS: dict[str, dict[str, str]] = {
    "ceremony": {"fr": "cérémonie, ouverture, clôture", "en": "ceremony, opening, closing"},
    "talk": {"fr": "conférence, présentation, intervention", "en": "talk, keynote, presentation"},
    "workshop": {"fr": "atelier", "en": "workshop"},
    "hacking": {"fr": "travail en équipe, développement", "en": "hacking, teamwork, building"},
    "mentoring": {"fr": "mentorat, coaching, conseils", "en": "mentoring, coaching, advice"},
    "pitch": {
        "fr": "pitch, présentation des projets au jury",
        "en": "pitch, presenting the projects to the jury",
    },
    "jury": {"fr": "jury, délibération", "en": "jury, deliberation"},
    "meal": {"fr": "repas, manger", "en": "meal, food, eating"},
    "social": {"fr": "soirée, moment convivial, apéritif", "en": "social event, party, drinks"},
    "other": {"fr": "", "en": ""},
}
# What a meal is called at its hour: a question asks for lunch, not for a meal at 12:00.
MEAL_WORDS: tuple[tuple[range, dict[str, str]], ...] = (
    (range(5, 11), {"fr": "petit-déjeuner, le matin", "en": "breakfast, in the morning"}),
    (range(11, 16), {"fr": "déjeuner, à midi", "en": "lunch, at noon"}),
    (range(16, 18), {"fr": "goûter, pause", "en": "snack, break"}),
    (range(18, 24), {"fr": "dîner, le soir", "en": "dinner, in the evening"}),
)
LABELS: dict[str, dict[str, str]] = {
    "session": {"fr": "Au programme", "en": "In the programme"},
    "mentor": {"fr": "Mentor", "en": "Mentor"},
    "juror": {"fr": "Membre du jury", "en": "Jury member"},
    "prize": {"fr": "Prix", "en": "Prize"},
    "venue": {"fr": "Lieu de l'événement, adresse, comment venir", "en": "Venue, address, how to get there"},
    "contact": {"fr": "Contacter les organisateurs", "en": "Contact the organisers"},
    "team_rules": {
        "fr": "Équipes : taille, nombre d'équipes, dates d'inscription",
        "en": "Teams: size, number of teams, registration dates",
    },
}


@dataclass(frozen=True)
class Passage:
    kind: str
    """faq, rule, session, challenge, mentor, juror, prize, venue, contact or team_rules."""
    key: str
    """The item's id in the pack (its position for mentors and jurors); "" for the event's own."""
    lang: str
    text: str
    title: str = ""
    """What the item is called, when it has a name apart from its text (an FAQ's question, a rule's
    topic, a session's title): what it is about, rather than what it mentions."""


def _join(*parts: str | None) -> str:
    return " ".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())


def _meal_words(kind: str, hour: int, lang: str) -> str:
    if kind != "meal":
        return ""
    return next((words[lang] for hours, words in MEAL_WORDS if hour in hours), "")


def event_passages(event: Event) -> list[Passage]:
    """The passages of `event` in each of its languages (French and English at most)."""
    langs = [lang for lang in ("fr", "en") if lang in event.languages] or ["fr"]
    return [passage for lang in langs for passage in _passages(event, lang)]


def _passages(event: Event, lang: str) -> Iterator[Passage]:
    def local(text: LocalText | None) -> str:
        return localize(text, lang, event.languages)

    for item in event.faq:
        yield Passage(
            "faq", item.key, lang, _join(local(item.question), local(item.answer)), local(item.question)
        )
    for rule in event.rules:
        yield Passage("rule", rule.key, lang, _join(local(rule.topic), local(rule.text)), local(rule.topic))
    for session in event.sessions:
        yield Passage(
            "session",
            session.key,
            lang,
            _join(
                local(session.title),
                KIND_WORDS.get(session.kind, KIND_WORDS["other"])[lang],
                _meal_words(session.kind, session.starts.hour, lang),
                local(session.description),
                local(session.location),
            ),
            local(session.title),
        )
    for challenge in event.challenges:
        yield Passage(
            "challenge",
            challenge.key,
            lang,
            _join(
                local(challenge.title),
                local(challenge.summary),
                local(challenge.theme),
                local(challenge.owner),
                ", ".join(challenge.keywords),
                local(challenge.details),
            ),
        )
    for i, mentor in enumerate(event.mentors):
        expertise = ", ".join(local(e) for e in mentor.expertise or [])
        # Their expertise alone, and with their bio: a long bio can drown what they help with.
        yield Passage("mentor", str(i), lang, _join(f"{LABELS['mentor'][lang]} {mentor.name}: {expertise}"))
        if local(mentor.bio):
            yield Passage(
                "mentor",
                str(i),
                lang,
                _join(f"{LABELS['mentor'][lang]} {mentor.name}: {expertise}", local(mentor.bio)),
            )
    for i, juror in enumerate(event.jury):
        yield Passage(
            "juror", str(i), lang, _join(f"{LABELS['juror'][lang]} {juror.name}", local(juror.role))
        )
    for prize in event.prizes:
        yield Passage(
            "prize",
            prize.key,
            lang,
            _join(
                f"{LABELS['prize'][lang]} {local(prize.name)}", local(prize.description), local(prize.reward)
            ),
        )
    if event.venue_name or event.venue_address:
        yield Passage(
            "venue", "", lang, _join(LABELS["venue"][lang], local(event.venue_name), event.venue_address)
        )
    if event.contact_email or event.contact_phone or event.contact_url:
        yield Passage(
            "contact",
            "",
            lang,
            _join(LABELS["contact"][lang], event.contact_email, event.contact_phone, event.contact_url),
        )
    if event.team_settings is not None:
        yield Passage("team_rules", "", lang, LABELS["team_rules"][lang])
