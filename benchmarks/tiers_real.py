"""Sign-off tiers on real posts: tests/data/tiers_real/cases.jsonl, dev and test apart.

For each split prints accuracy, per-tier precision and recall, the confusion matrix, the count of
major posts routed ordinary (the miss article 15 forbids), and how many drills, anniversaries and
plans were routed major (they never should be). `--verbose` lists every misrouted case by id and
kind (never its text).

Usage (from the repo root): .venv/bin/python benchmarks/tiers_real.py [--split dev|test] [--batch NAME]
[--without NAME ...] [--both] [--verbose] [--cv]

`--batch held-out-2` scores only the cases added later as a fresh blind set (their `batch` field:
held-out-2, held-out-3, fresh-2, fresh-3, dev-4, fresh-4, dev-5, dev-6, dev-7, fresh-5, dev-8, fresh-6,
dev-9, fresh-7, dev-10, fresh-8, dev-11, fresh-9, dev-12, fresh-10, dev-13, fresh-11, fresh-12); `--batch first`
only
the original ones
(no `batch` field). `--both` scores dev and test together (a blind batch spans both splits: its
figure as a whole), and `--verbose` never lists test cases.

`--cv` chooses the policy's `threshold` and `window` by grouped cross-validation over the dev hosts
(five folds of hosts: each fold is scored with the values that did best on the other four), so a value
is judged on hosts it was not chosen from; it prints each fold's choice and held-out accuracy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import confusion, format_confusion, host_of, precision_recall, real_cases  # noqa: E402
from benchmarks.tiers_eval import tiers_pipeline  # noqa: E402
from review_pipeline import Document, Pipeline, load_policy  # noqa: E402
from review_pipeline.pipeline import build_checker  # noqa: E402

FAMILY = "tiers"
LABELS = ["ordinary", "important", "major"]
# Kinds of post article 15 never treats as an event in progress (label.kind in the corpus).
NEVER_MAJOR = ("drill", "anniversary", "plan")


def document(row: dict) -> Document:
    return Document(text=row["text"], title=row.get("title") or None, id=row["id"])


def evaluate(pipeline: Pipeline, rows: list[dict]) -> dict:
    """Predicted tier per row; accuracy, confusion, per-tier precision/recall and the misses."""
    pairs, misses = [], []
    never_major = dict.fromkeys(NEVER_MAJOR, 0)
    for row in rows:
        expected = row["label"]["tier"]
        predicted = pipeline.review(document(row)).sign_off.tier
        pairs.append((expected, predicted))
        kind = row["label"].get("kind", "")
        if kind in never_major and predicted == "major":
            never_major[kind] += 1
        if expected != predicted:
            misses.append((row["id"], kind, expected, predicted))
    table = confusion(pairs, LABELS)
    return {
        "n": len(rows),
        "accuracy": sum(e == p for e, p in pairs) / len(rows) if rows else 1.0,
        "table": table,
        "per_tier": {t: precision_recall((e == t, p == t) for e, p in pairs) for t in LABELS},
        "major_as_ordinary": table["major"]["ordinary"],
        "never_major_routed_major": never_major,
        "misses": misses,
    }


def report(split: str, result: dict, verbose: bool) -> None:
    print(f"== {split}: {result['n']} posts, accuracy {result['accuracy']:.3f}")
    for tier, pr in result["per_tier"].items():
        print(
            f"  {tier:<10} precision {pr['precision']:.3f}  recall {pr['recall']:.3f}  (tp {pr['tp']} fp {pr['fp']} fn {pr['fn']})"
        )
    print(format_confusion(result["table"]))
    print(f"major routed ordinary: {result['major_as_ordinary']}")
    routed = result["never_major_routed_major"]
    print("routed major though never an event: " + ", ".join(f"{k} {v}" for k, v in routed.items()))
    if verbose:
        for row_id, kind, expected, predicted in result["misses"]:
            print(f"  miss {row_id} [{kind}] expected {expected}, got {predicted}")


# Candidate values for grouped cross-validation (`--cv`); the policy default is among them.
CV_GRID = {"threshold": (0.8, 0.9, 1.0, 1.1, 1.2), "window": (30, 50, 70)}
CV_FOLDS = 5


def cross_validate(policy_name: str, rows: list[dict]) -> list[dict]:
    """Grouped cross-validation of `threshold` x `window` over the hosts of `rows`: for each fold
    of hosts, the pair with the best accuracy on the other folds, and its accuracy on the fold."""
    import hashlib
    import itertools

    policy = load_policy(policy_name)
    base = {k: v for k, v in policy.checkers.get("tiers", {}).items() if k != "enabled"}
    right: dict[tuple, list[bool]] = {}
    for threshold, window in itertools.product(CV_GRID["threshold"], CV_GRID["window"]):
        options = {**base, "threshold": threshold, "window": window}
        pipeline = Pipeline(policy, [build_checker(policy, "tiers", options)])
        right[(threshold, window)] = [
            pipeline.review(document(r)).sign_off.tier == r["label"]["tier"] for r in rows
        ]
    fold = [int(hashlib.sha256(host_of(r["url"]).encode()).hexdigest(), 16) % CV_FOLDS for r in rows]
    out = []
    for k in range(CV_FOLDS):
        train = [i for i, f in enumerate(fold) if f != k]
        held = [i for i, f in enumerate(fold) if f == k]
        default = (base.get("threshold", 1.0), base.get("window", 50))
        best = max(right, key=lambda c: (sum(right[c][i] for i in train), c == default))
        out.append(
            {
                "fold": k,
                "n": len(held),
                "choice": best,
                "held_out": sum(right[best][i] for i in held) / len(held),
                "default": sum(right[default][i] for i in held) / len(held),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test"], help="one split only (default: both)")
    parser.add_argument("--policy", default="default")
    parser.add_argument("--batch", help="only cases of this batch (`first` = cases without a batch field)")
    parser.add_argument("--verbose", action="store_true", help="list misrouted dev cases (ids only)")
    parser.add_argument("--both", action="store_true", help="also score dev and test together")
    parser.add_argument("--without", action="append", default=[], help="leave out the cases of this batch")
    parser.add_argument(
        "--cv", action="store_true", help="grouped cross-validation of threshold and window on dev"
    )
    args = parser.parse_args(argv)
    if args.cv:
        folds = cross_validate(args.policy, real_cases(FAMILY, "dev"))
        for f in folds:
            print(
                f"fold {f['fold']}: {f['n']} dev posts, chosen threshold/window {f['choice']}, "
                f"held-out accuracy {f['held_out']:.3f} (policy default {f['default']:.3f})"
            )
        total = sum(f["n"] for f in folds)
        print(f"mean held-out accuracy {sum(f['held_out'] * f['n'] for f in folds) / total:.3f}", end=" ")
        print(f"(policy default {sum(f['default'] * f['n'] for f in folds) / total:.3f})")
        return 0
    pipeline = tiers_pipeline(args.policy)
    splits: list[str | None] = [args.split] if args.split else ["dev", "test"]
    if args.both:
        splits.append(None)
    for split in splits:
        rows = real_cases(FAMILY, split)
        if args.batch:
            rows = [r for r in rows if r.get("batch", "first") == args.batch]
        rows = [r for r in rows if r.get("batch", "first") not in args.without]
        name = (split or "dev+test") + (f" [{args.batch}]" if args.batch else "")
        name += "".join(f" [without {b}]" for b in args.without)
        # test cases are scored, never listed: tuning reads dev errors only (real-text-eval.md)
        report(name, evaluate(pipeline, rows), args.verbose and split == "dev")
    return 0


if __name__ == "__main__":
    sys.exit(main())
