"""Inspection periods: quarters and dates parsed, dated posts outside the period recorded and
not reviewed, undated posts reviewed and counted, a resume with another period refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_pipeline.policy import load_policy
from review_pipeline.scan import Period, PeriodError, ScanError, ScanOptions, parse_named, period_from, scan

PLUGIN = """
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions


class Opts(CheckerOptions):
    pass


class NullChecker:
    name: ClassVar[str] = "rp_null"
    Options = Opts
    RULES: ClassVar[list] = []

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        return []
"""


@pytest.mark.parametrize(
    ("spec", "start", "end", "label"),
    [
        ("2025Q1", date(2025, 1, 1), date(2025, 3, 31), "2025Q1"),
        ("2024-q4", date(2024, 10, 1), date(2024, 12, 31), "2024Q4"),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), "2024Q1"),
        ("2025H2", date(2025, 7, 1), date(2025, 12, 31), "2025H2"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ],
)
def test_named_periods(spec: str, start: date, end: date, label: str) -> None:
    assert parse_named(spec) == Period(start, end, label)


@pytest.mark.parametrize("spec", ["2025Q5", "2025Q0", "Q1", "2025-13", "last quarter"])
def test_bad_periods_are_refused(spec: str) -> None:
    with pytest.raises(PeriodError):
        parse_named(spec)


def test_since_until() -> None:
    assert period_from("2025-01-15", "2025-02-01") == Period(
        date(2025, 1, 15), date(2025, 2, 1), "2025-01-15..2025-02-01"
    )
    assert period_from(None, None, None) is None
    assert period_from("2025-01-15", None).contains(date(2030, 1, 1))  # type: ignore[union-attr]
    with pytest.raises(PeriodError, match="after"):
        period_from("2025-03-01", "2025-01-01")
    with pytest.raises(PeriodError, match="not both"):
        period_from("2025-03-01", None, "2025Q1")


@given(st.integers(1900, 2200), st.integers(1, 4))
def test_quarters_tile_the_year(year: int, q: int) -> None:
    p = parse_named(f"{year}Q{q}")
    assert p.start and p.end and p.start.month == 3 * q - 2 and (p.end - p.start).days in range(89, 92)
    if q < 4:
        nxt = parse_named(f"{year}Q{q + 1}")
        assert nxt.start and (nxt.start - p.end).days == 1
    assert Period.from_dict(p.as_dict()) == p


def test_scan_records_posts_outside_the_period_and_counts_undated_ones(
    tmp_path: Path, install_plugin
) -> None:
    install_plugin("rp_test_null", PLUGIN, {"rp_null": "rp_test_null:NullChecker"})
    policy_file = tmp_path / "p.yaml"
    policy_file.write_text("id: period\nversion: '1'\ncheckers:\n  rp_null: {}\n", encoding="utf-8")
    rows = [
        {"id": "dec", "account": "甲", "published_at": "2024-12-31T23:00:00", "text": "十二月的稿件。"},
        {"id": "jan", "account": "甲", "published_at": "2025-01-02", "text": "一月的稿件。"},
        {"id": "mar", "account": "甲", "published_at": "2025年3月31日", "text": "三月的稿件。"},
        {"id": "apr", "account": "甲", "published_at": "2025-04-01", "text": "四月的稿件。"},
        {"id": "none", "account": "甲", "text": "没有发布时间的稿件。"},
    ]
    export = tmp_path / "e.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    policy = load_policy(policy_file)
    result = scan([export], out, policy, ScanOptions(period=parse_named("2025Q1")))
    records = {
        r["document_id"]: r
        for r in map(json.loads, (out / "verdicts.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert {k: r["status"] for k, r in records.items()} == {
        "dec": "out_of_period", "jan": "ok", "mar": "ok", "apr": "out_of_period", "none": "ok",
    }  # fmt: skip
    assert result.input_problems == 0 and result.statuses["out_of_period"] == 2
    (check,) = json.loads((out / "accounts.json").read_text(encoding="utf-8"))
    assert check["rule"] == "cadence/weekly_update" and check["weeks"] == 14 and check["undated"] == 1
    assert check["dated"] == 2 and check["weeks_without_post"] == 12
    manifest = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert manifest["period"] == {"label": "2025Q1", "start": "2025-01-01", "end": "2025-03-31"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "2025-01-01 至 2025-03-31" in html and "巡查期间以外的稿件 2 篇未纳入" in html
    with pytest.raises(ScanError, match="another inspection period"):
        scan([export], out, policy, ScanOptions(period=parse_named("2025Q2"), resume=True))
