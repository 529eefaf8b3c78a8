"""Count and digest of the `pii` checker's findings on every real post it is measured on.

A change meant to make the checker faster must not change what it finds: run this before and
after, and the two lines must be equal. Covered: every passage of tests/data/pii_real/ (dev and
test, blind batches included) and the dev posts of the other families' real sets that
`benchmarks/pii_probe.py` reads. Each finding contributes its post id, field, rule, severity
and offsets; each post its `Verdict.redacted` text (a finding redacted differently is a change
too). Only the digest is printed, never a value.

Usage: .venv/bin/python benchmarks/pii_digest.py [--per-set]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import real_cases  # noqa: E402
from benchmarks.pii_probe import FAMILIES, dev_rows  # noqa: E402
from benchmarks.pii_probe import document as probe_document  # noqa: E402
from benchmarks.pii_real import document, pii_pipeline  # noqa: E402
from review_pipeline.models import Document  # noqa: E402


def posts() -> list[tuple[str, Document]]:
    """(set name, document) for the pii_real passages and the other families' dev posts."""
    out = [("pii_real", document(row)) for row in real_cases("pii")]
    for family in FAMILIES:
        out.extend((family, probe_document(row)) for row in dev_rows(family))
    return out


def digest(per_set: bool = False) -> tuple[int, str]:
    """(number of findings, sha256 prefix) over every post; prints one line per set if asked."""
    pipeline = pii_pipeline()
    total = hashlib.sha256()
    count = 0
    sets: dict[str, tuple[int, hashlib._Hash]] = {}
    for name, doc in posts():
        verdict = pipeline.review(doc)
        n, h = sets.setdefault(name, (0, hashlib.sha256()))
        lines = [
            f"{doc.id}|{f.field}|{f.rule}|{f.severity}|{f.start}|{f.end}"
            for f in verdict.findings
            if f.checker == "pii"
        ]
        redacted = verdict.redacted.text if verdict.redacted and verdict.redacted.text is not None else ""
        lines.append(f"{doc.id}|redacted|{hashlib.sha256(redacted.encode('utf-8')).hexdigest()}")
        for line in lines:
            total.update(line.encode("utf-8") + b"\n")
            h.update(line.encode("utf-8") + b"\n")
        sets[name] = (n + len(lines) - 1, h)
        count += len(lines) - 1
    if per_set:
        for name, (n, h) in sets.items():
            print(f"  {name:<10} {n:>5} findings  digest {h.hexdigest()[:16]}")
    return count, total.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-set", action="store_true", help="a line per set of posts as well")
    args = parser.parse_args()
    count, value = digest(args.per_set)
    print(f"pii findings on the real sets: {count}, digest {value}")


if __name__ == "__main__":
    main()
