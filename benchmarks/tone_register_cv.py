"""Fit the weights and threshold of the tone checker's weak register signals by grouped
cross-validation over dev hosts (lexicons/tone/signals.tsv, signal_weights.tsv; rule
tone/heated_register).

The tuning rows are the DEV rows of tests/data/tone_real/cases.jsonl that belong to no blind batch
("fresh-*" rows are scored, never tuned on; test rows are never read here). A case is predicted
positive when a single cue fires (every other tone rule) or when its best window of weak signals
reaches the threshold. People's Daily posts (benchmarks.corpus) and the regulation are negatives
that must stay quiet in every fit.

Hosts are dealt into folds by a stable hash; each fold's weights are fitted on the other folds'
hosts (coordinate ascent: maximise recall with precision >= --min-precision and no warning on the
quiet texts) and scored on its own hosts. The figures printed are the held-out ones. The last fit
uses every tuning host; `--write` puts it into lexicons/tone/signal_weights.tsv.

Usage: .venv/bin/python benchmarks/tone_register_cv.py [--folds 5] [--posts 300] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import people_daily_text  # noqa: E402
from benchmarks.evalkit import host_of, precision_recall, real_cases  # noqa: E402
from benchmarks.tone_real import REGULATION, document  # noqa: E402
from review_pipeline.checkers.tone.checker import ToneChecker  # noqa: E402
from review_pipeline.checkers.tone.register import SETTINGS  # noqa: E402
from review_pipeline.models import Document  # noqa: E402
from review_pipeline.pipeline import Pipeline, build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402

WEIGHTS_FILE = ROOT / "lexicons" / "tone" / "signal_weights.tsv"
WEIGHT_STEPS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
THRESHOLD_STEPS = (2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


@dataclass
class Case:
    """What the fit needs of one text: its host, label, whether a single cue fires, and the
    class counts of each window of weak signals."""

    host: str
    positive: bool
    strong: bool
    windows: list[Counter[str]]


def pipeline(threshold: float | None) -> Pipeline:
    policy = load_policy("default")
    options = dict(policy.checkers.get("tone", {}))
    if threshold is not None:
        options["register_threshold"] = threshold
    return Pipeline(policy, [build_checker(policy, "tone", options)])


def tone_checker(p: Pipeline) -> ToneChecker:
    checker = next(c for c in p.checkers if isinstance(c, ToneChecker))
    return checker


def profile(p: Pipeline, doc: Document, host: str, positive: bool) -> Case:
    checker = tone_checker(p)
    strong = any(f.severity != "info" for f in p.review(doc).findings if f.checker == "tone")
    windows = []
    for text in (doc.title, doc.text):
        if text:
            windows += [Counter(h.kind for h in run) for run in checker.register_windows(text)]
    return Case(host, positive, strong, windows)


def read_weights() -> tuple[dict[str, float], dict[str, int], dict[str, float]]:
    weights: dict[str, float] = {}
    caps: dict[str, int] = {}
    settings: dict[str, float] = {}
    for line in WEIGHTS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] in SETTINGS:
            settings[cells[0]] = float(cells[1])
        else:
            weights[cells[0]] = float(cells[1])
            caps[cells[0]] = int(cells[2]) if len(cells) > 2 else 1
    return weights, caps, settings


def fires(case: Case, weights: dict[str, float], caps: dict[str, int], threshold: float) -> bool:
    if case.strong:
        return True
    return any(
        sum(weights[k] * min(n, caps[k]) for k, n in window.items()) >= threshold for window in case.windows
    )


def scores(cases: list[Case], quiet: list[Case], weights: dict[str, float], caps: dict[str, int], threshold: float):
    pairs = [(c.positive, fires(c, weights, caps, threshold)) for c in cases]
    noisy = sum(fires(c, weights, caps, threshold) for c in quiet)
    return precision_recall(pairs), noisy


def objective(result: dict[str, float], noisy: int, min_precision: float, weights: dict[str, float]):
    feasible = noisy == 0 and result["precision"] >= min_precision
    return (feasible, result["recall"] if feasible else -result["fp"], result["precision"], -sum(weights.values()))


def fit(
    cases: list[Case], quiet: list[Case], start: dict[str, float], caps: dict[str, int], threshold: float, min_precision: float
) -> tuple[dict[str, float], float]:
    """Coordinate ascent over the class weights and the threshold."""
    weights = dict(start)
    best = objective(*scores(cases, quiet, weights, caps, threshold), min_precision, weights)
    for _round in range(6):
        improved = False
        for name in [*weights, "threshold"]:
            steps = THRESHOLD_STEPS if name == "threshold" else WEIGHT_STEPS
            for step in steps:
                trial = dict(weights)
                trial_threshold = threshold
                if name == "threshold":
                    trial_threshold = step
                else:
                    trial[name] = step
                value = objective(*scores(cases, quiet, trial, caps, trial_threshold), min_precision, trial)
                if value > best:
                    best, weights, threshold, improved = value, trial, trial_threshold, True
        if not improved:
            break
    return weights, threshold


def fold_of(host: str, folds: int) -> int:
    return int.from_bytes(hashlib.sha256(host.encode()).digest()[:4], "big") % folds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=300, help="People's Daily posts kept quiet in every fit")
    parser.add_argument("--min-precision", type=float, default=0.95)
    parser.add_argument("--window", type=int, help="sentences scored together (default: signal_weights.tsv)")
    parser.add_argument("--write", action="store_true", help="write the final fit into signal_weights.tsv")
    args = parser.parse_args()

    weights, caps, settings = read_weights()
    strong_only = pipeline(threshold=1e9)  # every rule but tone/heated_register
    if args.window:
        settings["window"] = args.window
        tone_checker(strong_only).register.window = args.window
    rows = [r for r in real_cases("tone", "dev") if not str(r.get("batch", "")).startswith("fresh")]
    cases = [profile(strong_only, document(r), host_of(r["url"]), r["label"]["verdict"] != "none") for r in rows]
    quiet = [
        profile(strong_only, Document(text=people_daily_text(800, seed=i), id=f"pd-{i}"), "pd", False)
        for i in range(args.posts)
    ]
    quiet.append(profile(strong_only, Document(text=REGULATION.read_text(encoding="utf-8"), id="reg"), "reg", False))

    base = precision_recall([(c.positive, c.strong) for c in cases])
    print(f"tuning rows (dev, no blind batch): {len(cases)} from {len({c.host for c in cases})} hosts")
    print(f"single cues only      P {base['precision']:.3f} R {base['recall']:.3f}  tp {base['tp']} fp {base['fp']} fn {base['fn']}")

    held: list[tuple[bool, bool]] = []
    for k in range(args.folds):
        train = [c for c in cases if fold_of(c.host, args.folds) != k]
        test = [c for c in cases if fold_of(c.host, args.folds) == k]
        w, t = fit(train, quiet, weights, caps, settings["threshold"], args.min_precision)
        held += [(c.positive, fires(c, w, caps, t)) for c in test]
    cv = precision_recall(held)
    print(f"held-out hosts ({args.folds} folds) P {cv['precision']:.3f} R {cv['recall']:.3f}  tp {cv['tp']} fp {cv['fp']} fn {cv['fn']}")

    final_w, final_t = fit(cases, quiet, weights, caps, settings["threshold"], args.min_precision)
    result, noisy = scores(cases, quiet, final_w, caps, final_t)
    print(f"fit on every dev host P {result['precision']:.3f} R {result['recall']:.3f}  quiet texts with a warning: {noisy}")
    table = [f"{k}\t{v:g}\t{caps[k]}" for k, v in final_w.items()]
    table += [f"threshold\t{final_t:g}", f"window\t{settings['window']:g}"]
    print("\n".join(table))
    if args.write:
        header = [line for line in WEIGHTS_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        WEIGHTS_FILE.write_text("\n".join([*header, *table]) + "\n", encoding="utf-8")
        print(f"written: {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
