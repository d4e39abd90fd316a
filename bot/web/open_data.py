"""An event's public data as JSON, for other sites to reuse (`GET /events/<slug>.json`).

Results (the winners and the follow-up) are included only once published
(`bot.events.results.results_are_public`); before that `results` is null.

The keys (format `hackbot-event/1`; keys are only ever added, never renamed):

- `format`: "hackbot-event/1".
- `slug`, `name`, `organiser`, `description`, `audience`: the event; `timezone`: its IANA zone;
  `starts`, `ends`: its first and last days (YYYY-MM-DD); `languages`: the pack's language codes;
  `is_current`: whether it is the event the assistant answers about.
- `venue`: {`name`, `address`, `map_url`}; `contact`: {`email`, `phone`, `url`} (each may be null).
- `links`: {`page`, `calendar`: {`fr`, `en`}, `data`}: the event's web page, its iCalendar file in
  each language, and this data.
- `sessions`: [{`id`, `title`, `kind`, `starts`, `ends`, `location`, `description`}], in time order;
  times are ISO 8601 with the zone's UTC offset; `ends` is null when the pack gives no end.
- `challenges`: [{`id`, `title`, `summary`, `details`, `owner`, `theme`, `keywords`}].
- `rules`: [{`id`, `topic`, `text`}]; `faq`: [{`id`, `question`, `answer`}].
- `mentors`: [{`name`, `expertise` (list of texts), `bio`, `available`}];
  `jury`: [{`name`, `role`, `chair`}].
- `prizes`: [{`id`, `name`, `description`, `reward`}].
- `results`: null until published; then {`published_at` (UTC, ISO 8601, or null),
  `awards`: [{`prize` (a prize id), `prize_name`, `team`, `project`, `summary`}], `follow_up`}.

A text is an object {"fr": ..., "en": ...} with both languages (a text the pack gives in one
language only is repeated), or null when the pack has none. Names of people and teams are plain
strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.i18n import SUPPORTED_LANGUAGES, localize
from bot.core.models import Event, LocalText
from bot.events.results import results_are_public
from bot.events.timeline import ordered_sessions

FORMAT = "hackbot-event/1"


def _text(text: LocalText | None, event: Event) -> dict[str, str] | None:
    if not text:
        return None
    return {lang: localize(text, lang, event.languages) for lang in SUPPORTED_LANGUAGES}


def _moment(value: dt.datetime | None, zone: ZoneInfo) -> str | None:
    return value.replace(tzinfo=zone).isoformat() if value else None


def _results(event: Event) -> dict[str, Any] | None:
    if not results_are_public(event):
        return None
    assert event.results is not None
    published_at = event.results.published_at
    return {
        "published_at": published_at.replace(tzinfo=dt.UTC).isoformat() if published_at else None,
        "awards": [
            {
                "prize": award.prize.key,
                "prize_name": _text(award.prize.name, event),
                "team": award.team,
                "project": _text(award.project, event),
                "summary": _text(award.summary, event),
            }
            for award in event.awards
        ],
        "follow_up": _text(event.results.follow_up, event),
    }


def event_data(event: Event, links: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The public data of `event` (relationships loaded), as documented above."""
    zone = ZoneInfo(event.timezone)
    return {
        "format": FORMAT,
        "slug": event.slug,
        "name": _text(event.name, event),
        "organiser": _text(event.organiser, event),
        "description": _text(event.description, event),
        "audience": _text(event.audience, event),
        "timezone": event.timezone,
        "starts": event.starts.isoformat(),
        "ends": event.ends.isoformat(),
        "languages": list(event.languages),
        "is_current": bool(event.is_current),
        "venue": {
            "name": _text(event.venue_name, event),
            "address": event.venue_address,
            "map_url": event.venue_map_url,
        },
        "contact": {"email": event.contact_email, "phone": event.contact_phone, "url": event.contact_url},
        "links": dict(links or {}),
        "sessions": [
            {
                "id": s.key,
                "title": _text(s.title, event),
                "kind": s.kind,
                "starts": _moment(s.starts, zone),
                "ends": _moment(s.ends, zone),
                "location": _text(s.location, event),
                "description": _text(s.description, event),
            }
            for s in ordered_sessions(event)
        ],
        "challenges": [
            {
                "id": c.key,
                "title": _text(c.title, event),
                "summary": _text(c.summary, event),
                "details": _text(c.details, event),
                "owner": _text(c.owner, event),
                "theme": _text(c.theme, event),
                "keywords": list(c.keywords or []),
            }
            for c in event.challenges
        ],
        "rules": [
            {"id": r.key, "topic": _text(r.topic, event), "text": _text(r.text, event)} for r in event.rules
        ],
        "faq": [
            {"id": f.key, "question": _text(f.question, event), "answer": _text(f.answer, event)}
            for f in event.faq
        ],
        "mentors": [
            {
                "name": m.name,
                "expertise": [_text(e, event) for e in m.expertise or [] if e],
                "bio": _text(m.bio, event),
                "available": _text(m.available, event),
            }
            for m in event.mentors
        ],
        "jury": [{"name": j.name, "role": _text(j.role, event), "chair": bool(j.chair)} for j in event.jury],
        "prizes": [
            {
                "id": p.key,
                "name": _text(p.name, event),
                "description": _text(p.description, event),
                "reward": _text(p.reward, event),
            }
            for p in event.prizes
        ],
        "results": _results(event),
    }
