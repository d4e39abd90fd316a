"""Mentors on Telegram: a team's call reaches the mentors with "I'm coming" and "Can't"; the
first to come takes it (bot.mentors.requests). /requests lists the calls still waiting, for
mentors and organisers. A mentor's invitation link (`/start mentor_<code>`) links whoever uses
it first to that mentor.

Mentors of the current event only press the buttons; anyone else is refused and the attempt
audited, like the organisers' commands. In the background (`mentor_escalations`), calls left
waiting are told to the organisers.
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import suppress

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.clock import utcnow
from bot.core.texts import t
from bot.events import organisers
from bot.events.lookup import current_event
from bot.mentors import links, requests
from bot.mentors.requests import MentorRequestError
from bot.telegram.handlers import event_name, language_of
from bot.telegram.organisers import close_keyboard, wake_outbox
from bot.telegram.rendering import send
from bot.telegram.resources import App, Context, Gateway, gateway

logger = logging.getLogger(__name__)

BUTTON = re.compile(rf"^{requests.BUTTON_PREFIX}:(come|cant):(\d{{1,9}})$")
ESCALATION_POLL = 30.0
"""Seconds between two looks for calls waiting too long."""
LISTED = 20


def add_mentor_commands(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CallbackQueryHandler(button_pressed, pattern=BUTTON))
    application.add_handler(CommandHandler("requests", waiting_requests, filters=private))


async def button_pressed(update: Update, context: Context) -> None:
    """I'm coming / Can't under a call (mentors of the event only)."""
    query = update.callback_query
    found = BUTTON.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    action, number, user = found.group(1), int(found.group(2)), query.from_user
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def decide(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        if not links.is_mentor(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command=f"mentor_{action}", request_id=number)
            return t("mentor_only", lang)
        try:
            if action == "cant":
                requests.decline(session, event, number, user.id)
                return t("mentor_declined", lang, id=number)
            request = requests.claim(session, event, number, user.id)
        except MentorRequestError as error:
            if error.code == "taken":
                return t("mentor_request_taken", lang, id=number, mentor=error.details.get("mentor", ""))
            return t("mentor_request_unknown", lang, id=number)
        team = request.team_name or t("mentor_request_no_team", lang)
        return t("mentor_claimed", lang, id=number, team=team, topic=request.topic, place=request.place)

    shared = gateway(context)
    reply = await shared.db(decide)
    await send(context, await close_keyboard(context, update), reply)
    wake_outbox(shared)


async def waiting_requests(update: Update, context: Context) -> None:
    """/requests: the calls still waiting for a mentor, oldest first (mentors and organisers)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def listing(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        actor = organisers.telegram_actor(user.id)
        if not (links.is_mentor(session, event, user.id) or organisers.is_organiser(session, event, user.id)):
            organisers.audit(session, event, actor, "refused", command="requests")
            return t("mentor_or_organiser_only", lang)
        waiting = requests.requests(session, event, include_claimed=False)
        organisers.audit(session, event, actor, "mentor_requests.viewed", waiting=len(waiting))
        if not waiting:
            return t("mentor_requests_none", lang)
        return "\n".join(
            [t("mentor_requests_header", lang, count=len(waiting))]
            + [_line(line, lang) for line in waiting[:LISTED]]
        )

    await send(context, chat.id, await gateway(context).db(listing))


def _line(line: requests.RequestLine, lang: str) -> str:
    request = line.request
    return t(
        "mentor_requests_item",
        lang,
        id=request.id,
        minutes=int(line.waited.total_seconds() // 60),
        team=request.team_name or t("mentor_request_no_team", lang),
        topic=request.topic,
        place=request.place,
        mentors=", ".join(call.mentor_name for call in request.calls),
    )


async def redeem_mentor_invite(update: Update, context: Context, payload: str) -> None:
    """`/start mentor_<code>`: the user becomes the invitation's mentor."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = language_of(user)

    def redeem(session: Session) -> str:
        try:
            found = links.redeem_invite(session, payload, user.id, now=utcnow())
        except links.MentorLinkError as error:
            return t("telegram_mentor_invite_taken", lang, name=error.details.get("name", ""))
        if found is None:
            return t("telegram_organiser_invite_invalid", lang)
        event, link = found
        logger.info("Telegram user %s is now mentor link %s of %s", user.id, link.id, event.slug)
        return t("telegram_mentor_welcome", lang, name=link.name, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(redeem))


async def mentor_escalations(shared: Gateway, stop: asyncio.Event) -> None:
    """Every `ESCALATION_POLL` seconds, tell the organisers of the calls waiting too long."""
    delay = requests.escalation_delay()
    while not stop.is_set():
        try:
            told = await shared.db(lambda session: requests.escalate_due(session, delay))
        except Exception:  # a failing look must not stop the loop; it is tried again
            logger.exception("Could not look for mentor requests waiting too long")
            told = 0
        if told:
            logger.info("Told the organisers of %d mentor request(s) waiting too long", told)
            wake_outbox(shared)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), ESCALATION_POLL)
