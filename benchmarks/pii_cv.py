"""Grouped cross-validation of a name-scoring weight over the dev hosts of the PII real set.

A weight of the structural name finder (`review_pipeline.checkers.pii.names`, ACCEPT by
default) is tried at several values; each dev passage is scored once per value. The dev hosts
are dealt into folds by a stable hash; for each fold the value with the best PERSON F1 on the
other folds is chosen and scored on the held-out fold, so the figure printed is what a value
chosen on some hosts does on hosts it was not chosen on (the lesson of issue 19: rules fitted
to dev hosts did not carry to the test split). The test split is never read.

Usage: .venv/bin/python benchmarks/pii_cv.py [--name ACCEPT] [--values 1.0,1.25,1.5,1.75,2.0] [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import host_of, real_cases  # noqa: E402
from benchmarks.pii_real import evaluate, pii_pipeline  # noqa: E402
from review_pipeline.checkers.pii import names  # noqa: E402


def fold_of(url: str, folds: int) -> int:
    digest = hashlib.sha256(("cv:" + host_of(url)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def f1(c: Counter[str]) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="ACCEPT", help="a module-level weight of checkers/pii/names.py")
    parser.add_argument("--values", default="1.0,1.25,1.5,1.75,2.0")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    values = [float(v) for v in args.values.split(",")]
    rows = real_cases("pii", "dev")
    pipeline = pii_pipeline()
    original = getattr(names, args.name)
    # per value, per fold: PERSON tp / fp / fn
    counts: dict[float, list[Counter[str]]] = {}
    try:
        for value in values:
            setattr(names, args.name, value)
            per_fold = [Counter() for _ in range(args.folds)]
            for row in rows:
                c = evaluate(pipeline, [row])
                k = fold_of(row["url"], args.folds)
                per_fold[k].update(tp=c["tp"]["PERSON"], fp=c["fp"]["PERSON"], fn=c["fn"]["PERSON"])
            counts[value] = per_fold
    finally:
        setattr(names, args.name, original)
    print(f"{args.name} (now {original}) over {len(rows)} dev passages, {args.folds} host folds")
    for value in values:
        total = sum(counts[value], Counter())
        print(
            f"  {value:<6} all dev: F1 {f1(total):.3f} (tp {total['tp']}, fp {total['fp']}, fn {total['fn']})"
        )
    held_out: Counter[str] = Counter()
    for k in range(args.folds):
        train = {v: sum((c for j, c in enumerate(counts[v]) if j != k), Counter()) for v in values}
        chosen = max(values, key=lambda v: (f1(train[v]), -abs(v - original)))
        held_out.update(counts[chosen][k])
        print(f"  fold {k}: chosen {chosen} on the other folds; held-out F1 {f1(counts[chosen][k]):.3f}")
    precision = held_out["tp"] / (held_out["tp"] + held_out["fp"]) if held_out["tp"] + held_out["fp"] else 1.0
    recall = held_out["tp"] / (held_out["tp"] + held_out["fn"]) if held_out["tp"] + held_out["fn"] else 1.0
    print(f"  out-of-fold PERSON: precision {precision:.3f} recall {recall:.3f} F1 {f1(held_out):.3f}")


if __name__ == "__main__":
    main()
