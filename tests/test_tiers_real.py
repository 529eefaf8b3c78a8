"""The real-text sign-off tier corpus (tests/data/tiers_real/): well-formed, split by host, and
the dev figures kept at or above what the checker reached (a regression floor)."""

from __future__ import annotations

from collections import Counter

import pytest
from benchmarks.evalkit import host_of, real_cases, split_for_url
from benchmarks.tiers_eval import tiers_pipeline
from benchmarks.tiers_real import LABELS, NEVER_MAJOR, evaluate

from tests.realcases import assert_round_from_new_hosts

KINDS = {
    "drill",
    "anniversary",
    "plan",
    "rumour",
    "tip",
    "document",
    "report",
    "routine",
    "training",
    "statistics",
    "notice",
    "event",
    # round 7: genres and stories the checker must cap (commentary, history, rescue publicity)
    "commentary",
    "history",
    "rescue",
}
# Regression floors for the dev split. Reached: 0.96 on all dev posts (508, with the dev side of
# the blind batch fresh-4, never tuned on); 0.986 on the first 207; 0.987 on the 79 dev posts of
# the second held-out batch (`batch: held-out-2`, hosts new to the set); 0.935 / 0.852 on the dev
# posts of the fresh blind batches `fresh-2` (62) and `fresh-3` (27), which scored 0.790 / 0.741
# when first run, before any tuning on them; 0.967 on the 92 posts of `dev-4` (hosts new to the
# set, weighted to text that names hazards in passing: 0.728 before the work frames) and 1.000 on
# the 20 posts of the probe `dev-5` (0.650 when first run, after the frames and before tuning);
# 0.958 on the 24 posts of the probe `dev-6` (0.636 on its first 11 when first run: the congress's standing
# committee named as an organ read as a meeting).
# Round 4 (dev-9, fresh-7): 0.974 on all 704 dev posts (0.942 with the checker before round 4).
DEV_ACCURACY_FLOOR = 0.965
DEV_HELD_OUT_2_FLOOR = 0.96
DEV_FRESH_FLOOR = 0.88
DEV_4_FLOOR = 0.94
DEV_5_FLOOR = 0.9
# The probe `dev-7` (24 dev posts from new hosts, weighted to over-escalation: drills, flood and
# forest-fire work meetings, police mediation, safety-month publicity, period statistics, rumour
# rebuttals) scored 0.833 when first run; 1.000 after the masks and frame of round 2. The blind
# batch `fresh-5` (27 posts, one per new host, labelled before the checker ran on them) scored
# 0.704 with the checker before round 2 and 0.741 with it (test side 0.833 -> 0.889); its 9
# dev-side posts were then tuned on (0.444 -> 0.889), never its 18 test-side posts.
DEV_7_FLOOR = 0.95
# The probe `dev-8` (55 dev posts from new hosts, weighted to what a county or city account posts:
# police notices, penalty decisions, recruitment, land acquisition, storm power cuts, discipline
# circulars, accidents, mass incidents on works sites, animal epidemics) scored 0.740 on its first 50
# posts when first run (two major posts routed ordinary); 0.982 after round 3 (casualty words by cause, positives and
# static management, discipline and expropriation categories, rumour caps lifted by an official
# count, generic ending words lifted by police or crowd evidence). The blind batch `fresh-6` (33
# posts, labelled before the checker ran) scored 0.758 with the checker before round 3 and 0.818
# with it (test side 0.750 -> 0.833); it was never tuned on.
DEV_8_FLOOR = 0.94
# The probe `dev-9` (57 dev posts from new hosts, weighted to reports about handled events —
# accountability circulars, investigation reports, compiled warning cases —, meetings that name
# disasters, policy documents, warnings, and plain events: crashes, gas explosions, landslides,
# missing fishing boats, hail; 65 posts with the second collection tc105-tc114: power cuts, gas
# mains, warnings) scored 0.738 with the checker before round 4; 0.969 after it (the tense of events
# read from dates, 问责条例 sanctions, 气象灾害 of the taxonomy, report headings, public-facility
# faults, glossed pages read without their pinyin). The blind batch `fresh-7` (49 posts: the probe's
# test-side posts and 10 general ones, labelled before the checker ran) is never tuned on: 0.776 ->
# 0.816 (test side 0.750 -> 0.795).
DEV_9_FLOOR = 0.94
# Round 5 (dev-10, fresh-8): the probe `dev-10` (56 dev posts from hosts new to the set, in the
# proportions a county or city account publishes: daily work, meetings, tips and publicity first;
# policy documents, personnel, statistics, major projects, warnings, facility failures, land
# acquisition, discipline circulars; then events of the four classes) scored 0.804 with the checker
# before round 5 and 0.946 after it (major projects, responders' counts, forecast harm voiding its
# evidence, warning-standard pages, facility damage by works); with its second collection (7 posts
# labelled after the tuning, 7/7 before and after) 0.825 -> 0.952 on 63. The blind batch `fresh-8`
# (29 posts, all on the test side, labelled before the checker ran) is never tuned on: 0.897 -> 0.966.
DEV_10_FLOOR = 0.92
# Round 6 (dev-11, fresh-9): the probe `dev-11` (85 dev posts from hosts new to the set, weighted to
# county media centres, department, development-zone, township, university and state-company
# accounts, and to the important kinds they publish: documents, personnel, statistics, projects,
# prices, warnings, drafts, work and audit reports, responses to public opinion) was collected in
# four parts, each labelled before any checker ran on it and measured before it was tuned on: 59
# posts 0.797 with the session-start checker; 13 more 0.615 (0.615 with the rules of the first
# part: they did not reach fares or press conferences); 7 more 0.714 (0.857 with the rules of the
# first two parts: the statistics formula reached them); 6 more 0.167 (0.333: audit reports to the
# congress, sampling batches, a city-wide school closure were new). All 85: 0.718 -> 0.953. The blind
# batch `fresh-9` (52 test posts) is never tuned on.
DEV_11_FLOOR = 0.93
# Round 7 (dev-12, fresh-10): the probe `dev-12` (50 dev posts from hosts new to the set, weighted to
# kinds of host the set had few of — county media centres, emergency, weather, market, ecology, water
# and transport bureaus, courts, procuratorates, universities, state companies, development zones,
# townships — and to commentaries, memoirs and rescue stories) scored 0.720 with the session-start
# checker and 0.900 after the round (genre caps, people in danger apart from casualties, road cuts as
# facilities, citations, data releases). The blind batch `fresh-10` (the probe's 28 test-side posts and
# 13 more, labelled before any checker ran) scored 0.683 before the round and 0.780 after it (its 36
# test-side posts 0.694 -> 0.778); its test side is never tuned on.
DEV_12_FLOOR = 0.88
# Round 8 (dev-13, fresh-11): the probe `dev-13` (46 dev posts from hosts new to the set: county media
# centres, police, emergency, weather, health, ecology, water and transport accounts, development zones,
# townships, universities, state companies, courts and procuratorates; one patient's illness, provincial
# documents) scored 0.783 with the session-start checker (one major post routed ordinary) and 0.978 after
# the round (individual vs public-health events, documents by issuer + 印发 + kind, harmless fires,
# commentary pegs). The blind batch `fresh-11` (the probe's 23 test-side posts and 21 more, labelled before
# any checker ran) is never tuned on for its test side. All dev posts: 0.955 -> 0.972.
DEV_13_FLOOR = 0.95
# Round 9 (fresh-12): the blind batch `fresh-12` (32 posts from 32 hosts new to every family's set: animal
# epidemics, hail, CO poisoning, school stampedes, a crowd and a lone villager obstructing works, warnings
# and the pages that explain them, working rules, a price hearing, food sampling, visits and township
# meetings; labelled before any checker ran) scored 0.719 with the session-start checker (4 major posts
# routed ordinary) and 0.844 after the round (the taxonomy's missing sub-types, one named person acting
# alone, knowledge questions): its 22 dev-side posts 0.727 -> 0.864 (tuned on), its 10 test-side posts
# 0.700 -> 0.800 (never looked at). All dev posts 0.968 -> 0.971.
DEV_FRESH_12_FLOOR = 0.81
BATCHES = {
    "first",
    "held-out-2",
    "held-out-3",
    "fresh-2",
    "fresh-3",
    "dev-4",
    "dev-5",
    "dev-6",
    "fresh-4",
    "dev-7",
    "fresh-5",
    "dev-8",
    "fresh-6",
    "dev-9",
    "fresh-7",
    "dev-10",
    "fresh-8",
    "dev-11",
    "fresh-9",
    "dev-12",
    "fresh-10",
    "dev-13",
    "fresh-11",
    "fresh-12",
}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return real_cases("tiers")


def test_corpus_is_large_enough_and_well_formed(rows: list[dict]) -> None:
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) >= {"id", "url", "seen", "split", "text", "label", "note"}, r["id"]
        assert r["url"].startswith(("http://", "https://")) and host_of(r["url"]), r["id"]
        assert r["split"] == split_for_url(r["url"]), r["id"]
        assert 30 <= len(r["text"]) <= 1500, r["id"]
        assert "\n\n" not in r["text"], r["id"]  # blank lines collapsed, nothing else changed
        assert r["label"]["tier"] in LABELS, r["id"]
        assert r["label"].get("kind", "drill") in KINDS, r["id"]
        assert r["note"].strip(), r["id"]
        assert r.get("batch", "first") in BATCHES, r["id"]


def test_every_tier_and_both_splits_are_represented(rows: list[dict]) -> None:
    tiers = Counter(r["label"]["tier"] for r in rows)
    assert all(tiers[t] >= 50 for t in LABELS), tiers
    splits = Counter(r["split"] for r in rows)
    assert splits["test"] >= 0.2 * len(rows) and splits["dev"] >= 0.5 * len(rows), splits
    kinds = Counter(r["label"].get("kind") for r in rows)
    assert all(kinds[k] >= 5 for k in NEVER_MAJOR), kinds


def test_no_host_dominates(rows: list[dict]) -> None:
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= 0.05 * len(rows), hosts.most_common(3)


def test_a_host_never_sits_on_both_sides(rows: list[dict]) -> None:
    sides: dict[str, set[str]] = {}
    for r in rows:
        sides.setdefault(host_of(r["url"]), set()).add(r["split"])
    assert all(len(s) == 1 for s in sides.values())


def test_dev_figures_stay_at_or_above_the_floor() -> None:
    result = evaluate(tiers_pipeline(), real_cases("tiers", "dev"))
    assert result["accuracy"] >= DEV_ACCURACY_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert sum(result["never_major_routed_major"].values()) == 0, result["never_major_routed_major"]


def test_the_second_batch_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    first = {host_of(r["url"]) for r in rows if r.get("batch", "first") == "first"}
    second = [r for r in rows if r.get("batch") == "held-out-2"]
    assert len(second) >= 100
    assert not {host_of(r["url"]) for r in second} & first


def test_dev_figures_on_the_second_batch_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "held-out-2"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_HELD_OUT_2_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]


def test_the_fresh_batches_come_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    earlier = {
        host_of(r["url"]) for r in rows if r.get("batch", "first") in ("first", "held-out-2", "held-out-3")
    }
    for batch in ("fresh-2", "fresh-3"):
        fresh = [r for r in rows if r.get("batch") == batch]
        assert len(fresh) >= 30
        hosts = [host_of(r["url"]) for r in fresh]
        assert len(set(hosts)) == len(hosts)  # one post per host
        assert not set(hosts) & earlier


def test_dev_figures_on_the_fresh_batches_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") in ("fresh-2", "fresh-3")]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_FRESH_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert sum(result["never_major_routed_major"].values()) == 0, result["never_major_routed_major"]


def test_dev_figures_on_the_fourth_batches_stay_at_or_above_the_floor() -> None:
    pipeline = tiers_pipeline()
    for batch, floor in (
        ("dev-4", DEV_4_FLOOR),
        ("dev-5", DEV_5_FLOOR),
        ("dev-6", DEV_5_FLOOR),
        ("dev-7", DEV_7_FLOOR),
    ):
        rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == batch]
        result = evaluate(pipeline, rows)
        assert result["accuracy"] >= floor, (batch, [m[:2] for m in result["misses"]])
        assert result["major_as_ordinary"] == 0, (batch, [m[:2] for m in result["misses"]])


def test_the_fourth_batches_come_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    earlier = {
        host_of(r["url"]) for r in rows if r.get("batch", "first") not in ("dev-4", "dev-5", "fresh-4")
    }
    fourth = [r for r in rows if r.get("batch") in ("dev-4", "dev-5", "fresh-4")]
    assert len([r for r in fourth if r["batch"] == "dev-4"]) >= 90
    assert len([r for r in fourth if r["batch"] == "fresh-4"]) >= 40
    hosts = [host_of(r["url"]) for r in fourth]
    assert len(set(hosts)) == len(hosts)  # one post per host
    assert not set(hosts) & earlier
    # dev-4 and dev-5 are development data: none of their posts sits on the test side
    assert all(r["split"] == "dev" for r in fourth if r["batch"] in ("dev-4", "dev-5", "dev-6"))


def test_the_seventh_batches_come_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    batches = ("dev-7", "fresh-5")
    earlier = {host_of(r["url"]) for r in rows if r.get("batch", "first") not in batches}
    seventh = [r for r in rows if r.get("batch") in batches]
    hosts = [host_of(r["url"]) for r in seventh]
    assert len(set(hosts)) == len(hosts)  # one post per host
    assert not set(hosts) & earlier
    # dev-7 is development data; its test-side posts joined the blind batch fresh-5
    assert all(r["split"] == "dev" for r in seventh if r["batch"] == "dev-7")
    assert len([r for r in seventh if r["batch"] == "dev-7"]) >= 24
    assert len([r for r in seventh if r["batch"] == "fresh-5"]) >= 27


def test_the_eighth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    eighth = assert_round_from_new_hosts(rows, ("dev-8", "fresh-6"), "fresh-6")
    # dev-8 is development data; its test-side posts joined the blind batch fresh-6
    assert all(r["split"] == "dev" for r in eighth if r["batch"] == "dev-8")
    assert len([r for r in eighth if r["batch"] == "dev-8"]) >= 50
    assert len([r for r in eighth if r["batch"] == "fresh-6"]) >= 27


def test_dev_figures_on_the_eighth_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-8"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_8_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]


def test_the_ninth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    ninth = assert_round_from_new_hosts(rows, ("dev-9", "fresh-7"), "fresh-7")
    # dev-9 is development data; its test-side posts joined the blind batch fresh-7
    assert all(r["split"] == "dev" for r in ninth if r["batch"] == "dev-9")
    assert len([r for r in ninth if r["batch"] == "dev-9"]) >= 55
    assert len([r for r in ninth if r["batch"] == "fresh-7"]) >= 45


def test_dev_figures_on_the_ninth_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-9"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_9_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert not any(result["never_major_routed_major"].values())


def test_the_tenth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    tenth = assert_round_from_new_hosts(rows, ("dev-10", "fresh-8"), "fresh-8")
    # dev-10 is development data; its test-side posts joined the blind batch fresh-8
    assert all(r["split"] == "dev" for r in tenth if r["batch"] == "dev-10")
    assert len([r for r in tenth if r["batch"] == "dev-10"]) >= 55
    assert len([r for r in tenth if r["batch"] == "fresh-8"]) >= 25


def test_dev_figures_on_the_tenth_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-10"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_10_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert not any(result["never_major_routed_major"].values())


def test_the_eleventh_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    eleventh = assert_round_from_new_hosts(rows, ("dev-11", "fresh-9"), "fresh-9")
    # dev-11 is development data; its test-side posts joined the blind batch fresh-9
    assert all(r["split"] == "dev" for r in eleventh if r["batch"] == "dev-11")
    assert all(r["split"] == "test" for r in eleventh if r["batch"] == "fresh-9")
    assert len([r for r in eleventh if r["batch"] == "dev-11"]) >= 75
    assert len([r for r in eleventh if r["batch"] == "fresh-9"]) >= 35


def test_dev_figures_on_the_eleventh_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-11"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_11_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert not any(result["never_major_routed_major"].values())


def test_the_twelfth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    twelfth = assert_round_from_new_hosts(rows, ("dev-12", "fresh-10"), "fresh-10")
    # dev-12 is development data; its test-side posts joined the blind batch fresh-10
    assert all(r["split"] == "dev" for r in twelfth if r["batch"] == "dev-12")
    assert len([r for r in twelfth if r["batch"] == "dev-12"]) >= 50
    assert len([r for r in twelfth if r["batch"] == "fresh-10"]) >= 35


def test_dev_figures_on_the_twelfth_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-12"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_12_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert not any(result["never_major_routed_major"].values())


def test_the_thirteenth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    thirteenth = assert_round_from_new_hosts(rows, ("dev-13", "fresh-11"), "fresh-11")
    # dev-13 is development data; its test-side posts joined the blind batch fresh-11
    assert all(r["split"] == "dev" for r in thirteenth if r["batch"] == "dev-13")
    assert len([r for r in thirteenth if r["batch"] == "dev-13"]) >= 45
    assert len([r for r in thirteenth if r["batch"] == "fresh-11"]) >= 40


def test_dev_figures_on_the_thirteenth_probe_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "dev-13"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_13_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
    assert not any(result["never_major_routed_major"].values())


def test_the_fourteenth_round_comes_from_hosts_new_to_the_set(rows: list[dict]) -> None:
    fourteenth = assert_round_from_new_hosts(rows, ("fresh-12",), "fresh-12")
    assert len(fourteenth) >= 30
    assert {r["label"]["tier"] for r in fourteenth} == set(LABELS)


def test_dev_figures_on_the_dev_side_of_fresh_12_stay_at_or_above_the_floor() -> None:
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch") == "fresh-12"]
    result = evaluate(tiers_pipeline(), rows)
    assert result["accuracy"] >= DEV_FRESH_12_FLOOR, [m[:2] for m in result["misses"]]
    assert result["major_as_ordinary"] == 0, [m[:2] for m in result["misses"]]
