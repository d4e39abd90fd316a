"""The inbox: questions the assistant had no answer to, passed on to the organisers, and their
replies sent back to whoever asked.

Every honest "I don't know" is recorded (`record`, status `unanswered`), so organisers can see
what people wanted to know. The asker may pass it on (the button, or "ask the organisers"):
`pass_on` takes their latest unanswered question of the last `PASS_ON_WITHIN`, makes it `open`
and tells each organiser of the event on Telegram, through the outbox like every send. An
organiser answers (`answer`, from Telegram or `hackbot inbox answer`) or sets it aside
(`dismiss`); the reply reaches the asker in the organiser's words: queued in the outbox for a
Telegram user, kept for a web visitor until their page asks (`replies_for`). Each function works
in the caller's session; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.broadcast.announcements import MAX_TEXT_LENGTH, clean_text, message, queue_messages, telegram_length
from bot.core.clock import utcnow
from bot.core.models import Broadcast, Event, FaqItem, LocalText, Question
from bot.core.texts import t
from bot.events.loader import INBOX_FAQ_PREFIX
from bot.events.organisers import audit, list_organisers

MAX_QUESTION_LENGTH = 1000
"""What is kept of a question (longer ones are cut): enough for any real question."""
PASS_ON_WITHIN = dt.timedelta(minutes=30)
"""How long after the assistant's "I don't know" the asker can still pass the question on."""
BUTTON_PREFIX = "inbox"


class InboxError(Exception):
    """What an organiser asked cannot be done: `code` says why (`not_found`, `closed`, `empty`,
    `too_long`, `not_answered`, `in_faq`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Asker:
    """Who asked, on which channel: a Telegram user id, or the web page's sender."""

    channel: str
    user_id: str


def record(session: Session, event: Event, asker: Asker, language: str, text: str) -> Question:
    """Count a question the assistant could not answer (nothing is sent)."""
    question = Question(
        event_id=event.id,
        channel=asker.channel,
        user_id=asker.user_id,
        language=language,
        text=text.strip()[:MAX_QUESTION_LENGTH],
        status="unanswered",
        asked_at=utcnow(),
    )
    session.add(question)
    session.flush()
    return question


def latest_unanswered(session: Session, event: Event, asker: Asker) -> Question | None:
    """The asker's last question the assistant could not answer, if recent enough to pass on."""
    query = (
        select(Question)
        .where(
            Question.event_id == event.id,
            Question.channel == asker.channel,
            Question.user_id == asker.user_id,
            Question.status == "unanswered",
            Question.asked_at >= utcnow() - PASS_ON_WITHIN,
        )
        .order_by(Question.asked_at.desc(), Question.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def pass_on(session: Session, event: Event, asker: Asker) -> Question | None:
    """Put the asker's latest unanswered question in the inbox and tell the organisers; None
    when there is none to pass on (too old, or passed on already)."""
    question = latest_unanswered(session, event, asker)
    if question is None:
        return None
    if not _move(session, question, "unanswered", status="open", passed_on_at=utcnow()):
        return None  # passed on at the same moment by a second press
    _tell_organisers(session, event, question)
    return question


def _move(session: Session, question: Question, from_status: str, **values: object) -> bool:
    """Set `values` on the question only if it is still `from_status` (one statement, so two
    organisers, or two presses, at the same moment cannot both do it); whether it did."""
    taken = session.execute(
        update(Question).where(Question.id == question.id, Question.status == from_status).values(**values),
        execution_options={"synchronize_session": False},
    )
    session.refresh(question)
    return getattr(taken, "rowcount", 0) == 1


def _tell_organisers(session: Session, event: Event, question: Question) -> int:
    organisers = list_organisers(session, event)
    if not organisers:
        return 0
    lang = event.languages[0] if event.languages else "fr"
    text = t("inbox_new_question", lang, id=question.id, language=question.language, question=question.text)
    broadcast = _message(session, question, text, created_by="inbox")
    return queue_messages(
        session,
        broadcast,
        ((o.telegram_user_id, "private", text) for o in organisers),
        buttons=[
            (t("button_inbox_reply", lang), button_data("reply", question.id)),
            (t("button_inbox_dismiss", lang), button_data("dismiss", question.id)),
        ],
    )


def button_data(action: str, question_id: int) -> str:
    """A button under an inbox message: `inbox:<reply|dismiss|faq>:<question id>` (≤ 64 bytes)."""
    return f"{BUTTON_PREFIX}:{action}:{question_id}"


def _message(session: Session, question: Question, text: str, *, created_by: str) -> Broadcast:
    """A message about `question` (deleted with it), queued at once."""
    return message(session, question.event_id, text, created_by=created_by, question_id=question.id)


def find(session: Session, event: Event, question_id: int) -> Question:
    """A question of the event's inbox (passed on); InboxError `not_found` otherwise."""
    question = session.get(Question, question_id)
    if question is None or question.event_id != event.id or question.status == "unanswered":
        raise InboxError("not_found")
    return question


def inbox(session: Session, event: Event, *, include_closed: bool = False) -> list[Question]:
    """The questions passed on to the organisers, oldest first; the open ones only by default."""
    statuses = ("open", "answered", "dismissed") if include_closed else ("open",)
    query = (
        select(Question)
        .where(Question.event_id == event.id, Question.status.in_(statuses))
        .order_by(Question.passed_on_at, Question.id)
    )
    return list(session.scalars(query))


def answer(session: Session, event: Event, question_id: int, text: str, *, by: str) -> Question:
    """An organiser's reply, sent back to the asker in their words: queued for a Telegram user,
    kept for a web visitor. InboxError when the question is not open or the reply unfit."""
    reply = clean_text(text)
    if not reply:
        raise InboxError("empty")
    question = find(session, event, question_id)
    message = t("inbox_reply", question.language, question=question.text, answer=reply)
    if telegram_length(message) > MAX_TEXT_LENGTH:
        raise InboxError("too_long")
    now = utcnow()
    if not _move(session, question, "open", status="answered", answer=reply, answered_by=by, answered_at=now):
        raise InboxError("closed")  # answered or dismissed meanwhile, by another organiser
    if question.channel == "telegram":
        broadcast = _message(session, question, message, created_by=by)
        queue_messages(session, broadcast, [(int(question.user_id), "private", message)])
        question.delivered_at = now
    audit(session, event, by, "inbox.answered", question_id=question.id, length=len(reply))
    return question


def dismiss(session: Session, event: Event, question_id: int, *, by: str) -> Question:
    """Set an open question aside (no reply is sent); InboxError `closed` if it is not open."""
    question = find(session, event, question_id)
    if not _move(session, question, "open", status="dismissed", answered_by=by, answered_at=utcnow()):
        raise InboxError("closed")
    audit(session, event, by, "inbox.dismissed", question_id=question.id)
    return question


def add_to_faq(
    session: Session,
    event: Event,
    question_id: int,
    *,
    by: str,
    question: LocalText | None = None,
    answer: LocalText | None = None,
) -> FaqItem:
    """An answered question made an FAQ item of the event, answered from then on: its words and
    its answer in the asker's language, or the `question` and `answer` given (in one language
    or both). `hackbot event export` writes it back to the pack. InboxError `not_answered`."""
    asked = find(session, event, question_id)
    if asked.status != "answered" or asked.answer is None:
        raise InboxError("not_answered")
    key = f"{INBOX_FAQ_PREFIX}{asked.id}"
    if any(item.key == key for item in event.faq):
        raise InboxError("in_faq")
    item = FaqItem(
        key=key,
        position=max((item.position for item in event.faq), default=-1) + 1,
        question=question or {asked.language: asked.text},
        answer=answer or {asked.language: asked.answer},
    )
    event.faq.append(item)
    session.flush()
    audit(session, event, by, "inbox.added_to_faq", question_id=asked.id, faq=key)
    return item


def replies_for(session: Session, asker: Asker) -> list[str]:
    """The organisers' replies not yet shown to a web visitor, as messages in their language;
    marked as shown."""
    query = (
        select(Question)
        .where(
            Question.channel == asker.channel,
            Question.user_id == asker.user_id,
            Question.status == "answered",
            Question.delivered_at.is_(None),
        )
        .order_by(Question.answered_at, Question.id)
    )
    found = list(session.scalars(query))
    now = utcnow()
    for question in found:
        question.delivered_at = now
    return [t("inbox_reply", q.language, question=q.text, answer=q.answer or "") for q in found]
