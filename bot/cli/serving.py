"""`hackbot setup`, `serve`, `chat` and `telegram`: prepare, run and talk to the assistant."""

from __future__ import annotations

import argparse
import sys

from bot.cli.arguments import url_from


def add_run_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    setup = commands.add_parser(
        "setup", help="migrate the database and load the demo event (current if no event is)"
    )
    setup.set_defaults(handler=run_setup)
    serve = commands.add_parser(
        "serve", help="start the action server and the Rasa server, then chat in the terminal"
    )
    chat_mode = serve.add_mutually_exclusive_group()
    chat_mode.add_argument("--chat", dest="chat", action="store_true", default=None, help="open the chat")
    chat_mode.add_argument("--no-chat", dest="chat", action="store_false", help="only run the servers")
    serve.set_defaults(handler=run_serve)
    chat = commands.add_parser("chat", help="chat with a running assistant over the REST channel")
    chat.add_argument("--url", help="Rasa server (default: http://$HACKBOT_HOST:$HACKBOT_RASA_PORT)")
    chat.add_argument("--sender", help="conversation id (default: terminal-<user>)")
    chat.add_argument("--language", help="language code sent as metadata, as Telegram does (fr, en)")
    chat.set_defaults(handler=run_chat)


def run_setup(args: argparse.Namespace) -> int:
    from bot.cli.run import setup

    setup(url_from(args))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.cli.run import serve
    from bot.cli.services import ServiceError, with_secrets
    from bot.core.migrations import upgrade
    from bot.core.secrets import kept_secret
    from bot.core.settings import StackConfig

    url = url_from(args)
    upgrade(url)  # at every start: an upgraded hackbot brings its database along
    config = with_secrets(replace(StackConfig.from_env(), database_url=url), kept_secret)
    try:
        return serve(config, chat=args.chat)
    except ServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def run_chat(args: argparse.Namespace) -> int:
    from bot.cli.chat import Conversation, default_sender, repl
    from bot.core.settings import StackConfig
    from bot.rasa_client import RasaClient

    metadata = {"language_code": args.language} if args.language else {}
    client = RasaClient(args.url or StackConfig.from_env().rasa_url)
    try:
        repl(Conversation(client, args.sender or default_sender(), metadata))
    finally:
        client.close()
    return 0


def add_telegram_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    telegram = commands.add_parser(
        "telegram",
        help="run the Telegram gateway (long polling; a webhook when TELEGRAM_WEBHOOK_URL is set)",
        description=(
            "Connect the bot to Telegram and pass participants' messages to a running Rasa server. "
            "Settings: TELEGRAM_BOT_TOKEN (required), TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_URL, "
            "TELEGRAM_WEBHOOK_SECRET, TELEGRAM_WEBHOOK_LISTEN, TELEGRAM_WEBHOOK_PORT, TELEGRAM_CHAT_INTERVAL."
        ),
    )
    telegram.add_argument("--rasa-url", help="Rasa server (default: http://$HACKBOT_HOST:$HACKBOT_RASA_PORT)")
    telegram.set_defaults(handler=run_telegram)


def run_telegram(args: argparse.Namespace) -> int:
    from bot.telegram.app import main as run_gateway
    from bot.telegram.config import TelegramConfig, TelegramConfigError
    from bot.telegram.inbox import add_inbox_commands
    from bot.telegram.jury import add_jury_commands
    from bot.telegram.mentors import add_mentor_commands, mentor_escalations
    from bot.telegram.organisers import add_organiser_commands, outbox_and_reminders
    from bot.telegram.public_vote import add_public_vote_commands

    try:
        config = TelegramConfig.from_env(rasa_url=args.rasa_url, database_url=url_from(args))
    except TelegramConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return run_gateway(
        config,
        extensions=[
            add_organiser_commands,
            add_inbox_commands,
            add_mentor_commands,
            add_jury_commands,
            add_public_vote_commands,
        ],
        background=[outbox_and_reminders, mentor_escalations],
    )
