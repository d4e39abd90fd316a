"""The organisers' inbox on Telegram: /inbox lists the questions passed on, /answer N text
sends the reply to whoever asked, /dismiss N sets one aside, /faq N makes an answered one an
FAQ item of the event, answered from then on (bot.inbox.questions).

Organisers of the current event only: anyone else is refused and the attempt audited. Each new
question reaches the organisers as a message of the outbox, with these commands in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.core.models import Event
from bot.core.texts import t
from bot.events import organisers
from bot.inbox import questions
from bot.inbox.questions import InboxError
from bot.telegram.handlers import language_of
from bot.telegram.organisers import command_text, organiser_event
from bot.telegram.rendering import send
from bot.telegram.resources import App, Context, gateway

NUMBERED = re.compile(r"#?(\d{1,9})(?:\s+(.*))?", re.S)
LISTED = 20
"""Questions /inbox shows (the oldest waiting first)."""


def add_inbox_commands(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
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
        return t(
            "inbox_answered" if question.channel == "telegram" else "inbox_answered_web", lang, id=number
        )

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


def _refusal(error: InboxError, number: int, lang: str) -> str:
    keys = {
        "not_found": "inbox_not_found",
        "closed": "inbox_closed",
        "too_long": "inbox_too_long",
        "not_answered": "inbox_not_answered",
        "in_faq": "inbox_in_faq",
    }
    return t(keys.get(error.code, "inbox_empty_reply"), lang, id=number)
