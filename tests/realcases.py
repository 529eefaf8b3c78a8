"""Checks shared by the real-text corpus tests (tests/data/<family>_real/cases.jsonl)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from benchmarks.evalkit import host_of, real_cases, split_for_url

REQUIRED = ("id", "url", "seen", "split", "text", "label", "note")


def check_corpus(family: str, verdicts: set[str]) -> list[dict]:
    """Every row well formed: fields, split by host, evidence offsets, URL, no host dominating."""
    rows = real_cases(family)
    assert len({r["id"] for r in rows}) == len(rows), "ids must be unique"
    assert len({r["text"] for r in rows}) == len(rows), "texts must be unique"
    for row in rows:
        missing = [k for k in REQUIRED if not row.get(k)]
        assert not missing, f"{row.get('id')}: missing {missing}"
        assert urlsplit(row["url"]).scheme in ("http", "https") and host_of(row["url"]), row["id"]
        assert row["split"] == split_for_url(row["url"]), row["id"]
        label = row["label"]
        assert label["verdict"] in verdicts, row["id"]
        if label["verdict"] == "none":
            assert label["evidence"] == [], row["id"]
        else:
            assert label["evidence"], f"{row['id']}: a positive names the words that decide it"
        for ev in label["evidence"]:
            assert row["text"][ev["start"] : ev["end"]] == ev["text"], row["id"]
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= max(3, len(rows) * 0.05), hosts.most_common(3)
    return rows


def assert_round_from_new_hosts(rows: list[dict], batches: tuple[object, ...], blind: str) -> list[dict]:
    """The rows of one collection round (`batches`, its blind batch `blind` among them) come from
    hosts of no earlier round and never share a host with each other; the blind batch is there.
    Returns the round's rows."""
    earlier = {host_of(r["url"]) for r in rows if r.get("batch", 1) not in batches}
    this_round = [r for r in rows if r.get("batch", 1) in batches]
    hosts = [host_of(r["url"]) for r in this_round]
    assert any(r.get("batch") == blind for r in this_round)
    assert len(hosts) == len(set(hosts)) and not set(hosts) & earlier
    return this_round
