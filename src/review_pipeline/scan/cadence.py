"""Account-level rule `cadence/weekly_update` (办法第十八条), computed per account in a scan.

A post counts in the week (Monday to Sunday) of its publication date; the weeks are those the
inspection period spans (the declared `--period`/`--since/--until`, else the span of the dated
posts of all accounts). Undated posts cannot be placed in a week: they are counted and reported,
never silently dropped. Rule wording, severity and threshold live in `scan/rules.yaml`.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from review_pipeline.io.dates import day_of
from review_pipeline.rules import RuleInfo, load_rules
from review_pipeline.scan.period import Period

RULE = "cadence/weekly_update"
RULES_FILE = Path(__file__).with_name("rules.yaml")
NO_ACCOUNT = "（未标明账号）"


def account_rules() -> tuple[RuleInfo, ...]:
    """The account-level rules (`scan/rules.yaml`, the project's rules format)."""
    return load_rules(__package__ or "review_pipeline.scan")


@cache
def cadence_settings() -> dict[str, Any]:
    """The `cadence:` section of `scan/rules.yaml`: threshold and pass / unknown wording."""
    with RULES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)["cadence"]
    return data


@dataclass
class _Posts:
    days: Counter[date] = field(default_factory=Counter)
    undated: int = 0


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeeklyUpdate:
    """Collects posting days per account, one record at a time (the scan's single pass)."""

    def __init__(self) -> None:
        self.accounts: dict[str, _Posts] = defaultdict(_Posts)
        self.lo: date | None = None
        self.hi: date | None = None

    def add(self, record: dict[str, Any]) -> None:
        if record.get("status") != "ok":
            return
        posts = self.accounts[record.get("account") or NO_ACCOUNT]
        day = day_of(record.get("published_at"))
        if day is None:
            posts.undated += 1
            return
        posts.days[day] += 1
        self.lo = day if self.lo is None or day < self.lo else self.lo
        self.hi = day if self.hi is None or day > self.hi else self.hi

    def results(self, period: Period | None) -> list[dict[str, Any]]:
        """One `cadence/weekly_update` result per account, sorted by account."""
        first = (period.start if period and period.start else None) or self.lo
        last = (period.end if period and period.end else None) or self.hi
        rule = next(r for r in account_rules() if r.rule == RULE)
        settings = cadence_settings()
        return [_check(name, self.accounts[name], first, last, rule, settings) for name in sorted(self.accounts)]


def weekly_update(records: Iterable[dict[str, Any]], period: Period | None) -> list[dict[str, Any]]:
    """One `cadence/weekly_update` result per account of the reviewed records, sorted by account."""
    collector = WeeklyUpdate()
    for record in records:
        collector.add(record)
    return collector.results(period)


def _check(
    name: str, posts: _Posts, first: date | None, last: date | None, rule: RuleInfo, settings: dict[str, Any]
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "account": name,
        "rule": RULE,
        "label": rule.label,
        "legal_basis": rule.legal_basis,
        "dated": sum(posts.days.values()),
        "undated": posts.undated,
    }
    if not posts.days or first is None or last is None:
        return {
            **base,
            "status": "unknown",
            "severity": "info",
            "message": settings["unknown_message"].format(undated=posts.undated),
            "suggestion": None,
            "weeks": 0,
            "weeks_without_post": 0,
            "longest_gap_days": None,
            "weekly_posts": [],
        }
    per_week: Counter[date] = Counter()
    for day, n in posts.days.items():
        if first <= day <= last:
            per_week[monday(day)] += n
    start = monday(first)
    weeks = [start + timedelta(weeks=i) for i in range((monday(last) - start).days // 7 + 1)]
    need = int(settings.get("min_posts_per_week", 1))
    empty = sum(1 for w in weeks if per_week[w] < need)
    inside = sorted(d for d in posts.days if first <= d <= last)
    edges = [first, *inside, last]
    gap = max((b - a).days for a, b in itertools.pairwise(edges))
    figures = {"weeks": len(weeks), "weeks_without_post": empty, "longest_gap_days": gap}
    ok = empty == 0
    return {
        **base,
        **figures,
        "status": "ok" if ok else "fail",
        "severity": "info" if ok else rule.severity,
        "message": settings["ok_message"].format(**figures) if ok else rule.render_message(**figures),
        "suggestion": None if ok else rule.render_suggestion(**figures),
        "weekly_posts": [[w.isoformat(), per_week[w]] for w in weeks],
    }
