"""Whole real posts through the default policy (tests/data/posts_real/): the corpus is well formed and
split by host, and on its dev side the whole review keeps what it reached.

The set is a blind batch (`fresh-10`): 30 pages from hosts no family set used, labelled on every
question at once before any checker ran (RUBRIC.md). First run (the code of 2026-12-01's start): dev
decision accuracy 0.750, 2 clean posts blocked (a correspondent's byline and an editor's name read as
private names), 1 hijacked page passed (365bet官网), tier accuracy 0.818; test side 6/6 right.
A second blind batch (`fresh-10b`, 19 posts) was collected after the changes those errors led to and
scored 0.684 when first run (2 clean posts blocked by false names, both posts that must be blocked
passed: a slot-game brand injected into a page, a hospital's keywords stuffed into a news report);
after its dev side was looked at, 0.842 (its test side untouched: 1 false block, 1 missed block).
A third blind batch (`fresh-10c`, 9 posts) was labelled during the session and first run on the merged
code at its end: 0.778, the same decisions as the session-start code (1 missed block: a penalty
decision naming the party's agent; 1 source missed; 2 tiers wrong), never tuned on.
"""

from __future__ import annotations

from collections import Counter

import pytest
from benchmarks.evalkit import host_of, real_cases, split_for_url
from benchmarks.posts_real import DECISIONS, FLAG_FAMILIES, evaluate

from review_pipeline import Pipeline, load_policy

TIERS = {"ordinary", "important", "major"}
# Dev floors: no clean post is blocked; two posts that must be blocked still pass (a hospital's
# keywords stuffed into a news report: the ads checker does not read keyword stuffing; and one of the
# blind fresh-10c posts); the decision accuracy below what was reached (0.889: the rest are warnings
# an editor clears).
DEV_DECISION_FLOOR = 0.85
DEV_FALSE_BLOCKS_MAX = 0
DEV_MISSED_BLOCKS_MAX = 2
# The session's own blind batch is measured (benchmarks/posts_real.py prints it by batch), never floored:
# a floor over it would make the batch a target the session's changes are fitted to.
BLIND_BATCHES = frozenset({"fresh-12"})


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return real_cases("posts")


def test_cases_are_well_formed_and_split_by_host(rows: list[dict]) -> None:
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) >= 30
    for row in rows:
        assert row["url"].startswith("http") and row["seen"] and row["text"].strip(), row["id"]
        assert row["split"] == split_for_url(row["url"]), row["id"]
        label = row["label"]
        assert label["decision"] in DECISIONS, row["id"]
        assert label["tier"] is None or label["tier"] in TIERS, row["id"]
        assert set(label["flags"]) <= set(FLAG_FAMILIES), row["id"]
        # a post some family must block or flag says which; a clean post names none
        assert (label["decision"] == "pass") == (not label["flags"]), row["id"]
        assert row["note"], row["id"]
    hosts = Counter(host_of(r["url"]) for r in rows)
    assert max(hosts.values()) <= max(1, len(rows) // 20)  # at most ~5% from one host


def test_dev_figures_stay_at_or_above_the_floor(rows: list[dict]) -> None:
    dev = [r for r in rows if r["split"] == "dev" and r.get("batch") not in BLIND_BATCHES]
    result = evaluate(Pipeline.from_policy(load_policy("default")), dev)
    assert result["false_blocks"] <= DEV_FALSE_BLOCKS_MAX, result["wrong"]
    assert result["missed_blocks"] <= DEV_MISSED_BLOCKS_MAX, result["wrong"]
    assert result["decision_accuracy"] >= DEV_DECISION_FLOOR, result["wrong"]
