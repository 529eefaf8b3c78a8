"""Shared scoring for the labelled evaluation sets in tests/data/*_eval.jsonl."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path


def load_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSONL file (blank lines skipped)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float]:
    """From (expected_positive, predicted_positive) pairs: precision, recall, f1 and counts."""
    c = Counter((bool(e), bool(p)) for e, p in pairs)
    tp, fp, fn, tn = c[(True, True)], c[(False, True)], c[(True, False)], c[(False, False)]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def confusion(pairs: Iterable[tuple[str, str]], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """expected -> predicted -> count, every label present."""
    table = {e: dict.fromkeys(labels, 0) for e in labels}
    for expected, predicted in pairs:
        table[expected][predicted] += 1
    return table


def format_confusion(table: dict[str, dict[str, int]]) -> str:
    labels = list(table)
    width = max(len(x) for x in labels) + 2
    head = "expected\\predicted".ljust(20) + "".join(x.rjust(width) for x in labels)
    rows = [e.ljust(20) + "".join(str(table[e][p]).rjust(width) for p in labels) for e in labels]
    return "\n".join([head, *rows])


def host_of(url: str) -> str:
    """The URL's host, lower-cased, without a leading `www.`."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def split_for_url(url: str, test_share: float = 0.3) -> str:
    """`dev` or `test` for a case, decided by a stable hash of its URL's host (about 70/30), so one
    site's house style never sits on both sides (see shared notes/real-text-eval.md)."""
    import hashlib

    digest = hashlib.sha256(host_of(url).encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < test_share else "dev"


def real_cases(family: str, split: str | None = None) -> list[dict]:
    """Rows of tests/data/<family>_real/cases.jsonl, optionally only one split; each row's `split`
    is checked against its URL's host so a hand edit cannot move a case across."""
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / f"{family}_real" / "cases.jsonl"
    rows = load_jsonl(path)
    for row in rows:
        expected = split_for_url(row["url"])
        if row.get("split") != expected:
            raise ValueError(f"{path.name}: case {row.get('id')} has split {row.get('split')!r}, host says {expected!r}")
    return [r for r in rows if split is None or r["split"] == split]
