"""In-memory events for unit tests: ORM objects built directly, no database.

`make_event()` builds a complete two-day bilingual hackathon; every part can be
replaced (`make_event(sessions=[...], team_settings=None)`), and the `session`,
`challenge`, ... helpers build single items with defaults so a test states only
what matters. `event_from_pack` turns a parsed YAML pack (plain dicts) into the
same objects, to run the logic on the shared example packs.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers import (
    challenges,
    conversation,
    overview,
    people,
    prizes,
    results,
    rules,
    schedule,
    team_rules,
)
from bot.answers.replies import Ask, Reply
from bot.core.models import (
    Award,
    Challenge,
    Event,
    FaqItem,
    JuryMember,
    LocalText,
    Mentor,
    Prize,
    ProgrammeSession,
    Results,
    Rule,
    TeamSettings,
)

DAY1 = dt.date(2030, 3, 11)  # a Monday
DAY2 = dt.date(2030, 3, 12)
_UNSET: Any = object()


def at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute))


def text(fr: str, en: str | None = None) -> LocalText:
    return {"fr": fr, "en": en if en is not None else fr}


def session(
    key: str,
    title: LocalText | str,
    starts: dt.datetime,
    ends: dt.datetime | None = None,
    *,
    kind: str = "other",
    location: LocalText | None = None,
    description: LocalText | None = None,
) -> ProgrammeSession:
    return ProgrammeSession(
        key=key,
        title=title if isinstance(title, dict) else {"*": title},
        starts=starts,
        ends=ends,
        kind=kind,
        location=location,
        description=description,
    )


def challenge(
    key: str,
    title: LocalText,
    summary: LocalText,
    *,
    keywords: Sequence[str] = (),
    owner: LocalText | None = None,
    theme: LocalText | None = None,
    details: LocalText | None = None,
) -> Challenge:
    return Challenge(
        key=key,
        title=title,
        summary=summary,
        keywords=list(keywords),
        owner=owner,
        theme=theme,
        details=details,
    )


def default_sessions(day1: dt.date = DAY1, day2: dt.date = DAY2) -> list[ProgrammeSession]:
    return [
        session(
            "opening",
            text("Cérémonie d'ouverture", "Opening ceremony"),
            at(day1, "09:00"),
            at(day1, "09:30"),
            kind="ceremony",
            location=text("Amphithéâtre", "Main hall"),
        ),
        session(
            "hacking-1",
            text("Hacking et mentorat", "Hacking and mentoring"),
            at(day1, "09:30"),
            at(day1, "18:00"),
            kind="hacking",
        ),
        session(
            "lunch-1",
            text("Déjeuner", "Lunch"),
            at(day1, "12:30"),
            at(day1, "13:30"),
            kind="meal",
            location=text("Cafétéria", "Cafeteria"),
        ),
        session(
            "hacking-2",
            text("Hacking, prototype et préparation des pitchs", "Hacking, prototype and pitch preparation"),
            at(day2, "09:00"),
            at(day2, "12:30"),
            kind="hacking",
        ),
        session(
            "lunch-2",
            text("Déjeuner", "Lunch"),
            at(day2, "12:30"),
            at(day2, "13:30"),
            kind="meal",
            location=text("Cafétéria", "Cafeteria"),
        ),
        session(
            "pitches",
            text("Pitchs finaux devant le jury", "Final pitches before the jury"),
            at(day2, "14:30"),
            at(day2, "16:30"),
            kind="pitch",
            location=text("Amphithéâtre", "Main hall"),
        ),
        session(
            "deliberation",
            text("Délibération du jury", "Jury deliberation"),
            at(day2, "16:30"),
            at(day2, "17:15"),
            kind="jury",
        ),
        session(
            "awards",
            text("Remise des prix", "Award ceremony"),
            at(day2, "17:30"),
            at(day2, "18:00"),
            kind="ceremony",
            location=text("Amphithéâtre", "Main hall"),
        ),
    ]


def default_challenges() -> list[Challenge]:
    return [
        challenge(
            "open-data",
            text(
                "Administration transparente et données ouvertes", "Transparent administration and open data"
            ),
            text(
                "Rendre les décisions publiques lisibles pour les citoyens.",
                "Make public decisions readable for citizens.",
            ),
            keywords=["transparence", "transparency", "open data", "données ouvertes"],
            owner=text("Ministère de la Transformation publique", "Ministry of Public Transformation"),
            theme=text("Démocratie", "Democracy"),
            details=text(
                "Jeux de données des délibérations municipales.", "Datasets of municipal decisions."
            ),
        ),
        challenge(
            "ai-regulation",
            text("L'intelligence artificielle au service de la réglementation", "AI for regulation"),
            text("Aider à rédiger et appliquer les textes.", "Help draft and apply regulations."),
            keywords=["IA", "AI", "droit", "law"],
            theme=text("Numérique", "Digital"),
        ),
        challenge(
            "housing",
            text("Accès au logement social", "Access to social housing"),
            text("Simplifier la demande de logement social.", "Make applying for social housing simpler."),
            keywords=["logement", "housing", "HLM"],
            owner=text("Agence du logement", "Housing agency"),
        ),
    ]


def default_rules() -> list[Rule]:
    return [
        Rule(
            key="eligibility",
            topic=text("Qui peut participer", "Who can take part"),
            text=text(
                "Les agents publics ; chaque équipe compte de 3 à 6 membres.",
                "Civil servants; each team has 3 to 6 members.",
            ),
        ),
        Rule(
            key="pitch",
            topic=text("Format du pitch", "Pitch format"),
            text=text(
                "5 minutes de pitch et 3 minutes de questions du jury.",
                "5 minutes of pitch and 3 minutes of questions from the jury.",
            ),
        ),
        Rule(
            key="conduct",
            topic=text("Code de conduite", "Code of conduct"),
            text=text("Soyez respectueux et bienveillants.", "Be respectful and kind."),
        ),
        Rule(
            key="ip",
            topic=text("Propriété intellectuelle", "Intellectual property"),
            text=text(
                "Le code produit est publié sous licence libre.", "Code is published under an open licence."
            ),
        ),
    ]


def default_faq() -> list[FaqItem]:
    return [
        FaqItem(
            key="bring",
            question=text("Que dois-je apporter ?", "What should I bring?"),
            answer=text("Votre ordinateur portable et son chargeur.", "Your laptop and its charger."),
        ),
        FaqItem(
            key="wifi",
            question=text("Y a-t-il du wifi ?", "Is there wifi?"),
            answer=text(
                "Oui : réseau « Hackathon », mot de passe sur votre badge.",
                "Yes: network “Hackathon”, password on your badge.",
            ),
        ),
        FaqItem(
            key="parking",
            question=text("Où se garer ?", "Where can I park?"),
            answer=text("Parking gratuit derrière le bâtiment B.", "Free parking behind building B."),
        ),
    ]


def default_mentors() -> list[Mentor]:
    return [
        Mentor(
            name="Alice Martin",
            expertise=[
                text("intelligence artificielle", "artificial intelligence"),
                text("science des données", "data science"),
            ],
            available=text("lundi après-midi", "Monday afternoon"),
        ),
        Mentor(
            name="Bruno Keller", expertise=[text("design de service", "service design"), text("UX", "UX")]
        ),
        Mentor(
            name="Chloé Dubois",
            expertise=[text("droit public", "public law"), text("RGPD", "GDPR")],
            available=text("les deux jours", "both days"),
        ),
        Mentor(name="David Roux", expertise=[text("cybersécurité", "cybersecurity")]),
    ]


def default_jury() -> list[JuryMember]:
    return [
        JuryMember(name="Jeanne Petit", role=text("Directrice du numérique", "Chief digital officer")),
        JuryMember(name="Marc Lefèvre", role=text("Préfet", "Prefect"), chair=True),
    ]


def default_prizes() -> list[Prize]:
    return [
        Prize(
            key="jury",
            name=text("Prix du jury", "Jury prize"),
            description=text("Le meilleur projet selon le jury.", "The best project according to the jury."),
            reward=text("Six mois d'incubation", "Six months of incubation"),
        ),
        Prize(
            key="public", name=text("Prix du public", "Audience award"), reward=text("Un trophée", "A trophy")
        ),
    ]


AWARDED_TEAMS = ("Les Castors Numériques", "Team Zephyrine")
AWARDED_PROJECTS = ("Projet Lumiolex", "Projet Quartzibule")
FOLLOW_UP = text(
    "Les projets lauréats rejoindront le laboratoire Orvalis pour six mois.",
    "The winning projects will join the Orvalis lab for six months.",
)


def default_awards(prizes: Sequence[Prize]) -> list[Award]:
    by_key = {p.key: p for p in prizes}
    awards = []
    for position, (prize_key, team, project) in enumerate(
        zip(("jury", "public"), AWARDED_TEAMS, AWARDED_PROJECTS, strict=True)
    ):
        if prize_key in by_key:
            awards.append(Award(prize=by_key[prize_key], team=team, project=text(project), position=position))
    return awards


def make_event(
    *,
    slug: str = "test-hack",
    name: LocalText | None = None,
    organiser: LocalText | None = None,
    starts: dt.date = DAY1,
    ends: dt.date = DAY2,
    languages: Sequence[str] = ("fr", "en"),
    description: LocalText | None = _UNSET,
    audience: LocalText | None = _UNSET,
    venue_name: LocalText | None = _UNSET,
    venue_address: str | None = "1 rue de la République, 75001 Paris",
    venue_map_url: str | None = "https://example.org/map",
    contact_email: str | None = "hackathon@example.org",
    contact_phone: str | None = None,
    contact_url: str | None = None,
    sessions: Sequence[ProgrammeSession] | None = None,
    challenges: Sequence[Challenge] | None = None,
    rules: Sequence[Rule] | None = None,
    faq: Sequence[FaqItem] | None = None,
    mentors: Sequence[Mentor] | None = None,
    jury: Sequence[JuryMember] | None = None,
    prizes: Sequence[Prize] | None = None,
    awards: Sequence[Award] | None = None,
    team_settings: TeamSettings | None = _UNSET,
    published: bool = False,
    follow_up: LocalText | None = FOLLOW_UP,
    results: bool = True,
) -> Event:
    """A complete in-memory event; each argument replaces one part (None lists mean the defaults)."""
    prize_list = list(default_prizes() if prizes is None else prizes)
    event = Event(
        slug=slug,
        name=name or text("Hackathon de l'innovation publique", "Public Innovation Hackathon"),
        organiser=organiser
        or text("Direction interministérielle du numérique", "Interministerial Digital Directorate"),
        timezone="Europe/Paris",
        starts=starts,
        ends=ends,
        languages=list(languages),
        description=text(
            "Deux jours pour prototyper des services publics.", "Two days to prototype public services."
        )
        if description is _UNSET
        else description,
        audience=text("Les agents de l'État", "State civil servants") if audience is _UNSET else audience,
        venue_name=text("Campus du numérique", "Digital campus") if venue_name is _UNSET else venue_name,
        venue_address=venue_address,
        venue_map_url=venue_map_url,
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_url=contact_url,
        is_current=True,
    )
    event.sessions = _positioned(
        default_sessions(starts, starts + dt.timedelta(days=1)) if sessions is None else sessions
    )
    event.challenges = _positioned(default_challenges() if challenges is None else challenges)
    event.rules = _positioned(default_rules() if rules is None else rules)
    event.faq = _positioned(default_faq() if faq is None else faq)
    event.mentors = _positioned(default_mentors() if mentors is None else mentors)
    event.jury = _positioned(default_jury() if jury is None else jury)
    event.prizes = _positioned(prize_list)
    event.awards = _positioned(default_awards(prize_list) if awards is None else awards)
    event.team_settings = (
        TeamSettings(
            min_size=3,
            max_size=6,
            max_teams=12,
            registration_opens=at(starts - dt.timedelta(days=30), "09:00"),
            registration_closes=at(starts, "10:00"),
            require_challenge=True,
        )
        if team_settings is _UNSET
        else team_settings
    )
    event.results = Results(published=published, follow_up=follow_up) if results else None
    return event


def _positioned(items: Sequence[Any]) -> list[Any]:
    for position, item in enumerate(items):
        item.position = position
    return list(items)


def all_answer_functions() -> list[Callable[[Ask], Reply]]:
    """Every `answer_*(ask)` function of the assistant."""
    found = []
    for module in (challenges, conversation, overview, people, prizes, results, rules, schedule, team_rules):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            own = name.startswith("answer_") and function.__module__ == module.__name__
            if own and list(inspect.signature(function).parameters) == ["ask"]:
                found.append(function)
    return found


def ask(event: Event, text_: str = "", *, lang: str = "en", now: dt.datetime | None = None) -> Ask:
    """An `Ask` about `event`; by default at 10:00 on its first day."""
    return Ask(event=event, lang=lang, now=now or at(event.starts, "10:00"), text=text_)


# ------------------------------------------------------------------ shared packs (plain YAML dicts)


def _local(value: Any) -> LocalText | None:
    if value is None:
        return None
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {"*": str(value)}


def _time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def event_from_pack(data: dict[str, Any]) -> Event:
    """A tiny converter from a parsed pack to ORM objects (the real loader is `bot.events.loader`)."""
    spec = data["event"]
    venue, contact = spec.get("venue") or {}, spec.get("contact") or {}
    event = Event(
        slug=spec["slug"],
        name=_local(spec["name"]),
        organiser=_local(spec["organiser"]),
        timezone=spec["timezone"],
        starts=spec["starts"],
        ends=spec["ends"],
        languages=list(spec["languages"]),
        description=_local(spec.get("description")),
        audience=_local(spec.get("audience")),
        venue_name=_local(venue.get("name")),
        venue_address=venue.get("address"),
        venue_map_url=venue.get("map_url"),
        contact_email=contact.get("email"),
        contact_phone=contact.get("phone"),
        contact_url=contact.get("url"),
        is_current=True,
    )
    event.sessions = _positioned(
        [
            ProgrammeSession(
                key=s["id"],
                title=_local(s["title"]),
                starts=_time(s["starts"]),
                ends=_time(s.get("ends")),
                location=_local(s.get("location")),
                kind=s.get("kind", "other"),
                description=_local(s.get("description")),
            )
            for s in data.get("sessions", [])
        ]
    )
    event.challenges = _positioned(
        [
            Challenge(
                key=c["id"],
                title=_local(c["title"]),
                summary=_local(c["summary"]),
                details=_local(c.get("details")),
                owner=_local(c.get("owner")),
                theme=_local(c.get("theme")),
                keywords=[str(k) for k in c.get("keywords", [])],
            )
            for c in data.get("challenges", [])
        ]
    )
    event.rules = _positioned(
        [Rule(key=r["id"], topic=_local(r["topic"]), text=_local(r["text"])) for r in data.get("rules", [])]
    )
    event.faq = _positioned(
        [
            FaqItem(key=f["id"], question=_local(f["question"]), answer=_local(f["answer"]))
            for f in data.get("faq", [])
        ]
    )
    event.mentors = _positioned(
        [
            Mentor(
                name=m["name"],
                expertise=[_local(e) for e in m.get("expertise", [])],
                bio=_local(m.get("bio")),
                available=_local(m.get("available")),
            )
            for m in data.get("mentors", [])
        ]
    )
    event.jury = _positioned(
        [
            JuryMember(name=j["name"], role=_local(j.get("role")), chair=bool(j.get("chair")))
            for j in data.get("jury", [])
        ]
    )
    event.prizes = _positioned(
        [
            Prize(
                key=p["id"],
                name=_local(p["name"]),
                description=_local(p.get("description")),
                reward=_local(p.get("reward")),
            )
            for p in data.get("prizes", [])
        ]
    )
    teams = data.get("teams")
    event.team_settings = (
        None
        if teams is None
        else TeamSettings(
            min_size=teams.get("min_size"),
            max_size=teams.get("max_size"),
            max_teams=teams.get("max_teams"),
            registration_opens=_time(teams.get("registration_opens")),
            registration_closes=_time(teams.get("registration_closes")),
            require_challenge=teams.get("require_challenge", True),
        )
    )
    results = data.get("results") or {}
    prizes = {p.key: p for p in event.prizes}
    event.awards = _positioned(
        [
            Award(
                prize=prizes[a["prize"]],
                team=a["team"],
                project=_local(a.get("project")),
                summary=_local(a.get("summary")),
            )
            for a in results.get("awards", [])
        ]
    )
    event.results = Results(
        published=bool(results.get("published")), follow_up=_local(results.get("follow_up"))
    )
    return event


SHARED_EVENTS = Path(__file__).resolve().parents[3] / "shared" / "events"
"""The shared example packs, beside the repository (tests using them skip if absent)."""


def shared_pack_paths() -> list[Path]:
    return sorted(SHARED_EVENTS.glob("*.yml"))


def shared_event(path: Path) -> Event:
    """The event of a shared pack, read with plain `yaml.safe_load` (skips the test if absent)."""
    if not path.is_file():
        pytest.skip(f"shared example pack {path} is absent")
    return event_from_pack(yaml.safe_load(path.read_text(encoding="utf-8")))
