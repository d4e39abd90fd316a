"""Calling a mentor in conversation: the mentor form.

"Call a mentor" (the button under the mentors who can help, or said in words) starts it. It
takes what the team needs help with from the message ("can a mentor come help us with GDPR?"),
or from the question the mentors were the answer to (the button), else asks; then asks where
the team is; then sends the request (bot.mentors.requests) to the mentors whose expertise fits
among those on call, or to every mentor on call when none of them fits. Only a Telegram user
can call (the mentor's "I'm coming" reaches them there), once at a time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from bot.answers.finder import answer_by_meaning, mentors_for_a_need
from bot.answers.people import MENTORS_PAYLOAD, answer_mentors, mentor_line, mentors_for_topic, names_a_need
from bot.answers.replies import Ask, Button, Reply, is_payload
from bot.core.clock import utcnow
from bot.core.matching import folded_name
from bot.core.models import Mentor
from bot.mentors import links, requests
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
from bot.teams.registration import team_of

TOPIC = "mentor_topic"
PLACE = "mentor_place"
SLOTS = (TOPIC, PLACE, FAILURES)
CALL_PAYLOAD = "/call_mentor"
CHANNEL = "telegram"
MENTOR_INTENTS = frozenset({"call_mentor", "ask_mentors"})
"""Intents of a message that says what help is needed while the form asks for it."""
# Words of calling a mentor that say nothing of the need ("can a mentor come to our table?").
_CALL_WORDS = frozenset(
    """
    mentor mentors mentore mentorat call calls calling appel appeler appelle appelez appelles request
    requete demande demander demandez solliciter send envoyer envoie envoyez book booking reserver
    reservation come coming over venir vienne viennent passe passer drop by table tables here ici
    now maintenant vite quickly please svp stp plait urgent get avoir faire faites fais nous us our
    notre nos voir see summon page ping want veux voudrais voudrait like aimerais need besoin
    """.split()
)
MAX_WORDS_OF_A_PLACE = 12
CALL_CONFIDENCE = 0.6
"""Below this, a message read as a call for a mentor gets the mentors who can help (with the call
button) rather than a call: "is there a mentor for data?" asks, it does not call."""


def _reset(**values: Any) -> dict[str, Any]:
    return {slot: None for slot in SLOTS} | values


def _close(turn: FormTurn, text: str) -> Step:
    return Step(Reply(text), _reset(), close=True)


def _mentors_instead(turn: FormTurn, note: str | None = None) -> Step:
    """No call: the answer to the message read as asking who can help, as any question is
    answered (the mentors whose expertise fits it by meaning, or what else stands out), with the
    call button when one can be made, and why there is no call."""
    if _topic_of(turn) and not is_payload(turn.text):
        ranking = tuple(("ask_mentors" if name == "call_mentor" else name, c) for name, c in turn.ask.ranking)
        reply = answer_by_meaning(replace(turn.ask, intent="ask_mentors", ranking=ranking), answer_mentors)
    else:  # nothing named: every mentor, with when they are around
        reply = answer_mentors(replace(turn.ask, text=MENTORS_PAYLOAD, index=None))
    reply = offer(turn.session, turn.ask, turn.user.channel, reply)
    text = f"{reply.text}\n\n{turn.ask.say(note)}" if note else reply.text
    return Step(Reply(text, reply.buttons), _reset(), close=True)


def offer(session: Session, ask: Ask, channel: str, reply: Reply) -> Reply:
    """The mentors who can help, with "Call a mentor" when the asker can call one (a Telegram
    user, at an event with mentors on call)."""
    if not reply.for_a_need or channel != CHANNEL or not links.on_call(session, ask.event):
        return reply
    return replace(reply, buttons=(*reply.buttons, Button(ask.say("button_call_mentor"), CALL_PAYLOAD)))


def fitting(ask: Ask, topic: str) -> list[Mentor]:
    """The event's mentors whose expertise fits the topic: by meaning, then by words."""
    mentors = list(ask.event.mentors)
    asked = replace(ask, text=topic, intent="ask_mentors", confidence=1.0, ranking=())
    found = [mentors[int(hit.key)] for hit in mentors_for_a_need(asked)] if ask.index is not None else []
    return found + [m for m in mentors_for_topic(mentors, topic) if m not in found]


def to_call(session: Session, ask: Ask, topic: str) -> dict[str, int]:
    """Who gets the request (name -> Telegram user id): the fitting mentors on call, else every
    mentor on call (someone may still help, or say who can)."""
    on_call = links.on_call(session, ask.event)
    chosen = {
        m.name: on_call[folded_name(m.name)] for m in fitting(ask, topic) if folded_name(m.name) in on_call
    }
    if chosen:
        return chosen
    return {m.name: on_call[folded_name(m.name)] for m in ask.event.mentors if folded_name(m.name) in on_call}


def _topic_of(turn: FormTurn) -> str | None:
    """The need the starting message says, or the question the button followed."""
    text = turn.previous_text if is_payload(turn.text) else turn.text
    if text and not is_payload(text) and names_a_need(text, _CALL_WORDS):
        return text.strip()
    return None


def start(turn: FormTurn) -> Step:
    ask, session, user = turn.ask, turn.session, turn.user
    if user.channel != CHANNEL:
        return _mentors_instead(turn, "mentor_call_telegram_only")
    if not links.on_call(session, ask.event):
        return _mentors_instead(turn, "mentor_call_nobody")
    if not is_payload(turn.text) and turn.confidence < CALL_CONFIDENCE:
        return _mentors_instead(turn)  # perhaps only asking who can help: they may call from there
    waiting = requests.open_request_of(session, ask.event, user.channel, user.user_id)
    if waiting is not None:
        minutes = max(0, int((utcnow() - waiting.created_at).total_seconds() // 60))
        return _close(
            turn, ask.say("mentor_call_waiting", id=waiting.id, topic=waiting.topic, minutes=minutes)
        )
    return Step(slots=_reset(**{TOPIC: _topic_of(turn)}))


def question(turn: FormTurn, slot: str) -> Reply:
    ask = turn.ask
    if slot == TOPIC:
        return Reply(ask.say("form_ask_mentor_topic"))
    if slot == PLACE:
        topic = turn.slot(TOPIC) or ""
        names = ", ".join(to_call(turn.session, ask, topic))
        return Reply(ask.say("form_ask_mentor_place", mentors=names, topic=topic))
    raise ValueError(f"the mentor form has no field {slot!r}")


def answer(turn: FormTurn) -> Step | None:
    if is_cancellation(turn):
        return cancel(turn)
    text = turn.text.strip()
    if turn.requested == TOPIC:
        if is_interruption(turn, turn.intent in MENTOR_INTENTS):
            return None
        if is_payload(text) or not any(ch.isalpha() for ch in text):
            return failed(turn, TOPIC, turn.ask.say("form_help_mentor_topic"), "form_help_mentor_topic")
        if len(text) > requests.MAX_TOPIC_LENGTH:
            message = turn.ask.say("form_mentor_too_long", max=requests.MAX_TOPIC_LENGTH)
            return failed(turn, TOPIC, message, "form_help_mentor_topic")
        return accepted(TOPIC, text)
    if turn.requested == PLACE:
        plausible = "?" not in text and len(text.split()) <= MAX_WORDS_OF_A_PLACE
        if is_interruption(turn, plausible):
            return None
        if is_payload(text) or not any(ch.isalnum() for ch in text):
            return failed(turn, PLACE, turn.ask.say("form_help_mentor_place"), "form_help_mentor_place")
        if len(text) > requests.MAX_PLACE_LENGTH:
            message = turn.ask.say("form_mentor_too_long", max=requests.MAX_PLACE_LENGTH)
            return failed(turn, PLACE, message, "form_help_mentor_place")
        return accepted(PLACE, text)
    return Step()


def finish(turn: FormTurn) -> Step:
    """The form has ended: send the request to the mentors, tell the caller who was asked."""
    ask, session, user = turn.ask, turn.session, turn.user
    topic, place = turn.slot(TOPIC), turn.slot(PLACE)
    if not topic or not place:
        return Step(slots=_reset())
    mentors = to_call(session, ask, topic)
    if not mentors:  # unlinked while the form ran
        return Step(Reply(ask.say("mentor_call_nobody")), _reset())
    request = requests.call(
        session,
        ask.event,
        channel=user.channel,
        user_id=user.user_id,
        language=ask.lang,
        team=team_of(session, ask.event, user.participant(session)),
        topic=topic,
        place=place,
        mentors=mentors,
    )
    delay = int(requests.escalation_delay().total_seconds() // 60)
    called = [m for m in ask.event.mentors if m.name in mentors]
    lines = [ask.say("mentor_call_sent", id=request.id, place=request.place, minutes=delay)]
    lines += [mentor_line(ask, m) for m in called]
    return Step(Reply("\n".join(lines)), _reset())
