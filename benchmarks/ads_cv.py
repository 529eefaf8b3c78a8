"""Host-grouped cross-validation of the whole `ads` checker over dev hosts (issue 16, round 9).

The yardstick of round 9: every dev row (the blind batches' dev side included: their rows have been
read for classes since round 8) is scored by a checker whose learned scorer was fitted only on the
OTHER folds' hosts (benchmarks/ads_scorer_train.py `train`, same features and settings), so neither
the model nor a threshold chosen here has seen the host it is scored on. Hosts are dealt into folds
by a stable hash. For each variant of the checker's options (rule thresholds, the scorer's promotion
and flag bars, the flag's length limit) the held-out figures are printed: flagged precision and
recall, blocked recall and the non-ads blocked, for all dev rows and for the blind batches' dev side.
Test rows are never read, nor the dev side of the newest blind batch (`BLIND`: reported on its own by
benchmarks/ads_real.py, never tuned on).

Usage: .venv/bin/python benchmarks/ads_cv.py [--folds 5] [--variants default,broad,...] [--noise 200]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ads_real import BLOCK, ads_pipeline, verdict_rules  # noqa: E402
from benchmarks.ads_scorer_train import BLIND, extra_negatives, train  # noqa: E402
from benchmarks.corpus import people_daily_text  # noqa: E402
from benchmarks.evalkit import host_of, load_jsonl, precision_recall, real_cases  # noqa: E402
from review_pipeline.checkers.ads.learned import NgramScorer, features  # noqa: E402
from review_pipeline.pipeline import Pipeline  # noqa: E402
from review_pipeline.text.fold import fold  # noqa: E402

# Variants of the checker's options (AdsOptions fields); `default` is rules.yaml as shipped.
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "rules-alone": {"learned_promote": None, "learned_flag": None},
    "no-flag": {"learned_flag": None},
    "promote-0.5": {"learned_promote": 0.5},
    "promote-0.7": {"learned_promote": 0.7},
    "flag-0.75": {"learned_flag": 0.75},
    "flag-0.8": {"learned_flag": 0.8},
    "flag-0.9": {"learned_flag": 0.9},
    "flag-600": {"learned_flag_max_chars": 600},
    # the broader role the brief asks about: flag any quiet post not in an authority's or a
    # reporter's voice whose score is high, whatever its length
    "broad-0.85": {"learned_flag_max_chars": 100_000},
    "broad-0.8": {"learned_flag_max_chars": 100_000, "learned_flag": 0.8},
    "broad-0.75": {"learned_flag_max_chars": 100_000, "learned_flag": 0.75},
    "threshold-0.5": {"threshold": 0.5},
    "threshold-0.7": {"threshold": 0.7},
    # keys starting with `_` replace an attribute of the checker read from rules.yaml
    "no-cues-0.85": {"_has_cue": lambda scan: True},
    "no-cues-0.9": {"_has_cue": lambda scan: True, "learned_flag": 0.9},
    "no-cues-0.95": {"_has_cue": lambda scan: True, "learned_flag": 0.95},
    # with --extra-negatives the score is calibrated on ~12 negatives per ad: lower bars
    "x-p0.3-f0.6": {"learned_promote": 0.3, "learned_flag": 0.6},
    "x-p0.2-f0.5": {"learned_promote": 0.2, "learned_flag": 0.5},
    "x-p0.15-f0.4": {"learned_promote": 0.15, "learned_flag": 0.4},
    "x-p0.3-nc0.4": {"learned_promote": 0.3, "learned_flag": 0.4, "_has_cue": lambda scan: True},
    "x-p0.3-nc0.5": {"learned_promote": 0.3, "learned_flag": 0.5, "_has_cue": lambda scan: True},
    "x-p0.3-f0.4": {"learned_promote": 0.3, "learned_flag": 0.4},
    "x-p0.2-nc0.5": {"learned_promote": 0.2, "learned_flag": 0.5, "_has_cue": lambda scan: True},
    "x-p0.2-nc0.4": {"learned_promote": 0.2, "learned_flag": 0.4, "_has_cue": lambda scan: True},
    "x-p0.2-nc0.3": {"learned_promote": 0.2, "learned_flag": 0.3, "_has_cue": lambda scan: True},
    "cues+praise-0.85": {"_flag_cues": ("commerce", "service", "seller", "disease", "money", "product")},
}


def fold_of(host: str, folds: int) -> int:
    return int(hashlib.sha256(host.encode()).hexdigest(), 16) % folds


def scorer_args() -> argparse.Namespace:
    """The trainer's default settings (benchmarks/ads_scorer_train.py)."""
    return argparse.Namespace(min_df=3, min_hosts=3, c=100.0, iterations=3000, rate=4.0)


def fold_models(rows: list[dict], folds: int, extra: list[dict] | None = None) -> list[NgramScorer]:
    """One scorer per fold, fitted on the other folds' hosts (of the ads rows and of `extra`, further
    negatives dealt into the same host folds)."""
    rows = rows + (extra or [])
    docs = [features(fold(r["text"])) for r in rows]
    labels = [r["label"] == "ad" for r in rows]
    hosts = [host_of(r["url"]) for r in rows]
    where = [fold_of(h, folds) for h in hosts]
    models = []
    for k in range(folds):
        idx = [i for i in range(len(rows)) if where[i] != k]
        models.append(
            train([docs[i] for i in idx], [labels[i] for i in idx], [hosts[i] for i in idx], scorer_args())
        )
    return models


def with_scorer(overrides: dict[str, Any], model: NgramScorer | None) -> Pipeline:
    pipeline = ads_pipeline({k: v for k, v in overrides.items() if not k.startswith("_")})
    checker = pipeline.checkers[0]
    for key, value in overrides.items():
        if key.startswith("_"):
            setattr(checker, key, value)
    if model is not None and checker._scorer is not None:  # type: ignore[attr-defined]
        checker._scorer = model  # type: ignore[attr-defined]
    return pipeline


def held_out(
    rows: list[dict], models: list[NgramScorer], overrides: dict[str, Any], folds: int
) -> list[set[str]]:
    """Each row's warning+ rules by the checker whose scorer never saw its host."""
    pipelines = [with_scorer(overrides, m) for m in models]
    return [
        verdict_rules(pipelines[fold_of(host_of(r["url"]), folds)], r["text"], r.get("title")) for r in rows
    ]


def figures(rows: list[dict], verdicts: list[set[str]], keep: Callable[[dict], bool] = lambda r: True) -> str:
    pairs, blocked, false_blocks, ads = [], 0, 0, 0
    for row, rules in zip(rows, verdicts, strict=True):
        if not keep(row):
            continue
        expected = row["label"] == "ad"
        pairs.append((expected, bool(rules)))
        ads += expected
        blocked += expected and BLOCK in rules
        false_blocks += (not expected) and BLOCK in rules
    r = precision_recall(pairs)
    return (
        f"P {r['precision']:.3f} R {r['recall']:.3f} (fp {r['fp']:>2} fn {r['fn']:>2}) "
        f"blocked {blocked / ads if ads else 1.0:.3f} (non-ads {false_blocks})"
    )


def other_family_rows() -> list[dict]:
    """Dev rows with text of the other families' real sets (the cross-family probe's posts)."""
    out = []
    for path in sorted((ROOT / "tests" / "data").glob("*_real/cases.jsonl")):
        if path.parent.name != "ads_real":
            out += [r for r in load_jsonl(path) if r.get("text") and r.get("split") == "dev"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma list of " + ", ".join(VARIANTS))
    parser.add_argument(
        "--extra-negatives", action="store_true", help="train also on other families' dev posts (round 9)"
    )
    parser.add_argument(
        "--probe", action="store_true", help="also count alarms on other families' posts and PD"
    )
    parser.add_argument(
        "--noise", type=int, default=200, help="People's Daily posts checked per variant (--probe)"
    )
    args = parser.parse_args()
    rows = [r for r in real_cases("ads", "dev") if r.get("batch") not in BLIND]
    started = time.perf_counter()
    extra = extra_negatives() if args.extra_negatives else []
    models = fold_models(rows, args.folds, extra)
    print(
        f"dev rows: {len(rows)} ({sum(r['label'] == 'ad' for r in rows)} ads) from "
        f"{len({host_of(r['url']) for r in rows})} hosts; {args.folds} host folds "
        f"(models fitted in {time.perf_counter() - started:.0f} s)"
    )
    probe_rows = other_family_rows() if args.probe else []
    print(f"{'variant':<14} {'all dev rows, held-out folds':<58} blind batches' dev side")
    for name in args.variants.split(","):
        verdicts = held_out(rows, models, VARIANTS[name], args.folds)
        line = f"{name:<14} {figures(rows, verdicts):<58} {figures(rows, verdicts, lambda r: bool(r.get('batch')))}"
        if args.probe:
            # the other families' real dev posts (the cross-family probe), each checked by the model
            # of its host's fold (never fitted on its host, even with --extra-negatives), and People's
            # Daily posts
            other = sum(bool(v) for v in held_out(probe_rows, models, VARIANTS[name], args.folds))
            pipeline = with_scorer(VARIANTS[name], models[0])
            noisy = sum(
                bool(verdict_rules(pipeline, people_daily_text(1000, seed=i))) for i in range(args.noise)
            )
            line += f"  other families {other}/{len(probe_rows)}  PD {noisy}/{args.noise}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
