"""What folding costs, in the units `findings.FOLD_CONTEXT_COST` and `FOLD_FIELD_COST` use.

    .venv/bin/python benchmarks/fold_costs.py [--sizes 1000 2000 8000] [--repeats 5]

A fingerprint reads the folded context of its finding. The pipeline either folds each context
alone (`str.translate`, a dictionary look-up per character) or the whole field once (a numpy
gather with a fixed cost per call). This prints, on People's Daily text, the time of one context
(30 characters) and of whole fields of each size, and fits whole(n) = fixed + n * per_char:
the two constants are "one context" and "fixed" divided by per_char. Best of `--repeats`, CPU
time, one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import people_daily_text
from review_pipeline.findings import FINGERPRINT_CONTEXT, FOLD_CONTEXT_COST, FOLD_FIELD_COST
from review_pipeline.text.fold import fold


def best_per_call(repeats: int, calls: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, time.process_time() - started)
    return best / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 8000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    text = people_daily_text(max(args.sizes) * 4, seed=1)
    width = 2 * FINGERPRINT_CONTEXT + 6  # a context and a short match
    windows = [text[i : i + width] for i in range(0, width * 500, width)]
    window = best_per_call(args.repeats, 20, lambda: [fold(w) for w in windows]) / len(windows)
    wholes = {n: best_per_call(args.repeats, 500, lambda n=n: fold(text[:n])) for n in args.sizes}
    small, large = min(args.sizes), max(args.sizes)
    per_char = (wholes[large] - wholes[small]) / (large - small)
    fixed = wholes[small] - small * per_char
    print(f"one context of {width} characters: {window * 1e6:.2f} us")
    for n, seconds in wholes.items():
        print(f"whole field of {n:>5} characters: {seconds * 1e6:.1f} us")
    print(f"fit: whole(n) = {fixed * 1e6:.1f} us + n * {per_char * 1e9:.1f} ns")
    print(
        f"in characters of whole-field folding: one context {window / per_char:.0f} "
        f"(FOLD_CONTEXT_COST = {FOLD_CONTEXT_COST}), fixed cost {fixed / per_char:.0f} (FOLD_FIELD_COST = {FOLD_FIELD_COST})"
    )


if __name__ == "__main__":
    main()
