"""How well the assistant understands questions as people type them, on event packs it never saw.

Usage: .venv/bin/python bench/understanding.py [SET ...] [--show-failures] [--json FILE]

A set is a folder with `pack.yml` (an event pack) and `questions.yml`:

    now: "2027-10-14T13:45"          # the event-local time the questions are asked at
    questions:
      - id: en-001
        lang: en
        kind: faq                    # faq, mentor, challenge, session, time, day, now_next, rule, ...
        question: "wifi pasword?"
        expect: [["HackNet", "hacknet"], ["welcome2027"]]   # every fact, one spelling of each
        forbidden: []                # strings a reply must not contain (a guess, an embargoed winner)

For each set the bench loads the pack into a new SQLite database as the current event, starts
the stack (action server and Rasa server, the clock frozen at `now`), asks every question as a
new user (one conversation per question, the user's language as the channel's language code),
and scores the reply (its texts and its buttons' titles): right when it contains one spelling
of every expected fact and none of the forbidden strings, compared without case, accents or
typographic spaces, clock times compared whichever way they are written. `no_answer` and
`results_embargo` questions are the "must not guess" cases: right when the reply shows none of
the forbidden strings.

Prints, per language and per kind, the share of questions answered right, the share of "must
not guess" cases that did not guess, and the median and 95th-percentile time of a turn; then,
in this process, what retrieval adds to a turn (embedding the question and searching the index,
median and 95th percentile over the set's questions) and the memory the encoder and the index
take (resident set size before and after).
`--show-failures` prints each wrong reply: for dev sets only. A blind set is scored once,
before any tuning, and its failures are not read (bench/understanding/README.md).

Sets: the dev sets of bench/understanding/ by default; a blind set (`blind-*`) is scored only
when named, once.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "bench" / "understanding"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.packs import database_with_current_pack  # noqa: E402
from support.ports import free_port  # noqa: E402

from bot.cli.services import running  # noqa: E402
from bot.core.db import make_engine, session_scope  # noqa: E402
from bot.core.settings import StackConfig  # noqa: E402

MUST_NOT_GUESS = frozenset({"no_answer", "results_embargo"})


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    kind: str
    question: str
    expect: tuple[tuple[str, ...], ...]
    forbidden: tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    question: Question
    reply: str
    right: bool
    seconds: float


_CLOCK_12H = re.compile(r"\b(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\b\.?")
_RANGE_12H = re.compile(r"\b(\d{1,2}(?::\d{2})?) ?(?:-|–|to) ?(\d{1,2}(?::\d{2})?) ?([ap])\.?m\b\.?")
_CLOCK_FR = re.compile(r"\b(\d{1,2}) ?h ?(\d{2})?\b")
_CLOCK = re.compile(r"\b0?(\d{1,2}):(\d{2})\b")


def _twelve_hour(match: re.Match[str]) -> str:
    hour = int(match.group(1)) % 12 + (12 if match.group(3) == "p" else 0)
    return f"{hour}:{match.group(2) or '00'}"


def folded(text: str) -> str:
    """Lower case, no accents, one kind of space and apostrophe, and clock times written one way
    ("14 h 30", "14h30", "2:30 pm" and "14:30" all read "14:30"): how facts are looked for."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text)
    text = _RANGE_12H.sub(lambda m: f"{m.group(1)} {m.group(3)}m–{m.group(2)} {m.group(3)}m", text)
    text = _CLOCK_12H.sub(_twelve_hour, text)
    text = _CLOCK_FR.sub(lambda m: f"{int(m.group(1))}:{m.group(2) or '00'}", text)
    return _CLOCK.sub(lambda m: f"{int(m.group(1))}:{m.group(2)}", text)


def is_right(question: Question, reply: str) -> bool:
    found = folded(reply)
    if any(folded(word) in found for word in question.forbidden):
        return False
    return all(any(folded(spelling) in found for spelling in fact) for fact in question.expect)


def read_questions(path: Path) -> tuple[str, list[Question]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [
        Question(
            id=str(q["id"]),
            lang=str(q["lang"]),
            kind=str(q["kind"]),
            question=str(q["question"]),
            expect=tuple(tuple(str(s) for s in fact) for fact in q.get("expect") or []),
            forbidden=tuple(str(s) for s in q.get("forbidden") or []),
        )
        for q in data["questions"]
    ]
    return str(data["now"]), questions


def reply_text(messages: list[dict[str, Any]]) -> str:
    parts = []
    for message in messages:
        parts.append(str(message.get("text") or ""))
        parts += [str(button.get("title") or "") for button in message.get("buttons") or []]
    return "\n".join(part for part in parts if part)


def score_set(folder: Path, workdir: Path) -> list[Scored]:
    now, questions = read_questions(folder / "questions.yml")
    url = database_with_current_pack(workdir / f"{folder.name}.sqlite3", folder / "pack.yml")
    config = StackConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        database_url=url,
        log_dir=workdir / "log",
        extra_env={"HACKBOT_NOW": now},
    )
    scored = []
    with running(config) as stack, httpx.Client(timeout=60) as client:
        for question in questions:
            body = {
                "sender": f"bench-{uuid.uuid4().hex[:10]}",
                "message": question.question,
                "metadata": {"language_code": question.lang},
            }
            started = time.perf_counter()
            response = client.post(stack.rest_webhook, json=body)
            seconds = time.perf_counter() - started
            response.raise_for_status()
            reply = reply_text(response.json())
            scored.append(Scored(question, reply, is_right(question, reply), seconds))
    return scored


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_retrieval(folder: Path, workdir: Path) -> None:
    """The cost of understanding by meaning, measured in this process on the set's questions."""
    from bot.events import lookup
    from bot.understanding.encoder import CachedEncoder, E5Small
    from bot.understanding.index import build_index

    _, questions = read_questions(folder / "questions.yml")
    url = database_with_current_pack(workdir / f"{folder.name}-retrieval.sqlite3", folder / "pack.yml")
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = lookup.CurrentEventCache().get(session)
    engine.dispose()
    assert event is not None
    before = resident_mb()
    encoder = CachedEncoder(E5Small())
    encoder.queries(["warm up"])
    started = time.perf_counter()
    index = build_index(event, encoder)
    built = time.perf_counter() - started
    after = resident_mb()
    costs, embedding = [], []
    for question in questions:
        started = time.perf_counter()
        encoder.queries([question.question])
        embedded = time.perf_counter()
        index.search(question.question)  # the question's vector is remembered: the search alone
        costs.append(time.perf_counter() - started)
        embedding.append(embedded - started)
    costs.sort()
    median, p95 = 1000 * statistics.median(costs), 1000 * costs[int(0.95 * (len(costs) - 1))]
    print(
        f"  retrieval: {len(index.passages)} passages indexed in {built:.1f} s; per question median "
        f"{median:.1f} ms (embedding {1000 * statistics.median(embedding):.1f} ms), p95 {p95:.1f} ms; "
        f"encoder and index {after - before:.0f} MB resident"
    )


def share(results: list[Scored]) -> str:
    right = sum(r.right for r in results)
    return f"{right}/{len(results)} ({100 * right / len(results):.0f} %)" if results else "-"


def report(name: str, results: list[Scored], show_failures: bool) -> None:
    print(f"\n== {name}: {len(results)} questions")
    for lang in sorted({r.question.lang for r in results}):
        mine = [r for r in results if r.question.lang == lang]
        answerable = [r for r in mine if r.question.kind not in MUST_NOT_GUESS]
        guarded = [r for r in mine if r.question.kind in MUST_NOT_GUESS]
        print(f"  {lang}: answered right {share(answerable)}; must not guess, did not: {share(guarded)}")
        by_kind: dict[str, list[Scored]] = defaultdict(list)
        for r in mine:
            by_kind[r.question.kind].append(r)
        print("    " + ", ".join(f"{kind} {share(rs)}" for kind, rs in sorted(by_kind.items())))
    times = sorted(r.seconds for r in results)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"  turn: median {1000 * statistics.median(times):.0f} ms, p95 {1000 * p95:.0f} ms")
    if show_failures:
        for r in results:
            if not r.right:
                q = r.question
                print(f"\n  ✗ {q.id} [{q.kind}] {q.question!r}")
                print(f"    expect {q.expect} forbidden {q.forbidden}")
                print("    reply: " + r.reply.replace("\n", "\n           ")[:600])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, help="set folders (default: the dev sets)")
    parser.add_argument("--show-failures", action="store_true", help="print wrong replies (dev sets only)")
    parser.add_argument("--json", type=Path, help="write every question, reply and verdict here")
    args = parser.parse_args(argv)
    named = [path if path.exists() else SETS / path for path in args.sets]  # a path, or a set's name
    folders = named or sorted(
        p for p in SETS.iterdir() if (p / "questions.yml").exists() and not p.name.startswith("blind-")
    )
    everything: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="hackbot-understanding-") as tmp:
        for folder in folders:
            results = score_set(folder, Path(tmp))
            report(folder.name, results, args.show_failures)
            measure_retrieval(folder, Path(tmp))
            everything[folder.name] = [asdict(r) for r in results]
    if args.json:
        args.json.write_text(json.dumps(everything, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
