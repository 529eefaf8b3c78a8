"""Each checker on the other families' real dev posts (benchmarks/cross_family.py): the labels are
well formed, and false alarms on ordinary government and news pages stay at or below what was
reached, while every flag labelled right is kept."""

from __future__ import annotations

import pytest
from benchmarks.cross_family import LABELS, OWN_FAMILY, evaluate
from benchmarks.evalkit import load_jsonl, real_cases

# false alarms when the labels were written (session-start code) -> after this session's changes (for tiers:
# posts of other families routed major that are not major items);
# the ceiling is the figure reached (tiers: 14 -> 7 in round 8). attribution keeps 3 deliberate flags: a news page's
# （责任编辑：…） trailer on a post that names no source asks for tracing (test_attribution.py).
CEILING = {"attribution": 5, "ads": 4, "tone": 4, "engagement": 0, "sensitive": 1, "tiers": 7}


@pytest.fixture(scope="module")
def counts() -> dict[str, dict[str, int]]:
    return evaluate()


def test_labels_name_dev_cases_of_other_families() -> None:
    seen = set()
    for row in load_jsonl(LABELS):
        assert row["checker"] in OWN_FAMILY and row["family"] != OWN_FAMILY[row["checker"]], row
        assert row["id"] in {case["id"] for case in real_cases(row["family"], "dev")}, row["id"]
        assert isinstance(row["right"], bool) and row["note"], row["id"]
        assert (row["checker"], row["id"]) not in seen, row["id"]
        seen.add((row["checker"], row["id"]))


@pytest.mark.parametrize("checker", sorted(CEILING))
def test_false_alarms_stay_under_the_ceiling(counts: dict[str, dict[str, int]], checker: str) -> None:
    c = counts[checker]
    assert c["false_alarms"] <= CEILING[checker]
    assert c["dropped"] == 0  # every flag labelled right is still raised
