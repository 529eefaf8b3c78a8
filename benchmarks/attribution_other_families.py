"""The `attribution` checker on the real DEV posts of the other families (ads, tiers, PII, tone,
engagement, sensitive): ordinary government and news pages, most of them originals, many with a
来源/据…/dateline line as real sites print it. Nothing here was chosen as a repost, so it shows how
often the checker alarms on the pages it will meet every day.

Every post the checker flagged at warning or above when the probe was built (session-start code) is
labelled in tests/data/repost_real/other_families.jsonl by the repost rubric (RUBRIC.md: is the stated
source acceptable?); eight whose source could not be settled from stored material are left out.
Printed: posts read, posts flagged, flags on labelled-acceptable posts (false alarms), flags kept on
labelled-unacceptable posts, labelled-unacceptable posts no longer flagged, and flagged posts that carry
no label (to label before trusting the figures). Only dev cases are read: tune freely on them.

Usage: .venv/bin/python benchmarks/attribution_other_families.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import load_jsonl, real_cases  # noqa: E402
from benchmarks.repost_real import attribution_checker  # noqa: E402
from review_pipeline.checkers.base import CheckContext  # noqa: E402
from review_pipeline.models import Document  # noqa: E402

FAMILIES = ("ads", "tiers", "pii", "tone", "engagement", "sensitive")
LABELS = ROOT / "tests" / "data" / "repost_real" / "other_families.jsonl"


def evaluate(verbose: bool = False) -> dict[str, int]:
    """Counts of flagged posts against the labels (see the module docstring)."""
    checker = attribution_checker()
    labels = {row["id"]: row for row in load_jsonl(LABELS)}
    counts = dict.fromkeys(("posts", "flagged", "false_alarms", "kept", "dropped", "unlabelled"), 0)
    for family in FAMILIES:
        for row in real_cases(family, "dev"):
            doc = Document(id=row["id"], text=row["text"], title=row.get("title"))
            loud = [f for f in checker.check(doc, CheckContext(doc)) if f.severity in ("warning", "error")]
            counts["posts"] += 1
            counts["flagged"] += bool(loud)
            label = labels.get(row["id"])
            if label is None:
                counts["unlabelled"] += bool(loud)
                what = "unlabelled"
            elif label["acceptable"]:
                counts["false_alarms"] += bool(loud)
                what = "false alarm"
            else:
                counts["kept"] += bool(loud)
                counts["dropped"] += not loud
                what = "kept" if loud else "dropped"
            if verbose and ((loud and what != "kept") or what == "dropped"):
                rules = sorted({f"{f.rule.split('/')[1]}:{row['text'][f.start:f.end] or '-'}" for f in loud})
                print(f"  {row['id']:<12} {what:<12} {rules or ''}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list false alarms, dropped and unlabelled flags")
    args = parser.parse_args()
    c = evaluate(args.verbose)
    labels = load_jsonl(LABELS)
    ok = sum(1 for r in labels if r["acceptable"])
    print(
        f"other families' dev posts {c['posts']}: flagged {c['flagged']}; "
        f"false alarms {c['false_alarms']} of {ok} labelled acceptable; "
        f"right flags kept {c['kept']} of {len(labels) - ok} labelled unacceptable (dropped {c['dropped']}); "
        f"flagged without a label {c['unlabelled']}"
    )


if __name__ == "__main__":
    main()
