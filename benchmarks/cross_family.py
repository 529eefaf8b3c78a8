"""Each checker on the real DEV posts of the OTHER families: ordinary government and news pages that
were never chosen to test it (a tiers post for the ads checker, a PII hotline reply for tone …). How
often a checker alarms on them is how often it will bother an editor for nothing.

Every warning or error a checker raised on another family's post when the probe was built (session-
start code) is labelled in tests/data/cross_family.jsonl by that checker's own rubric: `right` says
whether a reviewer must act on it. Printed per checker: other families' posts read, posts flagged,
flags on posts labelled wrong (false alarms), labelled-right flags kept and dropped, and flagged posts
without a label (label them before trusting the figures). For `tiers` the alarm is a route to the major
tier (the heaviest sign-off): `right` says whether the post is a major item under article 15. The PII
checker is not probed (names in news are found on purpose). Only dev cases are read: tune on them.

Usage: .venv/bin/python benchmarks/cross_family.py [--checker NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import load_jsonl, real_cases  # noqa: E402
from review_pipeline import Document, Pipeline, load_policy  # noqa: E402
from review_pipeline.models import Finding, Verdict  # noqa: E402

LABELS = ROOT / "tests" / "data" / "cross_family.jsonl"
# the family of real cases each probed checker is tuned on: its own posts are not probed
OWN_FAMILY = {
    "attribution": "repost",
    "ads": "ads",
    "tone": "tone",
    "engagement": "engagement",
    "sensitive": "sensitive",
    "tiers": "tiers",
}
FAMILIES = ("ads", "tiers", "pii", "tone", "engagement", "sensitive", "repost")
COUNTS = ("posts", "flagged", "false_alarms", "kept", "dropped", "unlabelled")


def _alarms(verdict: Verdict, checker: str) -> list[Finding]:
    """The checker's warnings and errors; for tiers, the reasons of a major route."""
    if checker == "tiers":
        if verdict.sign_off.tier != "major":
            return []
        return [f for f in verdict.findings if f.checker == "tiers" and f.rule.startswith("tiers/major")]
    return [f for f in verdict.findings if f.checker == checker and f.severity in ("warning", "error")]


def evaluate(checkers: tuple[str, ...] = tuple(OWN_FAMILY), verbose: bool = False) -> dict[str, dict[str, int]]:
    """Per checker, the counts of the module docstring."""
    pipeline = Pipeline.from_policy(load_policy("default"))
    labels = {(row["checker"], row["id"]): row for row in load_jsonl(LABELS)}
    counts = {name: dict.fromkeys(COUNTS, 0) for name in checkers}
    for family in FAMILIES:
        for row in real_cases(family, "dev"):
            verdict = pipeline.review(Document(id=row["id"], text=row["text"], title=row.get("title")))
            for name in checkers:
                if OWN_FAMILY[name] == family:
                    continue
                loud = _alarms(verdict, name)
                c = counts[name]
                c["posts"] += 1
                c["flagged"] += bool(loud)
                label = labels.get((name, row["id"]))
                if label is None:
                    what = "unlabelled"
                    c["unlabelled"] += bool(loud)
                elif label["right"]:
                    what = "kept" if loud else "dropped"
                    c[what] += 1
                else:
                    what = "false alarm"
                    c["false_alarms"] += bool(loud)
                if verbose and (what == "dropped" or (loud and what != "kept")):
                    rules = sorted({f"{f.rule}:{row['text'][f.start : f.end] or '-'}" for f in loud})
                    print(f"  {name:<11} {row['id']:<12} {what:<11} {rules or ''}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checker", choices=sorted(OWN_FAMILY), help="one checker only")
    parser.add_argument("--verbose", action="store_true", help="list false alarms, dropped and unlabelled flags")
    args = parser.parse_args()
    names = (args.checker,) if args.checker else tuple(OWN_FAMILY)
    labels = load_jsonl(LABELS)
    for name, c in evaluate(names, args.verbose).items():
        wrong = sum(1 for r in labels if r["checker"] == name and not r["right"])
        right = sum(1 for r in labels if r["checker"] == name and r["right"])
        print(
            f"{name:<11} other families' dev posts {c['posts']}: flagged {c['flagged']}; "
            f"false alarms {c['false_alarms']} of {wrong} labelled wrong; right flags kept {c['kept']} of {right} "
            f"(dropped {c['dropped']}); flagged without a label {c['unlabelled']}"
        )


if __name__ == "__main__":
    main()
