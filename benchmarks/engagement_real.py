"""Precision and recall of the `engagement` checker on real posts (see benchmarks/tone_real.py), and
grouped cross-validation of its windows over DEV hosts (issue 20, rounds 9 and 10).

Usage: .venv/bin/python benchmarks/engagement_real.py [--verbose] [--posts 1000]
       .venv/bin/python benchmarks/engagement_real.py --cv [--folds 5]

With --cv, a window (how far an action may stand from the phrase that makes it earn points, from
the body of staff it is demanded of, from the account at the end of a list) is chosen on some dev
hosts and scored on the others: the dev cases are grouped by host into K folds; for each fold the
value with the best F1 on the other folds is taken (ties: the smaller window, the stricter
reading) and its figures on the held-out fold are summed. The blind batches ("fresh-*") and the
test split are never read. When every value scores alike on all of dev, the data is silent on
that window: keep the default.

Round 10 adds "batch": 10 (the team's "dev-12" new-host probe) as dev-b10/test-b10 and its blind
batch "fresh-10" as dev-fresh-10/test-fresh-10 (labelled before the checker ran; never tuned on).
Round 11 adds "batch": 11 (the team's "dev-13" probe: 68 rows from new hosts in two parts, the
second collected after the round's first changes and labelled before they ran on it) as
dev-b11/test-b11 and its blind batch "fresh-11" as dev-fresh-11/test-fresh-11; the windows of
the ranking finder (ranking_window, prize_window) joined the cross-validated grid.
Round 12 adds "batch": 12 (the team's "dev-14" new-host probe, 5 rows) as dev-b12/test-b12 and its
blind batch "fresh-12" (25 rows from hosts of no earlier round, labelled before the checker ran on
them, never tuned on) as dev-fresh-12/test-fresh-12; the appraisal finder's window (metric_reach)
and how near another channel must stand to lift a condition (alternative_reach: 0 = anywhere in the
field) joined the grid.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.evalkit import host_of, precision_recall, real_cases
from benchmarks.tone_real import document, findings, predicted
from benchmarks.tone_real import main as report_main
from review_pipeline.pipeline import Pipeline, build_checker
from review_pipeline.policy import load_policy

FAMILY = "engagement"
# option -> values tried (the first is the smallest, preferred on a tie)
GRID: dict[str, list[int]] = {
    "points_window": [0, 10, 20, 30, 45, 60],
    "addressee_reach": [0, 2, 4, 6, 10, 15],
    "list_reach": [0, 40, 60, 80, 120],
    "chain_window": [40, 80, 120, 160, 240],
    "ranking_window": [10, 20, 40, 60, 80],
    "prize_window": [5, 10, 20, 30, 45],
    "alternative_reach": [0, 1200, 600, 300, 150],
    "metric_reach": [0, 6, 12, 20, 30],
}


def fold_of(url: str, folds: int) -> int:
    """A stable fold for the case's host: one site's cases never sit on both sides."""
    digest = hashlib.sha256(("cv:" + host_of(url)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def pipeline_with(**overrides: int) -> Pipeline:
    policy = load_policy("default")
    options = {**policy.checkers.get(FAMILY, {}), **overrides}
    return Pipeline(policy, [build_checker(policy, FAMILY, options)])


def predictions(pipeline: Pipeline, rows: list[dict]) -> list[tuple[bool, bool]]:
    return [
        (
            row["label"]["verdict"] not in ("none", "statutory"),
            predicted(FAMILY, findings(pipeline, document(row), FAMILY)),
        )
        for row in rows
    ]


def f1(pairs: list[tuple[bool, bool]]) -> float:
    tp = sum(e and g for e, g in pairs)
    fp = sum(g and not e for e, g in pairs)
    fn = sum(e and not g for e, g in pairs)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def cross_validate(folds: int) -> None:
    """Grouped cross-validation of the windows in GRID over dev hosts (see the module docstring)."""
    args = argparse.Namespace(folds=folds)
    rows = [r for r in real_cases(FAMILY, "dev") if not str(r.get("batch", "")).startswith("fresh")]
    fold = [fold_of(r["url"], args.folds) for r in rows]
    print(f"== {FAMILY}: {len(rows)} dev cases (blind batches left out), {args.folds} folds by host")
    for option, values in GRID.items():
        # every case's prediction under every value, computed once
        by_value = {v: predictions(pipeline_with(**{option: v}), rows) for v in values}
        held: list[tuple[bool, bool]] = []
        chosen = []
        for k in range(args.folds):
            train = [i for i, f in enumerate(fold) if f != k]
            best = max(values, key=lambda v: (f1([by_value[v][i] for i in train]), -values.index(v)))
            chosen.append(best)
            held += [by_value[best][i] for i, f in enumerate(fold) if f == k]
        scores = precision_recall(held)
        whole = {v: round(f1(by_value[v]), 3) for v in values}
        # the data is silent when every value scores alike on all of dev: keep the default
        advice = (
            "flat: keep the default"
            if len(set(whole.values())) == 1
            else f"use {Counter(chosen).most_common(1)[0][0]}"
        )
        print(
            f"{option:<16} chosen per fold {chosen}  held-out precision {scores['precision']:.3f} "
            f"recall {scores['recall']:.3f}  -> {advice}  (F1 on all dev by value: {whole})"
        )


if __name__ == "__main__":
    if "--cv" in sys.argv:
        parser = argparse.ArgumentParser(description="grouped cross-validation over dev hosts")
        parser.add_argument("--cv", action="store_true")
        parser.add_argument("--folds", type=int, default=5)
        cross_validate(parser.parse_args().folds)
    else:
        report_main(FAMILY)
