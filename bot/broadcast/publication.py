"""Publishing an event's results, and hiding them again: explicit organiser operations, audited.

Results (awards and follow-up) come from the event pack; nothing of them is public until an
organiser publishes them, from the command line (`hackbot results publish SLUG [--announce]`)
or on Telegram (/publish_results: a preview in French and English, then Publish, Publish and
announce, or Cancel). `publish` makes them public (again, after a correction: reloading the
pack with new awards updates them, and publishing again records the new publication);
`announce_results` queues one message per subscriber, in the subscriber's language, through the
broadcast outbox; `unpublish` hides them again. Loading a pack whose results say
`published: true` publishes them too (`bot.events.loader`), never the other way round.

On Telegram the preview is a draft announcement (`draft_publication`): the organiser's choice
claims it once (`claim_draft`), so a second press of a button does nothing, and the
fingerprint of the previewed results (`results_fingerprint`) is checked so that results
changed after the preview are never published unseen.

Every step is written to the audit log (`bot.events.organisers.audit`). Functions take the
caller's session and only flush; times are naive UTC.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.broadcast.announcements import MAX_TEXT_LENGTH, telegram_length
from bot.broadcast.reminders import reader_language
from bot.core.clock import utcnow
from bot.core.i18n import SUPPORTED_LANGUAGES, localize
from bot.core.models import Broadcast, Event, Results
from bot.core.texts import t
from bot.events import subscriptions
from bot.events.organisers import audit
from bot.events.results import award_line, follow_up_text, palmares, results_are_public

PREVIEW_LANGUAGES = SUPPORTED_LANGUAGES
"""The preview shows the results in every language the assistant speaks (French and English)."""
FINGERPRINT_LENGTH = 12


class PublicationError(ValueError):
    """Results that cannot be published; `code`: `no_awards`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Publication:
    """What `publish` did."""

    again: bool
    """The results were public already (published again, e.g. after a correction)."""
    awards: int
    fingerprint: str


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def results_fingerprint(event: Event) -> str:
    """A short digest of the awards and follow-up: it changes whenever the results are corrected."""
    content = {
        "awards": [
            {"prize": a.prize.key, "team": a.team, "project": a.project, "summary": a.summary}
            for a in event.awards
        ],
        "follow_up": event.results.follow_up if event.results else None,
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


# ------------------------------------------------------------------ texts


def results_text(event: Event, lang: str, *, summaries: bool = True) -> str:
    """The palmarès and, if the pack has one, what happens next (published or not: for organisers)."""
    if summaries:
        lines = palmares(event, lang)
    else:
        first_lines = (award_line(event, a, lang).split("\n")[0] for a in event.awards)
        lines = [t("results_header", lang), *first_lines]
    follow_up = follow_up_text(event, lang)
    if follow_up:
        lines += ["", t("results_follow_up_label", lang, text=follow_up)]
    return "\n".join(lines)


def announcement_text(event: Event, lang: str) -> str:
    """The message subscribers receive in `lang`, cut to fit one Telegram message."""
    name = localize(event.name, lang, event.languages)
    for summaries in (True, False):
        text = "\n\n".join(
            [
                t("results_announcement", lang, name=name),
                results_text(event, lang, summaries=summaries),
                t("results_announcement_ask", lang),
            ]
        )
        if telegram_length(text) <= MAX_TEXT_LENGTH:
            return text
    return _cut(text, MAX_TEXT_LENGTH)


def _cut(text: str, limit: int) -> str:
    """The text cut to `limit` UTF-16 code units, "…" marking the cut."""
    text = text[: limit - 1]
    while telegram_length(text) > limit - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def preview_text(session: Session, event: Event, lang: str) -> str:
    """What an organiser sees before publishing: the announcement in each language, the recipients."""
    name = localize(event.name, lang, event.languages)
    parts = [t("results_preview", lang, name=name)]
    if results_are_public(event):
        parts.append(t("results_preview_already_public", lang))
    for code in PREVIEW_LANGUAGES:
        parts.append(f"[{code.upper()}]\n{announcement_text(event, code)}")
    parts.append(t("results_preview_recipients", lang, count=subscriptions.count(session, event)))
    return "\n\n".join(parts)


# ------------------------------------------------------------------ publishing


def publish(session: Session, event: Event, *, actor: str) -> Publication:
    """Make the event's results public (again: a re-publication records the new date).

    PublicationError `no_awards` if the pack gives no awards (nothing would be published)."""
    if not event.awards:
        raise PublicationError("no_awards")
    if event.results is None:
        event.results = Results(published=False)
    again = event.results.published
    event.results.published = True
    event.results.published_at = utcnow()
    session.flush()
    fingerprint = results_fingerprint(event)
    audit(
        session,
        event,
        actor,
        "results.published",
        again=again,
        awards=len(event.awards),
        fingerprint=fingerprint,
    )
    return Publication(again=again, awards=len(event.awards), fingerprint=fingerprint)


def unpublish(session: Session, event: Event, *, actor: str) -> bool:
    """Hide the event's results again; False (and nothing audited) if they were not public."""
    if not results_are_public(event):
        return False
    assert event.results is not None
    event.results.published = False
    event.results.published_at = None
    session.flush()
    audit(session, event, actor, "results.unpublished", fingerprint=results_fingerprint(event))
    return True


def announce_results(
    session: Session, event: Event, *, actor: str, broadcast: Broadcast | None = None
) -> tuple[Broadcast, int]:
    """Queue the published results to every active subscriber, each in their language.

    `broadcast`: a claimed draft to use (Telegram), else a new announcement. Returns the
    broadcast and its number of recipients."""
    if not results_are_public(event):
        raise PublicationError("not_public")
    if broadcast is None:
        broadcast = _results_announcement(session, event, actor, "queued")
    else:
        broadcast.status, broadcast.text = "queued", announcement_text(event, _first_language(event))
    session.flush()
    texts: dict[str, str] = {}
    messages = []
    for subscriber in subscriptions.active(session, event):
        lang = reader_language(subscriber.language, event)
        if lang not in texts:
            texts[lang] = announcement_text(event, lang)
        messages.append((subscriber.chat_id, subscriber.chat_type, texts[lang]))
    recipients = announcements.queue_messages(session, broadcast, messages)
    audit(
        session,
        event,
        actor,
        "broadcast.queued",
        broadcast_id=broadcast.id,
        kind=broadcast.kind,
        recipients=recipients,
        preview=announcements.preview(broadcast.text),
        results=True,
    )
    return broadcast, recipients


def _first_language(event: Event) -> str:
    """The language of a broadcast's stored text: the event's first language."""
    return reader_language(event.languages[0] if event.languages else "", event)


def _results_announcement(session: Session, event: Event, actor: str, status: str) -> Broadcast:
    """A new announcement of the event's results (its text in the event's first language)."""
    broadcast = Broadcast(
        event_id=event.id,
        kind=announcements.ANNOUNCEMENT,
        status=status,
        text=announcement_text(event, _first_language(event)),
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(broadcast)
    return broadcast


# ------------------------------------------------------------------ Telegram's preview and choice


def draft_publication(session: Session, event: Event, *, actor: str) -> Broadcast:
    """The preview's token: a draft announcement of the results, decided once by `claim_draft`."""
    if not event.awards:
        raise PublicationError("no_awards")
    draft = _results_announcement(session, event, actor, "draft")
    session.flush()
    audit(
        session,
        event,
        actor,
        "results.previewed",
        draft_id=draft.id,
        fingerprint=results_fingerprint(event),
    )
    return draft


def claim_draft(session: Session, draft_id: int, *, keep: bool) -> bool:
    """Take the decision on a preview, once: True for the first caller only (even at the same moment).

    `keep`: the draft becomes the queued announcement (Publish and announce); otherwise it is
    deleted (Publish, Cancel), so no empty announcement shows in the broadcasts' progress."""
    if keep:
        statement: Any = (
            update(Broadcast)
            .where(Broadcast.id == draft_id, Broadcast.status == "draft")
            .values(status="queued")
        )
    else:
        statement = delete(Broadcast).where(Broadcast.id == draft_id, Broadcast.status == "draft")
    return _rowcount(session.execute(statement, execution_options={"synchronize_session": False})) == 1
