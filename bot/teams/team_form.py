"""Registering a team, or changing it, in conversation.

The form asks, in order: the team's name, its challenge (buttons listing the event's
challenges; free text is matched like elsewhere), its members (the writer first: they are
the captain) and a contact email; then it shows a summary and asks for confirmation. The
user may correct any field at the summary, cancel at any time, or ask something else in
the middle. Confirming writes the team (`bot.teams.registration`), in the caller's transaction.

The same form changes an existing team ("change my team"): it starts filled with the
team's details, at the summary.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.answers.challenges import CHALLENGE_NOUNS, by_position, find_challenges
from bot.answers.replies import Ask, Button, Reply
from bot.core.matching import normalize, ordinal_position
from bot.core.models import TEAM_NAME_MAX_LENGTH, TEAM_NAME_MIN_LENGTH, Challenge, Event, Team
from bot.teams import form_answers
from bot.teams.form_turns import (
    FAILURES,
    FormTurn,
    Step,
    accepted,
    cancel,
    failed,
    is_cancellation,
    is_interruption,
)
from bot.teams.registration import (
    CLOSED,
    FULL,
    MEMBER_NAME_MAX_LENGTH,
    NOT_YET,
    OPEN,
    RegistrationError,
    create_team,
    name_available,
    registration_state,
    team_of,
    update_team,
    validate_email,
    validate_team_name,
)
from bot.teams.views import error_text, member_names, not_in_team, team_summary

NAME = "team_name"
CHALLENGE = "team_challenge"
MEMBERS = "team_members"
EMAIL = "team_email"
CONFIRMED = "team_confirmed"
MODE = "team_mode"
FIELDS = (NAME, CHALLENGE, MEMBERS, EMAIL)
SLOTS = (*FIELDS, CONFIRMED, MODE, FAILURES)
NO_CHALLENGE = "-"
"""The challenge slot's value for "no challenge (yet)" (or an event without challenges)."""
CREATE, EDIT = "create", "edit"
_POSITION_NOUNS = ("one", "un", "une", "option", "choix", "choice")
_LEADING_WORDS = re.compile(
    r"^(?:(?:le|la|l|the|number|numero|no|n|nr|plutot|rather|choose|je choisis|we pick)\b\s*)+"
)
EDIT_INTENT = "edit_team"

_STATE_CODES = {NOT_YET: "registration_not_yet_open", CLOSED: "registration_closed", FULL: "event_full"}
_FIELD_OF_ERROR = {
    "name_empty": NAME,
    "name_too_short": NAME,
    "name_too_long": NAME,
    "name_no_letters": NAME,
    "name_taken": NAME,
    "email_invalid": EMAIL,
    "challenge_required": CHALLENGE,
    "challenge_unknown": CHALLENGE,
    "member_name_too_long": MEMBERS,
    "name_needed": MEMBERS,
    "too_few_members": MEMBERS,
    "too_many_members": MEMBERS,
}


def payload(intent: str, **entities: str) -> str:
    """A button payload as Rasa parses it: `/inform{"challenge":"mobility"}`."""
    return f"/{intent}" + (
        json.dumps(entities, separators=(",", ":"), ensure_ascii=False) if entities else ""
    )


def _reset(**values: Any) -> dict[str, Any]:
    return {slot: None for slot in SLOTS} | values


def _refuse(ask: Ask, code: str, **details: Any) -> Step:
    """Close the form with why it cannot go on."""
    return Step(Reply(error_text(ask, code, **details)), _reset(), close=True)


# ------------------------------------------------------------------ start


def start(turn: FormTurn) -> Step:
    """The form begins: refuse (and close) if the user may not register or edit, else preset the slots."""
    ask, session = turn.ask, turn.session
    participant = turn.user.participant(session)
    team = team_of(session, ask.event, participant)
    state = registration_state(ask.event, ask.now)
    if turn.intent == EDIT_INTENT:
        if team is None:
            # "can we still switch challenge?": the rule on it, if one stands out, then why not here
            return Step(Reply(not_in_team(ask)), _reset(), close=True)
        if team.captain_id != participant.id:
            return _refuse(ask, "not_captain")
        if state not in (OPEN, FULL):
            return _refuse(ask, _STATE_CODES[state])
        return Step(slots=_reset(**_team_slots(team), **{MODE: EDIT}))
    if team is not None:
        return _refuse(ask, "already_in_team")
    if state != OPEN:
        return _refuse(ask, _STATE_CODES[state])
    preset = {CHALLENGE: NO_CHALLENGE} if not ask.event.challenges else {}
    return Step(slots=_reset(**preset, **{MODE: CREATE}))


def _team_slots(team: Team) -> dict[str, Any]:
    captain = next(m for m in team.members if m.is_captain)
    others = [m.name for m in team.members if not m.is_captain]
    return {
        NAME: team.name,
        CHALLENGE: team.challenge.key if team.challenge is not None else NO_CHALLENGE,
        MEMBERS: [captain.name, *others],
        EMAIL: team.contact_email,
    }


# ------------------------------------------------------------------ questions


def question(turn: FormTurn, slot: str) -> Reply:
    """The question that asks for `slot` (with buttons where they help)."""
    ask = turn.ask
    if slot == NAME:
        return Reply(ask.say("form_ask_team_name"))
    if slot == CHALLENGE:
        required = _challenge_required(ask.event)
        key = "form_ask_team_challenge" if required else "form_ask_team_challenge_optional"
        return Reply(ask.say(key), _challenge_buttons(ask, list(ask.event.challenges), optional=not required))
    if slot == MEMBERS:
        return _members_question(ask)
    if slot == EMAIL:
        return Reply(ask.say("form_ask_team_email"))
    if slot == CONFIRMED:
        return _confirmation(turn)
    raise ValueError(f"the team form has no field {slot!r}")


def _challenge_required(event: Event) -> bool:
    return event.team_settings is None or event.team_settings.require_challenge


def _challenge_buttons(ask: Ask, challenges: list[Challenge], *, optional: bool) -> tuple[Button, ...]:
    numbers = {c.key: i for i, c in enumerate(ask.event.challenges, start=1)}
    buttons = [
        Button(f"{numbers[c.key]}. {ask.local(c.title)}", payload("inform", challenge=c.key))
        for c in challenges
    ]
    if optional:
        buttons.append(Button(ask.say("button_no_challenge"), payload("inform", challenge=NO_CHALLENGE)))
    return tuple(buttons)


def _members_question(ask: Ask) -> Reply:
    settings = ask.event.team_settings
    low = settings.min_size if settings is not None else None
    high = settings.max_size if settings is not None else None
    if high == 1:
        return Reply(ask.say("form_ask_team_members_only_you"))
    lines = [ask.say("form_ask_team_members")]
    if low is not None or high is not None:
        lines.insert(0, ask.say("form_team_size", min=low or 1, max=high if high is not None else "∞"))
    buttons = (Button(ask.say("button_only_me"), payload("inform", members="me")),) if (low or 1) <= 1 else ()
    return Reply("\n".join(lines), buttons)


def _confirmation(turn: FormTurn) -> Reply:
    ask = turn.ask
    buttons = [Button(ask.say("button_confirm"), payload("affirm"))]
    buttons.append(Button(ask.say("button_change_name"), payload("inform", field=NAME)))
    if ask.event.challenges:
        buttons.append(Button(ask.say("button_change_challenge"), payload("inform", field=CHALLENGE)))
    buttons += [
        Button(ask.say("button_change_members"), payload("inform", field=MEMBERS)),
        Button(ask.say("button_change_email"), payload("inform", field=EMAIL)),
        Button(ask.say("button_cancel"), payload("cancel")),
    ]
    if turn.intent == "deny":
        return Reply(ask.say("form_what_to_change"), tuple(buttons[1:]))
    challenge = _challenge_by_key(ask.event, turn.slot(CHALLENGE))
    names = list(turn.slot(MEMBERS) or [])
    summary = team_summary(
        ask,
        name=turn.slot(NAME) or "",
        challenge=challenge,
        members=member_names(ask, names[0] if names else "", names[1:], turn.user.display_name),
        count=len(names),
        email=turn.slot(EMAIL) or "",
    )
    confirm = "form_confirm_edit" if turn.slot(MODE) == EDIT else "form_confirm_create"
    return Reply(f"{summary}\n{ask.say(confirm)}", tuple(buttons))


def _challenge_by_key(event: Event, key: str | None) -> Challenge | None:
    return next((c for c in event.challenges if c.key == key), None)


# ------------------------------------------------------------------ answers


def answer(turn: FormTurn) -> Step | None:
    """Take the user's answer to the field being asked; None when the message is another request."""
    slot = turn.requested
    text = turn.text
    if is_cancellation(turn):
        return cancel(turn)
    if slot == NAME:
        return None if is_interruption(turn, False) else _answer_name(turn)
    if slot == CHALLENGE:
        return _answer_challenge(turn)
    if slot == MEMBERS:
        # A list of several names is an answer, whatever the NLU thinks of it.
        listed = form_answers.member_names(text) or []
        plausible = turn.entities.get("members") is not None or len(listed) >= 2
        return None if is_interruption(turn, plausible) else _answer_members(turn)
    if slot == EMAIL:
        return None if is_interruption(turn, form_answers.has_email(text)) else _answer_email(turn)
    if slot == CONFIRMED:
        return _answer_confirmation(turn)
    return Step()


def _answer_name(turn: FormTurn) -> Step:
    try:
        name = validate_team_name(form_answers.team_name(turn.text))
        participant = turn.user.participant(turn.session)
        own = team_of(turn.session, turn.ask.event, participant) if turn.slot(MODE) == EDIT else None
        if not name_available(turn.session, turn.ask.event, name, own):
            raise RegistrationError("name_taken", name=name)
    except RegistrationError as error:
        return _failed(turn, NAME, error)
    return accepted(NAME, name)


def _failed(turn: FormTurn, slot: str, error: RegistrationError) -> Step:
    ask = turn.ask
    limits = {"min": TEAM_NAME_MIN_LENGTH, "max": TEAM_NAME_MAX_LENGTH} if slot == NAME else {}
    return failed(turn, slot, error_text(ask, error.code, **error.details), f"form_help_{slot}", **limits)


def _answer_challenge(turn: FormTurn) -> Step | None:
    ask = turn.ask
    event = ask.event
    chosen = turn.entities.get("challenge")
    if chosen is not None:
        if chosen == NO_CHALLENGE and not _challenge_required(event):
            return accepted(CHALLENGE, NO_CHALLENGE)
        if _challenge_by_key(event, chosen) is not None:
            return accepted(CHALLENGE, chosen)
    if form_answers.is_none(turn.text) and not _challenge_required(event):
        return accepted(CHALLENGE, NO_CHALLENGE)
    position = by_position(event, turn.text)
    if position is None:
        position = _bare_position(turn.text)
        position = len(event.challenges) if position == -1 else position
    challenges = list(event.challenges)
    if position is not None and 1 <= position <= len(challenges):
        matches = [challenges[position - 1]]
    else:
        matches = find_challenges(event, turn.text)
    if is_interruption(turn, len(matches) == 1 and "?" not in turn.text):
        return None
    if len(matches) == 1:
        return accepted(CHALLENGE, matches[0].key)
    if len(matches) > 1:
        step = failed(turn, CHALLENGE, ask.say("form_challenge_ambiguous"), "form_help_team_challenge")
        return Step(
            Reply(step.reply.text if step.reply else "", _challenge_buttons(ask, matches, optional=False)),
            step.slots,
        )
    return _failed(turn, CHALLENGE, RegistrationError("challenge_unknown"))


def _bare_position(text: str) -> int | None:
    """An answer to "which challenge?" naming it by position alone: "le 2", "the second one", "deux"."""
    position = ordinal_position(text, (*CHALLENGE_NOUNS, *_POSITION_NOUNS))
    if position is None:
        short = _LEADING_WORDS.sub("", normalize(text)).strip()
        if 0 < len(short.split()) <= 2:
            position = ordinal_position(f"{CHALLENGE_NOUNS[0]} {short}", CHALLENGE_NOUNS)
    return position


def _answer_members(turn: FormTurn) -> Step:
    settings = turn.ask.event.team_settings
    if turn.entities.get("members") == "me":
        names: list[str] | None = [""]
    else:
        names = form_answers.member_names(turn.text)
    if names is None:
        return _failed(turn, MEMBERS, RegistrationError("too_few_members", min=1, count=0))
    if settings is not None and settings.max_size == 1:
        names = names[:1]
    try:
        _check_members(turn.ask.event, names)
    except RegistrationError as error:
        return _failed(turn, MEMBERS, error)
    if not names[0] and not _known_name(turn):
        # "me, Tom, Léa" on the web page: the channel gives no name, and an id is no one's name.
        return _failed(turn, MEMBERS, RegistrationError("name_needed"))
    return accepted(MEMBERS, names)


def _known_name(turn: FormTurn) -> bool:
    """Whether the writer's channel gave their name (Telegram does), now or before."""
    return bool(turn.user.display_name or turn.user.participant(turn.session).display_name)


def _check_members(event: Event, names: list[str]) -> None:
    if any(len(n) > MEMBER_NAME_MAX_LENGTH for n in names):
        raise RegistrationError("member_name_too_long", max=MEMBER_NAME_MAX_LENGTH)
    settings = event.team_settings
    if settings is None:
        return
    if settings.min_size is not None and len(names) < settings.min_size:
        raise RegistrationError("too_few_members", min=settings.min_size, count=len(names))
    if settings.max_size is not None and len(names) > settings.max_size:
        raise RegistrationError("too_many_members", max=settings.max_size, count=len(names))


def _answer_email(turn: FormTurn) -> Step:
    try:
        address = validate_email(form_answers.email(turn.text))
    except RegistrationError as error:
        return _failed(turn, EMAIL, error)
    return accepted(EMAIL, address)


def _answer_confirmation(turn: FormTurn) -> Step | None:
    ask, text = turn.ask, turn.text
    field = turn.entities.get("field")
    if field in FIELDS:
        return Step(slots={field: None, CONFIRMED: None, FAILURES: 0})
    if (turn.intent == "affirm" and turn.confidence >= 0.5) or form_answers.is_yes(text):
        return _save(turn)
    named = form_answers.named_field(text)
    if named == EMAIL and form_answers.has_email(text):
        step = _answer_email(turn)
        return Step(step.reply, {**step.slots, CONFIRMED: None})
    if named is not None:
        return Step(slots={named: None, CONFIRMED: None, FAILURES: 0})
    if turn.intent == "deny" or form_answers.is_no(text):
        return Step(slots={CONFIRMED: None, FAILURES: 0})
    if is_interruption(turn, False):
        return None
    return Step(Reply(ask.say("form_confirm_unclear")), {CONFIRMED: None})


def _save(turn: FormTurn) -> Step:
    ask, session = turn.ask, turn.session
    participant = turn.user.participant(session)
    names = list(turn.slot(MEMBERS) or [""])
    challenge = turn.slot(CHALLENGE)
    values: dict[str, Any] = {
        "name": turn.slot(NAME) or "",
        "challenge": None if challenge in (None, NO_CHALLENGE) else challenge,
        "members": names[1:],
        "email": turn.slot(EMAIL) or "",
        "now": ask.now,
        "captain_name": names[0] or None,
    }
    try:
        if turn.slot(MODE) == EDIT:
            update_team(session, ask.event, participant, **values)
        else:
            create_team(session, ask.event, participant, **values)
    except RegistrationError as error:
        field = _FIELD_OF_ERROR.get(error.code)
        if field is None:
            return _refuse(ask, error.code, **error.details)
        return Step(Reply(error_text(ask, error.code, **error.details)), {field: None, CONFIRMED: None})
    return accepted(CONFIRMED, True)


# ------------------------------------------------------------------ end


def finish(turn: FormTurn) -> Step:
    """The form has ended: report the saved team (if it was saved) and clear the form's slots."""
    ask = turn.ask
    if turn.slot(CONFIRMED) is not True:
        return Step(slots=_reset())
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, ask.event, participant)
    if team is None:
        return Step(slots=_reset())
    if turn.slot(MODE) == EDIT:
        return Step(Reply(ask.say("team_updated", name=team.name)), _reset())
    return Step(Reply(ask.say("team_registered", name=team.name, code=team.join_code)), _reset())
