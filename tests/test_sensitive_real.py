"""The real-text sensitive-words corpus (tests/data/sensitive_real) is well formed, and the dev figures
stay above a floor.

The floor sits slightly below the figures reached when the corpus was built (see
benchmarks/sensitive_real.py), so a change that silently loses accuracy on real text fails here.
Only the dev split is scored: test is for reporting, never for tuning.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.evalkit import host_of, real_cases, split_for_url
from benchmarks.sensitive_real import LAW, evaluate, findings, sensitive_pipeline

from review_pipeline.pipeline import Pipeline

CASES = Path(__file__).parent / "data" / "sensitive_real" / "cases.jsonl"
RUBRIC = CASES.with_name("RUBRIC.md")
LABELS = {"violation", "clean"}
CATEGORIES = {*LAW, "normative", "illicit"}
BATCHES = ("fresh-4", "fresh-7", "fresh-8", "fresh-9", "dev-12", "fresh-10", "dev-13", "fresh-11", "fresh-12")  # in the order they were gathered


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path_factory.getbasetemp() / "rp-cache"))


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return sensitive_pipeline()


def test_corpus_fields_and_size(rows: list[dict]) -> None:
    assert RUBRIC.exists()
    assert len(rows) >= 120
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    for r in rows:
        assert r["url"].startswith(("http://", "https://")), r["id"]
        assert r["seen"] in ("2026-11-30", "2026-12-01")
        assert r["label"] in LABELS and r["category"] in CATEGORIES, r["id"]
        assert r["note"] and len(r["text"].strip()) >= 8, r["id"]
        assert "\n\n" not in r["text"], r["id"]  # blank lines collapsed, nothing else changed
        assert r.get("batch") in (None, *BATCHES), r["id"]


def test_labelled_spans_lie_inside_the_text(rows: list[dict]) -> None:
    for r in rows:
        if r["label"] == "clean":
            assert "spans" not in r, r["id"]
            continue
        assert r["spans"], r["id"]
        for start, end, category in r["spans"]:
            assert 0 <= start < end <= len(r["text"]), r["id"]
            assert category in CATEGORIES, r["id"]


def test_splits_follow_hosts_and_no_host_dominates(rows: list[dict]) -> None:
    for r in rows:
        assert r["split"] == split_for_url(r["url"]), r["id"]
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= max(5, 0.05 * len(rows))
    assert real_cases("sensitive", "dev") and real_cases("sensitive", "test")  # the loader re-checks every split
    earlier: set[str] = {host_of(r["url"]) for r in rows if r.get("batch") is None}
    for batch in BATCHES:  # each blind batch comes from hosts new at its time
        batch_hosts = {host_of(r["url"]) for r in rows if r.get("batch") == batch}
        assert batch_hosts and not batch_hosts & earlier, batch
        earlier |= batch_hosts


def test_findings_point_inside_real_texts(rows: list[dict], pipeline: Pipeline) -> None:
    for r in rows[::2]:
        for f in findings(pipeline, r["text"]):
            assert 0 <= f.start < f.end <= len(r["text"]), r["id"]


def test_dev_figures_stay_above_the_floor(pipeline: Pipeline) -> None:
    r = evaluate(pipeline, real_cases("sensitive", "dev"), verbose=False)
    # reached when the set was built: precision 1.000, recall 0.912, blocked 0.706, no false block;
    # with the fresh-8 batch (122 dev cases): 1.000, 0.935, 0.727;
    # with fresh-9 and the "N米过夜" solicitation form (134 dev cases): 1.000, 0.960, 0.783;
    # with the dev-12 probe and fresh-10 and the session-7 classes (192 dev cases): 1.000, 0.954, 0.833
    # with the dev-13 probe, the gambling-platform compounds and fresh-11 (220 dev cases): 1.000, 0.944, 0.829
    # with the blind fresh-12 batch, before any change (234 dev cases): 1.000, 0.896, 0.769;
    # with phishing messages by structure and the illicit category (234 dev cases): 1.000, 0.935, 0.821
    assert r["precision"] >= 0.97
    assert r["recall"] >= 0.92
    assert r["category"] == r["tp"]  # every flagged violation carries its expected category
    assert r["blocked_recall"] >= 0.80
    assert r["false_blocks"] == 0
