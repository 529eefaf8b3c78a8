"""Grouped cross-validation of the tiers policy's `category_weights` over the dev hosts: the weights of
the important categories whose single words most often lift an ordinary post (emergency: 台风, 预警,
疫情; meeting; personnel; policy) are chosen on four folds of hosts and scored on the fifth, so a value
is judged on hosts it was not chosen from (round 9: "tune weights by grouped cross-validation").

Prints each fold's choice, its held-out accuracy against the policy's own weights, and the mean.
Only dev posts are read.

Usage (from the repo root): .venv/bin/python benchmarks/tiers_weights_cv.py [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import host_of, real_cases  # noqa: E402
from review_pipeline import Document, Pipeline, load_policy  # noqa: E402
from review_pipeline.pipeline import build_checker  # noqa: E402

# scale factors per category (1.0 = the weights of triggers.tsv as written)
GRID = {
    "emergency": (0.6, 0.8, 1.0),
    "meeting": (0.8, 1.0),
    "personnel": (0.8, 1.0),
    "policy": (0.8, 1.0),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = real_cases("tiers", "dev")
    policy = load_policy("default")
    base = {k: v for k, v in policy.checkers.get("tiers", {}).items() if k != "enabled"}
    default = tuple(1.0 for _ in GRID)
    right: dict[tuple[float, ...], list[bool]] = {}
    for combo in itertools.product(*GRID.values()):
        weights = {**base.get("category_weights", {}), **dict(zip(GRID, combo, strict=True))}
        pipeline = Pipeline(policy, [build_checker(policy, "tiers", {**base, "category_weights": weights})])
        right[combo] = [
            pipeline.review(Document(text=r["text"], title=r.get("title") or None)).sign_off.tier
            == r["label"]["tier"]
            for r in rows
        ]
    fold = [int(hashlib.sha256(host_of(r["url"]).encode()).hexdigest(), 16) % args.folds for r in rows]
    total_held = total_default = 0.0
    for k in range(args.folds):
        train = [i for i, f in enumerate(fold) if f != k]
        held = [i for i, f in enumerate(fold) if f == k]
        best = max(right, key=lambda c: (sum(right[c][i] for i in train), c == default))
        held_acc = sum(right[best][i] for i in held) / len(held)
        default_acc = sum(right[default][i] for i in held) / len(held)
        total_held += held_acc * len(held)
        total_default += default_acc * len(held)
        choice = ", ".join(f"{name} {value}" for name, value in zip(GRID, best, strict=True))
        print(
            f"fold {k}: {len(held)} dev posts, chosen {choice}; held-out {held_acc:.3f} "
            f"(policy weights {default_acc:.3f})"
        )
    print(
        f"mean held-out accuracy {total_held / len(rows):.3f} (policy weights {total_default / len(rows):.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
