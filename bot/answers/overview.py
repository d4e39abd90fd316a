"""The event itself: what, when, where, who organises it, who takes part, how to reach the organisers."""

from __future__ import annotations

from bot.answers.replies import Ask, Reply
from bot.core.models import Event
from bot.core.timefmt import format_date, format_date_range


def event_days(event: Event) -> int:
    return (event.ends - event.starts).days + 1


def _dates(ask: Ask) -> str:
    return format_date_range(ask.event.starts, ask.event.ends, ask.lang)


def _venue_line(ask: Ask) -> str:
    event = ask.event
    parts = [p for p in (ask.local(event.venue_name), event.venue_address or "") if p]
    return ", ".join(parts)


def answer_event(ask: Ask) -> Reply:
    """What the event is, when, where, who organises it and who takes part, briefly."""
    event = ask.event
    lines = [ask.local(event.name)]
    description = ask.local(event.description)
    if description:
        lines.append(description)
    lines.append(ask.say("event_when", dates=_dates(ask)))
    venue = _venue_line(ask)
    if venue:
        lines.append(ask.say("event_where", venue=venue))
    lines.append(ask.say("event_organiser", organiser=ask.local(event.organiser)))
    audience = ask.local(event.audience)
    if audience:
        lines.append(ask.say("event_audience", audience=audience))
    return Reply("\n".join(lines))


def answer_dates(ask: Ask) -> Reply:
    """The event's dates and where we stand relative to them."""
    event, today = ask.event, ask.now.date()
    days = event_days(event)
    lines = [ask.say("dates", name=ask.local(event.name), dates=_dates(ask), days=days)]
    if today < event.starts:
        count = (event.starts - today).days
        lines.append(ask.say("dates_tomorrow") if count == 1 else ask.say("dates_in_days", count=count))
    elif today <= event.ends:
        lines.append(ask.say("dates_today", day=(today - event.starts).days + 1, days=days))
    else:
        lines.append(ask.say("dates_past", day=format_date(event.ends, ask.lang)))
    return Reply(" ".join(lines))


def _in_sentence(text: str) -> str:
    """Pack text placed before a full stop of ours: without its own."""
    return text.rstrip(" .")


def answer_organiser(ask: Ask) -> Reply:
    organiser = _in_sentence(ask.local(ask.event.organiser))
    return Reply(ask.say("organiser", name=ask.local(ask.event.name), organiser=organiser))


def answer_audience(ask: Ask) -> Reply:
    audience = _in_sentence(ask.local(ask.event.audience))
    if not audience:
        return Reply(ask.say("audience_unknown", organiser=ask.local(ask.event.organiser)))
    return Reply(ask.say("audience", name=ask.local(ask.event.name), audience=audience))


def answer_venue(ask: Ask) -> Reply:
    """The venue's name, address and map link, and the other places sessions use."""
    event = ask.event
    name = ask.local(event.venue_name)
    lines = []
    if name or event.venue_address:
        lines.append(ask.say("venue", venue=_venue_line(ask)))
    if event.venue_map_url:
        lines.append(ask.say("venue_map", url=event.venue_map_url))
    # Rooms of the venue ("INET" at "INET, Strasbourg") are not other places.
    locations = (ask.local(s.location) for s in event.sessions)
    places = list(dict.fromkeys(p for p in locations if p and p.casefold() not in name.casefold()))
    if places:
        lines.append(ask.say("venue_sessions", places=", ".join(places)))
    if not lines:
        return Reply(ask.say("venue_unknown", organiser=ask.local(event.organiser)))
    return Reply("\n".join(lines))


def answer_contact(ask: Ask) -> Reply:
    """E-mail, phone and web site of the organisers; if none, who the organisers are."""
    event = ask.event
    lines = []
    if event.contact_email:
        lines.append(ask.say("contact_email", email=event.contact_email))
    if event.contact_phone:
        lines.append(ask.say("contact_phone", phone=event.contact_phone))
    if event.contact_url:
        lines.append(ask.say("contact_url", url=event.contact_url))
    organiser = ask.local(event.organiser)
    if not lines:
        return Reply(ask.say("contact_none", organiser=organiser))
    return Reply("\n".join([ask.say("contact_header", organiser=organiser), *lines]))
