"""The challenges teams can pick: the list, and one challenge in detail.

A challenge is found from a button payload (`/ask_challenge{"challenge":"<key>"}`)
or its bare key, from its position ("challenge 2", "défi n°2", "the second
challenge", "le dernier défi"), or by matching the text against its title,
keywords, theme, owner and summary in every language.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from bot.answers.replies import Ask, Button, Reply
from bot.core.i18n import all_variants
from bot.core.matching import informative_tokens, leaders, normalize, ordinal_position, rank_weighted
from bot.core.models import Challenge, Event

CHALLENGE_THRESHOLD = 0.55
TIE_MARGIN = 0.05
MAX_BUTTONS = 10
BUTTON_TITLE_LENGTH = 48
CHALLENGE_NOUNS = ("challenge", "defi", "sujet", "theme", "thematique", "probleme", "problematique", "track")
_PAYLOAD = re.compile(r"\{.*\}", re.DOTALL)


def challenge_payload(key: str) -> str:
    """The button payload that asks for one challenge, as Rasa parses it."""
    return "/ask_challenge" + json.dumps({"challenge": key}, separators=(",", ":"))


def challenge_fields(challenge: Challenge) -> list[tuple[str, float]]:
    """The texts a challenge is recognised by, with how much each counts."""
    fields = [(text, 1.0) for text in all_variants(challenge.title)]
    fields += [(word, 1.0) for word in challenge.keywords or []]
    fields += [(text, 0.8) for text in all_variants(challenge.theme) + all_variants(challenge.owner)]
    fields += [(text, 0.75) for text in all_variants(challenge.summary)]
    return fields


def by_key(event: Event, text: str) -> Challenge | None:
    """The challenge a button payload or a bare key names."""
    keys = {c.key.casefold(): c for c in event.challenges}
    candidate = text.strip().casefold()
    payload = _PAYLOAD.search(text)
    if payload:
        try:
            data = json.loads(payload.group(0))
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("challenge"), str):
            candidate = data["challenge"].strip().casefold()
    return keys.get(candidate)


def by_position(event: Event, text: str) -> int | None:
    """The 1-based position a text names ("challenge 2", "le dernier défi", "3"), or None."""
    position = ordinal_position(text, CHALLENGE_NOUNS)
    if position is None and re.fullmatch(r"\d{1,2}", normalize(text)):
        position = int(normalize(text))
    if position == -1:
        return len(event.challenges)
    return position


def find_challenges(event: Event, text: str) -> list[Challenge]:
    """The challenges the text matches best (several when equally good), in list order."""
    challenges = list(event.challenges)
    ranked = rank_weighted(
        text, [(i, challenge_fields(c)) for i, c in enumerate(challenges)], threshold=CHALLENGE_THRESHOLD
    )
    return [challenges[i] for i in sorted(leaders(ranked, TIE_MARGIN))]


def _number(event: Event, challenge: Challenge) -> int:
    return list(event.challenges).index(challenge) + 1


def _buttons(ask: Ask, challenges: list[Challenge]) -> tuple[Button, ...]:
    if len(challenges) > MAX_BUTTONS:
        return ()
    buttons = []
    for challenge in challenges:
        title = f"{_number(ask.event, challenge)}. {ask.local(challenge.title)}"
        if len(title) > BUTTON_TITLE_LENGTH:
            title = title[: BUTTON_TITLE_LENGTH - 1].rstrip() + "…"
        buttons.append(Button(title, challenge_payload(challenge.key)))
    return tuple(buttons)


def _list_lines(ask: Ask, challenges: list[Challenge]) -> list[str]:
    return [
        ask.say(
            "challenge_item",
            number=_number(ask.event, c),
            title=ask.local(c.title),
            summary=ask.local(c.summary),
        )
        for c in challenges
    ]


def _listing(ask: Ask, header: str) -> Reply:
    challenges = list(ask.event.challenges)
    lines = [header, *_list_lines(ask, challenges), ask.say("challenges_hint")]
    return Reply("\n".join(lines), _buttons(ask, challenges))


def answer_challenges(ask: Ask) -> Reply:
    """The numbered list of challenges with a one-line summary each (and buttons, up to 10)."""
    count = len(ask.event.challenges)
    if count == 0:
        return Reply(ask.say("challenges_none"))
    if count == 1:
        return Reply(ask.say("challenges_one") + "\n\n" + describe_challenge(ask, ask.event.challenges[0]))
    return _listing(ask, ask.say("challenges_header", count=count))


def describe_challenge(ask: Ask, challenge: Challenge) -> str:
    """A challenge in full: title, owner, theme, summary, details."""
    lines = [
        ask.say("challenge_title", number=_number(ask.event, challenge), title=ask.local(challenge.title))
    ]
    owner, theme = ask.local(challenge.owner), ask.local(challenge.theme)
    if owner:
        lines.append(ask.say("challenge_owner", owner=owner))
    if theme:
        lines.append(ask.say("challenge_theme", theme=theme))
    lines.append(ask.local(challenge.summary))
    details = ask.local(challenge.details)
    if details:
        lines.append(details)
    return "\n".join(lines)


def answer_challenge(ask: Ask) -> Reply:
    """One challenge in detail; if none is clearly meant, say so and list them."""
    event = ask.event
    challenges = list(event.challenges)
    if not challenges:
        return Reply(ask.say("challenges_none"))
    chosen = by_key(event, ask.text)
    if chosen:
        return Reply(describe_challenge(ask, chosen))
    position = by_position(event, ask.text)
    if position is not None:
        if 1 <= position <= len(challenges):
            return Reply(describe_challenge(ask, challenges[position - 1]))
        return _listing(ask, ask.say("challenge_no_such_number", number=position, count=len(challenges)))
    if not informative_tokens(ask.text):
        if len(challenges) == 1:
            return Reply(describe_challenge(ask, challenges[0]))
        return _listing(ask, ask.say("challenge_which"))
    found = find_challenges(event, ask.text)
    if len(found) == 1:
        return Reply(describe_challenge(ask, found[0]))
    if found:
        lines = [ask.say("challenge_several"), *_list_lines(ask, found)]
        return Reply("\n".join(lines), _buttons(ask, found))
    return replace(_listing(ask, ask.say("challenge_not_found")), unanswered=True)
