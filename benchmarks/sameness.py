"""Same findings before and after: a digest of every verdict of the default chain on fixed documents.

A speed change must not change what the chain finds. This reviews, through `Pipeline.pipe` (the
one engine every caller uses), every case of every real set (tests/data/*_real, dev and test; the
cross-family probe reads the same posts) and the 1,000 seeded 1 KB posts of
`benchmarks/pipeline.py`, and prints per set the number of documents and findings and two digests:

- `core`: each finding's checker, rule, field, span, severity and message, the redacted title and
  text, the sign-off tier and the decision;
- `full`: the whole Verdict JSON, the checkers' timings (`ms`) aside (fingerprints, excerpts,
  lines and columns, sign-off reasons, review digest included).

    .venv/bin/python benchmarks/sameness.py                      # every document; print digests
    .venv/bin/python benchmarks/sameness.py --write before.json  # also keep each document's digests
    .venv/bin/python benchmarks/sameness.py --check before.json  # compare; list the documents that differ
    .venv/bin/python benchmarks/sameness.py --sample ...         # the fixed sample of tests/test_sameness.py

`--check` exits 1 when any document's verdict differs. tests/test_sameness.py keeps the sample's
digests in tests/data/sameness.json: a change that is meant to change findings regenerates it with
`--sample --write tests/data/sameness.json` (and says so in its commit message).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import posts  # noqa: E402
from benchmarks.evalkit import load_jsonl  # noqa: E402
from review_pipeline import Document, Pipeline, load_policy  # noqa: E402
from review_pipeline.models import Verdict  # noqa: E402

FAMILIES = ("ads", "engagement", "pii", "posts", "repost", "sensitive", "tiers", "tone")
POSTS = 1000  # the benchmark corpus: benchmarks/pipeline.py --posts 1000 (seed 7, 1,000 characters)
# the sample of the test: every SAMPLE_STEP-th real case and the first SAMPLE_POSTS posts
SAMPLE_STEP = 8
SAMPLE_POSTS = 150


def _document(row: dict[str, Any]) -> Document:
    """The Document of a real case: its text and title, and the repost fields where the case has them."""
    fields: dict[str, Any] = {k: row[k] for k in ("title", "source", "original_title") if row.get(k)}
    if row.get("kind") in ("original", "repost"):  # ads cases use `kind` for their own taxonomy
        fields["kind"] = row["kind"]
    if row.get("disclosure") in ("punishment", "mandatory"):
        fields["disclosure"] = row["disclosure"]
    return Document(id=row["id"], text=row["text"], **fields)


def documents(sample: bool = False) -> Iterator[tuple[str, Document]]:
    """(set name, document) of every fixed document, or of the test's sample."""
    for family in FAMILIES:
        rows = load_jsonl(ROOT / "tests" / "data" / f"{family}_real" / "cases.jsonl")
        for i, row in enumerate(rows):
            if not sample or i % SAMPLE_STEP == 0:
                yield f"{family}_real", _document(row)
    for i, post in enumerate(posts(SAMPLE_POSTS if sample else POSTS, 7, 1000)):
        yield "posts_1k", Document(**{"id": f"post-{i}", **post})


def core_view(verdict: Verdict) -> list[Any]:
    """What must not change: findings (checker, rule, field, span, severity, message), the
    redacted texts, the tier and the decision."""
    redacted = verdict.redacted
    return [
        verdict.decision,
        verdict.sign_off.tier,
        None if redacted is None else [redacted.title, redacted.text],
        [[f.checker, f.rule, f.field, f.start, f.end, f.severity, f.message] for f in verdict.findings],
    ]


def full_view(verdict: Verdict) -> dict[str, Any]:
    """The whole verdict as JSON, without the checkers' timings."""
    data = verdict.model_dump(mode="json")
    for run in data["checkers"].values():
        run.pop("ms", None)
    return data


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def digests(pipeline: Pipeline, sample: bool = False) -> dict[str, dict[str, Any]]:
    """Per set: documents, findings, and per document its (core, full) digests."""
    named = list(documents(sample))
    out: dict[str, dict[str, Any]] = {}
    verdicts = pipeline.pipe((doc for _, doc in named), timeout_s=0)
    for (name, doc), verdict in zip(named, verdicts, strict=True):
        entry = out.setdefault(name, {"documents": 0, "findings": 0, "each": {}})
        entry["documents"] += 1
        entry["findings"] += len(verdict.findings)
        entry["each"][doc.id] = [_hash(core_view(verdict)), _hash(full_view(verdict))]
    return out


def summary(result: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per set and in total: documents, findings, core and full digests."""
    rows: dict[str, dict[str, Any]] = {}
    for name, entry in [*result.items(), ("total", _total(result))]:
        each = entry["each"]
        rows[name] = {
            "documents": entry["documents"],
            "findings": entry["findings"],
            "core": _hash([[k, v[0]] for k, v in sorted(each.items())]),
            "full": _hash([[k, v[1]] for k, v in sorted(each.items())]),
        }
    return rows


def _total(result: dict[str, dict[str, Any]]) -> dict[str, Any]:
    each = {f"{name}/{k}": v for name, entry in result.items() for k, v in entry["each"].items()}
    return {
        "documents": sum(e["documents"] for e in result.values()),
        "findings": sum(e["findings"] for e in result.values()),
        "each": each,
    }


def differences(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    """`set/id: core|full` for every document whose digests differ (or that one side lacks)."""
    out = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}).get("each", {}), after.get(name, {}).get("each", {})
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            if a != b:
                what = "missing" if a is None or b is None else "core" if a[0] != b[0] else "full"
                out.append(f"{name}/{key}: {what}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", action="store_true", help="the test's fixed sample, not every document")
    parser.add_argument("--write", type=Path, help="keep each document's digests in this JSON file")
    parser.add_argument("--check", type=Path, help="compare with digests written before; exit 1 on a difference")
    args = parser.parse_args()

    result = digests(Pipeline.from_policy(load_policy("default")), sample=args.sample)
    for name, row in summary(result).items():
        print(f"{name:<16} {row['documents']:>5} documents {row['findings']:>6} findings  core {row['core']}  full {row['full']}")
    if args.write:
        args.write.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    if args.check:
        changed = differences(json.loads(args.check.read_text(encoding="utf-8")), result)
        for line in changed[:50]:
            print("differs:", line)
        print(f"{len(changed)} documents differ from {args.check}")
        if changed:
            sys.exit(1)


if __name__ == "__main__":
    main()
