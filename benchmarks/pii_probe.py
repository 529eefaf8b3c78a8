"""False PERSON findings on real posts of the other families' sets (issue 19, round 2).

The other families' real sets (tiers, ads, repost, tone, engagement, sensitive) hold government
and news posts nobody labelled for personal information. Their DEV cases are a probe: most of
the strings the `pii` checker reports there as a private person's name are no such name
(villages, shops, products, public figures, bylines, officials in role). The count is an upper
bound of false names; the listing shows what to look at.

Printed: per family the number of dev posts and of PERSON findings, the total, and one line
per finding with the value masked (surname kept, given name starred) unless `--show` is given
(raw spans, for a developer's terminal only: never paste them into logs).

Usage: .venv/bin/python benchmarks/pii_probe.py [--show] [--quiet]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import load_jsonl  # noqa: E402
from benchmarks.pii_real import pii_pipeline  # noqa: E402
from review_pipeline.models import Document  # noqa: E402

FAMILIES = ("tiers", "ads", "repost", "tone", "engagement", "sensitive")
CONTEXT = 6  # characters shown on each side of a finding with --show


def dev_rows(family: str) -> list[dict]:
    """The dev cases of one family's real set (the test side is never probed)."""
    path = ROOT / "tests" / "data" / f"{family}_real" / "cases.jsonl"
    return [r for r in load_jsonl(path) if r.get("split") == "dev"] if path.exists() else []


def document(row: dict) -> Document:
    """The post as a Document: its text and title (other families label other fields)."""
    return Document(text=row["text"], id=row["id"], **({"title": row["title"]} if row.get("title") else {}))


def probe(show: bool = False, quiet: bool = False) -> Counter[str]:
    """PERSON findings per family on the dev posts; prints one line each unless `quiet`."""
    pipeline = pii_pipeline()
    counts: Counter[str] = Counter()
    for family in FAMILIES:
        rows = dev_rows(family)
        found = 0
        for row in rows:
            verdict = pipeline.review(document(row))
            for f in verdict.findings:
                if f.rule != "pii/PERSON" or f.severity == "info" or f.start is None or f.end is None:
                    continue
                found += 1
                if quiet:
                    continue
                text = row.get(f.field) or ""
                if show:
                    value = text[f.start : f.end]
                    where = f"{text[max(0, f.start - CONTEXT) : f.start]}[{value}]{text[f.end : f.end + CONTEXT]}"
                else:
                    where = f.excerpt or "*"
                print(f"  {family:<10} {row['id']:<16} {f.field:<6} {f.severity:<7} {where!s}".replace("\n", " "))
        counts[family] = found
        print(f"{family}: {len(rows)} dev posts, {found} PERSON findings")
    print(f"total PERSON findings on other families' dev posts: {sum(counts.values())}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print raw spans with context (developer only)")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    args = parser.parse_args()
    probe(show=args.show, quiet=args.quiet)


if __name__ == "__main__":
    main()
