"""The `sensitive` checker on real text: tests/data/sensitive_real/cases.jsonl, per split, plus noise.

Figures per split (dev / test, split by host, see shared notes/real-text-eval.md):
- flagged: a case counts as flagged when any `sensitive` finding is a warning or an error;
  precision and recall of flagged against the label `violation`;
- category: of the flagged violations, how many carry a finding of the expected category;
- blocked: recall of error findings on the law categories' violations (gambling, fraud, drugs,
  pornography, profanity), and how many clean cases get an error (false blocks);
- per category: flagged/total of violations and of clean cases dense with that category's words;
- each blind batch (`fresh-4`, `fresh-7`, `fresh-8`, `fresh-9`, the new-host probes `dev-12` and `dev-13`, `fresh-10`,
  `fresh-11`, `fresh-12`: new hosts,
  labelled before the checker ran on them) on its own.
Also: People's Daily posts of 1,000 characters (benchmarks.corpus) with a sensitive error (target: 0)
or warning (reported), the regulation (tests/data/regulation.txt, target: no finding), and the
posts of the other families' real sets with a sensitive finding (a probe on unlabelled government text).

Usage: .venv/bin/python benchmarks/sensitive_real.py [--verbose] [--show-test] [--pd 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import people_daily_text  # noqa: E402
from benchmarks.evalkit import precision_recall, real_cases  # noqa: E402
from review_pipeline.models import Document, Finding  # noqa: E402
from review_pipeline.pipeline import Pipeline, build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402
from review_pipeline.text.phrases import PhraseBank, collecting  # noqa: E402

REGULATION = ROOT / "tests" / "data" / "regulation.txt"
FRESH = ("fresh-4", "fresh-7", "fresh-8", "fresh-9", "dev-12", "fresh-10", "dev-13", "fresh-11", "fresh-12")  # blind batches, oldest first
LAW = ("gambling", "fraud", "drugs", "pornography", "profanity", "weapons")


def sensitive_pipeline() -> Pipeline:
    """The default policy's `sensitive` section, alone in a pipeline (as `Pipeline.from_policy` builds it)."""
    policy = load_policy("default")
    with collecting() as indexes:
        checker = build_checker(policy, "sensitive", policy.checkers.get("sensitive", {}))
    return Pipeline(policy, [checker], PhraseBank(indexes))


def findings(pipeline: Pipeline, text: str, title: str | None = None) -> list[Finding]:
    """The `sensitive` findings at warning or above for one text."""
    verdict = pipeline.review(Document(text=text, title=title))
    return [f for f in verdict.findings if f.checker == "sensitive" and f.severity in ("warning", "error")]


def evaluate(pipeline: Pipeline, rows: list[dict], verbose: bool) -> dict:
    """Flagged precision/recall, category agreement, blocked recall and per-category counts."""
    pairs: list[tuple[bool, bool]] = []
    right_category = law_violations = blocked = false_blocks = 0
    per: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        found = findings(pipeline, row["text"], row.get("title"))
        expected = row["label"] == "violation"
        flagged = bool(found)
        pairs.append((expected, flagged))
        per[(row["category"], row["label"], flagged)] += 1
        has_error = any(f.severity == "error" for f in found)
        if expected:
            right_category += flagged and any(f.category == row["category"] for f in found)
            if row["category"] in LAW:
                law_violations += 1
                blocked += has_error
        else:
            false_blocks += has_error
        if verbose and expected != flagged:
            rules = sorted({f"{f.rule}:{f.severity}" for f in found})
            print(f"  {row['id']:<9} {row['label']:<9} {row['category']:<11} -> {rules or 'clean'}")
    result: dict = precision_recall(pairs)
    result["category"] = right_category
    result["blocked_recall"] = blocked / law_violations if law_violations else 1.0
    result["false_blocks"] = false_blocks
    result["per"] = per
    return result


def report(split: str, rows: list[dict], r: dict) -> None:
    n_pos = sum(row["label"] == "violation" for row in rows)
    print(f"{split}: {len(rows)} cases ({n_pos} violations, {len(rows) - n_pos} clean)")
    print(
        f"  flagged (warning+): precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
        f"tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']}; expected category on {r['category']}/{r['tp']} hits"
    )
    print(f"  law categories blocked (error): recall {r['blocked_recall']:.3f}; clean cases blocked {r['false_blocks']}")
    cats = sorted({c for c, _, _ in r["per"]})
    parts = []
    for c in cats:
        pos = r["per"][(c, "violation", True)], r["per"][(c, "violation", True)] + r["per"][(c, "violation", False)]
        neg = r["per"][(c, "clean", True)], r["per"][(c, "clean", True)] + r["per"][(c, "clean", False)]
        parts.append(f"{c} {pos[0]}/{pos[1]} (clean flagged {neg[0]}/{neg[1]})")
    print("  violations flagged by category: " + ", ".join(parts))


def noise(pipeline: Pipeline, n: int) -> tuple[int, int, int]:
    """People's Daily posts (1,000 chars) with a sensitive error, with a warning; regulation findings."""
    errors = warnings = 0
    for i in range(n):
        found = findings(pipeline, people_daily_text(1000, seed=i))
        errors += any(f.severity == "error" for f in found)
        warnings += any(f.severity == "warning" for f in found)
    regulation = len(findings(pipeline, REGULATION.read_text(encoding="utf-8")))
    return errors, warnings, regulation


def other_families(pipeline: Pipeline) -> tuple[int, int]:
    """Posts of the other families' real sets (government posts and news) with a sensitive finding."""
    noisy = total = 0
    for path in sorted((ROOT / "tests" / "data").glob("*_real/cases.jsonl")):
        if path.parent.name == "sensitive_real":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("text"):
                total += 1
                noisy += bool(findings(pipeline, row["text"], row.get("title")))
    return noisy, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list dev errors (ids, categories, rules; no text)")
    parser.add_argument("--show-test", action="store_true", help="also list test errors (only to report, never to tune)")
    parser.add_argument("--splits", default="dev,test", help="comma list of splits to score (tune on dev only)")
    parser.add_argument("--pd", type=int, default=1000, help="People's Daily posts for the noise count")
    args = parser.parse_args()
    pipeline = sensitive_pipeline()
    fresh: dict[str, list[dict]] = {batch: [] for batch in FRESH}
    for split in args.splits.split(","):
        rows = real_cases("sensitive", split)
        rest = [row for row in rows if row.get("batch") not in FRESH]
        report(split, rows, evaluate(pipeline, rows, args.verbose and (split == "dev" or args.show_test)))
        if len(rest) != len(rows):
            report(f"{split} without blind batches", rest, evaluate(pipeline, rest, False))
        for batch in FRESH:
            fresh[batch] += [row for row in rows if row.get("batch") == batch]
    for batch, batch_rows in fresh.items():  # labelled before the checker ever ran on them: each on its own
        if batch_rows:
            report(f"{batch} (blind batch, all splits)", batch_rows, evaluate(pipeline, batch_rows, False))
    errors, warnings, regulation = noise(pipeline, args.pd)
    print(
        f"People's Daily posts with a sensitive error: {errors}/{args.pd}, with a warning: {warnings}/{args.pd}; "
        f"regulation: {regulation} finding(s)"
    )
    other, total = other_families(pipeline)
    print(f"posts of the other families' real sets with a sensitive finding: {other}/{total} (probe, not labelled)")


if __name__ == "__main__":
    main()
