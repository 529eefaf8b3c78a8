"""Sign-off tier routing on the labelled posts in tests/data/tiers_eval.jsonl.

Prints accuracy, the confusion matrix, every misrouted post (id and tag only, never its text),
whether any major post was routed as ordinary, and throughput on People's Daily paragraphs.

Usage (from the repo root): .venv/bin/python benchmarks/tiers_eval.py [--policy default] [--strict]
`--strict` exits 1 when accuracy < 0.85 or a major post is routed as ordinary.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import people_daily_text  # noqa: E402
from benchmarks.evalkit import confusion, format_confusion, load_jsonl  # noqa: E402
from review_pipeline import Document, Pipeline, load_policy  # noqa: E402
from review_pipeline.pipeline import build_checker  # noqa: E402

EVAL = ROOT / "tests" / "data" / "tiers_eval.jsonl"
LABELS = ["ordinary", "important", "major"]
TARGET = 0.85


def tiers_pipeline(policy_name: str = "default") -> Pipeline:
    """A pipeline running only the tiers checker of `policy_name` (other checkers do not route)."""
    policy = load_policy(policy_name)
    options = {k: v for k, v in policy.checkers.get("tiers", {}).items() if k != "enabled"}
    return Pipeline(policy, [build_checker(policy, "tiers", options)])


def evaluate(pipeline: Pipeline, path: Path = EVAL) -> dict:
    """Predicted tier for each labelled row; accuracy, confusion table and the misses."""
    rows = load_jsonl(path)
    pairs, misses = [], []
    for row in rows:
        verdict = pipeline.review(Document(text=row["text"], title=row.get("title") or None, id=row["id"]))
        pairs.append((row["tier"], verdict.sign_off.tier))
        if row["tier"] != verdict.sign_off.tier:
            misses.append((row["id"], row.get("tag", ""), row["tier"], verdict.sign_off.tier))
    correct = sum(e == p for e, p in pairs)
    table = confusion(pairs, LABELS)
    return {
        "n": len(rows),
        "accuracy": correct / len(rows),
        "table": table,
        "misses": misses,
        "major_as_ordinary": table["major"]["ordinary"],
    }


def throughput(pipeline: Pipeline, posts: int = 300, chars: int = 800) -> float:
    """Posts per second on real news prose (People's Daily 1998 paragraphs)."""
    docs = [Document(text=people_daily_text(chars, seed=i)) for i in range(posts)]
    started = time.perf_counter()
    for doc in docs:
        pipeline.review(doc)
    return posts / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default="default")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    pipeline = tiers_pipeline(args.policy)
    result = evaluate(pipeline)
    print(f"tiers eval: {result['n']} posts, accuracy {result['accuracy']:.3f} (target >= {TARGET})")
    print(format_confusion(result["table"]))
    print(f"major routed as ordinary: {result['major_as_ordinary']}")
    for row_id, tag, expected, predicted in result["misses"]:
        print(f"  miss {row_id} [{tag}] expected {expected}, got {predicted}")
    print(f"throughput: {throughput(pipeline):.0f} posts/s (800-char posts, tiers checker only)")
    ok = result["accuracy"] >= TARGET and result["major_as_ordinary"] == 0
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
