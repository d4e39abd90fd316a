"""The hand-off in the conversation: an honest "I don't know" offers to ask the organisers, and
the asker's yes passes the question on (bot.inbox.questions).

Only people the organisers' reply can reach are offered it: a Telegram user (the reply comes in
their chat) and a web visitor (it shows on the page at their next visit, from the same browser).
The offer is a button whose payload is `PASS_ON_PAYLOAD`; typing "ask the organisers" does the
same. Either passes on the asker's own latest unanswered question, never anyone else's.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from bot.answers.replies import Ask, Button, Reply, is_payload
from bot.inbox.questions import Asker, pass_on, record

PASS_ON_PAYLOAD = "/pass_on"
WEB_SENDER_PREFIX = "web-"
"""The web page's senders (bot.web.chat.sender_of), which reach Rasa over its REST channel."""


def asker_of(channel: str, user_id: str) -> Asker:
    """Who writes, as the inbox knows them: a Telegram user, a web page's visitor, or another
    REST client (the terminal chat), whom no reply can reach."""
    if channel == "telegram":
        return Asker("telegram", user_id)
    if user_id.startswith(WEB_SENDER_PREFIX):
        return Asker("web", user_id)
    return Asker("rest", user_id)


def reachable(asker: Asker) -> bool:
    return asker.channel in {"telegram", "web"}


def offer_hand_off(session: Session, ask: Ask, asker: Asker, reply: Reply) -> Reply:
    """An unanswered reply: the question counted and, when a reply can reach the asker, the
    offer to pass it on to the organisers added."""
    if not reply.unanswered or is_payload(ask.text) or not ask.text.strip():
        return reply
    record(session, ask.event, asker, ask.lang, ask.text)
    if not reachable(asker):
        return reply
    return replace(reply, buttons=(*reply.buttons, Button(ask.say("button_pass_on"), PASS_ON_PAYLOAD)))


def answer_pass_on(session: Session, ask: Ask, asker: Asker) -> Reply:
    """The asker's yes: their latest unanswered question goes to the organisers' inbox."""
    if not reachable(asker):
        return Reply(ask.say("pass_on_unavailable"))
    if pass_on(session, ask.event, asker) is None:
        return Reply(ask.say("pass_on_nothing"))
    return Reply(ask.say(f"passed_on_{asker.channel}"))
