"""The real-text tone corpus is well formed, and the checker keeps its figures on DEV.

Floors are a little below the figures reached when the corpus was built (benchmarks/tone_real.py
prints them); the test split is never asserted, only reported.
"""

from __future__ import annotations

import pytest
from benchmarks.evalkit import host_of
from benchmarks.tone_real import corpus_warnings, evaluate, family_pipeline, regulation_warnings

from tests.realcases import assert_round_from_new_hosts, check_corpus

DEV_PRECISION = 0.97
# Eighth round: dev grew by 70 rows from new hosts (batch 8 and the dev side of fresh-8, most of
# them positives no earlier word list knew); dev reached P 0.991 R 0.844 (290 cases), the blind
# batches' missed dev positives (fresh-6/7/8: never tuned on) counted. The floor leaves room for
# two or three missed cases. (Seventh round: R 0.911 on the 220 rows of that time.)
# Ninth round: dev grew by 57 rows from new hosts (the batch-9 probe and the dev side of fresh-9,
# labelled before the checker ran: base code R 0.770 on the 347 rows); with the round-9 classes dev
# reached P 0.993 R 0.832 (134 of 161), the blind fresh-9 misses counted. The floor leaves room for
# three missed cases.
# Tenth round: dev grew by 85 rows from new hosts (the batch-10 probe, dev-12, and the dev side of
# fresh-10, labelled before the checker ran: base code R 0.718 on the 432 rows, the probe's dev side
# 6 of 32); with the round-10 classes (structures as weak-signal classes fitted by grouped CV,
# vulgar spellings as one form, the voice fixes) dev reached the figure in the README; the floor
# leaves room for three missed cases.
# Eleventh round: dev grew by 77 rows from new hosts (the batch-11 probe, dev-13, and the dev side of
# fresh-11, labelled before the checker ran: base code R 0.739 P 0.977 on the 509 rows, the probe's
# dev side 8 of 20); with the round-11 structures dev reached P 0.984 R 0.809 (186 of 230), the
# blind fresh-11 misses counted. The floor leaves room for four missed cases.
# Twelfth round: dev grew by 40 rows from new hosts (the batch-12 probe and the dev side of fresh-12,
# labelled before the checker ran: base code R 0.782 P 0.984 on the 549 rows, the probe's dev side 1
# of 7); with the round-12 voice fixes dev reached P 0.985 R 0.786 (191 of 243), the blind fresh-12
# misses counted. The floor leaves room for three missed cases.
DEV_RECALL = 0.77


@pytest.fixture(scope="module")
def pipeline():
    return family_pipeline("tone")


def test_corpus_is_well_formed():
    rows = check_corpus("tone", {"opinion", "none"})
    assert len(rows) >= 75
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in rows) >= 30


def test_dev_figures_stay_at_or_above_the_floor(pipeline):
    scores = evaluate(pipeline, "tone", "dev", verbose=False)
    assert scores["precision"] >= DEV_PRECISION, scores
    assert scores["recall"] >= DEV_RECALL, scores


def test_the_regulation_itself_gets_no_tone_warning(pipeline):
    assert regulation_warnings(pipeline, "tone") == 0


def test_the_fresh_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the third round's blind batch ("batch": "fresh-2") are from new hosts only."""
    rows = check_corpus("tone", {"opinion", "forced", "statutory", "none"})
    earlier = {host_of(r["url"]) for r in rows if r.get("batch", 1) != "fresh-2"}
    fresh = [r for r in rows if r.get("batch") == "fresh-2"]
    assert fresh and not {host_of(r["url"]) for r in fresh} & earlier


def test_people_s_daily_posts_get_no_tone_warning(pipeline):
    # seeds 511 and 909 are the two commentaries (笔者以为; 就我见闻所及 … 不也太过分了吗？) that
    # warned before signed commentary became its own register
    noisy, _total, _ms = corpus_warnings(pipeline, "tone", 152, seeds=[511, 909, *range(150)])
    assert noisy == 0


def test_the_fourth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the fourth round's blind batch ("batch": "fresh-4") are from new hosts only, and the
    round's rows (batch 4 and fresh-4) never share a host with each other or with earlier rounds."""
    rows = check_corpus("tone", {"opinion", "forced", "statutory", "none"})
    fourth = assert_round_from_new_hosts(rows, (4, "fresh-4"), "fresh-4")
    assert any(r.get("batch") == "fresh-4" and r["label"]["verdict"] == "opinion" for r in fourth)


def test_the_fifth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the fifth round (batch 5 and its blind batch "fresh-5") are from hosts of no earlier
    round and never share a host with each other."""
    rows = check_corpus("tone", {"opinion", "forced", "statutory", "none"})
    assert_round_from_new_hosts(rows, (5, "fresh-5"), "fresh-5")


def test_the_sixth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the sixth round (batch 6 and its blind batch "fresh-6") are from hosts of no earlier
    round and never share a host with each other."""
    rows = check_corpus("tone", {"opinion", "none"})
    assert_round_from_new_hosts(rows, (6, "fresh-6"), "fresh-6")


def test_the_seventh_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the seventh round (batch 7 and its blind batch "fresh-7") are from hosts of no
    earlier round and never share a host with each other."""
    rows = check_corpus("tone", {"opinion", "none"})
    seventh = assert_round_from_new_hosts(rows, (7, "fresh-7"), "fresh-7")
    assert any(r["label"]["verdict"] == "opinion" for r in seventh)


def test_the_eighth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the eighth round (batch 8, the new-host probe, and its blind batch "fresh-8") are
    from hosts of no earlier round and never share a host with each other; both sides are there."""
    rows = check_corpus("tone", {"opinion", "none"})
    eighth = assert_round_from_new_hosts(rows, (8, "fresh-8"), "fresh-8")
    assert {r["split"] for r in eighth} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in eighth) >= 50


def test_the_ninth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the ninth round (batch 9, the new-host probe, and its blind batch "fresh-9") are
    from hosts of no earlier round and never share a host with each other; both sides are there."""
    rows = check_corpus("tone", {"opinion", "none"})
    ninth = assert_round_from_new_hosts(rows, (9, "fresh-9"), "fresh-9")
    assert {r["split"] for r in ninth} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in ninth) >= 35


def test_the_tenth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the tenth round (batch 10, the dev-12 new-host probe, and its blind batch
    "fresh-10") are from hosts of no earlier round and never share a host with each other; both
    sides are there."""
    rows = check_corpus("tone", {"opinion", "none"})
    tenth = assert_round_from_new_hosts(rows, (10, "fresh-10"), "fresh-10")
    assert {r["split"] for r in tenth} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in tenth) >= 50


def test_the_eleventh_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the eleventh round (batch 11, the dev-13 new-host probe, and its blind batch
    "fresh-11") are from hosts of no earlier round and never share a host with each other; both
    sides are there."""
    rows = check_corpus("tone", {"opinion", "none"})
    eleventh = assert_round_from_new_hosts(rows, (11, "fresh-11"), "fresh-11")
    assert {r["split"] for r in eleventh} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in eleventh) >= 35


def test_the_twelfth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the twelfth round (batch 12, the new-host probe, and its blind batch "fresh-12") are
    from hosts of no earlier round and never share a host with each other; both sides are there."""
    rows = check_corpus("tone", {"opinion", "none"})
    twelfth = assert_round_from_new_hosts(rows, (12, "fresh-12"), "fresh-12")
    assert {r["split"] for r in twelfth} == {"dev", "test"}
    assert sum(r["label"]["verdict"] == "opinion" for r in twelfth) >= 15
