"""How a team reads in the chat: refusals, the summary before saving, and "my team".

A team's contact email is shown only to its captain (who gave it) and to organisers
(`hackbot teams export`), never to the other members.
"""

from __future__ import annotations

from typing import Any

from bot.answers.finder import short_item
from bot.answers.replies import Ask, is_payload
from bot.core.models import Challenge, Team
from bot.teams.registration import ERROR_CODES

_MAX_SHOWN_LENGTH = 80


def error_text(ask: Ask, code: str, **details: Any) -> str:
    """The message for a `RegistrationError` code, in the user's language."""
    if code not in ERROR_CODES:
        raise ValueError(f"no message for registration error {code!r}")
    values = {k: _shown(v) if isinstance(v, str) else v for k, v in details.items()}
    return ask.say(f"error_{code}", **values)


def not_in_team(ask: Ask) -> str:
    """Why a team request cannot be carried out for someone in no team, after the FAQ answer or
    rule that stands out for their question, if one does ("my teammate has covid, can he work
    from home?" read as a request about one's team: the FAQ on taking part remotely, then why
    there is no team to show)."""
    refusal = error_text(ask, "not_in_team")
    item = None if is_payload(ask.text) else short_item(ask)
    return f"{item.text}\n\n{refusal}" if item else refusal


def _shown(text: str) -> str:
    """User-provided text echoed back, cut to a readable length."""
    return text if len(text) <= _MAX_SHOWN_LENGTH else text[: _MAX_SHOWN_LENGTH - 1] + "…"


def member_names(ask: Ask, captain: str, others: list[str], display_name: str | None) -> str:
    """ "Marie (captain), Jean, Léa": the captain's "" stands for the writer (their name if known)."""
    shown = captain or display_name or ask.say("form_you")
    return ", ".join([ask.say("form_captain", name=shown), *others])


def challenge_title(ask: Ask, challenge: Challenge | None) -> str:
    return ask.local(challenge.title) if challenge is not None else ask.say("form_challenge_none")


def team_summary(
    ask: Ask, *, name: str, challenge: Challenge | None, members: str, count: int, email: str
) -> str:
    return ask.say(
        "form_summary",
        name=name,
        challenge=challenge_title(ask, challenge),
        members=members,
        count=count,
        email=email,
    )


def team_view(ask: Ask, team: Team, viewer_id: int) -> str:
    """ "My team" as `viewer_id` (a participant id) sees it: the email only for the captain."""
    captain = next(m for m in team.members if m.is_captain)
    others = [m.name for m in team.members if not m.is_captain]
    lines = [
        ask.say(
            "my_team",
            name=team.name,
            challenge=challenge_title(ask, team.challenge),
            count=len(team.members),
            members=", ".join([ask.say("form_captain", name=captain.name), *others]),
            code=team.join_code,
        )
    ]
    if team.captain_id == viewer_id:
        lines += [ask.say("my_team_email", email=team.contact_email), ask.say("my_team_captain_hint")]
    else:
        lines.append(ask.say("my_team_member_hint"))
    return "\n".join(lines)
