"""Precision and recall of the `ads` checker on tests/data/ads_eval.jsonl, plus throughput.

A case is predicted an ad when the checker reports `ads/commercial_ad` (an error). Also
reported: government posts that still get an ads warning (editor noise), and the speed on
People's Daily paragraphs (benchmarks.corpus).

Usage: .venv/bin/python benchmarks/ads_eval.py [--verbose] [--posts 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import posts  # noqa: E402
from benchmarks.evalkit import load_jsonl, precision_recall  # noqa: E402
from review_pipeline.models import Document  # noqa: E402
from review_pipeline.pipeline import Pipeline, build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402

EVAL = ROOT / "tests" / "data" / "ads_eval.jsonl"


def ads_pipeline() -> Pipeline:
    """The default policy's `ads` section, alone in a pipeline (other checkers not needed)."""
    policy = load_policy("default")
    return Pipeline(policy, [build_checker(policy, "ads", policy.checkers.get("ads", {}))])


def document(row: dict) -> Document:
    return Document(text=row["text"], title=row.get("title"), id=row["id"], meta=row.get("meta") or {})


def evaluate(pipeline: Pipeline, rows: list[dict], verbose: bool) -> dict[str, float]:
    pairs, noisy = [], 0
    for row in rows:
        verdict = pipeline.review(document(row))
        rules = {f.rule for f in verdict.findings if f.severity != "info"}
        predicted = "ads/commercial_ad" in rules
        expected = row["label"] == "ad"
        pairs.append((expected, predicted))
        noisy += (not expected) and bool(rules)
        if verbose and (expected != predicted or (not expected and rules)):
            print(
                f"  {row['id']:<7} expected={row['label']:<5} predicted={'ad' if predicted else 'clean':<5} {sorted(rules)}"
            )
    result = precision_recall(pairs)
    result["clean_with_warning"] = noisy
    return result


def throughput(pipeline: Pipeline, n: int) -> float:
    docs = [Document(text=p["text"], title=p["title"]) for p in posts(n, seed=5)]
    pipeline.review(docs[0])
    started = time.perf_counter()
    for doc in docs:
        pipeline.review(doc)
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list every misclassified case (ids only)")
    parser.add_argument("--posts", type=int, default=300, help="posts of 1000 chars for the speed test")
    args = parser.parse_args()
    started = time.perf_counter()
    pipeline = ads_pipeline()
    build_ms = (time.perf_counter() - started) * 1000
    rows = load_jsonl(EVAL)
    r = evaluate(pipeline, rows, args.verbose)
    clean = sum(row["label"] != "ad" for row in rows)
    print(f"ads eval: {len(rows)} cases ({len(rows) - clean} ads, {clean} clean)")
    print(
        f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  f1 {r['f1']:.3f}  "
        f"tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']}"
    )
    print(f"clean posts with an ads warning: {r['clean_with_warning']}/{clean}")
    print(
        f"checker build: {build_ms:.0f} ms; throughput: {throughput(pipeline, args.posts):.0f} posts/s (1000 chars)"
    )


if __name__ == "__main__":
    main()
