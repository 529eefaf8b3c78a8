"""Precision and recall of the tone and engagement checkers on tests/data/tone_eval.jsonl.

Each case lists the rule ids it must raise (`rules`, empty for a legitimate post). A case is a
positive for a checker when any of its expected rules belongs to that checker, and predicted
positive when the checker reports anything; per-rule numbers compare rule ids the same way.
Also times both checkers over a seeded People's Daily corpus (neutral news prose, where any
finding is a false alarm worth reading).

Usage (from the repo root): .venv/bin/python benchmarks/tone_eval.py [--corpus-posts 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import people_daily_text  # noqa: E402
from benchmarks.evalkit import load_jsonl, precision_recall  # noqa: E402
from review_pipeline.checkers.base import CheckContext  # noqa: E402
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions  # noqa: E402
from review_pipeline.checkers.tone import ToneChecker, ToneOptions  # noqa: E402
from review_pipeline.models import Document, Finding  # noqa: E402

EVAL = ROOT / "tests" / "data" / "tone_eval.jsonl"
RULES = [
    "tone/personal_opinion",
    "tone/emotional",
    "tone/hostile_address",
    "tone/derision",
    "engagement/forced_download",
    "engagement/forced_share",
    "engagement/follower_incentive",
    "engagement/statutory_app",
]


def run_checkers(checkers: list, doc: Document) -> list[Finding]:
    """Findings of both checkers on one document, sharing one context as the pipeline does."""
    context = CheckContext(doc)
    return [f for checker in checkers for f in checker.check(doc, context)]


def evaluate(checkers: list) -> dict[str, dict[str, float]]:
    """Case-level scores: overall, per checker and per rule."""
    rows = load_jsonl(EVAL)
    pairs: dict[str, list[tuple[bool, bool]]] = {key: [] for key in ["all", "tone", "engagement", *RULES]}
    misses: list[str] = []
    for row in rows:
        doc = Document(text=row["text"], title=row.get("title"))
        found = {f.rule for f in run_checkers(checkers, doc)}
        expected = set(row["rules"])
        pairs["all"].append((bool(expected), bool(found)))
        for checker in ("tone", "engagement"):
            exp = any(r.startswith(checker + "/") for r in expected)
            got = any(r.startswith(checker + "/") for r in found)
            pairs[checker].append((exp, got))
        for rule in RULES:
            pairs[rule].append((rule in expected, rule in found))
        if found != expected:
            misses.append(f"  {row['id']}: expected {sorted(expected)} found {sorted(found)}")
    if misses:
        print("cases whose rule sets differ:", *misses, sep="\n")
    return {key: precision_recall(value) for key, value in pairs.items()}


def time_corpus(checkers: list, posts: int) -> tuple[float, int, int]:
    """(ms per post, chars, findings) over `posts` seeded 800-character news posts."""
    docs = [Document(text=people_daily_text(800, seed=i)) for i in range(posts)]
    run_checkers(checkers, docs[0])  # warm up jieba and OpenCC outside the timing
    started = time.perf_counter()
    findings = sum(len(run_checkers(checkers, doc)) for doc in docs)
    elapsed = time.perf_counter() - started
    return elapsed * 1000 / posts, sum(len(d.text) for d in docs), findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-posts", type=int, default=300)
    args = parser.parse_args()
    checkers = [ToneChecker(ToneOptions()), EngagementChecker(EngagementOptions())]
    scores = evaluate(checkers)
    print(f"{'scope':32}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}{'tn':>5}")
    for key, s in scores.items():
        print(
            f"{key:32}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{s['tn']:>5}"
        )
    ms, chars, findings = time_corpus(checkers, args.corpus_posts)
    print(
        f"\ncorpus: {args.corpus_posts} People's Daily posts, {chars} chars: {ms:.2f} ms/post, {findings} findings"
    )


if __name__ == "__main__":
    main()
