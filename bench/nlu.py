"""Intent F1 of the trained model on the held-out NLU sets, one per language.

Usage: .venv/bin/python bench/nlu.py [--model models/hackbot.tar.gz] [--json]

Runs `rasa test nlu` (in the Rasa environment) on tests/nlu/test_nlu_<lang>.yml
and prints, per language, the weighted and macro intent F1, the accuracy, and
the most frequent confusions. The reference for the figures is the same
model's F1 on the other language, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr")


def evaluate(model: Path, language: str, rasa: Path) -> dict[str, object]:
    test_file = ROOT / "tests" / "nlu" / f"test_nlu_{language}.yml"
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", SQLALCHEMY_SILENCE_UBER_WARNING="1")
        subprocess.run(
            [str(rasa), "test", "nlu", "--model", str(model), "--nlu", str(test_file), "--out", out],
            check=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        report = json.loads((Path(out) / "intent_report.json").read_text())
        errors_path = Path(out) / "intent_errors.json"
        errors = json.loads(errors_path.read_text()) if errors_path.exists() else []
    confusions = Counter(
        f"{e['intent']} -> {e['intent_prediction']['name']}" for e in errors if e.get("intent_prediction")
    )
    return {
        "language": language,
        "examples": int(report["weighted avg"]["support"]),
        "f1_weighted": round(report["weighted avg"]["f1-score"], 4),
        "f1_macro": round(report["macro avg"]["f1-score"], 4),
        "accuracy": round(report["accuracy"], 4),
        "top_confusions": confusions.most_common(5),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "hackbot.tar.gz")
    parser.add_argument("--rasa", type=Path, default=ROOT / ".venv-rasa" / "bin" / "rasa")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results = [evaluate(args.model, language, args.rasa) for language in LANGUAGES]
    if args.json:
        print(json.dumps(results))
        return 0
    for r in results:
        print(
            f"{r['language']}: intent F1 weighted {r['f1_weighted']:.3f}, macro {r['f1_macro']:.3f}, "
            f"accuracy {r['accuracy']:.3f} on {r['examples']} held-out examples"
        )
        for confusion, count in r["top_confusions"]:  # type: ignore[attr-defined]
            print(f"    {count} x {confusion}")
    gap = abs(float(results[0]["f1_weighted"]) - float(results[1]["f1_weighted"]))  # type: ignore[arg-type]
    print(f"gap between languages (weighted F1): {gap:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
