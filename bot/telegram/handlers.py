"""The gateway's handlers: participants' messages, commands and buttons, groups, and errors."""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Callable, Coroutine
from contextlib import suppress
from functools import partial
from typing import Any

from sqlalchemy.orm import Session
from telegram import (
    ChatMember,
    Update,
    User,
)
from telegram.error import BadRequest, Forbidden

from bot.core.clock import utcnow
from bot.core.i18n import DEFAULT_LANGUAGE, localize
from bot.core.language import language_code
from bot.core.models import CHAT_TYPES, Event
from bot.core.texts import t
from bot.events import subscriptions
from bot.events.lookup import current_event
from bot.privacy.notice import privacy_notice
from bot.rasa_client import RasaUnavailable
from bot.telegram import payload_store
from bot.telegram.rendering import send, show, typing
from bot.telegram.resources import Context, gateway

logger = logging.getLogger(__name__)

SENDER_PREFIX = "telegram-"
_JOIN_CODE = re.compile(r"[A-Za-z0-9]{1,32}")
JOIN_PREFIX = "join_"
ORGANISER_PREFIX = "org_"
MENTOR_PREFIX = "mentor_"
JURY_PREFIX = "jury_"


def language_of(user: User | None) -> str:
    """The language of the gateway's own messages: the user's Telegram language, fr or en (else fr)."""
    return language_code(user.language_code if user else None) or DEFAULT_LANGUAGE


def event_name(event: Event, lang: str) -> str:
    return localize(event.name, lang, event.languages)


async def start(update: Update, context: Context) -> None:
    """Welcome, privacy notice and subscription; then a deep link's payload (join_, org_, mentor_, jury_)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = language_of(user)

    def welcome(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return "\n\n".join([t("telegram_welcome_no_event", lang), t("no_event", lang)])
        _, new = subscriptions.subscribe(session, event, message.chat_id, language=lang)
        name = event_name(event, lang)
        subscribed = t("telegram_subscribed" if new else "telegram_already_subscribed", lang, event=name)
        return "\n\n".join([t("telegram_welcome", lang, event=name), subscribed, privacy_notice(event, lang)])

    shared = gateway(context)
    await send(context, message.chat_id, await shared.db(welcome))
    payload = context.args[0] if context.args else ""
    if payload.startswith(JOIN_PREFIX) and _JOIN_CODE.fullmatch(payload[len(JOIN_PREFIX) :]):
        code = payload[len(JOIN_PREFIX) :].upper()
        await converse(update, context, "/join_team" + json.dumps({"code": code}, separators=(",", ":")))
    elif payload.startswith(ORGANISER_PREFIX):
        await redeem_organiser_invite(update, context, payload)
    elif payload.startswith(MENTOR_PREFIX):
        from bot.telegram.mentors import redeem_mentor_invite  # it builds on this module

        await redeem_mentor_invite(update, context, payload)
    elif payload.startswith(JURY_PREFIX):
        from bot.telegram.jury import redeem_juror_invite  # it builds on this module

        await redeem_juror_invite(update, context, payload)


async def redeem_organiser_invite(update: Update, context: Context, payload: str) -> None:
    from bot.events.organisers import redeem_invite

    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    lang = language_of(user)

    def redeem(session: Session) -> str:
        event = redeem_invite(session, payload, user.id, now=utcnow())
        if event is None:
            return t("telegram_organiser_invite_invalid", lang)
        logger.info("Telegram user %s is now an organiser of %s", user.id, event.slug)
        return t("telegram_organiser_welcome", lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(redeem))


async def subscribe(update: Update, context: Context) -> None:
    message, lang = update.effective_message, language_of(update.effective_user)
    if message is None:
        return

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        _, new = subscriptions.subscribe(session, event, message.chat_id, language=lang)
        key = "telegram_subscribed" if new else "telegram_already_subscribed"
        return t(key, lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(work))


async def unsubscribe(update: Update, context: Context) -> None:
    message, lang = update.effective_message, language_of(update.effective_user)
    if message is None:
        return

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        left = subscriptions.unsubscribe(session, event, message.chat_id)
        key = "telegram_unsubscribed" if left else "telegram_not_subscribed"
        return t(key, lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(work))


def ask_rasa(payload: str) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """A handler that sends `payload` to Rasa as the user's message (commands like /schedule)."""

    async def handler(update: Update, context: Context) -> None:
        await converse(update, context, payload)

    return handler


async def converse_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await converse(update, context, message.text)


async def text_only(update: Update, context: Context) -> None:
    """Photos, stickers, voice messages...: the assistant reads text."""
    message = update.effective_message
    if message is not None:
        await send(context, message.chat_id, t("telegram_text_only", language_of(update.effective_user)))


async def button_pressed(update: Update, context: Context) -> None:
    """A pressed button: its keyboard is removed (no second press), its payload goes to Rasa."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None:
        return
    lang = language_of(query.from_user)
    chat_id = chat.id if chat is not None else query.from_user.id
    shared = gateway(context)
    message = query.message
    if message is not None and not shared.pressed.add((chat_id, message.message_id)):
        with suppress(BadRequest):
            await query.answer(t("telegram_button_used", lang))
        return
    with suppress(BadRequest):  # a query answered too late: nothing to do
        await query.answer()
    if message is not None:
        with suppress(BadRequest):  # e.g. "message is not modified": the keyboard is already gone
            await context.bot.edit_message_reply_markup(chat_id, message.message_id, reply_markup=None)
    data = query.data
    payload = (
        await shared.db(partial(payload_store.resolve, data=data)) if payload_store.is_key(data) else data
    )
    if payload is None:
        await send(context, chat_id, t("telegram_button_expired", lang))
        return
    await converse(update, context, payload)


async def converse(update: Update, context: Context, text: str) -> None:
    """Send `text` to Rasa as the user's message and show the replies; apologise if Rasa fails."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    shared = gateway(context)
    wait = shared.flood.wait(str(user.id))
    if wait:
        # A flood: this message is not sent to Rasa; the person is told how long to wait, at most
        # once a minute.
        if shared.tell_flood(user.id, time.monotonic()):
            logger.info("Telegram user %s writes too fast: asked to wait %.0f s", user.id, wait)
            await send(context, chat.id, t("telegram_too_fast", language_of(user), seconds=math.ceil(wait)))
        return
    metadata = {
        "language_code": user.language_code,
        "display_name": user.full_name,
        "telegram_user_id": user.id,
        "chat_type": chat.type,
    }
    try:
        async with typing(context, chat.id):
            replies = await shared.rasa.send(sender_of(user), text, metadata)
    except RasaUnavailable as error:
        logger.error(
            "No answer from Rasa for Telegram user %s (a message of %d characters): %s",
            user.id,
            len(text),
            error,
        )
        await send(context, chat.id, t("internal_error", language_of(user)))
        return
    await show(context, chat.id, replies, language_of(user))


def sender_of(user: User) -> str:
    """The Rasa conversation of a Telegram user (the same in every chat, stable across restarts)."""
    return f"{SENDER_PREFIX}{user.id}"


async def added_to_group(update: Update, context: Context) -> None:
    """The bot added to a group: an organiser of the current event subscribes it to the announcements."""
    message, adder = update.effective_message, update.effective_user
    if message is None or adder is None or message.chat.type not in CHAT_TYPES:
        return
    created = bool(message.group_chat_created or message.supergroup_chat_created)
    if not created and all(member.id != context.bot.id for member in message.new_chat_members):
        return
    from bot.events.organisers import is_organiser

    lang, chat = language_of(adder), message.chat

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        name = event_name(event, lang)
        if not is_organiser(session, event, adder.id):
            return t("telegram_group_organisers_only", lang, event=name)
        subscriptions.subscribe(session, event, chat.id, language=lang, chat_type=chat.type)
        logger.info("Group %s subscribed to %s by organiser %s", chat.id, event.slug, adder.id)
        return t("telegram_group_subscribed", lang, event=name)

    await send(context, chat.id, await gateway(context).db(work))


async def chat_left(update: Update, context: Context) -> None:
    """The bot removed from a group, or blocked by a user: that chat leaves every event's announcements."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in (ChatMember.LEFT, ChatMember.BANNED):
        return
    await unsubscribe_chat(context, change.chat.id)


async def unsubscribe_chat(context: Context, chat_id: int) -> None:
    count = await gateway(context).db(partial(subscriptions.unsubscribe_everywhere, chat_id=chat_id))
    logger.info("Chat %s cannot be written to any more: unsubscribed from %d event(s)", chat_id, count)


async def on_error(update: object, context: Context) -> None:
    """Telegram refusing a chat (403) unsubscribes it; anything else is logged and apologised for."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, Forbidden) and chat is not None:
        await unsubscribe_chat(context, chat.id)
        return
    user = update.effective_user if isinstance(update, Update) else None
    message = update.effective_message if isinstance(update, Update) else None
    logger.error(
        "Error handling an update of Telegram user %s, message %r",
        user.id if user else None,
        message.text if message else None,
        exc_info=error,
    )
    if chat is not None and chat.type == "private":
        with suppress(Exception):
            await send(context, chat.id, t("internal_error", language_of(user)))
