"""Publishing and hiding results (bot.broadcast.publication), corrections through the pack
(bot.events.loader), the
announcement to subscribers in their language, and the audit log of every step."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.packs import DEMO_PACK

from bot.broadcast import publication
from bot.broadcast.announcements import MAX_TEXT_LENGTH, telegram_length
from bot.broadcast.publication import PublicationError
from bot.core.models import AuditEntry, Broadcast, Event, OutboxMessage
from bot.core.texts import t
from bot.events import lookup, subscriptions
from bot.events.loader import load_pack
from bot.events.pack import Pack, ResultsSpec, parse_pack
from bot.events.results import results_are_public

SLUG = "fenua-innovation-2027"


def demo_pack(**results: Any) -> Pack:
    """The demo pack, its `results` changed by `results` (e.g. published=True, awards=[...])."""
    pack = parse_pack(DEMO_PACK)
    assert pack.results is not None
    return pack.model_copy(update={"results": pack.results.model_copy(update=results)})


def load(session: Session, pack: Pack) -> Event:
    load_pack(session, pack, make_current=True)
    event = lookup.get_event(session, pack.event.slug)
    assert event is not None
    return event


def audit_rows(session: Session, event: Event) -> list[tuple[str, str, dict[str, Any]]]:
    rows = session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id))
    return [(row.actor, row.action, row.details) for row in rows]


def test_publish_then_publish_again_then_unpublish_each_audited(session: Session) -> None:
    event = load(session, demo_pack())
    assert not results_are_public(event) and audit_rows(session, event) == []

    first = publication.publish(session, event, actor="cli")
    assert results_are_public(event) and event.results is not None and event.results.published_at is not None
    assert (first.again, first.awards) == (False, 3)
    again = publication.publish(session, event, actor="telegram:42")
    assert again.again and again.fingerprint == first.fingerprint

    assert publication.unpublish(session, event, actor="cli")
    assert not results_are_public(event) and event.results.published_at is None
    assert not publication.unpublish(session, event, actor="cli"), "nothing to hide: nothing audited"
    fingerprint = first.fingerprint
    assert audit_rows(session, event) == [
        ("cli", "results.published", {"again": False, "awards": 3, "fingerprint": fingerprint}),
        ("telegram:42", "results.published", {"again": True, "awards": 3, "fingerprint": fingerprint}),
        ("cli", "results.unpublished", {"fingerprint": fingerprint}),
    ]


def test_nothing_to_publish_without_awards(session: Session) -> None:
    event = load(session, demo_pack(awards=[]))
    with pytest.raises(PublicationError) as raised:
        publication.publish(session, event, actor="cli")
    assert raised.value.code == "no_awards"
    with pytest.raises(PublicationError):
        publication.draft_publication(session, event, actor="cli")
    assert not results_are_public(event) and audit_rows(session, event) == []


def test_a_pack_publishes_but_never_hides_and_corrections_of_public_results_are_audited(
    session: Session,
) -> None:
    event = load(session, demo_pack())
    report = load_pack(session, demo_pack(published=True))
    assert report.published_now and "  results: published" in report.summary()
    assert results_are_public(event)
    assert audit_rows(session, event) == [("cli", "results.published", {"via": "pack", "awards": 3})]

    # `published: false` in a reloaded pack does not hide them: only `unpublish` does.
    pack = demo_pack(published=False)
    assert not load_pack(session, pack).changed
    assert results_are_public(event)

    # A corrected team name is public at once, and the correction is audited.
    before = publication.results_fingerprint(event)
    awards = list(pack.results.awards)  # type: ignore[union-attr]
    awards[0] = awards[0].model_copy(update={"team": "Te Ara Hou"})
    report = load_pack(session, demo_pack(awards=awards))
    assert report.public_results_changed
    assert any("the published results changed" in line for line in report.summary())
    assert event.awards[0].team == "Te Ara Hou" and publication.results_fingerprint(event) != before
    assert audit_rows(session, event)[-1] == (
        "cli",
        "results.changed",
        {"via": "pack", "awards": "1 updated"},
    )


def test_corrections_of_unpublished_results_are_not_audited(session: Session) -> None:
    event = load(session, demo_pack())
    awards = list(demo_pack().results.awards)  # type: ignore[union-attr]
    report = load_pack(session, demo_pack(awards=awards[:2]))
    assert report.changes["awards"].removed == 1 and not report.public_results_changed
    assert audit_rows(session, event) == []


def subscribe(session: Session, event: Event) -> None:
    subscriptions.subscribe(session, event, 101, language="fr")
    subscriptions.subscribe(session, event, 102, language="en")
    subscriptions.subscribe(session, event, 103, language="de")  # the event's first language: French
    subscriptions.subscribe(session, event, -104, language="en", chat_type="group")
    subscriptions.subscribe(session, event, 105, language="en")
    subscriptions.unsubscribe(session, event, 105)


def test_announcing_sends_one_message_per_subscriber_in_their_language(session: Session) -> None:
    event = load(session, demo_pack())
    subscribe(session, event)
    with pytest.raises(PublicationError):
        publication.announce_results(session, event, actor="cli")  # not public yet
    publication.publish(session, event, actor="cli")
    broadcast, count = publication.announce_results(session, event, actor="cli")
    assert count == 4 and broadcast.status == "queued" and broadcast.kind == "announcement"
    rows = {
        row.chat_id: row.text
        for row in session.scalars(select(OutboxMessage).where(OutboxMessage.broadcast_id == broadcast.id))
    }
    assert set(rows) == {101, 102, 103, -104}
    assert rows[101] == rows[103] == publication.announcement_text(event, "fr")
    assert rows[102] == rows[-104] == publication.announcement_text(event, "en")
    assert rows[101].startswith(
        t("results_announcement", "fr", name="Hackathon Fenua Innovation publique 2027")
    )
    for award in event.awards:
        assert award.team in rows[101] and award.project is not None and award.project["en"] in rows[102]
    assert event.results is not None and event.results.follow_up is not None
    assert event.results.follow_up["en"] in rows[102]
    actions = [action for _, action, _ in audit_rows(session, event)]
    assert actions == ["results.published", "broadcast.queued"]
    assert audit_rows(session, event)[-1][2]["recipients"] == 4


def test_the_announcement_fits_one_telegram_message_however_long_the_results(session: Session) -> None:
    pack = demo_pack()
    assert pack.results is not None
    award = pack.results.awards[0]
    long = award.model_copy(
        update={"summary": {"fr": "Très long résumé. " * 40, "en": "A long summary. " * 40}}
    )
    event = load(session, demo_pack(awards=[long] * 60))
    for lang in ("fr", "en"):
        text = publication.announcement_text(event, lang)
        assert telegram_length(text) <= MAX_TEXT_LENGTH
        assert "Te Ara (illustrative)" in text
    few = load(session, demo_pack(awards=[long] * 3))
    assert "Très long résumé." in publication.announcement_text(few, "fr"), "summaries kept when they fit"


def test_the_preview_shows_both_languages_and_the_recipients(session: Session) -> None:
    event = load(session, demo_pack())
    subscribe(session, event)
    text = publication.preview_text(session, event, "en")
    assert text.startswith(t("results_preview", "en", name="Fenua Public Innovation Hackathon 2027"))
    assert "[FR]\n" + publication.announcement_text(event, "fr") in text
    assert "[EN]\n" + publication.announcement_text(event, "en") in text
    assert t("results_preview_recipients", "en", count=4) in text
    assert t("results_preview_already_public", "en") not in text
    publication.publish(session, event, actor="cli")
    assert t("results_preview_already_public", "fr") in publication.preview_text(session, event, "fr")


def test_a_preview_is_decided_once(session: Session) -> None:
    event = load(session, demo_pack())
    kept = publication.draft_publication(session, event, actor="telegram:7").id
    dropped = publication.draft_publication(session, event, actor="telegram:7").id
    assert publication.claim_draft(session, kept, keep=True)
    assert not publication.claim_draft(session, kept, keep=True)
    assert not publication.claim_draft(session, kept, keep=False)
    assert publication.claim_draft(session, dropped, keep=False)
    assert not publication.claim_draft(session, dropped, keep=True)
    assert session.scalar(select(Broadcast.id).where(Broadcast.id == dropped)) is None
    assert session.scalar(select(Broadcast.status).where(Broadcast.id == kept)) == "queued"
    assert [action for _, action, _ in audit_rows(session, event)] == ["results.previewed"] * 2


def test_the_fingerprint_follows_the_results_only(session: Session) -> None:
    event = load(session, demo_pack())
    fingerprint = publication.results_fingerprint(event)
    assert len(fingerprint) == publication.FINGERPRINT_LENGTH
    publication.publish(session, event, actor="cli")
    assert publication.results_fingerprint(event) == fingerprint
    results = demo_pack().results
    assert isinstance(results, ResultsSpec)
    load_pack(session, demo_pack(follow_up={"fr": "Autre suite.", "en": "Another follow-up."}))
    assert publication.results_fingerprint(event) != fingerprint
