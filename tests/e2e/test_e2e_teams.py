"""End to end over REST: teams registered, shown, joined, left and withdrawn by chatting, in both languages.

One stack for the module (SQLite, and PostgreSQL with TEST_DATABASE_URL) with the clock frozen
while the demo event's registration is open. Two more events, loaded beside it, have their
registration closed and their one team slot taken; tests make the event they need current.
Every refusal is checked for its message and for writing nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import func, inspect, select
from support.databases import BACKENDS
from support.e2e_stack import Assistant, Conversation, running_assistant, stack_database
from support.packs import DEMO_PACK
from support.team_packs import pack_text

from bot.core.db import PROJECT_ROOT, make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.models import Participant, Team, TeamMember
from bot.core.texts import t
from bot.events.loader import load_pack
from bot.events.pack import parse_pack, parse_pack_text
from bot.web.chat import CHAT_COOKIE

pytestmark = pytest.mark.e2e

# Event-local time while the demo event's registration is open (it closes 2027-03-15 10:30).
FROZEN_NOW = "2027-03-01T09:00"
DEMO = parse_pack(DEMO_PACK)
CLOSED_SLUG, FULL_SLUG = "closed-2027", "full-2027"


@pytest.fixture(scope="module", params=BACKENDS)
def assistant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("e2e-teams")
    with stack_database(request.param, workdir) as url:
        upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            closed = pack_text(
                slug=CLOSED_SLUG, opens=dt.datetime(2027, 1, 1, 8, 0), closes=dt.datetime(2027, 2, 20, 18, 0)
            )
            full = pack_text(
                slug=FULL_SLUG,
                min_size=1,
                max_teams=1,
                opens=dt.datetime(2027, 1, 1, 8, 0),
                closes=dt.datetime(2027, 3, 10, 18, 0),
            )
            load_pack(session, parse_pack_text(closed))
            load_pack(session, parse_pack_text(full))
            load_pack(session, DEMO, make_current=True)
        engine.dispose()
        with running_assistant(url, FROZEN_NOW, workdir, web=True) as running:
            yield running


@pytest.fixture
def demo(assistant: Assistant) -> Assistant:
    assistant.use(DEMO.event.slug)
    return assistant


def rows(assistant: Assistant) -> tuple[int, int]:
    """Active teams and team members, all events together."""
    engine = make_engine(assistant.url)
    try:
        with session_scope(engine) as session:
            teams = session.scalar(select(func.count(Team.id)).where(Team.withdrawn_at.is_(None))) or 0
            members = session.scalar(select(func.count(TeamMember.id))) or 0
            return teams, members
    finally:
        engine.dispose()


def team_named(assistant: Assistant, name: str) -> dict[str, object] | None:
    engine = make_engine(assistant.url)
    try:
        with session_scope(engine) as session:
            team = session.scalars(select(Team).where(Team.name == name)).one_or_none()
            if team is None:
                return None
            return {
                "withdrawn": team.withdrawn_at is not None,
                "members": [m.name for m in team.members],
                "linked": sum(m.participant_id is not None for m in team.members),
                "code": team.join_code,
                "email": team.contact_email,
                "challenge": team.challenge.key if team.challenge else None,
            }
    finally:
        engine.dispose()


def unique(name: str) -> str:
    """A team name no other test uses: digits only after the name, as a hex suffix can spell a word
    ("Quantum cafe" reads as a question about coffee, and the form takes it for one)."""
    return f"{name} {uuid.uuid4().int % 100_000:05d}"


def first_challenge_title(lang: str) -> str:
    title = DEMO.challenges[0].title
    return title if isinstance(title, str) else title[lang]


def register(c: Conversation, lang: str, name: str, members: str, email: str) -> str:
    """Go through the form to the summary; return it."""
    start = "I'd like to register our team" if lang == "en" else "je voudrais inscrire notre équipe"
    assert c.say(start) == t("form_ask_team_name", lang)
    assert c.say(name) == t("form_ask_team_challenge", lang)
    assert len(c.buttons) == len(DEMO.challenges)
    assert c.press("1.").endswith(t("form_ask_team_members", lang))
    assert c.say(members) == t("form_ask_team_email", lang)
    return c.say(email)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "en",
            {
                "yes": "yes",
                "mine": "show my team",
                "join": "join {code}",
                "leave": "I want to leave my team",
                "withdraw": "withdraw our team",
            },
        ),
        (
            "fr",
            {
                "yes": "oui",
                "mine": "mon équipe",
                "join": "je veux rejoindre l'équipe {code}",
                "leave": "je quitte mon équipe",
                "withdraw": "je veux retirer notre équipe",
            },
        ),
    ],
)
def test_register_show_join_leave_and_withdraw_a_team(
    demo: Assistant, lang: str, phrases: dict[str, str]
) -> None:
    captain = Conversation(demo, language_code=lang)
    name = unique("Les Éclaireurs")
    summary = register(captain, lang, name, "Hina Teriitahi, Paul Tehei, Léa Roux", "hina.t@gov.pf")
    assert name in summary and first_challenge_title(lang) in summary and "hina.t@gov.pf" in summary
    assert team_named(demo, name) is None, "nothing is saved before the confirmation"

    saved = captain.say(phrases["yes"])
    team = team_named(demo, name)
    assert team is not None and team["members"] == ["Hina Teriitahi", "Paul Tehei", "Léa Roux"]
    assert saved == t("team_registered", lang, name=name, code=team["code"])

    mine = captain.say(phrases["mine"])
    assert name in mine and str(team["code"]) in mine and "hina.t@gov.pf" in mine

    teammate = Conversation(demo, language_code=lang)
    assert teammate.say(phrases["join"].format(code=str(team["code"]).lower())) == t(
        "form_ask_join_name_listed", lang, team=name
    )
    welcome = teammate.press("Paul Tehei")
    assert welcome.startswith(t("team_joined", lang, name=name))
    assert "hina.t@gov.pf" not in welcome, "the contact email is shown to its owner only"
    assert "hina.t@gov.pf" not in teammate.say(phrases["mine"])
    assert team_named(demo, name)["linked"] == 2  # type: ignore[index]

    assert teammate.say(phrases["leave"]) == t("leave_confirm", lang, name=name)
    assert teammate.say(phrases["yes"]) == t("team_left", lang, name=name)
    assert team_named(demo, name)["members"] == ["Hina Teriitahi", "Léa Roux"]  # type: ignore[index]
    assert teammate.say(phrases["mine"]) == t("error_not_in_team", lang)

    assert captain.say(phrases["withdraw"]).startswith(t("withdraw_confirm", lang, name=name, count=2))
    assert captain.say(phrases["yes"]) == t("team_withdrawn", lang, name=name)
    assert team_named(demo, name)["withdrawn"] is True  # type: ignore[index]


class WebVisitor:
    """Someone on the web page's chat box: the cookie the page gives them is who they are."""

    def __init__(self, assistant: Assistant, cookie: str | None = None) -> None:
        assert assistant.stack.config.web_url
        self.client = httpx.Client(base_url=assistant.stack.config.web_url, timeout=60)
        if cookie:
            self.client.cookies.set(CHAT_COOKIE, cookie)
        self.buttons: list[dict[str, str]] = []

    def say(self, text: str) -> str:
        response = self.client.post("/chat", json={"message": text, "lang": "en"})
        assert response.status_code == 200, response.text
        messages = response.json()["messages"]
        self.buttons = [b for m in messages for b in m["buttons"]]
        return "\n".join(m["text"] for m in messages)

    def press(self, title_part: str) -> str:
        return self.say(next(b for b in self.buttons if title_part in b["title"])["payload"])


def test_a_web_captain_is_known_by_name_and_their_cookie_is_never_shown_nor_stored(demo: Assistant) -> None:
    captain = WebVisitor(demo)
    name = unique("Web Crew")
    assert captain.say("I'd like to register our team") == t("form_ask_team_name", "en")
    captain.say(name)
    captain.press("1.")
    assert captain.say("me, Tom Martin, Léa Roux").startswith(t("error_name_needed", "en"))
    captain.say("Anne Muller, Tom Martin, Léa Roux")
    captain.say("anne@example.org")
    captain.say("yes")
    cookie = captain.client.cookies[CHAT_COOKIE]
    mine = captain.say("show my team")
    assert name in mine and "Anne Muller (captain)" in mine and "anne@example.org" in mine
    assert cookie not in mine
    engine = make_engine(demo.url)
    with session_scope(engine) as session:
        stored = [p.channel_user_id for p in session.scalars(select(Participant))]
        names = [m.name for m in session.scalars(select(TeamMember))]
    engine.dispose()
    assert not any(cookie in value for value in stored + names)
    # Someone who sends the name the team shows (or anything else) as their cookie is someone else.
    for borrowed in ("Anne Muller", "web-" + cookie[:20], cookie[:-1] + ("A" if cookie[-1] != "A" else "B")):
        intruder = WebVisitor(demo, borrowed)
        reply = intruder.say("show my team")
        assert name not in reply and "anne@example.org" not in reply


def test_question_midway_is_answered_then_the_form_resumes(demo: Assistant) -> None:
    c = Conversation(demo, language_code="fr")
    c.say("inscrire mon équipe")
    c.say(unique("Les Navigateurs"))
    reply = c.say("au fait, c'est à quelle heure le déjeuner ?")
    assert reply.endswith(t("form_ask_team_challenge", "fr"))
    assert len(reply.splitlines()) > 1, "the question was answered before the form asked again"
    assert c.press("2.").endswith(t("form_ask_team_members", "fr"))


def test_correcting_a_field_at_the_summary_saves_the_new_value(demo: Assistant) -> None:
    c = Conversation(demo, language_code="en")
    name = unique("Reef Keepers")
    register(c, "en", name, "Ana Moreau, Karim Benali, Sophie Lefèvre", "ana@gov.pf")
    assert c.say("no") == t("form_what_to_change", "en")
    assert c.press("Change the email") == t("form_ask_team_email", "en")
    assert "team@gov.pf" in c.say("team@gov.pf")
    c.say("yes")
    assert team_named(demo, name)["email"] == "team@gov.pf"  # type: ignore[index]


def test_cancel_midway_saves_nothing(demo: Assistant) -> None:
    before = rows(demo)
    c = Conversation(demo, language_code="en")
    c.say("register my team")
    c.say(unique("Quitters"))
    assert c.say("cancel") == t("form_cancelled", "en")
    assert rows(demo) == before
    assert c.say("what's on now?") != t("form_ask_team_challenge", "en")


def start_at_name(demo: Assistant, lang: str = "en") -> Conversation:
    c = Conversation(demo, language_code=lang)
    c.say("register my team" if lang == "en" else "inscrire mon équipe")
    return c


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("x" * 300, t("error_name_too_long", "en", length=300, max=60)),
        ("🚀🔥🎉", t("error_name_no_letters", "en")),
        ("!!!", t("error_name_no_letters", "en")),
    ],
)
def test_bad_team_name_is_explained_and_asked_again(demo: Assistant, answer: str, message: str) -> None:
    before = rows(demo)
    c = start_at_name(demo)
    assert c.say(answer) == f"{message}\n{t('form_ask_team_name', 'en')}"
    assert rows(demo) == before


def test_empty_name_is_refused(demo: Assistant) -> None:
    c = start_at_name(demo, "fr")
    assert c.say("   ") == f"{t('error_name_empty', 'fr')}\n{t('form_ask_team_name', 'fr')}"


def test_name_differing_only_by_case_and_accents_is_refused(demo: Assistant) -> None:
    name = unique("Équipe Récif")
    first = Conversation(demo, language_code="fr")
    register(first, "fr", name, "Tama Tehei, Vai Roux, Teva Moreau", "tama@gov.pf")
    first.say("oui")
    before = rows(demo)
    twin = name.replace("Équipe Récif", "  equipe RECIF ")
    second = start_at_name(demo, "fr")
    shown = re.sub(r"\s+", " ", twin).strip()
    assert second.say(twin) == f"{t('error_name_taken', 'fr', name=shown)}\n{t('form_ask_team_name', 'fr')}"
    assert rows(demo) == before


def test_sql_like_text_is_stored_as_plain_text(demo: Assistant) -> None:
    name = "Robert'); DROP TABLE teams;--"
    c = Conversation(demo, language_code="en")
    summary = register(c, "en", name, "Bobby Tables, Ana Moreau, Karim Benali", "bobby@gov.pf")
    assert name in summary
    c.say("yes")
    assert team_named(demo, name) is not None
    engine = make_engine(demo.url)
    try:
        assert "teams" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    c.say("withdraw our team")
    c.say("yes")


def test_invalid_email_is_refused(demo: Assistant) -> None:
    before = rows(demo)
    c = start_at_name(demo)
    c.say(unique("Mail Testers"))
    c.press("1.")
    c.say("Ana Moreau, Karim Benali, Sophie Lefèvre")
    reply = c.say("ana.moreau at gov dot pf")
    assert reply == f"{t('error_email_invalid', 'en')}\n{t('form_ask_team_email', 'en')}"
    assert rows(demo) == before


def test_too_many_members_are_refused(demo: Assistant) -> None:
    settings = DEMO.teams
    assert settings is not None and settings.max_size is not None
    count = settings.max_size + 1
    c = start_at_name(demo)
    c.say(unique("Crowd"))
    c.press("1.")
    names = ", ".join(f"Person {chr(65 + i)}" for i in range(count))
    reply = c.say(names)
    assert reply.startswith(t("error_too_many_members", "en", max=settings.max_size, count=count))
    assert reply.endswith(t("form_ask_team_members", "en"))


def test_unknown_challenge_is_refused_with_the_choices_again(demo: Assistant) -> None:
    c = start_at_name(demo)
    c.say(unique("Quantum"))
    reply = c.say("quantum cryptography for cats")
    assert reply == f"{t('error_challenge_unknown', 'en')}\n{t('form_ask_team_challenge', 'en')}"
    assert len(c.buttons) == len(DEMO.challenges)


def test_registration_closed_is_refused_at_once(assistant: Assistant) -> None:
    assistant.use(CLOSED_SLUG)
    before = rows(assistant)
    c = Conversation(assistant, language_code="fr")
    assert c.say("je veux inscrire mon équipe") == t("error_registration_closed", "fr")
    assert c.say("Les Retardataires") != t("form_ask_team_challenge", "fr"), "no form is left open"
    assert rows(assistant) == before


def test_event_full_is_refused_at_once(assistant: Assistant) -> None:
    assistant.use(FULL_SLUG)
    first = Conversation(assistant, language_code="en")
    first.say("register my team")
    first.say(unique("Only Team"))
    first.press("Water")
    first.say("Sam Solo")
    first.say("solo@example.org")
    first.say("yes")
    before = rows(assistant)
    second = Conversation(assistant, language_code="en")
    assert second.say("register my team") == t("error_event_full", "en")
    assert rows(assistant) == before


def test_captain_changes_the_challenge_and_members_while_registration_is_open(demo: Assistant) -> None:
    c = Conversation(demo, language_code="fr")
    name = unique("Les Passeurs")
    register(c, "fr", name, "Moana Tehei, Vaite Roux, Teiki Moreau", "moana@gov.pf")
    c.say("oui")
    summary = c.say("je voudrais modifier notre équipe")
    assert name in summary and summary.endswith(t("form_confirm_edit", "fr"))
    assert c.press("Modifier le défi") == t("form_ask_team_challenge", "fr")
    c.press("2.")
    assert c.press("Modifier les membres").endswith(t("form_ask_team_members", "fr"))
    c.say("Moana Tehei, Vaite Roux, Teiki Moreau, Hiro Lee")
    assert c.say("oui") == t("team_updated", "fr", name=name)
    team = team_named(demo, name)
    assert team is not None and team["challenge"] == DEMO.challenges[1].id
    assert team["members"] == ["Moana Tehei", "Vaite Roux", "Teiki Moreau", "Hiro Lee"]


def test_a_member_cannot_change_the_team(demo: Assistant) -> None:
    captain = Conversation(demo, language_code="en")
    name = unique("Tide Watchers")
    register(captain, "en", name, "Ana Moreau, Karim Benali, Sophie Lefèvre", "ana@gov.pf")
    captain.say("yes")
    code = team_named(demo, name)["code"]  # type: ignore[index]
    member = Conversation(demo, language_code="en")
    member.say(f"join {code}")
    member.press("Karim Benali")
    assert member.say("change our challenge") == t("error_not_captain", "en")


def tracker_events(assistant: Assistant, sender: str) -> list[dict[str, Any]]:
    """Every event of the conversation, all sessions, as Rasa's HTTP API gives them."""
    config = assistant.stack.config
    response = httpx.get(
        f"{config.rasa_url}/conversations/{sender}/tracker", params={"token": config.rasa_token}, timeout=30
    )
    response.raise_for_status()
    events: list[dict[str, Any]] = response.json()["events"]
    return events


FRENCH_QUESTIONS = [
    "Quel est le programme ?",
    "C'est quand le déjeuner ?",
    "Qui sont les mentors ?",
    "Où se passe l'événement ?",
    "Quelles sont les règles ?",
    "Qui fait partie du jury ?",
    "Qu'est-ce qu'on peut gagner ?",
    "Quelles sont les dates de l'événement ?",
]


def test_a_long_conversation_gets_new_sessions_keeping_the_chosen_language_and_the_open_form(
    demo: Assistant,
) -> None:
    # A session ends after 10 user messages; the form in progress is carried over.
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    addons = next(c for c in config["pipeline"] if c["name"] == "rasa_addons.runtime.ServerAddons")
    assert addons["session_max_turns"] == 10, "the messages below are counted for 10"
    c = Conversation(demo, language_code="fr")
    c.say("Can you speak English please?")
    for question in FRENCH_QUESTIONS:  # messages 2-9
        c.say(question)
    assert c.say("I'd like to register our team") == t("form_ask_team_name", "en")  # 10
    name = unique("Long Haul")
    assert c.say(name) == t("form_ask_team_challenge", "en")  # 11: opens the second session
    lunch = c.say("C'est quand le déjeuner ?")  # 12: a question in the middle of the form
    assert lunch.endswith(t("form_ask_team_challenge", "en")) and len(lunch.splitlines()) > 1
    assert c.press("1.").endswith(t("form_ask_team_members", "en"))
    assert c.say("Ana Moreau, Karim Benali, Sophie Lefèvre") == t("form_ask_team_email", "en")
    assert name in c.say("ana@gov.pf")
    saved = c.say("yes")  # 16
    team = team_named(demo, name)
    assert team is not None and saved == t("team_registered", "en", name=name, code=team["code"])
    assert team["members"] == ["Ana Moreau", "Karim Benali", "Sophie Lefèvre"]

    answer = c.say("Quels sont les défis ?")  # 17
    en, fr = (DEMO.challenges[0].title[lang] for lang in ("en", "fr"))  # type: ignore[index]
    assert en != fr and en in answer and fr not in answer, "the chosen language outlived the session"

    events = tracker_events(demo, c.sender)
    starts = [i for i, e in enumerate(events) if e.get("name") == "action_session_start"]
    assert len(starts) == 2
    second = events[starts[1] :]
    assert next(e["text"] for e in second if e["event"] == "user") == name
    listening = next(i for i, e in enumerate(second) if e.get("name") == "action_listen")
    carried = [e["name"] for e in second[:listening] if e["event"] == "slot"]
    assert len(carried) == len(set(carried)) and "language_choice" in carried, "each slot carried once"
    assert [e["name"] for e in second[:listening] if e["event"] == "active_loop"] == ["team_form"]
    user_messages = [e for e in events if e["event"] == "user"]
    assert len(user_messages) == 17, "every message of the first session is kept"
