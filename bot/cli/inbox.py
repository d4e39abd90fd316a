"""`hackbot inbox`: the questions the assistant could not answer and their askers passed on to
the organisers; an answer goes back to the asker (bot.inbox.questions)."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.orm import Session

from bot.cli.arguments import positive_int, with_event
from bot.core.models import Event, Question
from bot.events.organisers import CLI_ACTOR
from bot.inbox import questions
from bot.inbox.questions import InboxError
from bot.inbox.stats import frequent_unanswered

ERRORS = {
    "not_answered": "answer question #{id} first (hackbot inbox answer {id} TEXT)",
    "in_faq": "question #{id} is in the FAQ already",
    "not_found": "there is no question #{id} in the inbox of {event}",
    "closed": "question #{id} has already been answered or set aside",
    "empty": "the answer is empty",
    "too_long": "the answer is too long for one Telegram message",
}


def add_inbox_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inbox = commands.add_parser("inbox", help="questions passed on to the organisers, and their answers")
    inbox_commands = inbox.add_subparsers(title="inbox commands", metavar="COMMAND", required=True)
    listing = inbox_commands.add_parser("list", help="the questions waiting for an answer")
    listing.add_argument("--all", action="store_true", help="also those answered or set aside")
    show = inbox_commands.add_parser("show", help="one question, its asker's channel and its answer")
    show.add_argument("id", type=positive_int)
    answer = inbox_commands.add_parser("answer", help="answer a question: the asker gets it on their channel")
    answer.add_argument("id", type=positive_int)
    answer.add_argument("text", metavar="TEXT", help="the answer, as plain text")
    dismiss = inbox_commands.add_parser("dismiss", help="set a question aside (nothing is sent)")
    dismiss.add_argument("id", type=positive_int)
    faq = inbox_commands.add_parser("faq", help="make an answered question an FAQ item of the event")
    faq.add_argument("id", type=positive_int)
    for lang in ("fr", "en"):
        faq.add_argument(
            f"--question-{lang}", metavar="TEXT", help=f"the question in {lang} (default: the asker's words)"
        )
        faq.add_argument(
            f"--answer-{lang}", metavar="TEXT", help=f"the answer in {lang} (default: the reply sent)"
        )
    stats = inbox_commands.add_parser(
        "stats", help="what the assistant could not answer, grouped by meaning, most asked first"
    )
    stats.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="how many groups (default 20)"
    )
    for parser, handler in (
        (listing, inbox_list),
        (show, inbox_show),
        (answer, inbox_answer),
        (dismiss, inbox_dismiss),
        (faq, inbox_faq),
        (stats, inbox_stats),
    ):
        parser.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
        parser.set_defaults(handler=handler)


def _line(question: Question) -> str:
    text = question.text if len(question.text) <= 80 else question.text[:79] + "…"
    passed = question.passed_on_at.strftime("%Y-%m-%d %H:%M") if question.passed_on_at else "-"
    where = f"{question.channel:<8} {question.language}"
    return f"#{question.id:<5} {question.status:<9} {passed} UTC  {where}  {text}"


def inbox_list(args: argparse.Namespace) -> int:
    def show(session: Session, event: Event) -> int:
        found = questions.inbox(session, event, include_closed=args.all)
        if not found:
            print(f"No question waiting for an answer in {event.slug}." if not args.all else "No question.")
        for question in found:
            print(_line(question))
        return 0

    return with_event(args, show)


def _failed(error: InboxError, args: argparse.Namespace, event: Event) -> int:
    print(f"error: {ERRORS[error.code].format(id=args.id, event=event.slug)}", file=sys.stderr)
    return 2


def inbox_show(args: argparse.Namespace) -> int:
    def show(session: Session, event: Event) -> int:
        try:
            question = questions.find(session, event, args.id)
        except InboxError as error:
            return _failed(error, args, event)
        print(_line(question))
        print(f"question: {question.text}")
        if question.answer:
            print(f"answer ({question.answered_by}): {question.answer}")
        elif question.status == "dismissed":
            print(f"set aside by {question.answered_by}")
        return 0

    return with_event(args, show)


def inbox_answer(args: argparse.Namespace) -> int:
    def answer(session: Session, event: Event) -> int:
        try:
            question = questions.answer(session, event, args.id, args.text, by=CLI_ACTOR)
        except InboxError as error:
            return _failed(error, args, event)
        if question.channel == "telegram":
            print(f"Answer to #{question.id} queued: the Telegram gateway sends it to the asker.")
        else:
            print(f"Answer to #{question.id} saved: the asker sees it at their next visit to the web page.")
        return 0

    return with_event(args, answer)


def inbox_dismiss(args: argparse.Namespace) -> int:
    def dismiss(session: Session, event: Event) -> int:
        try:
            question = questions.dismiss(session, event, args.id, by=CLI_ACTOR)
        except InboxError as error:
            return _failed(error, args, event)
        print(f"Question #{question.id} set aside.")
        return 0

    return with_event(args, dismiss)


def inbox_stats(args: argparse.Namespace) -> int:
    from bot.understanding.encoder import shared_encoder  # loads the sentence encoder: only here

    def count(session: Session, event: Event) -> int:
        groups = frequent_unanswered(session, event, shared_encoder().queries)
        if not groups:
            print(f"The assistant has answered every question about {event.slug} so far.")
            return 0
        total = sum(group.count for group in groups)
        print(f"{total} question(s) the assistant could not answer, in {len(groups)} group(s) by meaning:")
        for group in groups[: args.limit]:
            when = group.last_asked.strftime("%Y-%m-%d %H:%M") if group.last_asked else "-"
            languages = ",".join(sorted(group.languages))
            counts = f"{group.count:>4}×  {group.passed_on:>3} passed on"
            print(f"{counts}  {languages:<5}  last {when} UTC  {group.example}")
        return 0

    return with_event(args, count)


def inbox_faq(args: argparse.Namespace) -> int:
    def given(kind: str) -> dict[str, str] | None:
        texts = {lang: text for lang in ("fr", "en") if (text := getattr(args, f"{kind}_{lang}"))}
        return texts or None

    def add(session: Session, event: Event) -> int:
        try:
            item = questions.add_to_faq(
                session, event, args.id, by=CLI_ACTOR, question=given("question"), answer=given("answer")
            )
        except InboxError as error:
            return _failed(error, args, event)
        print(
            f"Question #{args.id} is now the FAQ item {item.key} of {event.slug}, answered from now on. "
            f"Keep it in the pack: hackbot event export {event.slug} -o FILE."
        )
        return 0

    return with_event(args, add)
