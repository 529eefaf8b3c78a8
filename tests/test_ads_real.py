"""The real-text ads corpus (tests/data/ads_real) is well formed, and the dev figures stay above a floor.

The floor sits slightly below the figures reached when the corpus was built (see
benchmarks/ads_real.py), so a change that silently loses accuracy on real text fails here.
Only the dev split is scored: test is for reporting, never for tuning.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.ads_real import BLOCK, FRESH, ads_pipeline, evaluate, verdict_rules
from benchmarks.corpus import people_daily_text
from benchmarks.evalkit import host_of, real_cases, split_for_url

from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline

CASES = Path(__file__).parent / "data" / "ads_real" / "cases.jsonl"
RUBRIC = CASES.with_name("RUBRIC.md")
LABELS = {"ad", "not ad"}
KINDS = {
    "penalty_quote",
    "merchant",
    "livestream",
    "training",
    "medical",
    "financial",
    "realestate",
    "enforcement_notice",
    "anti_fraud",
    "gov_news",
    "gov_service",
    "news",
}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_pipeline()


def test_corpus_fields_and_size(rows: list[dict]) -> None:
    assert RUBRIC.exists()
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    for r in rows:
        assert r["url"].startswith(("http://", "https://")), r["id"]
        assert r["seen"] in ("2026-11-30", "2026-12-01")  # round 7 was gathered on 2026-12-01
        assert r["label"] in LABELS and r["kind"] in KINDS, r["id"]
        assert r["note"] and len(r["text"].strip()) >= 10, r["id"]
        assert "\n\n" not in r["text"], r["id"]  # blank lines collapsed, nothing else changed
        if r["kind"] == "penalty_quote":
            assert r.get("derivation"), r["id"]  # a quote taken out of a decision says so


def test_splits_follow_hosts_and_no_host_dominates(rows: list[dict]) -> None:
    for r in rows:
        assert r["split"] == split_for_url(r["url"]), r["id"]
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= max(5, 0.05 * len(rows))
    assert real_cases("ads", "dev") and real_cases("ads", "test")  # loader re-checks every split
    for split in ("dev", "test"):
        labels = Counter(r["label"] for r in rows if r["split"] == split)
        # roughly balanced; the new-host probes of rounds 6 and 7 are mostly hard negatives by design
        # (real ad copy on hosts new to the set is scarce), so test holds a little under 30% ads
        assert labels["ad"] >= 0.25 * sum(labels.values()), split


def test_findings_point_inside_real_texts(rows: list[dict], pipeline: Pipeline) -> None:
    for r in rows[::3]:
        for f in pipeline.review(Document(text=r["text"])).findings:
            assert 0 <= f.start <= f.end <= len(r["text"]), r["id"]


def test_blind_batches_are_marked_and_come_from_new_hosts(rows: list[dict]) -> None:
    assert {r["batch"] for r in rows if "batch" in r} == set(FRESH)
    # fresh-7 (round 4): 23 cases, as real ad copy from hosts new to the set has grown scarce
    for batch, size in (
        ("fresh-4", 30),
        ("fresh-5", 30),
        ("fresh-6", 30),
        ("fresh-7", 20),
        ("fresh-8", 25),
        ("fresh-9", 25),
        ("fresh-10", 25),
        ("fresh-11", 25),  # round 8: 28 cases, 9 ads (seeded host shuffles of the round-8 pools)
        ("fresh-12", 20),  # round 9: 23 cases, 6 ads (ad copy on new hosts is now scarce in the store)
    ):
        fresh = [r for r in rows if r.get("batch") == batch]
        assert len(fresh) >= size and {r["label"] for r in fresh} == LABELS, batch
        older_hosts = {host_of(r["url"]) for r in rows if r.get("batch") != batch}
        assert not {host_of(r["url"]) for r in fresh} & older_hosts  # labelled before the checker ran


def test_dev_figures_stay_above_the_floor(pipeline: Pipeline) -> None:
    result = evaluate(pipeline, real_cases("ads", "dev"), verbose=False)
    # dev grew from 289 to 387 cases in issue 16's third pass (new hosts: soft ads, private-hospital
    # pages, tour and hotel listings, Taiwanese health-bureau quotes, hard negatives); the second-pass
    # code scored 0.943 precision, 0.685 recall, 0.582 blocked, 5 non-ads blocked on it.
    # round 2 added 29 hard negatives and 5 ads to dev (424 cases): the third-pass code blocked one
    # non-ad (a consumer tip refuting a claim), flagged two, and reached 0.762 recall on them.
    # round 3 added 99 dev cases from new hosts (30 of them fresh-6's dev side): shop, booking and
    # clinic pages outside the mainland, soft articles, hard negatives. The round-2 code scored 0.937
    # precision, 0.698 recall, 0.688 blocked and blocked 3 non-ads on the 545 cases. A block now
    # needs converging evidence (or the learned scorer's agreement) and an official voice caps it.
    # round 4 added 88 dev cases from new hosts (25 of them fresh-7's dev side): government and news
    # voice praising local products, fairs, awards, consumption seasons, tourism concessions; ad copy
    # quoted in decisions and news. The round-3 code scored 0.919 precision, 0.697 recall, 0.664
    # blocked and blocked 4 non-ads on them. Narration (a third party's offer told, not made) and the
    # law's claim families took it to the figures below; the one non-ad still blocked is a fresh-7
    # case, left untuned so the blind batch stays blind.
    # round 5 added 73 dev cases from new hosts (13 of them fresh-8's dev side; 60 the probe below). The
    # round-4 code scored 0.923 precision, 0.738 recall, 0.697 blocked and blocked 4 non-ads on the 706
    # cases; round-5 claim classes, delivery terms as a procedure and the learned flag of short quiet
    # copy took it to 0.948 precision, 0.820 recall, 0.734 blocked, 1 non-ad blocked.
    # round 6 added 65 dev cases from new hosts (22 of them fresh-9's dev side, 43 the probe below). The
    # round-5 code scored 0.928 precision, 0.771 recall, 0.688 blocked and blocked 4 non-ads on the 771
    # cases; the merchant's welcome, rank claims for a brand, coupon terms and hedged effects as data,
    # and the scorer's structural marks (thresholds by host-grouped CV) took it to the figures below.
    # Two of the three non-ads still blocked are fresh-9 cases and one fresh-7's: blind, left untuned.
    # round 7 added 80 dev cases from new hosts (22 of them fresh-10's dev side, 58 the probe below), most
    # of them hard negatives. The round-6 code scored 0.912 precision, 0.771 recall, 0.676 blocked and
    # blocked 7 non-ads on the 851 cases; a hedge that no longer reports an asserted health claim, quoted
    # slogans in an account as reported, the sale needed for a rule block and the retrained scorer took it
    # to 0.920 precision, 0.771 recall, 0.676 blocked, 3 non-ads blocked (all of them fresh-batch cases,
    # left untuned so the blind batches stay blind).
    # round 8 added 39 dev cases from new hosts (14 of them fresh-11's dev side, 25 the probe below), most
    # of them hard negatives. The round-7 code scored 0.921 precision, 0.749 recall, 0.651 blocked and
    # blocked 3 non-ads on the 890 cases; a merchant's own line as a channel, a firm's self-welcome, a price
    # on request, seed yields promised (广告法第二十七条) and a lone price no longer a warning took it to
    # 0.942 precision, 0.766 recall, 0.658 blocked, 3 non-ads blocked (blind-batch cases, left untuned).
    # The scorer was not retrained: retrained with round 8's dev side it found nothing more on the blind
    # batches' dev side and flagged one more fresh-11 non-ad.
    # round 9 added fresh-12's dev side (12 cases, 3 ads; blind: the round-8 code flagged none of its ads
    # and two of its non-ads; left untuned). On the 890 older rows a user's testimony of a health effect
    # and a seller's rate card laid out a cell a line took the round-8 code's 0.942 precision, 0.766
    # recall, 0.658 blocked to 0.943, 0.780, 0.671 (host-grouped CV with a held-out scorer, the yardstick:
    # recall 0.712 -> 0.729); on all 902 dev rows: 0.935 precision, 0.772 recall, 0.664 blocked, 3 non-ads
    # blocked.
    assert result["precision"] >= 0.92  # 0.942 after round 8 on 890 rows; fresh-12's dev side added
    assert result["recall"] >= 0.75  # 0.766 after round 8
    assert result["blocked_recall"] >= 0.64  # 0.658 after round 8 (learned promotion included)
    assert result["false_blocks"] <= 3


def test_round5_new_host_probe_stays_above_the_floor(pipeline: Pipeline) -> None:
    """The dev side of round 5's cases from hosts new to the set (`"round": "5"`): the round-4 code
    scored 0.647 precision, 0.458 recall, 0.375 blocked and blocked 3 non-ads on them."""
    rows = [r for r in real_cases("ads", "dev") if r.get("round") == "5"]
    assert len(rows) >= 50
    result = evaluate(pipeline, rows, verbose=False)
    assert result["precision"] >= 0.88  # 0.909 after round 5
    assert result["recall"] >= 0.80  # 0.833 after round 5
    assert result["blocked_recall"] >= 0.70  # 0.750 after round 5
    assert result["false_blocks"] == 0


def test_round6_new_host_probe_stays_above_the_floor(pipeline: Pipeline) -> None:
    """The dev side of round 6's cases from hosts new to the set (`"round": "6"`), labelled before the
    checker ran: the round-5 code scored 0.667 precision, 0.308 recall, 0.231 blocked and blocked 1
    non-ad on them (its test side: 0.333 precision, 0.250 recall)."""
    rows = [r for r in real_cases("ads", "dev") if r.get("round") == "6"]
    assert len(rows) >= 40
    result = evaluate(pipeline, rows, verbose=False)
    assert result["precision"] >= 0.9  # 1.000 after round 6
    # 0.615 after round 6; 0.538 after round 7, whose retrained scorer no longer flags one short header
    assert result["recall"] >= 0.5
    assert result["blocked_recall"] >= 0.4  # 0.462 after round 6
    assert result["false_blocks"] == 0


def test_round7_new_host_probe_stays_above_the_floor(pipeline: Pipeline) -> None:
    """The dev side of round 7's cases from hosts new to the set (`"round": "7"`), labelled before the
    checker ran: the round-6 code scored 0.429 precision, 0.333 recall, 0.111 blocked and blocked 3
    non-ads on them (its test side: 0.000 precision, 0.000 recall, 4 non-ads blocked). The retrained
    scorer has seen these rows: the out-of-sample figures are the test side and fresh-10."""
    rows = [r for r in real_cases("ads", "dev") if r.get("round") == "7"]
    assert len(rows) >= 50
    result = evaluate(pipeline, rows, verbose=False)
    assert result["precision"] >= 0.7  # 0.750 after round 7
    assert result["recall"] >= 0.6  # 0.667 after round 7
    assert result["false_blocks"] == 0


def test_round8_new_host_probe_stays_above_the_floor(pipeline: Pipeline) -> None:
    """The dev side of round 8's cases from hosts new to the set (`"round": "8"`), labelled before the
    checker ran: the round-7 code flagged none of its 7 ads (1.000 precision, 0.000 recall); its test side
    scored 0.333 precision, 0.667 recall with 2 non-ads blocked (unchanged after round 8)."""
    rows = [r for r in real_cases("ads", "dev") if r.get("round") == "8"]
    assert len(rows) >= 20
    result = evaluate(pipeline, rows, verbose=False)
    assert result["precision"] >= 0.9  # 1.000 after round 8
    assert result["recall"] >= 0.4  # 0.429 after round 8 (3 of 7 ads)
    assert result["false_blocks"] == 0


def test_people_daily_and_regulation_get_no_ad_warning(pipeline: Pipeline) -> None:
    for seed in range(0, 1000, 5):  # 200 of the 1,000 posts the benchmark counts
        assert not verdict_rules(pipeline, people_daily_text(1000, seed=seed)), seed
    regulation = Path(__file__).parent / "data" / "regulation.txt"
    assert not verdict_rules(pipeline, regulation.read_text(encoding="utf-8"))
    assert BLOCK == "ads/commercial_ad"
