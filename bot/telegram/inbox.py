"""The organisers' inbox on Telegram: /inbox lists the questions passed on, /answer N text
sends the reply to whoever asked, /dismiss N sets one aside, /faq N makes an answered one an
FAQ item of the event, answered from then on (bot.inbox.questions).

Organisers of the current event only: anyone else is refused and the attempt audited, buttons
included. Each new question reaches the organisers as a message of the outbox with two buttons:
Reply (the organiser's next message, within `REPLY_WITHIN`, is the reply; /cancel gives up) and
Set aside; a reply sent offers Add to the FAQ.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.models import Event, Question
from bot.core.texts import t
from bot.events import organisers
from bot.inbox import questions
from bot.inbox.questions import InboxError
from bot.telegram.handlers import language_of
from bot.telegram.organisers import close_keyboard, command_text, organiser_event
from bot.telegram.rendering import send
from bot.telegram.resources import App, Context, gateway

NUMBERED = re.compile(r"#?(\d{1,9})(?:\s+(.*))?", re.S)
LISTED = 20
"""Questions /inbox shows (the oldest waiting first)."""


BUTTON = re.compile(rf"^{questions.BUTTON_PREFIX}:(reply|dismiss|faq):(\d{{1,9}})$")
REPLY_WITHIN = 600.0
"""Seconds after pressing Reply during which the organiser's next message is the reply."""
PENDING_KEY = "inbox_pending_replies"


def add_inbox_commands(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # Before every other handler: an organiser's message right after Reply is that reply.
    application.add_handler(MessageHandler(private & filters.TEXT, pending_reply), group=-1)
    application.add_handler(CallbackQueryHandler(button_pressed, pattern=BUTTON))
    application.add_handler(CommandHandler("inbox", show_inbox, filters=private))
    application.add_handler(CommandHandler("answer", answer, filters=private))
    application.add_handler(CommandHandler("dismiss", dismiss, filters=private))
    application.add_handler(CommandHandler("faq", add_to_faq, filters=private))


Work = Callable[[Session, Event, str, str], str]
"""What a command does for an organiser: (session, event, actor, language) -> the reply."""


async def _run(update: Update, context: Context, command: str, work: Work) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def in_session(session: Session) -> str:
        event, refusal = organiser_event(session, user.id, command)
        if event is None:
            return t(refusal or "no_event", lang)
        return work(session, event, organisers.telegram_actor(user.id), lang)

    await send(context, chat.id, await gateway(context).db(in_session))


async def show_inbox(update: Update, context: Context) -> None:
    def listing(session: Session, event: Event, actor: str, lang: str) -> str:
        waiting = questions.inbox(session, event)
        organisers.audit(session, event, actor, "inbox.viewed", waiting=len(waiting))
        if not waiting:
            return t("inbox_list_empty", lang)
        lines = [t("inbox_list_header", lang, count=len(waiting))]
        for question in waiting[:LISTED]:
            text = question.text if len(question.text) <= 200 else question.text[:199] + "…"
            lines.append(
                t("inbox_list_item", lang, id=question.id, language=question.language, question=text)
            )
        return "\n".join(lines)

    await _run(update, context, "inbox", listing)


def _numbered(update: Update) -> tuple[int, str] | None:
    found = NUMBERED.fullmatch(command_text(update))
    return (int(found.group(1)), (found.group(2) or "").strip()) if found else None


async def answer(update: Update, context: Context) -> None:
    asked = _numbered(update)

    def replying(session: Session, event: Event, actor: str, lang: str) -> str:
        if asked is None:
            return t("inbox_usage_answer", lang)
        number, text = asked
        if not text:
            return t("inbox_empty_reply", lang, id=number)
        try:
            question = questions.answer(session, event, number, text, by=actor)
        except InboxError as error:
            return _refusal(error, number, lang)
        return answered_text(question, lang)

    await _run(update, context, "answer", replying)


async def _on_question(update: Update, context: Context, command: str, act: Callable[..., object]) -> None:
    """/<command> N: `act(session, event, N, by=actor)` on question N, then says `inbox_done_<command>`."""
    asked = _numbered(update)

    def acting(session: Session, event: Event, actor: str, lang: str) -> str:
        if asked is None:
            return t(f"inbox_usage_{command}", lang)
        try:
            act(session, event, asked[0], by=actor)
        except InboxError as error:
            return _refusal(error, asked[0], lang)
        return t(f"inbox_done_{command}", lang, id=asked[0])

    await _run(update, context, command, acting)


async def dismiss(update: Update, context: Context) -> None:
    await _on_question(update, context, "dismiss", questions.dismiss)


async def add_to_faq(update: Update, context: Context) -> None:
    await _on_question(update, context, "faq", questions.add_to_faq)


def answered_text(question: Question, lang: str) -> str:
    """What the organiser is told once their reply went: sent, or kept for a web visitor."""
    key = "inbox_answered" if question.channel == "telegram" else "inbox_answered_web"
    return t(key, lang, id=question.id)


def _refusal(error: InboxError, number: int, lang: str) -> str:
    keys = {
        "not_found": "inbox_not_found",
        "closed": "inbox_closed",
        "too_long": "inbox_too_long",
        "not_answered": "inbox_not_answered",
        "in_faq": "inbox_in_faq",
    }
    return t(keys.get(error.code, "inbox_empty_reply"), lang, id=number)


def _pending(context: Context) -> dict[int, tuple[int, float]]:
    """Organiser -> (the question they pressed Reply for, until when their next message answers it)."""
    found = context.bot_data.setdefault(PENDING_KEY, {})
    assert isinstance(found, dict)
    return found


def _faq_button(question_id: int, lang: str) -> InlineKeyboardMarkup:
    data = questions.button_data("faq", question_id)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("button_inbox_faq", lang), callback_data=data)]])


async def button_pressed(update: Update, context: Context) -> None:
    """Reply, Set aside or Add to the FAQ under an inbox message (organisers only)."""
    query = update.callback_query
    found = BUTTON.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    action, number, user = found.group(1), int(found.group(2)), query.from_user
    lang = language_of(user)

    def decide(session: Session) -> str:
        event, refusal = organiser_event(session, user.id, f"inbox_{action}")
        if event is None:
            return t(refusal or "no_event", lang)
        actor = organisers.telegram_actor(user.id)
        try:
            if action == "reply":
                if questions.find(session, event, number).status != "open":
                    raise InboxError("closed")
                _pending(context)[user.id] = (number, time.monotonic() + REPLY_WITHIN)
                return t("inbox_write_reply", lang, id=number)
            if action == "dismiss":
                questions.dismiss(session, event, number, by=actor)
                return t("inbox_done_dismiss", lang, id=number)
            questions.add_to_faq(session, event, number, by=actor)
            return t("inbox_done_faq", lang, id=number)
        except InboxError as error:
            return _refusal(error, number, lang)

    reply = await gateway(context).db(decide)
    await send(context, await close_keyboard(context, update), reply)


async def pending_reply(update: Update, context: Context) -> None:
    """The organiser's message after they pressed Reply: sent as the reply (then nothing else
    handles it); /cancel gives up; any other command, or no Reply pressed, goes on as usual."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None or not message.text:
        return
    waiting = _pending(context).get(user.id)
    if waiting is None or waiting[1] < time.monotonic():
        _pending(context).pop(user.id, None)
        return
    text, lang, number = message.text.strip(), language_of(user), waiting[0]
    if text.startswith("/"):
        if text.split()[0].split("@")[0] == "/cancel":
            _pending(context).pop(user.id, None)
            await send(context, chat.id, t("inbox_reply_cancelled", lang))
            raise ApplicationHandlerStop
        return
    _pending(context).pop(user.id, None)

    def in_session(session: Session) -> tuple[str, bool]:
        """The organiser's confirmation, and whether the reply went (then Add to the FAQ is offered)."""
        event, refusal = organiser_event(session, user.id, "answer")
        if event is None:
            return t(refusal or "no_event", lang), False
        try:
            question = questions.answer(session, event, number, text, by=organisers.telegram_actor(user.id))
        except InboxError as error:
            return _refusal(error, number, lang), False
        return answered_text(question, lang), True

    done, answered = await gateway(context).db(in_session)
    await send(context, chat.id, done, _faq_button(number, lang) if answered else None)
    raise ApplicationHandlerStop
