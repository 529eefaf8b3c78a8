"""The real-text repost set (tests/data/repost_real/): its file is well formed, and the
`attribution` checker keeps its dev figures (a floor a little below the figures reached)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.evalkit import host_of, real_cases, split_for_url
from benchmarks.repost_real import BLIND, attribution_checker, evaluate

CASES = Path(__file__).resolve().parent / "data" / "repost_real" / "cases.jsonl"
FIELDS = {"id", "url", "seen", "split", "text", "kind", "source", "label", "note"}
OPTIONAL = {"title", "original_title", "derivation", "batch"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_case_has_the_protocol_fields(rows: list[dict]) -> None:
    assert len(rows) >= 150
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    for r in rows:
        assert FIELDS <= set(r) <= FIELDS | OPTIONAL, r["id"]
        assert r["url"].startswith(("http://", "https://")) and host_of(r["url"]), r["id"]
        assert r["seen"] in ("2026-11-30", "2026-12-01")  # the date each round collected its cases
        assert r["kind"] in ("original", "repost")
        assert 30 <= len(r["text"]) <= 1500 or r["label"]["repost"], r["id"]
        assert r["note"].strip()


def test_split_follows_the_host(rows: list[dict]) -> None:
    for r in rows:
        assert r["split"] == split_for_url(r["url"]), r["id"]
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert len(real_cases("repost")) == len(rows)  # the loader's own check agrees


def test_no_site_dominates(rows: list[dict]) -> None:
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= 0.05 * len(rows)


def test_labels_are_consistent(rows: list[dict]) -> None:
    for r in rows:
        label = r["label"]
        assert label["repost"] == (r["kind"] == "repost"), r["id"]
        if not label["repost"]:
            assert label["acceptable"], r["id"]  # rubric R3: an original names no bad source here
        span = label["source"]
        if span is None:
            continue
        start, end = span
        assert 0 <= start < end <= len(r["text"]), r["id"]
        assert r["text"][start:end] == label["source_name"], r["id"]


def test_declared_sources_come_from_the_page(rows: list[dict]) -> None:
    """A declared source is the page's own wording (rubric: derived from its source line)."""
    for r in rows:
        if r["source"] and r["kind"] == "repost" and r["label"]["source"]:
            name = r["label"]["source_name"]
            assert name in r["source"] or r["source"] in r["text"] or "derivation" in r, r["id"]


def test_dev_figures_stay_above_the_floor() -> None:
    dev = real_cases("repost", "dev")
    # the blind batches' dev sides have their own, lower floor (round 5: fresh-8 0.800 of 30 blind, 0.900 after its
    # dev side was tuned on; round 6: with fresh-9, tuned on after its blind figure 0.632 of 19, and fresh-9b, never
    # tuned on, 0.907 of 54; 0.902 of 61 with the rest of fresh-9b; round 7: with the blind fresh-10, never tuned
    # on, 0.887 of 80 before and after the round-7 changes; 0.899 of 89 with fresh-10b, collected after them; round 8:
    # 0.890 of 100 with the blind fresh-11, collected and labelled before the round-8 changes; 0.890 of 109 with its second
    # wave, collected after them; round 9: with the blind fresh-12 (21 dev items, collected and labelled before any round-9
    # change, 0.762 both before and after the changes) 0.869 of 130 before the round-9 changes, 0.915 after them)
    blind = evaluate(attribution_checker(), [row for row in dev if row.get("batch") in BLIND], verbose=False)
    assert blind["accuracy"] >= 0.90
    assert blind["recall"] >= 0.95
    r = evaluate(attribution_checker(), [row for row in dev if row.get("batch") not in BLIND], verbose=False)
    assert r["accuracy"] >= 0.985  # round 5: 0.996 of 255; round 6: 0.997 of 309; round 7: 0.994 of 338
    assert r["recall"] >= 0.95  # unacceptable sources caught
    # round 9: 0.976 of 124 originals with the new-host probe dev-14, before and after the round's changes (repost-658, a
    # news agency's own site under its own dateline, reads as that agency's wire: the checker cannot tell the publisher)
    assert r["quiet_originals"] >= 0.97
    # round 4 added pages whose labelled source is a credit the checker does not name (an entry of the
    # tables draws no finding, so the only span named is another, organ-read source): 39/44 before the
    # round-4 changes, 38/43 after
    assert r["spans_exact"] >= 0.85 * r["spans_named"]

