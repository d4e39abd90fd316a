"""The team and join forms (bot.teams.team_form, bot.teams.join_form) played message by message on a
real database.

Each bad answer gets its message, the field is asked again, and nothing is written until the
user confirms; the dialogue engine's part (rules, interruptions over REST) is in test_e2e_teams.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.form_chat import INTERRUPTED, FormChat
from support.team_packs import CLOSES, NOW, load_event

from bot.answers.replies import Ask, Reply
from bot.core.models import Event, Team, TeamMember
from bot.core.texts import t
from bot.teams import my_team, team_form
from bot.teams.form_turns import FormTurn, User
from bot.teams.registration import get_or_create_participant, team_of
from bot.teams.roster import list_teams
from bot.understanding.encoder import shared_encoder
from bot.understanding.index import build_index


def counts(session: Session) -> tuple[int, int]:
    teams = session.scalar(select(func.count(Team.id)).where(Team.withdrawn_at.is_(None))) or 0
    members = session.scalar(select(func.count(TeamMember.id))) or 0
    return teams, members


def chat(session: Session, event: Event, user: str = "u1", lang: str = "en", **kw: Any) -> FormChat:
    return FormChat(session, event, kw.pop("now", NOW), user_id=user, lang=lang, **kw)


def fill_until_confirmation(c: FormChat, name: str = "Blue Lagoon") -> list[str]:
    c.start("team_form", "register my team", "register_team")
    c.say(name)
    c.press("Water")
    c.say("Marie Dupont, Jean Martin and Léa Roux")
    return c.say("contact: marie.dupont@interieur.gouv.fr")


@pytest.fixture
def event(session: Session) -> Event:
    return load_event(session, min_size=2, max_size=4, max_teams=5)


def test_registration_asks_each_field_then_summarises_and_saves_on_yes(
    session: Session, event: Event
) -> None:
    c = chat(session, event)
    assert c.start("team_form", "register my team", "register_team") == [t("form_ask_team_name", "en")]
    assert c.say("Our team is called “Blue Lagoon”") == [t("form_ask_team_challenge", "en")]
    assert [b.title for b in c.buttons] == ["1. Water", "2. Schools"]
    reply = c.press("Water")
    assert reply[-1].endswith(t("form_ask_team_members", "en"))
    reply = c.say("Marie Dupont, Jean Martin and Léa Roux")
    assert reply == [t("form_ask_team_email", "en")]
    summary = c.say("contact: marie.dupont@interieur.gouv.fr")[0]
    assert "Team: Blue Lagoon" in summary
    assert "Challenge: Water" in summary
    assert "Members (3): Marie Dupont (captain), Jean Martin, Léa Roux" in summary
    assert "marie.dupont@interieur.gouv.fr" in summary
    assert counts(session) == (0, 0)
    done = c.say("yes", intent="affirm", confidence=0.95)
    team = list_teams(session, event)[0]
    assert done == [t("team_registered", "en", name="Blue Lagoon", code=team.join_code)]
    assert [m.name for m in team.members] == ["Marie Dupont", "Jean Martin", "Léa Roux"]
    assert team.challenge is not None and team.challenge.key == "water"
    assert c.form is None and c.slots["team_name"] is None


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", t("error_name_empty", "en")),
        ("x" * 300, t("error_name_too_long", "en", length=300, max=60)),
        ("🚀🚀🚀", t("error_name_no_letters", "en")),
        ("!!! ???", t("error_name_no_letters", "en")),
        ("Z", t("error_name_too_short", "en", min=2)),
    ],
)
def test_bad_team_names_are_explained_and_asked_again(
    session: Session, event: Event, answer: str, message: str
) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    assert c.say(answer) == [message, t("form_ask_team_name", "en")]
    assert c.slots["team_name"] is None
    assert counts(session) == (0, 0)


def test_control_characters_are_dropped_from_names_and_emails(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue\x00 Lagoon\x07")
    c.press("Water")
    c.say("Marie\x00 Dupont, Jean\tMartin")
    c.say("marie\x00@example.org")
    assert c.slots["team_email"] == "marie@example.org"
    c.say("yes", intent="affirm", confidence=0.9)
    team = list_teams(session, event)[0]
    assert team.name == "Blue Lagoon"
    assert [m.name for m in team.members] == ["Marie Dupont", "Jean Martin"]


def test_sql_like_name_is_stored_as_plain_text(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c, name="Robert'); DROP TABLE teams;--")
    c.say("yes", intent="affirm", confidence=0.9)
    assert [team.name for team in list_teams(session, event)] == ["Robert'); DROP TABLE teams;--"]


def test_name_differing_only_by_case_or_accents_is_refused_as_soon_as_given(
    session: Session, event: Event
) -> None:
    first = chat(session, event, "u1")
    fill_until_confirmation(first, name="Équipe Lagon")
    first.say("yes", intent="affirm", confidence=0.9)
    second = chat(session, event, "u2")
    second.start("team_form", "register", "register_team")
    assert second.say("  equipe LAGON ") == [
        t("error_name_taken", "en", name="equipe LAGON"),
        t("form_ask_team_name", "en"),
    ]


def test_name_taken_between_the_name_and_the_confirmation_is_refused_at_confirmation(
    session: Session, event: Event
) -> None:
    second = chat(session, event, "u2")
    fill_until_confirmation(second, name="  equipe LAGON ")
    first = chat(session, event, "u1")
    fill_until_confirmation(first, name="Équipe Lagon")
    first.say("yes", intent="affirm", confidence=0.9)
    before = counts(session)
    reply = second.say("yes", intent="affirm", confidence=0.9)
    assert reply == [t("error_name_taken", "en", name="equipe LAGON"), t("form_ask_team_name", "en")]
    assert counts(session) == before
    summary = second.say("Équipe Récif")[0]
    assert "Team: Équipe Récif" in summary
    second.say("yes", intent="affirm", confidence=0.9)
    assert sorted(team.name for team in list_teams(session, event)) == ["Équipe Lagon", "Équipe Récif"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("Ana, Bo, Cy, Di, Ed", t("error_too_many_members", "en", max=4, count=5)),
        ("just me", t("error_too_few_members", "en", min=2, count=1)),
    ],
)
def test_member_count_outside_the_team_size_is_refused(
    session: Session, event: Event, answer: str, message: str
) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    c.press("Water")
    assert c.say(answer) == [
        message,
        t("form_team_size", "en", min=2, max=4) + "\n" + t("form_ask_team_members", "en"),
    ]
    assert c.slots["team_members"] is None


@pytest.mark.parametrize("answer", ["marie.dupont", "marie@", "@gouv.fr", "marie dupont@gouv.fr x", "a@b"])
def test_invalid_email_is_refused(session: Session, event: Event, answer: str) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    c.press("Water")
    c.say("Ana, Bo")
    assert c.say(answer) == [t("error_email_invalid", "en"), t("form_ask_team_email", "en")]
    assert counts(session) == (0, 0)


def test_unknown_challenge_is_refused_with_the_buttons_again(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    reply = c.say("quantum cryptography for cats")
    assert reply[0] == t("error_challenge_unknown", "en")
    assert [b.title for b in c.buttons] == ["1. Water", "2. Schools"]
    assert c.say("the second one")[-1].endswith(t("form_ask_team_members", "en"))
    assert c.slots["team_challenge"] == "schools"


def test_challenge_by_payload_of_another_event_is_refused(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    assert c.say('/inform{"challenge":"no-such-challenge"}')[0] == t("error_challenge_unknown", "en")


def test_repeated_failures_explain_the_field_and_how_to_stop(session: Session, event: Event) -> None:
    c = chat(session, event, lang="fr")
    c.start("team_form", "inscrire", "register_team")
    assert c.say("🚀") == [t("error_name_no_letters", "fr"), t("form_ask_team_name", "fr")]
    second = c.say("🚀🚀")
    assert second[0].splitlines() == [
        t("error_name_no_letters", "fr"),
        t("form_help_team_name", "fr", min=2, max=60),
        t("form_stop_hint", "fr"),
    ]
    c.say("Les Éclaireurs")
    assert c.slots["form_failures"] == 0


def test_cancel_at_any_time_writes_nothing(session: Session, event: Event) -> None:
    c = chat(session, event, lang="fr")
    c.start("team_form", "inscrire", "register_team")
    c.say("Les Éclaireurs")
    assert c.say("laisse tomber", intent="nlu_fallback", confidence=0.3) == [t("form_cancelled", "fr")]
    assert c.form is None
    assert counts(session) == (0, 0)


def test_a_question_in_the_middle_is_left_to_the_dialogue(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    assert c.say("when is lunch?", intent="ask_session", confidence=0.97) == [INTERRUPTED]
    assert c.slots["requested_slot"] == "team_challenge"


def test_a_name_read_as_a_request_is_taken_when_sent_again(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    assert c.say("Help Desk Heroes", intent="help", confidence=0.95) == [INTERRUPTED]
    assert c.say("Help Desk Heroes", intent="help", confidence=0.95) == [t("form_ask_team_challenge", "en")]
    assert c.slots["team_name"] == "Help Desk Heroes"


def test_a_team_name_that_looks_like_a_request_is_taken_as_the_name(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Les Mentors Masqués", intent="ask_mentors", confidence=0.7)
    assert c.slots["team_name"] == "Les Mentors Masqués"


def test_a_team_name_read_as_off_topic_is_the_name_unless_it_asks(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    assert c.say("Quantum 4592", intent="out_of_scope", confidence=0.92) == [
        t("form_ask_team_challenge", "en")
    ]
    assert c.slots["team_name"] == "Quantum 4592"
    other = chat(session, event, "u2")
    other.start("team_form", "register", "register_team")
    assert other.say("what's the weather tomorrow?", intent="out_of_scope", confidence=0.95) == [INTERRUPTED]


def test_correct_a_field_at_the_summary_then_confirm(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    assert c.say("no", intent="deny", confidence=0.9) == [t("form_what_to_change", "en")]
    assert "Change the members" in [b.title for b in c.buttons]
    assert c.slots["team_confirmed"] is None
    c.press("Change the members")
    summary = c.say("Marie Dupont, Jean Martin")[0]
    assert "Members (2): Marie Dupont (captain), Jean Martin" in summary
    summary = c.say("change the email to equipe@interieur.gouv.fr")[0]
    assert "Contact: equipe@interieur.gouv.fr" in summary
    c.say("yes", intent="affirm", confidence=0.9)
    team = list_teams(session, event)[0]
    assert team.contact_email == "equipe@interieur.gouv.fr"
    assert len(team.members) == 2


def test_registration_closed_refuses_at_once(session: Session, event: Event) -> None:
    c = chat(session, event, now=CLOSES)
    assert c.start("team_form", "register", "register_team") == [t("error_registration_closed", "en")]
    assert c.form is None


def test_event_full_refuses_at_once(session: Session) -> None:
    event = load_event(session, min_size=1, max_teams=1)
    first = chat(session, event, "u1")
    fill_until_confirmation(first)
    first.say("yes", intent="affirm", confidence=0.9)
    assert chat(session, event, "u2").start("team_form", "register", "register_team") == [
        t("error_event_full", "en")
    ]


def test_someone_in_a_team_cannot_register_another(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    assert c.start("team_form", "register", "register_team") == [t("error_already_in_team", "en")]


def test_captain_changes_the_challenge_of_the_team(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    summary = c.start("team_form", "change our challenge", "edit_team")[0]
    assert "Challenge: Water" in summary
    c.press("Change the challenge")
    c.press("Schools")
    assert c.say("yes", intent="affirm", confidence=0.9) == [t("team_updated", "en", name="Blue Lagoon")]
    team = list_teams(session, event)[0]
    assert team.challenge is not None and team.challenge.key == "schools"


def test_only_the_captain_may_change_the_team(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    code = list_teams(session, event)[0].join_code
    other = chat(session, event, "u2")
    other.start("join_form", f"join {code}", "join_team")
    other.press("Jean Martin")
    assert other.start("team_form", "edit", "edit_team") == [t("error_not_captain", "en")]


def test_join_with_code_takes_the_place_the_captain_listed(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    team = list_teams(session, event)[0]
    joiner = chat(session, event, "u2")
    reply = joiner.start("join_form", f"I'd like to join team {team.join_code.lower()}", "join_team")
    assert reply == [t("form_ask_join_name_listed", "en", team="Blue Lagoon")]
    assert [b.title for b in joiner.buttons] == ["Jean Martin", "Léa Roux"]
    welcome = joiner.press("Jean Martin")[0]
    assert welcome.startswith(t("team_joined", "en", name="Blue Lagoon"))
    assert "marie.dupont@interieur.gouv.fr" not in welcome
    assert len(team.members) == 3
    participant = get_or_create_participant(session, "rest", "u2")
    assert team_of(session, event, participant) is team


def test_join_asks_for_the_code_and_refuses_an_unknown_one(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    code = list_teams(session, event)[0].join_code
    joiner = chat(session, event, "u2")
    assert joiner.start("join_form", "I want to join a team", "join_team") == [t("form_ask_join_code", "en")]
    assert joiner.say("ZZZ999") == [t("error_unknown_code", "en"), t("form_ask_join_code", "en")]
    assert joiner.say(f"{code[:3]}-{code[3:]}") == [t("form_ask_join_name_listed", "en", team="Blue Lagoon")]
    joiner.say("Tevita Maamaatuaiahutapu")
    assert len(list_teams(session, event)[0].members) == 4


def test_join_refused_when_the_team_is_full(session: Session, event: Event) -> None:
    c = chat(session, event)
    c.start("team_form", "register", "register_team")
    c.say("Blue Lagoon")
    c.press("Water")
    c.say("Ana, Bo, Cy, Di")
    c.say("ana@example.org")
    c.say("yes", intent="affirm", confidence=0.9)
    team = list_teams(session, event)[0]
    newcomer = chat(session, event, "u8")
    newcomer.start("join_form", f"join {team.join_code}", "join_team")
    before = counts(session)
    assert newcomer.say("Zoé Tane") == [t("error_team_full", "en", max=4), t("form_ask_join_code", "en")]
    assert counts(session) == before
    for user, name in (("u2", "Bo"), ("u3", "Cy"), ("u4", "Di")):
        teammate = chat(session, event, user)
        teammate.start("join_form", f"join {team.join_code}", "join_team")
        teammate.press(name)
    late = chat(session, event, "u9", display_name="Zoé")
    assert late.start("join_form", f"join {team.join_code}", "join_team") == [
        t("error_team_full", "en", max=4),
        t("form_ask_join_code", "en"),
    ]
    assert counts(session) == before


def test_my_team_with_a_teams_code_hands_over_to_the_join_form(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    code = list_teams(session, event)[0].join_code
    outsider = chat(session, event, "u5")
    step = my_team.show(outsider.turn(f"voilà le code de mon équipe {code}", "my_team"))
    assert step.then == "join_form" and step.reply is None
    step = my_team.show(outsider.turn("my team", "my_team"))
    assert step.reply is not None and step.reply.text == t("error_not_in_team", "en")


def test_leaving_asks_first_and_the_captain_cannot_leave(session: Session, event: Event) -> None:
    c = chat(session, event)
    fill_until_confirmation(c)
    c.say("yes", intent="affirm", confidence=0.9)
    team = list_teams(session, event)[0]
    assert my_team.ask_leave(c.turn("leave my team", "leave_team")).reply == Reply(
        t("error_captain_cannot_leave", "en")
    )
    member = chat(session, event, "u2")
    member.start("join_form", f"join {team.join_code}", "join_team")
    member.press("Léa Roux")
    asked = my_team.ask_leave(member.turn("leave my team", "leave_team")).reply
    assert asked is not None and asked.text == t("leave_confirm", "en", name="Blue Lagoon")
    assert len(team.members) == 3, "asking writes nothing"
    assert my_team.leave(member.turn("yes", "affirm")).text == t("team_left", "en", name="Blue Lagoon")
    assert [m.name for m in team.members] == ["Marie Dupont", "Jean Martin"]


def test_a_captain_whose_channel_gives_no_name_is_asked_for_theirs_never_shown_by_an_id(
    session: Session, event: Event
) -> None:
    c = chat(session, event, "web-Zq3xYf0d8Kk2LmN4pQrS")  # a web visitor: no name from the channel
    c.start("team_form", "register my team", "register_team")
    c.say("Blue Lagoon")
    c.press("Water")
    assert c.say("me, Tom Martin, Léa Roux")[0] == t("error_name_needed", "en")
    c.say("Anne Muller, Tom Martin, Léa Roux")
    c.say("anne@example.org")
    c.say("yes", intent="affirm", confidence=0.9)
    (team,) = list_teams(session, event)
    assert sorted(m.name for m in team.members) == ["Anne Muller", "Léa Roux", "Tom Martin"]
    assert not any("Zq3xYf0d8Kk2LmN4pQrS" in m.name for m in team.members)


def test_a_captain_whose_channel_gives_a_name_may_write_me(session: Session, event: Event) -> None:
    c = chat(session, event, "telegram-42", display_name="Anne Muller")
    c.start("team_form", "register my team", "register_team")
    c.say("Blue Lagoon")
    c.press("Water")
    c.say("me, Tom Martin, Léa Roux")
    c.say("anne@example.org")
    c.say("yes", intent="affirm", confidence=0.9)
    (team,) = list_teams(session, event)
    assert next(m.name for m in team.members if m.is_captain) == "Anne Muller"


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("can we still swap to another team?", "en", "until the end of the first day"),
        ("on peut encore changer d'équipe ?", "fr", "jusqu'à la fin du premier jour"),
    ],
)
def test_asking_to_change_ones_team_outside_any_team_gets_the_rule_on_it_and_why_not(
    session: Session, demo_event: Event, text: str, lang: str, rule: str
) -> None:
    ask = Ask(
        event=demo_event,
        lang=lang,
        now=dt.datetime(2027, 3, 15, 10, 0),
        text=text,
        intent="edit_team",
        index=build_index(demo_event, shared_encoder()),
    )
    turn = FormTurn(
        ask=ask,
        session=session,
        user=User("rest", "outsider"),
        slots={},
        requested=None,
        intent="edit_team",
        confidence=0.9,
        entities={},
    )
    step = team_form.start(turn)
    assert step.close and step.reply is not None
    assert rule in step.reply.text and step.reply.text.endswith(t("error_not_in_team", lang))
    without_index = dataclasses.replace(turn, ask=dataclasses.replace(ask, index=None))
    assert team_form.start(without_index).reply == Reply(t("error_not_in_team", lang))


@pytest.mark.parametrize(
    ("text", "intent", "lang", "faq"),
    [
        ("my teammate is ill, can he take part remotely tomorrow?", "my_team", "en",
         "remotely by video call"),
        ("mon coéquipier est malade, il peut participer à distance demain ?", "leave_team", "fr",
         "à distance par visioconférence"),
    ],
)  # fmt: skip
def test_a_question_read_as_about_ones_team_from_someone_in_none_gets_the_faq_that_stands_out_first(
    session: Session, demo_event: Event, text: str, intent: str, lang: str, faq: str
) -> None:
    ask = Ask(
        event=demo_event,
        lang=lang,
        now=dt.datetime(2027, 3, 15, 10, 0),
        text=text,
        intent=intent,
        index=build_index(demo_event, shared_encoder()),
    )
    turn = FormTurn(ask=ask, session=session, user=User("rest", "outsider"), slots={}, requested=None,
                    intent=intent, confidence=0.7, entities={})  # fmt: skip
    step = (my_team.show if intent == "my_team" else my_team.ask_leave)(turn)
    assert step.reply is not None
    assert faq in step.reply.text and step.reply.text.endswith(t("error_not_in_team", lang))
