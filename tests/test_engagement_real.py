"""The real-text engagement corpus is well formed, and the checker keeps its figures on DEV.

Floors are a little below the figures reached when the corpus was built (benchmarks/tone_real.py
prints them); the test split is never asserted, only reported.
"""

from __future__ import annotations

import pytest
from benchmarks.evalkit import host_of
from benchmarks.tone_real import corpus_warnings, evaluate, family_pipeline, regulation_warnings

from tests.realcases import assert_round_from_new_hosts, check_corpus

# Twelfth round: dev reached P 0.971 R 0.917 (72 positives in 513 cases, the dev-14 probe and the
# blind fresh-12 dev side included as they stand; the session-start code had R 0.861 on the same
# cases). The floors leave room for one false alarm and one missed case.
DEV_PRECISION = 0.95
DEV_RECALL = 0.90


@pytest.fixture(scope="module")
def pipeline():
    return family_pipeline("engagement")


def test_corpus_is_well_formed():
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    assert len(rows) >= 75
    assert sum(r["label"]["verdict"] == "forced" for r in rows) >= 15
    assert any(r["label"]["verdict"] == "statutory" for r in rows)


def test_dev_figures_stay_at_or_above_the_floor(pipeline):
    scores = evaluate(pipeline, "engagement", "dev", verbose=False)
    assert scores["precision"] >= DEV_PRECISION, scores
    assert scores["recall"] >= DEV_RECALL, scores
    # every statutory client gets its info note, but one: a blind fresh-8 row (never tuned on)
    assert scores["statutory"] - scores["noted"] <= 1, "every statutory client gets its info note"


def test_the_regulation_itself_gets_no_engagement_warning(pipeline):
    assert regulation_warnings(pipeline, "engagement") == 0


def test_the_fresh_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the third round's blind batch ("batch": "fresh-2") are from new hosts only."""
    rows = check_corpus("engagement", {"opinion", "forced", "statutory", "none"})
    earlier = {host_of(r["url"]) for r in rows if r.get("batch", 1) != "fresh-2"}
    fresh = [r for r in rows if r.get("batch") == "fresh-2"]
    assert fresh and not {host_of(r["url"]) for r in fresh} & earlier


def test_people_s_daily_posts_get_no_engagement_warning(pipeline):
    noisy, _total, _ms = corpus_warnings(pipeline, "engagement", 150)
    assert noisy == 0


def test_the_fourth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the fourth round's blind batch ("batch": "fresh-4") are from new hosts only, and the
    round's rows (batch 4 and fresh-4) never share a host with each other or with earlier rounds."""
    rows = check_corpus("engagement", {"opinion", "forced", "statutory", "none"})
    fourth = assert_round_from_new_hosts(rows, (4, "fresh-4"), "fresh-4")
    assert any(r.get("batch") == "fresh-4" and r["label"]["verdict"] == "forced" for r in fourth)


def test_the_fifth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the fifth round (batch 5 and its blind batch "fresh-5") are from hosts of no earlier
    round and never share a host with each other."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    assert_round_from_new_hosts(rows, (5, "fresh-5"), "fresh-5")


def test_the_sixth_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the sixth round (batch 6 and its blind batch "fresh-6") are from hosts of no earlier
    round and never share a host with each other."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    assert_round_from_new_hosts(rows, (6, "fresh-6"), "fresh-6")


def test_the_seventh_round_blind_batch_comes_from_hosts_not_seen_before():
    """Rows of the seventh round (batch 7 and its blind batch "fresh-7") are from hosts of no
    earlier round and never share a host with each other."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    seventh = assert_round_from_new_hosts(rows, (7, "fresh-7"), "fresh-7")
    assert any(r["label"]["verdict"] == "forced" for r in seventh)


def test_the_eighth_round_comes_from_hosts_not_seen_before():
    """Rows of the eighth round (the new-host probe, batch 8, and its blind batch "fresh-8") are
    from hosts of no earlier round and never share a host with each other; both have forced
    cases, and most of the probe is legitimate uses of the growth words (a precision probe)."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    eighth = assert_round_from_new_hosts(rows, (8, "fresh-8"), "fresh-8")
    probe = [r for r in eighth if r.get("batch") == 8]
    blind = [r for r in eighth if r.get("batch") == "fresh-8"]
    assert len(probe) >= 50 and len(blind) >= 20
    assert any(r["label"]["verdict"] == "forced" for r in probe)
    assert any(r["label"]["verdict"] == "forced" for r in blind)
    assert sum(r["label"]["verdict"] != "forced" for r in probe) >= 0.8 * len(probe)


def test_the_new_host_probe_keeps_its_precision(pipeline):
    """The eighth round's probe (legitimate uses of 关注/转发/下载/注册/扫码/投票/打卡 on hosts no
    rule was fitted to, dev side) gets no false alarm."""
    scores = evaluate(pipeline, "engagement", "dev", verbose=False, batch=8)
    assert scores["fp"] == 0, scores


def test_the_ninth_round_comes_from_hosts_not_seen_before():
    """Rows of the ninth round (the new-host probe, batch 9 — the team's "dev-11" probe — and its
    blind batch "fresh-9") are from hosts of no earlier round and never share a host with each
    other; both have forced cases, and most of the probe is legitimate uses of the growth words."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    ninth = assert_round_from_new_hosts(rows, (9, "fresh-9"), "fresh-9")
    probe = [r for r in ninth if r.get("batch") == 9]
    blind = [r for r in ninth if r.get("batch") == "fresh-9"]
    assert len(probe) >= 60 and len(blind) >= 25
    assert any(r["label"]["verdict"] == "forced" for r in probe)
    assert any(r["label"]["verdict"] == "forced" for r in blind)
    assert sum(r["label"]["verdict"] != "forced" for r in probe) >= 0.8 * len(probe)


def test_the_ninth_round_probe_keeps_its_figures(pipeline):
    """The ninth round's probe, dev side (points earned by sharing, staff demands with a report,
    reported practice of 某X, service guides and volunteer points on hosts no rule was fitted to
    before this round): no false alarm and every forced case found."""
    scores = evaluate(pipeline, "engagement", "dev", verbose=False, batch=9)
    assert scores["fp"] == 0 and scores["fn"] == 0, scores


def test_the_tenth_round_comes_from_hosts_not_seen_before():
    """Rows of the tenth round (the new-host probe, batch 10 — the team's "dev-12" probe — and its
    blind batch "fresh-10") are from hosts of no earlier round and never share a host with each
    other; both have forced cases, and the probe has legitimate uses of the growth words too."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    tenth = assert_round_from_new_hosts(rows, (10, "fresh-10"), "fresh-10")
    probe = [r for r in tenth if r.get("batch") == 10]
    blind = [r for r in tenth if r.get("batch") == "fresh-10"]
    assert len(probe) >= 45 and len(blind) >= 25
    assert sum(r["label"]["verdict"] == "forced" for r in probe) >= 4
    assert any(r["label"]["verdict"] == "forced" for r in blind)
    assert any(r["label"]["verdict"] == "statutory" for r in probe)


def test_the_tenth_round_probe_keeps_its_figures(pipeline):
    """The tenth round's probe, dev side (a follow's route of navigation steps, a gate word over an
    option word, a channel joined as a follow, a ranking basis of likes in a short quotation, an
    activity on one app only; reports of 是否下载): every forced case found, at most the two false
    alarms left (a news page quoting a city's booking rules, a guide listing kinds of draws)."""
    scores = evaluate(pipeline, "engagement", "dev", verbose=False, batch=10)
    assert scores["fn"] == 0 and scores["fp"] <= 2, scores
    assert scores["noted"] == scores["statutory"], scores


def test_the_eleventh_round_comes_from_hosts_not_seen_before():
    """Rows of the eleventh round (the new-host probe, batch 11 — the team's "dev-13" probe — and
    its blind batch "fresh-11") are from hosts of no earlier round and never share a host with
    each other; both have forced cases, and most of the probe is legitimate uses of the growth
    words (few own-voice forced notices were left on new hosts: RUBRIC.md, eleventh round)."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    eleventh = assert_round_from_new_hosts(rows, (11, "fresh-11"), "fresh-11")
    probe = [r for r in eleventh if r.get("batch") == 11]
    blind = [r for r in eleventh if r.get("batch") == "fresh-11"]
    assert len(probe) >= 60 and len(blind) >= 35
    assert sum(r["label"]["verdict"] == "forced" for r in probe) >= 5
    assert any(r["label"]["verdict"] == "forced" for r in blind)
    assert any(r["label"]["verdict"] == "statutory" for r in probe)


def test_the_eleventh_round_probe_keeps_its_figures(pipeline):
    """The eleventh round's probe, dev side (prizes ranked by Top-N of likes, a follow as the only
    route, reports and prohibitions of fingertip formalism, anti-fraud app promotion, votes,
    quizzes and volunteer points on hosts no rule was fitted to): no false alarm, every forced
    case found, the statutory client noted."""
    scores = evaluate(pipeline, "engagement", "dev", verbose=False, batch=11)
    assert scores["fp"] == 0 and scores["fn"] == 0, scores
    assert scores["noted"] == scores["statutory"], scores


def test_the_twelfth_round_comes_from_hosts_not_seen_before():
    """Rows of the twelfth round (the new-host probe, batch 12 — the team's "dev-14" probe — and its
    blind batch "fresh-12") are from hosts of no earlier round and never share a host with each
    other; fresh-12 holds forced cases on its dev side (RUBRIC.md, twelfth round)."""
    rows = check_corpus("engagement", {"forced", "statutory", "none"})
    twelfth = assert_round_from_new_hosts(rows, (12, "fresh-12"), "fresh-12")
    blind = [r for r in twelfth if r.get("batch") == "fresh-12"]
    assert len(twelfth) >= 30 and len(blind) >= 25
    assert sum(r["label"]["verdict"] == "forced" for r in twelfth) >= 8
    assert any(r["label"]["verdict"] == "forced" and r["split"] == "dev" for r in blind)


def test_the_twelfth_round_probe_keeps_its_figures(pipeline):
    """The twelfth round's probe, dev side (download coverage made an award criterion, a prize
    ranked by a score that includes likes, anti-fraud app promotion): every forced case found,
    no false alarm."""
    scores = evaluate(pipeline, "engagement", "dev", verbose=False, batch=12)
    assert scores["fp"] == 0 and scores["fn"] == 0, scores
