"""Inspection outputs of a scan, built from verdicts.jsonl: summary.csv and report.html.

The report is one self-contained HTML file (inline CSS and SVG, no script, no network) with,
per account: the decision mix, findings by category per month, the top rules, and the
update-cadence check of article 18 (原则上每周更新发布信息不少于1次): weeks of the inspected
period without a post and the longest gap between posts. It holds counts, rule ids and input
names only, never post text.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

NO_ACCOUNT = "（未标明账号）"
DECISIONS = ("pass", "review", "block")
TIERS = ("ordinary", "important", "major")
DECISION_LABEL = {"pass": "可以发布", "review": "需人工复核", "block": "不得发布"}
DECISION_COLOR = {"pass": "#2e7d32", "review": "#f9a825", "block": "#c62828"}
PALETTE = ("#1565c0", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#558b2f", "#ad1457", "#4e342e", "#546e7a")
MAX_PROBLEMS_LISTED = 200


@dataclass
class AccountStats:
    """What one account's reviewed posts add up to."""

    account: str
    documents: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (checker, severity)
    rules: Counter[str] = field(default_factory=Counter)
    monthly: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # month -> category
    days: Counter[date] = field(default_factory=Counter)
    timeouts: int = 0


@dataclass
class Cadence:
    """The weekly-update check over the inspected period."""

    weeks: int
    weeks_without_post: int
    longest_gap_days: int
    weekly_posts: list[tuple[date, int]]

    @property
    def ok(self) -> bool:
        return self.weeks_without_post == 0


@dataclass
class ScanSummary:
    """Every account, plus the inputs that produced no verdict."""

    accounts: dict[str, AccountStats] = field(default_factory=dict)
    problems: Counter[str] = field(default_factory=Counter)  # status -> count
    problem_samples: list[tuple[str, str, str]] = field(default_factory=list)  # (status, input, reason)
    period: tuple[date, date] | None = None

    def add(self, record: dict[str, Any]) -> None:
        status = record.get("status")
        if status != "ok":
            self.problems[str(status)] += 1
            if len(self.problem_samples) < MAX_PROBLEMS_LISTED:
                self.problem_samples.append((str(status), str(record.get("input")), str(record.get("error"))))
            return
        name = record.get("account") or NO_ACCOUNT
        stats = self.accounts.get(name) or self.accounts.setdefault(name, AccountStats(name))
        verdict = record["verdict"]
        stats.documents += 1
        stats.decisions[verdict["decision"]] += 1
        stats.tiers[verdict["sign_off"]["tier"]] += 1
        stats.timeouts += any(run["status"] == "timeout" for run in verdict["checkers"].values())
        day = _day(record.get("published_at"))
        if day:
            stats.days[day] += 1
            lo, hi = self.period or (day, day)
            self.period = (min(lo, day), max(hi, day))
        month = day.strftime("%Y-%m") if day else None
        for f in verdict["findings"]:
            if f.get("waived"):
                continue
            stats.findings[(f["checker"], f["severity"])] += 1
            stats.rules[f["rule"]] += 1
            if month:
                stats.monthly[month][f["category"]] += 1

    def cadence(self, stats: AccountStats) -> Cadence | None:
        """Weeks of the scan's whole period without a post by this account (None: no dates)."""
        if not stats.days or self.period is None:
            return None
        first, last = _monday(self.period[0]), _monday(self.period[1])
        per_week: Counter[date] = Counter()
        for day, n in stats.days.items():
            per_week[_monday(day)] += n
        weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
        posted = sorted(stats.days)
        edges = [self.period[0], *posted, self.period[1]]
        gap = max((b - a).days for a, b in itertools.pairwise(edges))
        return Cadence(
            weeks=len(weeks),
            weeks_without_post=sum(1 for w in weeks if per_week[w] == 0),
            longest_gap_days=gap,
            weekly_posts=[(w, per_week[w]) for w in weeks],
        )


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a verdicts.jsonl (a torn last line, from a killed scan, is skipped)."""
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            yield json.loads(raw)


def summarize(records: Iterable[dict[str, Any]]) -> ScanSummary:
    summary = ScanSummary()
    for record in records:
        summary.add(record)
    return summary


def write_reports(verdicts: Path, out_dir: Path) -> ScanSummary:
    """summary.csv and report.html in `out_dir` from `verdicts`, each written atomically."""
    summary = summarize(read_records(verdicts))
    atomic_write_text(out_dir / "summary.csv", summary_csv(summary))
    atomic_write_text(out_dir / "report.html", report_html(summary))
    return summary


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# --- summary.csv --------------------------------------------------------------------------------


def summary_csv(summary: ScanSummary) -> str:
    """One row per account: documents, decisions, tiers, findings by checker and severity, cadence."""
    combos = sorted({key for s in summary.accounts.values() for key in s.findings})
    header = [
        "account",
        "documents",
        *DECISIONS,
        *(f"tier_{t}" for t in TIERS),
        "timeouts",
        "findings",
        *(f"{checker}_{severity}" for checker, severity in combos),
        "weeks",
        "weeks_without_post",
        "longest_gap_days",
        "weekly_update_ok",
    ]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for name in sorted(summary.accounts):
        s = summary.accounts[name]
        cad = summary.cadence(s)
        writer.writerow(
            [
                name,
                s.documents,
                *(s.decisions[d] for d in DECISIONS),
                *(s.tiers[t] for t in TIERS),
                s.timeouts,
                sum(s.findings.values()),
                *(s.findings[c] for c in combos),
                *(
                    (cad.weeks, cad.weeks_without_post, cad.longest_gap_days, cad.ok)
                    if cad
                    else ("", "", "", "")
                ),
            ]
        )
    return buf.getvalue()


# --- report.html --------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
section.account{border-top:2px solid #1565c0;margin-top:2em;padding-top:.5em}
.bad{color:#c62828;font-weight:bold}.good{color:#2e7d32;font-weight:bold}
.charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}figcaption{font-weight:bold;margin:.3em 0}
svg text{font-size:11px;font-family:inherit}
"""


def report_html(summary: ScanSummary) -> str:
    """The self-contained inspection report."""
    total = sum(s.documents for s in summary.accounts.values())
    period = f"{summary.period[0]} 至 {summary.period[1]}" if summary.period else "（稿件无发布时间）"
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<title>政务新媒体巡查报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>政务新媒体巡查报告</h1>",
        f"<p>审核稿件 {total} 篇，账号 {len(summary.accounts)} 个，巡查期间 {escape(period)}。"
        "依据《防城港市政务新媒体管理办法》第十五至二十三条、第二十七条；更新频率按第十八条"
        "“原则上每周更新发布信息不少于1次”检查。</p>",
        _overview_table(summary),
        _problems_html(summary),
    ]
    for i, name in enumerate(sorted(summary.accounts)):
        parts.append(_account_html(summary, summary.accounts[name], i))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _overview_table(summary: ScanSummary) -> str:
    rows = []
    for i, name in enumerate(sorted(summary.accounts)):
        s = summary.accounts[name]
        cad = summary.cadence(s)
        cadence = "—" if cad is None else _cadence_label(cad)
        rows.append(
            f"<tr><td><a href='#account-{i}'>{escape(name)}</a></td><td>{s.documents}</td>"
            + "".join(f"<td>{s.decisions[d]}</td>" for d in DECISIONS)
            + f"<td>{s.tiers['important']}</td><td>{s.tiers['major']}</td><td>{sum(s.findings.values())}</td>"
            + f"<td>{cadence}</td></tr>"
        )
    head = "".join(f"<th>{DECISION_LABEL[d]}</th>" for d in DECISIONS)
    return (
        "<h2>总览</h2><table id='overview'><tr><th>账号</th><th>稿件</th>"
        f"{head}<th>重要（分管领导签发）</th><th>重大（主要领导签发）</th><th>问题数</th><th>每周更新</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _cadence_label(cad: Cadence) -> str:
    if cad.ok:
        return "<span class='good'>达标</span>"
    return f"<span class='bad'>{cad.weeks_without_post} 周无更新</span>"


def _problems_html(summary: ScanSummary) -> str:
    if not summary.problems:
        return "<p>所有输入均已审核。</p>"
    label = {"refused": "拒绝读取", "error": "无法审核"}
    counts = "，".join(f"{label.get(k, k)} {v} 项" for k, v in sorted(summary.problems.items()))
    rows = "".join(
        f"<tr><td>{escape(label.get(st, st))}</td><td>{escape(src)}</td><td>{escape(reason)}</td></tr>"
        for st, src, reason in summary.problem_samples
    )
    more = sum(summary.problems.values()) - len(summary.problem_samples)
    tail = f"<p>另有 {more} 项未列出，见 verdicts.jsonl。</p>" if more > 0 else ""
    return f"<h2>未审核的输入</h2><p>{counts}。</p><table id='problems'><tr><th>状态</th><th>输入</th><th>原因</th></tr>{rows}</table>{tail}"


def _account_html(summary: ScanSummary, s: AccountStats, index: int) -> str:
    cad = summary.cadence(s)
    if cad is None:
        cadence = "<p>稿件无发布时间，无法检查更新频率。</p>"
    else:
        cadence = (
            f"<p>更新频率：巡查期间 {cad.weeks} 周，其中 {cad.weeks_without_post} 周无更新，"
            f"最长间隔 {cad.longest_gap_days} 天 —— {_cadence_label(cad)}</p>"
        )
    charts = [
        ("审核结论分布", _decision_chart(s)),
        ("各月问题（按类别）", _monthly_chart(s)),
        ("高频规则", _rules_chart(s)),
    ]
    if cad is not None:
        charts.append(("每周发布量（红色为无更新周）", _weekly_chart(cad)))
    figures = "".join(f"<figure><figcaption>{escape(t)}</figcaption>{svg}</figure>" for t, svg in charts)
    return (
        f"<section class='account' id='account-{index}'><h2>{escape(s.account)}</h2>"
        f"<p>稿件 {s.documents} 篇；需分管领导签发 {s.tiers['important']} 篇，需主要领导签发 {s.tiers['major']} 篇；"
        f"审核超时 {s.timeouts} 篇。</p>{cadence}<div class='charts'>{figures}</div></section>"
    )


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f"<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(label)}'>{''.join(body)}</svg>"
    )


def _decision_chart(s: AccountStats) -> str:
    width, bar = 360, 300
    body, x = [], 0.0
    for d in DECISIONS:
        n = s.decisions[d]
        if not n:
            continue
        w = bar * n / max(s.documents, 1)
        body.append(
            f"<rect x='{x:.1f}' y='10' width='{w:.1f}' height='28' fill='{DECISION_COLOR[d]}'><title>{DECISION_LABEL[d]} {n}</title></rect>"
        )
        x += w
    for i, d in enumerate(DECISIONS):
        body.append(f"<rect x='{i * 120}' y='50' width='10' height='10' fill='{DECISION_COLOR[d]}'/>")
        body.append(f"<text x='{i * 120 + 14}' y='59'>{DECISION_LABEL[d]} {s.decisions[d]}</text>")
    return _svg(width, 70, body, "decisions")


def _monthly_chart(s: AccountStats) -> str:
    months = sorted(s.monthly)
    categories = sorted({c for m in months for c in s.monthly[m]})
    color = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    peak = max((sum(s.monthly[m].values()) for m in months), default=0)
    width, height, top, base = max(360, 40 + 34 * len(months)), 220, 10, 170
    body = [f"<line x1='30' y1='{base}' x2='{width - 5}' y2='{base}' stroke='#999'/>"]
    if not months:
        body.append(f"<text x='40' y='{base - 60}'>无带日期的问题</text>")
    for i, m in enumerate(months):
        x, y = 36 + 34 * i, float(base)
        for c in categories:
            n = s.monthly[m][c]
            if not n:
                continue
            h = (base - top) * n / peak
            y -= h
            body.append(
                f"<rect x='{x}' y='{y:.1f}' width='26' height='{h:.1f}' fill='{color[c]}'><title>{escape(m)} {escape(c)} {n}</title></rect>"
            )
        body.append(f"<text x='{x}' y='{base + 14}'>{escape(m[2:])}</text>")
    body.append(f"<text x='2' y='{top + 8}'>{peak}</text>")
    for i, c in enumerate(categories):
        lx, ly = 36 + (i % 4) * 90, base + 30 + (i // 4) * 14
        body.append(
            f"<rect x='{lx}' y='{ly - 9}' width='10' height='10' fill='{color[c]}'/><text x='{lx + 14}' y='{ly}'>{escape(c)}</text>"
        )
    return _svg(width, height + 14 * (len(categories) // 4), body, "findings by month")


def _rules_chart(s: AccountStats, top: int = 10) -> str:
    rules = s.rules.most_common(top)
    peak = max((n for _, n in rules), default=1)
    width = 420
    body = []
    if not rules:
        body.append("<text x='10' y='20'>无问题</text>")
    for i, (rule, n) in enumerate(rules):
        y = 6 + 20 * i
        w = 170 * n / peak
        body.append(f"<text x='0' y='{y + 12}'>{escape(rule[:32])}</text>")
        body.append(
            f"<rect x='210' y='{y}' width='{w:.1f}' height='15' fill='{PALETTE[0]}'><title>{escape(rule)} {n}</title></rect>"
        )
        body.append(f"<text x='{214 + w:.1f}' y='{y + 12}'>{n}</text>")
    return _svg(width, max(30, 10 + 20 * len(rules)), body, "top rules")


def _weekly_chart(cad: Cadence) -> str:
    peak = max((n for _, n in cad.weekly_posts), default=1) or 1
    step = max(2.0, min(12.0, 600 / max(len(cad.weekly_posts), 1)))
    width, base = int(40 + step * len(cad.weekly_posts)), 90
    body = [
        f"<line x1='30' y1='{base}' x2='{width}' y2='{base}' stroke='#999'/>",
        f"<text x='0' y='18'>{peak}</text>",
    ]
    for i, (week, n) in enumerate(cad.weekly_posts):
        x = 32 + step * i
        if n == 0:
            body.append(
                f"<rect x='{x:.1f}' y='{base - 6}' width='{step - 1:.1f}' height='6' fill='#c62828'><title>{week} 无更新</title></rect>"
            )
        else:
            h = 70 * n / peak
            body.append(
                f"<rect x='{x:.1f}' y='{base - h:.1f}' width='{step - 1:.1f}' height='{h:.1f}' fill='#2e7d32'><title>{week} {n}</title></rect>"
            )
    body.append(f"<text x='32' y='{base + 14}'>{cad.weekly_posts[0][0]}</text>")
    return _svg(max(width, 200), base + 20, body, "weekly posts")
