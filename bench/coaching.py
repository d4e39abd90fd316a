"""How well the method coach recommends, end to end over REST, on requests it never saw.

Usage: .venv/bin/python bench/coaching.py [--questions FILE] [--show-failures]

Each set in `bench/coaching/` holds requests for a method as participants type them, written from
the catalogue alone by someone who had not read the coach's code, each with the stage it is about,
the time it says the team has (if any), whether the team can reach real users, and the methods
that would be good answers. `questions.yml` (a) and `questions-c.yml` are dev sets now (read and
tuned on); `questions-b.yml` was scored before and after one round of changes, only its figures
read; `questions-d.yml` was scored once, blind, after the changes. A new set is blind until scored.

The bench starts the stack (action server and Rasa server) on
the demo event, the clock frozen on its last morning, asks each request as a new user, and reads
the methods the reply recommends (by their names). A reply is right when one of them is a good
answer (and, more loosely, of its stage when one of them serves the stage the request is about);
it oversteps when one of them takes longer, at its quickest, than the time said. A reply
that asks for the stage is answered with the question's stage button, as a user would.

Prints, per language, the requests answered right and those that overstepped the time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.methods import recommended  # noqa: E402
from support.packs import DEMO_PACK, database_with_current_pack  # noqa: E402
from support.ports import free_port  # noqa: E402

from bot.cli.services import running  # noqa: E402
from bot.core.settings import StackConfig  # noqa: E402
from bot.methods.catalogue import load_catalogue  # noqa: E402

QUESTIONS = ROOT / "bench" / "coaching" / "questions.yml"
NOW = "2027-03-17T09:30"  # the demo event's last morning: the final pitches are at 13:30


@dataclass(frozen=True)
class Outcome:
    question: dict[str, Any]
    reply: str
    recommended: list[str]
    right: bool
    of_its_stage: bool
    """One of the methods serves the stage the request is about (a looser test than `right`)."""
    overstepped: bool


def ask(client: httpx.Client, url: str, sender: str, text: str, lang: str) -> list[dict[str, Any]]:
    body = {"sender": sender, "message": text, "metadata": {"language_code": lang}}
    response = client.post(url, json=body)
    response.raise_for_status()
    answer: list[dict[str, Any]] = response.json()
    return answer


def score(client: httpx.Client, url: str, question: dict[str, Any]) -> Outcome:
    sender, lang = f"coach-{uuid.uuid4().hex[:10]}", str(question["lang"])
    messages = ask(client, url, sender, str(question["question"]), lang)
    stage_button = f"/ask_method{json.dumps({'method_stage': question['stage']}, separators=(',', ':'))}"
    if any(b.get("payload") == stage_button for m in messages for b in m.get("buttons") or []):
        messages = ask(client, url, sender, stage_button, lang)  # the stage asked: its button pressed
    reply = "\n".join(str(m.get("text") or "") for m in messages)
    methods = recommended(reply, lang)
    catalogue = load_catalogue().by_id()
    limit = question.get("max_minutes")
    overstepped = limit is not None and any(catalogue[m].minutes.minimum > int(limit) for m in methods)
    right = bool(set(methods) & set(question["acceptable"])) and not overstepped
    of_its_stage = any(question["stage"] in catalogue[m].stages for m in methods) and not overstepped
    return Outcome(question, reply, methods, right, of_its_stage, overstepped)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))["questions"]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        config = StackConfig(
            rasa_port=free_port(),
            actions_port=free_port(),
            database_url=database_with_current_pack(workdir / "coaching.sqlite3", DEMO_PACK),
            log_dir=workdir / "log",
            extra_env={"HACKBOT_NOW": NOW},
        )
        with running(config) as stack, httpx.Client(timeout=60) as client:
            outcomes = [score(client, stack.rest_webhook, question) for question in questions]
    for lang in ("en", "fr"):
        mine = [o for o in outcomes if o.question["lang"] == lang]
        right = sum(o.right for o in mine)
        staged = sum(o.of_its_stage for o in mine)
        over = sum(o.overstepped for o in mine)
        none = sum(not o.recommended for o in mine)
        print(
            f"{lang}: right {right}/{len(mine)}; a method of its stage {staged}/{len(mine)}; "
            f"a method longer than the time said: {over}; no method given (another answer): {none}"
        )
    if args.show_failures:
        for o in outcomes:
            if not o.right:
                print(f"\n✗ {o.question['id']} {o.question['question']!r} -> {o.recommended}")
                print("  " + o.reply.replace("\n", "\n  ")[:500])
    return 0


if __name__ == "__main__":
    sys.exit(main())
