"""The organisers' side of the Telegram gateway, and its background work.

Commands (private chats, organisers of the current event only; anyone else gets a polite
refusal and nothing is sent): /announce <text> shows a preview with the number of recipients
and Send/Cancel buttons, then queues the announcement in the outbox; /publish_results shows
the results in French and English with the number of subscribers, then Publish, Publish and
announce (one message per subscriber, in their language) or Cancel; /unpublish_results hides
them again after a confirmation; /broadcasts shows how far the latest broadcasts got; /stats
counts subscribers, teams and organisers; the preview of a programme-change alert sent after a
reload (bot.broadcast.changes) is sent or cancelled with its buttons. Every organiser action, and
every refused attempt, goes to the audit log.

Background (`outbox_and_reminders`): the outbox worker sends queued broadcasts under
Telegram's limits, and every `REMINDER_POLL` seconds the reminders that fall due are queued.
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import suppress

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.broadcast import announcements, changes, publication, reminders
from bot.broadcast.announcements import BroadcastError
from bot.broadcast.worker import OutboxWorker
from bot.core.clock import now_in
from bot.core.i18n import localize
from bot.core.models import Event, Team, TeamMember
from bot.core.texts import t
from bot.events import organisers, subscriptions
from bot.events.lookup import current_event
from bot.events.results import results_are_public
from bot.telegram.handlers import language_of
from bot.telegram.rendering import send, split_text
from bot.telegram.resources import App, Context, Gateway, gateway
from bot.telegram.send import bot_sender

logger = logging.getLogger(__name__)

REMINDER_POLL = 30.0
"""Seconds between two looks for reminders that fall due."""
DECISION = re.compile(r"^ann:(\d+):(send|cancel)$")
PUBLISH_DECISION = re.compile(r"^res:(\d+):(publish|announce|cancel):([0-9a-f]{1,16})$")
"""Under a results preview: the draft's id, the choice, the fingerprint of the results previewed."""
UNPUBLISH_DECISION = re.compile(r"^unres:(\d+):(hide|cancel)$")
CHANGES_DECISION = re.compile(rf"^{changes.BUTTON_PREFIX}:(\d+):(send|cancel)$")
"""Under the preview of a programme-change alert (bot.broadcast.changes): the draft's id, the choice."""
"""Under the confirmation of /unpublish_results: the event's id and the choice."""
OUTBOX_WORKER = "outbox_worker"


def add_organiser_commands(application: App) -> None:
    """Register the organiser commands and the buttons of their previews and confirmations."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("announce", announce, filters=private))
    application.add_handler(CommandHandler("publish_results", publish_results, filters=private))
    application.add_handler(CommandHandler("unpublish_results", unpublish_results, filters=private))
    application.add_handler(CommandHandler("broadcasts", broadcasts_status, filters=private))
    application.add_handler(CommandHandler("stats", stats, filters=private))
    application.add_handler(CallbackQueryHandler(announcement_decision, pattern=DECISION))
    application.add_handler(CallbackQueryHandler(publication_decision, pattern=PUBLISH_DECISION))
    application.add_handler(CallbackQueryHandler(unpublication_decision, pattern=UNPUBLISH_DECISION))
    application.add_handler(CallbackQueryHandler(change_alert_decision, pattern=CHANGES_DECISION))


# ------------------------------------------------------------------ authorisation


def wake_outbox(shared: Gateway) -> None:
    """Have the outbox worker send what was just queued now, not at its next look."""
    worker = shared.extras.get(OUTBOX_WORKER)
    if isinstance(worker, OutboxWorker):
        worker.wake()


def organiser_event(session: Session, user_id: int, command: str) -> tuple[Event | None, str | None]:
    """The current event if `user_id` organises it; else the refusal to show (and it is audited)."""
    event = current_event(session)
    if event is None:
        return None, "no_event"
    if not organisers.is_organiser(session, event, user_id):
        organisers.audit(session, event, organisers.telegram_actor(user_id), "refused", command=command)
        return None, "organiser_only"
    return event, None


def command_text(update: Update) -> str:
    """What follows the command ("/announce@hackbot_bot Lunch is served" -> "Lunch is served")."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    return re.sub(r"^/\w+(?:@\w+)?", "", text, count=1).strip()


# ------------------------------------------------------------------ buttons


def _keyboard(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button a row: (title, callback data)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(title, callback_data=data)] for title, data in rows])


async def close_keyboard(context: Context, update: Update) -> int:
    """Answer the pressed button's query and remove its keyboard; the chat to reply in."""
    query = update.callback_query
    assert query is not None
    with suppress(BadRequest):
        await query.answer()
    message = query.message
    if message is not None:
        with suppress(BadRequest):  # the keyboard is gone: it cannot be pressed twice
            await context.bot.edit_message_reply_markup(
                message.chat.id, message.message_id, reply_markup=None
            )
        return message.chat.id
    return query.from_user.id


def _pressed(update: Update, pattern: re.Pattern[str]) -> tuple[re.Match[str], User] | None:
    """The pressed button's data matched by `pattern`, and who pressed it; None for other buttons."""
    query = update.callback_query
    if query is None or query.data is None:
        return None
    match = pattern.match(query.data)
    return (match, query.from_user) if match is not None else None


# ------------------------------------------------------------------ /announce


async def announce(update: Update, context: Context) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)
    text = command_text(update)

    def draft(session: Session) -> tuple[str, InlineKeyboardMarkup | None]:
        event, refusal = organiser_event(session, user.id, "announce")
        if event is None:
            return t(refusal or "no_event", lang), None
        if not text:
            return t("announce_usage", lang), None
        try:
            broadcast = announcements.draft_announcement(
                session, event, text, created_by=organisers.telegram_actor(user.id)
            )
        except BroadcastError as error:
            return t(f"announce_{error.code}", lang, **error.details), None
        count = announcements.recipient_count(session, event)
        organisers.audit(
            session, event, organisers.telegram_actor(user.id), "announce.draft", broadcast_id=broadcast.id
        )
        buttons = _keyboard(
            [
                (t("button_announce_send", lang), f"ann:{broadcast.id}:send"),
                (t("button_announce_cancel", lang), f"ann:{broadcast.id}:cancel"),
            ]
        )
        return t("announce_preview", lang, count=count, text=broadcast.text), buttons

    reply, markup = await gateway(context).db(draft)
    await send(context, chat.id, reply, markup)


async def announcement_decision(update: Update, context: Context) -> None:
    """Send or Cancel under an announcement's preview (only an organiser of its event may press)."""
    pressed = _pressed(update, DECISION)
    if pressed is None:
        return
    match, user = pressed
    broadcast_id, decision = int(match.group(1)), match.group(2)
    lang = language_of(user)

    def decide(session: Session) -> tuple[str, bool]:
        broadcast = announcements.get(session, broadcast_id)
        if broadcast is None:
            return t("announce_unknown", lang), False
        event = session.get(Event, broadcast.event_id)
        actor = organisers.telegram_actor(user.id)
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command="announce_" + decision)
            return t("organiser_only", lang), False
        if broadcast.status != "draft":
            return t("announce_already", lang), False
        if decision == "cancel":
            announcements.cancel(session, broadcast, actor=actor)
            return t("announce_cancelled", lang), False
        count = announcements.confirm(session, broadcast, actor=actor)
        return t("announce_queued", lang, count=count), True

    shared = gateway(context)
    reply, queued = await shared.db(decide)
    await send(context, await close_keyboard(context, update), reply)
    if queued:
        wake_outbox(shared)


async def change_alert_decision(update: Update, context: Context) -> None:
    """Tell the subscribers, or Cancel, under the preview of a programme-change alert sent after
    a reload (once; organisers of its event only)."""
    pressed = _pressed(update, CHANGES_DECISION)
    if pressed is None:
        return
    match, user = pressed
    draft_id, decision = int(match.group(1)), match.group(2)
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def decide(session: Session) -> tuple[str, bool]:
        draft = announcements.get(session, draft_id)
        event = session.get(Event, draft.event_id) if draft is not None else None
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command="programme_changes_" + decision)
            return t("organiser_only", lang), False
        told = changes.decide_change_alert(
            session, event, draft_id, decision, actor=actor, now=now_in(event.timezone)
        )
        if told is None:
            return t("changes_preview_used", lang), False
        if decision == "cancel":
            return t("changes_not_told", lang), False
        return t("changes_sent", lang, count=told), True

    shared = gateway(context)
    reply, queued = await shared.db(decide)
    await send(context, await close_keyboard(context, update), reply)
    if queued:
        wake_outbox(shared)


# ------------------------------------------------------------------ /publish_results and /unpublish_results


def _event_name(event: Event, lang: str) -> str:
    return localize(event.name, lang, event.languages)


async def _send_long(context: Context, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """A text over Telegram's limit in several messages, the buttons under the last one."""
    *first, last = split_text(text)
    for part in first:
        await send(context, chat_id, part)
    await send(context, chat_id, last, markup)


async def publish_results(update: Update, context: Context) -> None:
    """The results in French and English and the number of subscribers, then the organiser chooses."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def draft(session: Session) -> tuple[str, InlineKeyboardMarkup | None]:
        event, refusal = organiser_event(session, user.id, "publish_results")
        if event is None:
            return t(refusal or "no_event", lang), None
        try:
            token = publication.draft_publication(session, event, actor=organisers.telegram_actor(user.id))
        except publication.PublicationError:
            return t("results_nothing_to_publish", lang), None
        fingerprint = publication.results_fingerprint(event)
        buttons = _keyboard(
            [
                (t("button_results_publish", lang), f"res:{token.id}:publish:{fingerprint}"),
                (t("button_results_announce", lang), f"res:{token.id}:announce:{fingerprint}"),
                (t("button_announce_cancel", lang), f"res:{token.id}:cancel:{fingerprint}"),
            ]
        )
        return publication.preview_text(session, event, lang), buttons

    text, markup = await gateway(context).db(draft)
    await _send_long(context, chat.id, text, markup)


async def publication_decision(update: Update, context: Context) -> None:
    """Publish, Publish and announce, or Cancel under a results preview (once; organisers only)."""
    pressed = _pressed(update, PUBLISH_DECISION)
    if pressed is None:
        return
    match, user = pressed
    draft_id, decision, previewed = int(match.group(1)), match.group(2), match.group(3)
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def decide(session: Session) -> tuple[str, bool]:
        draft = announcements.get(session, draft_id)
        if draft is None or draft.status != "draft":
            return t("results_preview_used", lang), False
        event = session.get(Event, draft.event_id)
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command="publish_results_" + decision)
            return t("organiser_only", lang), False
        if decision != "cancel" and publication.results_fingerprint(event) != previewed:
            if publication.claim_draft(session, draft_id, keep=False):
                organisers.audit(session, event, actor, "results.publication_refused", reason="changed")
            return t("results_preview_stale", lang), False
        if not publication.claim_draft(session, draft_id, keep=decision == "announce"):
            return t("results_preview_used", lang), False
        if decision == "cancel":
            organisers.audit(session, event, actor, "results.publication_cancelled", draft_id=draft_id)
            return t("results_publication_cancelled", lang), False
        try:
            publication.publish(session, event, actor=actor)
        except publication.PublicationError:
            return t("results_nothing_to_publish", lang), False
        if decision == "publish":
            return t("results_published", lang, name=_event_name(event, lang)), False
        session.expire(draft)
        _, count = publication.announce_results(session, event, actor=actor, broadcast=draft)
        return t("results_published_announced", lang, count=count), True

    shared = gateway(context)
    reply, queued = await shared.db(decide)
    chat_id = await close_keyboard(context, update)
    await send(context, chat_id, reply)
    if queued:
        wake_outbox(shared)


async def unpublish_results(update: Update, context: Context) -> None:
    """Ask for a confirmation before hiding the current event's published results."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def confirm(session: Session) -> tuple[str, InlineKeyboardMarkup | None]:
        event, refusal = organiser_event(session, user.id, "unpublish_results")
        if event is None:
            return t(refusal or "no_event", lang), None
        name = _event_name(event, lang)
        if not results_are_public(event):
            return t("unpublish_not_public", lang, name=name), None
        organisers.audit(session, event, organisers.telegram_actor(user.id), "results.unpublish_asked")
        buttons = _keyboard(
            [
                (t("button_results_hide", lang), f"unres:{event.id}:hide"),
                (t("button_announce_cancel", lang), f"unres:{event.id}:cancel"),
            ]
        )
        return t("unpublish_confirm", lang, name=name), buttons

    text, markup = await gateway(context).db(confirm)
    await send(context, chat.id, text, markup)


async def unpublication_decision(update: Update, context: Context) -> None:
    """Hide or Cancel under the confirmation of /unpublish_results (organisers of that event only)."""
    pressed = _pressed(update, UNPUBLISH_DECISION)
    if pressed is None:
        return
    match, user = pressed
    event_id, decision = int(match.group(1)), match.group(2)
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def decide(session: Session) -> str:
        event = session.get(Event, event_id)
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command="unpublish_results_" + decision)
            return t("organiser_only", lang)
        name = _event_name(event, lang)
        if decision == "cancel":
            organisers.audit(session, event, actor, "results.unpublish_cancelled")
            return t("unpublish_cancelled", lang)
        if not publication.unpublish(session, event, actor=actor):
            return t("unpublish_not_public", lang, name=name)
        return t("unpublish_done", lang, name=name)

    reply = await gateway(context).db(decide)
    chat_id = await close_keyboard(context, update)
    await send(context, chat_id, reply)


# ------------------------------------------------------------------ /broadcasts and /stats


async def broadcasts_status(update: Update, context: Context) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def report(session: Session) -> str:
        event, refusal = organiser_event(session, user.id, "broadcasts")
        if event is None:
            return t(refusal or "no_event", lang)
        organisers.audit(session, event, organisers.telegram_actor(user.id), "broadcasts.viewed")
        rows = announcements.status(session, event)
        if not rows:
            return t("broadcasts_none", lang)
        lines = [t("broadcasts_header", lang)]
        for row in rows:
            lines.append(
                t(
                    "broadcast_line",
                    lang,
                    id=row.id,
                    kind=t(f"broadcast_kind_{row.kind}", lang),
                    when=row.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                    preview=row.preview,
                    sent=row.sent,
                    failed=row.failed,
                    pending=row.pending,
                )
            )
        return "\n".join(lines)

    await send(context, chat.id, await gateway(context).db(report))


async def stats(update: Update, context: Context) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def count(session: Session) -> str:
        event, refusal = organiser_event(session, user.id, "stats")
        if event is None:
            return t(refusal or "no_event", lang)
        organisers.audit(session, event, organisers.telegram_actor(user.id), "stats.viewed")
        teams = session.scalar(
            select(func.count(Team.id)).where(Team.event_id == event.id, Team.withdrawn_at.is_(None))
        )
        members = session.scalar(select(func.count(TeamMember.id)).where(TeamMember.event_id == event.id))
        return t(
            "stats",
            lang,
            subscribers=subscriptions.count(session, event),
            teams=teams or 0,
            members=members or 0,
            organisers=len(organisers.list_organisers(session, event)),
        )

    await send(context, chat.id, await gateway(context).db(count))


# ------------------------------------------------------------------ background


async def outbox_and_reminders(shared: Gateway, stop: asyncio.Event) -> None:
    """The outbox worker, and the reminders queued as they fall due, until `stop` is set."""
    worker = OutboxWorker(shared.engine, bot_sender(shared.bot), pacer=shared.pacer)
    shared.extras[OUTBOX_WORKER] = worker
    lead = reminders.reminder_lead()

    async def remind() -> None:
        while not stop.is_set():
            try:
                queued = await shared.db(lambda session: reminders.queue_due(session, lead))
            except Exception:  # a failing look must not stop the worker; it is retried
                logger.exception("Could not queue the reminders that fall due")
                queued = 0
            if queued:
                logger.info("Queued %d reminder(s)", queued)
                worker.wake()
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), REMINDER_POLL)

    await asyncio.gather(worker.run(stop), remind())
