"""Whole real posts through the default policy, every checker at once: tests/data/posts_real.

Each family's own set asks one question of a post; this set asks the editor's question: what does the
whole default review decide? Every case is labelled (before any run) with the decision the default
policy must reach (pass / review / block), the sign-off tier, and the families that must raise a
warning or an error. Printed for dev, test and both together:

- decision accuracy and the confusion of decisions;
- false blocks (a post that must not be blocked, blocked) and missed blocks;
- tier accuracy over the cases whose tier is judged;
- per family, flag precision and recall (a family "flags" a post when it reports a warning or an
  error there; `tiers` is read from the tier).

`--verbose` lists each wrong case by id with the rules that fired (never its text; test cases are
never listed).

Usage (from the repo root): .venv/bin/python benchmarks/posts_real.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import confusion, format_confusion, precision_recall, real_cases  # noqa: E402
from review_pipeline import Document, Pipeline, Verdict, load_policy  # noqa: E402

FAMILY = "posts"
DECISIONS = ["pass", "review", "block"]
FLAG_FAMILIES = ("sensitive", "ads", "pii", "attribution", "tone", "engagement")


def document(row: dict) -> Document:
    return Document(text=row["text"], title=row.get("title") or None, id=row["id"])


def flagged_families(verdict: Verdict) -> set[str]:
    """Families that reported a warning or an error (waived findings count: the editor saw them)."""
    return {f.checker for f in verdict.findings if f.severity in ("warning", "error")}


def evaluate(pipeline: Pipeline, rows: list[dict]) -> dict:
    """Decision, tier and per-family flag figures over `rows`, with the wrong cases."""
    decisions: list[tuple[str, str]] = []
    tiers: list[tuple[str, str]] = []
    flags: dict[str, list[tuple[bool, bool]]] = {name: [] for name in FLAG_FAMILIES}
    wrong: list[tuple[str, str, str, list[str]]] = []
    for row in rows:
        label = row["label"]
        verdict = pipeline.review(document(row))
        decisions.append((label["decision"], verdict.decision))
        if label.get("tier"):
            tiers.append((label["tier"], verdict.sign_off.tier))
        raised = flagged_families(verdict)
        for name in FLAG_FAMILIES:
            flags[name].append((name in label["flags"], name in raised))
        tier_wrong = bool(label.get("tier")) and label["tier"] != verdict.sign_off.tier
        if label["decision"] != verdict.decision or tier_wrong or raised != set(label["flags"]):
            rules = sorted({f.rule for f in verdict.findings if f.severity in ("warning", "error")})
            if tier_wrong:
                rules.append(f"tier:{verdict.sign_off.tier}≠{label['tier']}")
            wrong.append((row["id"], label["decision"], verdict.decision, rules))
    blocked_wrongly = sum(1 for e, p in decisions if p == "block" and e != "block")
    missed_blocks = sum(1 for e, p in decisions if e == "block" and p != "block")
    return {
        "n": len(rows),
        "decision_accuracy": sum(e == p for e, p in decisions) / len(decisions) if decisions else 1.0,
        "confusion": confusion(decisions, DECISIONS),
        "false_blocks": blocked_wrongly,
        "should_block": sum(1 for e, _ in decisions if e == "block"),
        "missed_blocks": missed_blocks,
        "tier_accuracy": sum(e == p for e, p in tiers) / len(tiers) if tiers else 1.0,
        "tiers_judged": len(tiers),
        "flags": {name: precision_recall(pairs) for name, pairs in flags.items()},
        "wrong": wrong,
    }


def report(name: str, result: dict, verbose: bool) -> None:
    print(f"\n== {name}: {result['n']} posts ==")
    print(
        f"decision accuracy {result['decision_accuracy']:.3f} · false blocks {result['false_blocks']} · "
        f"missed blocks {result['missed_blocks']} of {result['should_block']} · "
        f"tier accuracy {result['tier_accuracy']:.3f} ({result['tiers_judged']} judged)"
    )
    print(format_confusion(result["confusion"]))
    for family, pr in result["flags"].items():
        if pr["tp"] + pr["fp"] + pr["fn"]:
            print(
                f"  {family:<12} flags P {pr['precision']:.3f} R {pr['recall']:.3f}  (tp {pr['tp']} fp {pr['fp']} fn {pr['fn']})"
            )
    if verbose:
        for case_id, expected, predicted, rules in result["wrong"]:
            print(f"  {case_id}: expected {expected}, got {predicted}; {' '.join(rules) or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--verbose", action="store_true", help="list wrong dev cases by id (never test cases)"
    )
    args = parser.parse_args()
    pipeline = Pipeline.from_policy(load_policy("default"))
    dev, test = real_cases(FAMILY, "dev"), real_cases(FAMILY, "test")
    report("dev", evaluate(pipeline, dev), args.verbose)
    report("test", evaluate(pipeline, test), False)
    report("both", evaluate(pipeline, dev + test), False)
    for batch in sorted({row.get("batch", "") for row in dev + test}):
        report(f"batch {batch} (dev and test)", evaluate(pipeline, [r for r in dev + test if r.get("batch", "") == batch]), False)


if __name__ == "__main__":
    main()
