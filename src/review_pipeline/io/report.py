"""Inspection outputs of a scan, built from verdicts.jsonl: report.html, summary.csv,
summary.xlsx and one 整改清单 (rectification list) .xlsx per account.

The report is one self-contained HTML file (inline CSS and SVG, no script, no network)
rendered from Jinja2 templates shipped in `io/templates/` (a city may point at its own
folder: files there override the shipped ones). Per account it lists the problem posts
grouped by severity (origin, date, de-identified title, rule in Chinese, masked excerpt,
suggestion, legal basis), the decision mix, problems per month by checker, the top rules and
the weekly-update check (办法第十八条, computed by the scan per account, undated posts counted).
Counts of problems leave out `info` findings (sign-off notes and the like). Nothing here
carries post text: titles are the de-identified ones and excerpts the masked ones, and any
long digit run or e-mail address left in them is masked once more.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import yaml

from review_pipeline.io.dates import day_of

TEMPLATES = Path(__file__).with_name("templates")
NO_ACCOUNT = "（未标明账号）"
DECISIONS = ("pass", "review", "block")
SEVERITIES = ("error", "warning")  # what counts as a problem; info is shown apart
TIERS = ("ordinary", "important", "major")
MAX_POSTS_SHOWN = 300  # per account in the HTML; the 整改清单 workbook lists all
MAX_INPUT_PROBLEMS_SHOWN = 200
RECTIFY_DIR = "整改清单"

_DIGITS = re.compile(r"(?<![0-9])[0-9][0-9\- ]{5,}[0-9Xx](?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


# --- labels and safe text --------------------------------------------------------------------


@cache
def _labels_file(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def labels(template: str | None = None) -> dict[str, Any]:
    """The shipped labels.yaml, with a city's own labels.yaml (if its folder has one) on top."""
    data = dict(_labels_file(str(TEMPLATES / "labels.yaml")))
    if template and (Path(template) / "labels.yaml").is_file():
        for key, value in _labels_file(str(Path(template) / "labels.yaml")).items():
            # mappings merge key by key (rename one checker, keep the others), the rest replaces
            data[key] = (
                {**data[key], **value}
                if isinstance(value, dict) and isinstance(data.get(key), dict)
                else value
            )
    return data


def mask(text: str | None) -> str:
    """`text` with digit runs of 7+ characters and e-mail addresses masked (a second line of
    defence: excerpts and titles are already de-identified by the pipeline)."""
    if not text:
        return ""

    def digits(m: re.Match[str]) -> str:
        s = m.group(0)
        return s[:3] + "*" * (len(s) - 5) + s[-2:]

    def email(m: re.Match[str]) -> str:
        user, _, host = m.group(0).partition("@")
        return user[:1] + "***@" + host

    return _EMAIL.sub(email, _DIGITS.sub(digits, text))


# --- summarising verdicts.jsonl -----------------------------------------------------------------


@dataclass
class ProblemFinding:
    severity: str
    rule: str
    label: str
    excerpt: str
    message: str
    suggestion: str
    legal_basis: str


@dataclass
class ProblemPost:
    """A post with at least one error or warning finding (not waived)."""

    input: str
    document_id: str | None
    day: date | None
    title: str
    origin: str  # 原创, or 转载 and the declared source
    decision: str
    severity: str  # the worst of its findings
    findings: list[ProblemFinding]


@dataclass
class AccountStats:
    """What one account's reviewed posts add up to."""

    account: str
    documents: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)  # error / warning / info findings
    checkers: Counter[str] = field(default_factory=Counter)  # problems (no info) per checker
    rules: Counter[str] = field(default_factory=Counter)  # problems (no info) per rule
    monthly: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # month -> checker
    posts: list[ProblemPost] = field(default_factory=list)
    timeouts: int = 0
    dated: int = 0
    undated: int = 0

    @property
    def problems(self) -> int:
        """Findings that count as problems: errors and warnings, never info."""
        return sum(self.severities[s] for s in SEVERITIES)


@dataclass
class ScanSummary:
    """Every account, plus the inputs that produced no verdict."""

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, AccountStats] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)  # non-ok status -> count
    input_problems: list[tuple[str, str, str]] = field(default_factory=list)  # (status, input, reason)
    span: tuple[date, date] | None = None  # of the dated posts

    def finish(self) -> None:
        """Order each account's problem posts: errors first, then by date and input."""
        for stats in self.accounts.values():
            stats.posts.sort(key=lambda p: (p.severity != "error", p.day or date.max, p.input))

    def rule_info(self, rule: str) -> dict[str, Any]:
        """The catalogue entry of `rule`: its own, else the pattern (`sensitive/*`) it matches."""
        if rule in self.rules:
            return self.rules[rule]
        for pattern, data in self.rules.items():
            if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(rule, pattern):
                return data
        return {}

    def label(self, rule: str) -> str:
        """The rule's Chinese label; for an id made from data without one, the checker's label
        and the id's tail (`sensitive/政治` -> 敏感词（政治）)."""
        data = self.rule_info(rule)
        label = str(data.get("label") or "")
        if label and not any(ch in label for ch in "*?[/"):
            return label
        family, _, tail = rule.partition("/")
        return f"{checker_label(family, labels())}（{tail}）" if tail else rule

    def add(self, record: dict[str, Any]) -> None:
        status = str(record.get("status"))
        if status != "ok":
            self.statuses[status] += 1
            if status != "out_of_period" and len(self.input_problems) < MAX_INPUT_PROBLEMS_SHOWN:
                self.input_problems.append((status, str(record.get("input")), str(record.get("error"))))
            return
        name = record.get("account") or NO_ACCOUNT
        stats = self.accounts.get(name) or self.accounts.setdefault(name, AccountStats(name))
        verdict = record["verdict"]
        stats.documents += 1
        stats.decisions[verdict["decision"]] += 1
        stats.tiers[verdict["sign_off"]["tier"]] += 1
        stats.timeouts += any(run["status"] == "timeout" for run in verdict["checkers"].values())
        day = day_of(record.get("published_at"))
        if day:
            stats.dated += 1
            lo, hi = self.span or (day, day)
            self.span = (min(lo, day), max(hi, day))
        else:
            stats.undated += 1
        month = day.strftime("%Y-%m") if day else None
        found: list[ProblemFinding] = []
        for f in verdict["findings"]:
            if f.get("waived"):
                continue
            stats.severities[f["severity"]] += 1
            if f["severity"] not in SEVERITIES:
                continue
            stats.checkers[f["checker"]] += 1
            stats.rules[f["rule"]] += 1
            if month:
                stats.monthly[month][f["checker"]] += 1
            found.append(
                ProblemFinding(
                    severity=f["severity"],
                    rule=f["rule"],
                    label=self.label(f["rule"]),
                    excerpt=mask(f.get("excerpt")),
                    message=mask(f.get("message")),
                    suggestion=mask(f.get("suggestion")),
                    legal_basis=f.get("legal_basis")
                    or str(self.rule_info(f["rule"]).get("legal_basis") or ""),
                )
            )
        if found:
            worst = "error" if any(f.severity == "error" for f in found) else "warning"
            stats.posts.append(
                ProblemPost(
                    input=str(record.get("input")),
                    document_id=record.get("document_id"),
                    day=day,
                    title=mask(record.get("title")),
                    origin=origin(record),
                    decision=verdict["decision"],
                    severity=worst,
                    findings=found,
                )
            )


def origin(record: dict[str, Any]) -> str:
    """原创, 转载, or 转载（source）."""
    if record.get("kind") != "repost":
        return "原创"
    source = mask(record.get("source"))
    return f"转载（{source}）" if source else "转载（未注明来源）"


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a verdicts.jsonl (a torn last line, from a killed scan, is skipped)."""
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            yield json.loads(raw)


def summarize(
    records: Iterable[dict[str, Any]], rules: dict[str, dict[str, Any]] | None = None
) -> ScanSummary:
    summary = ScanSummary(rules=dict(rules or {}))
    for record in records:
        summary.add(record)
    summary.finish()
    return summary


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to a temporary file beside `path`, then rename it into place."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_reports(
    verdicts: Path,
    out_dir: Path,
    *,
    checks: Sequence[dict[str, Any]] = (),
    rules: dict[str, dict[str, Any]] | None = None,
    period: dict[str, Any] | None = None,
    template: str | None = None,
) -> ScanSummary:
    """report.html, summary.csv, summary.xlsx and 整改清单/<account>.xlsx in `out_dir`."""
    summary = summarize(read_records(verdicts), rules)
    write_summary(summary, out_dir, checks=checks, period=period, template=template)
    return summary


def write_summary(
    summary: ScanSummary,
    out_dir: Path,
    *,
    checks: Sequence[dict[str, Any]] = (),
    period: dict[str, Any] | None = None,
    template: str | None = None,
    jobs: int = 1,
) -> None:
    """The outputs of an already built summary (see `write_reports`); `jobs` processes write
    the per-account lists."""
    cadence = {c["account"]: c for c in checks}
    atomic_write_text(out_dir / "summary.csv", summary_csv(summary, cadence, template), encoding="utf-8-sig")
    atomic_write_bytes(out_dir / "summary.xlsx", summary_xlsx(summary, cadence, template))
    folder = out_dir / RECTIFY_DIR
    folder.mkdir(exist_ok=True)
    names = [
        name for name, stats in summary.accounts.items()
        if stats.posts or (cadence.get(name) or {}).get("status") == "fail"
    ]  # fmt: skip
    for name, data in _rectification_files(summary, cadence, template, names, jobs):
        atomic_write_bytes(folder / f"{safe_file_name(name)}.xlsx", data)
    atomic_write_text(out_dir / "report.html", report_html(summary, cadence, period, template))


# what forked report writers read (set just before the fork, cleared after)
_FORKED: tuple[ScanSummary, dict[str, dict[str, Any]], str | None] | None = None


def _rectification_of(name: str) -> bytes:
    assert _FORKED is not None, "report writer started without a summary"
    summary, cadence, template = _FORKED
    return rectification_xlsx(summary, summary.accounts[name], cadence.get(name), template)


def _rectification_files(
    summary: ScanSummary, cadence: dict[str, dict[str, Any]], template: str | None, names: list[str], jobs: int
) -> Iterator[tuple[str, bytes]]:
    """(account, 整改清单 .xlsx) for `names`. With `jobs` > 1 the workbooks are written by that
    many forked processes (openpyxl costs ~20 µs a cell: a 20,000-post scan's lists are seconds
    of one core, the serial tail of a parallel scan); in this process when forking is not safe."""
    import multiprocessing
    import threading

    if jobs <= 1 or len(names) < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        for name in names:
            yield name, rectification_xlsx(summary, summary.accounts[name], cadence.get(name), template)
        return
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    _FORKED = (summary, cadence, template)
    try:
        with ProcessPoolExecutor(min(jobs, len(names)), mp_context=multiprocessing.get_context("fork")) as pool:
            yield from zip(names, pool.map(_rectification_of, names), strict=True)
    finally:
        _FORKED = None


def safe_file_name(name: str) -> str:
    """An account name usable as a file name on any system."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .") or "account"
    return cleaned[:80]


# --- summary.csv / summary.xlsx: fixed Chinese columns ---------------------------------------


def summary_columns(template: str | None = None) -> list[str]:
    """The fixed columns of summary.csv and summary.xlsx (the same for every scan)."""
    lab = labels(template)
    return [
        "账号",
        "稿件数",
        *(lab["decisions"][d]["label"] for d in DECISIONS),
        "需分管领导签发",
        "需主要领导签发",
        "审核超时",
        "问题数（不含提示）",
        "错误",
        "警告",
        "提示",
        *(f"{c['label']}问题" for c in lab["checkers"].values()),
        f"{lab['other_checker']['label']}问题",
        "巡查周数",
        "无更新周数",
        "最长间隔天数",
        "有日期稿件",
        "无日期稿件",
        "每周更新",
    ]


def summary_rows(
    summary: ScanSummary, cadence: dict[str, dict[str, Any]], template: str | None = None
) -> list[list[Any]]:
    lab = labels(template)
    known = list(lab["checkers"])
    rows = []
    for name in sorted(summary.accounts):
        s = summary.accounts[name]
        cad = cadence.get(name) or {}
        status = {"ok": "达标", "fail": "不达标"}.get(cad.get("status", ""), "无法判断")
        rows.append(
            [
                name,
                s.documents,
                *(s.decisions[d] for d in DECISIONS),
                s.tiers["important"],
                s.tiers["major"],
                s.timeouts,
                s.problems,
                s.severities["error"],
                s.severities["warning"],
                s.severities["info"],
                *(s.checkers[c] for c in known),
                sum(n for c, n in s.checkers.items() if c not in known),
                cad.get("weeks", ""),
                cad.get("weeks_without_post", "") if cad.get("status") != "unknown" else "",
                cad.get("longest_gap_days") if cad.get("longest_gap_days") is not None else "",
                s.dated,
                s.undated,
                status,
            ]
        )
    return rows


def summary_csv(
    summary: ScanSummary, cadence: dict[str, dict[str, Any]] | None = None, template: str | None = None
) -> str:
    """One row per account under fixed Chinese headers (write it as UTF-8 with BOM for Excel)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(summary_columns(template))
    writer.writerows(summary_rows(summary, cadence or {}, template))
    return buf.getvalue()


def _workbook_bytes(sheets: list[tuple[str, list[str], list[list[Any]], list[int]]]) -> bytes:
    """An .xlsx of `sheets` (title, header, rows, column widths), streamed (write-only mode:
    tens of thousands of rows in seconds)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="center")
    for title, header, rows, widths in sheets:
        ws = wb.create_sheet(title[:31])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        cells = []
        for name in header:
            cell = WriteOnlyCell(ws, value=name)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = _ILLEGAL_XLSX.sub("", value)
        if value[:1] in ("=", "+", "-", "@"):  # never let a cell become a formula
            value = "'" + value
    return value


def summary_xlsx(
    summary: ScanSummary, cadence: dict[str, dict[str, Any]], template: str | None = None
) -> bytes:
    header = summary_columns(template)
    widths = [22] + [10] * (len(header) - 1)
    return _workbook_bytes([("巡查汇总", header, summary_rows(summary, cadence, template), widths)])


RECTIFY_COLUMNS = [
    "序号",
    "严重程度",
    "来源（输入）",
    "原创/转载",
    "稿件编号",
    "发布日期",
    "标题（已脱敏）",
    "问题",
    "规则编号",
    "摘录（已脱敏）",
    "问题说明",
    "整改建议",
    "依据",
    "整改情况",
    "整改完成时间",
]


def rectification_xlsx(
    summary: ScanSummary, stats: AccountStats, cadence: dict[str, Any] | None, template: str | None = None
) -> bytes:
    """整改清单 of one account: one row per problem (finding), errors first, plus the
    weekly-update rule when it failed. The last two columns are for the account to fill in."""
    lab = labels(template)
    rows: list[list[Any]] = []
    n = 0
    for post in stats.posts:
        for f in post.findings:
            n += 1
            rows.append(
                [
                    n,
                    lab["severities"][f.severity]["short"],
                    post.input,
                    post.origin,
                    post.document_id or "",
                    post.day.isoformat() if post.day else "无日期",
                    post.title,
                    f.label,
                    f.rule,
                    f.excerpt,
                    f.message,
                    f.suggestion,
                    f.legal_basis,
                    "",
                    "",
                ]
            )
    if cadence and cadence.get("status") == "fail":
        n += 1
        rows.append(
            [
                n,
                lab["severities"][cadence["severity"]]["short"],
                "（账号）",
                "",
                "",
                "",
                "",
                cadence["label"],
                cadence["rule"],
                "",
                cadence["message"],
                cadence.get("suggestion") or "",
                cadence["legal_basis"],
                "",
                "",
            ]
        )
    widths = [6, 8, 30, 16, 14, 11, 30, 20, 22, 30, 40, 36, 18, 20, 14]
    return _workbook_bytes([("整改清单", RECTIFY_COLUMNS, rows, widths)])


# --- charts (inline SVG sized to their text) ------------------------------------------------------

FONT_PX = 12
MAX_CHART_W = 560  # two charts side by side fit a 1280 px window


def text_width(text: str, px: float = FONT_PX) -> float:
    """A generous width estimate: wide (CJK) characters 1 em, the rest 0.62 em."""
    return sum(px if unicodedata.east_asian_width(ch) in ("W", "F") else 0.62 * px for ch in text)


def clip(text: str, px_width: float) -> str:
    """`text` shortened with … to fit `px_width`."""
    if text_width(text) <= px_width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…") > px_width:
            break
        out += ch
    return out + "…"


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    w, h = int(width + 0.999), int(height + 0.999)
    return (
        f"<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' "
        f"viewBox='0 0 {w} {h}' role='img' aria-label='{escape(label)}'>{''.join(body)}</svg>"
    )


def _legend(items: list[tuple[str, str]], x0: float, y0: float, width: float) -> tuple[list[str], float]:
    """Swatch + label items flowed into lines of at most `width`; returns (svg parts, height)."""
    body: list[str] = []
    x, y = x0, y0
    for text, color in items:
        shown = clip(text, width - 20)
        w = 14 + text_width(shown) + 14
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + 18
        body.append(f"<rect class='swatch' x='{x:.1f}' y='{y:.1f}' width='10' height='10' fill='{color}'/>")
        body.append(f"<text class='legend' x='{x + 14:.1f}' y='{y + 9.5:.1f}'>{escape(shown)}</text>")
        x += w
    return body, (y - y0) + 18 if items else 0


def decision_chart(s: AccountStats, lab: dict[str, Any]) -> str:
    width, bar = 420, 400.0
    body, x = [], 0.0
    for d in DECISIONS:
        n = s.decisions[d]
        if n:
            w = bar * n / max(s.documents, 1)
            color, name = lab["decisions"][d]["color"], lab["decisions"][d]["label"]
            body.append(
                f"<rect x='{x:.1f}' y='4' width='{w:.1f}' height='24' fill='{color}'><title>{name} {n}</title></rect>"
            )
            x += w
    items = [
        (f"{lab['decisions'][d]['label']} {s.decisions[d]}", lab["decisions"][d]["color"]) for d in DECISIONS
    ]
    legend, h = _legend(items, 0, 38, width)
    return _svg(width, 38 + h + 4, body + legend, "审核结论分布")


def checker_colors(names: Iterable[str], lab: dict[str, Any]) -> dict[str, str]:
    """A distinct colour per checker: the fixed ones from labels.yaml, then the extra colours."""
    fixed = {k: v["color"] for k, v in lab["checkers"].items()}
    extra = iter(lab["extra_colors"])
    out = {}
    for name in names:
        out[name] = fixed.get(name) or next(extra, lab["other_checker"]["color"])
    return out


def checker_label(name: str, lab: dict[str, Any]) -> str:
    return str((lab["checkers"].get(name) or {}).get("label") or name)


def monthly_chart(s: AccountStats, lab: dict[str, Any]) -> str:
    months = sorted(s.monthly)
    order = [c for c in lab["checkers"] if any(s.monthly[m][c] for m in months)]
    order += sorted({c for m in months for c in s.monthly[m]} - set(order))
    color = checker_colors(order, lab)
    peak = max((sum(s.monthly[m].values()) for m in months), default=0)
    step = 40 if len(months) <= 12 else max(14.0, 480 / len(months))
    width = min(MAX_CHART_W, max(420, 40 + step * len(months)))
    top, base = 14, 150
    body = [f"<line x1='30' y1='{base}' x2='{width - 4}' y2='{base}' stroke='#999'/>"]
    if not months:
        body.append(f"<text x='40' y='{base - 60}'>无带日期的问题</text>")
    else:
        body.append(f"<text x='0' y='{top + 4}'>{peak}</text>")
    every = max(1, int(30 // step) + 1)  # label every n-th month when bars are narrow
    for i, m in enumerate(months):
        x, y = 34 + step * i, float(base)
        for c in order:
            n = s.monthly[m][c]
            if n:
                h = (base - top) * n / peak
                y -= h
                body.append(
                    f"<rect x='{x:.1f}' y='{y:.1f}' width='{step * 0.7:.1f}' height='{h:.1f}' fill='{color[c]}'>"
                    f"<title>{escape(m)} {escape(checker_label(c, lab))} {n}</title></rect>"
                )
        if i % every == 0:
            body.append(f"<text x='{x:.1f}' y='{base + 14}'>{escape(m[2:])}</text>")
    legend, h = _legend([(checker_label(c, lab), color[c]) for c in order], 30, base + 24, width - 30)
    return _svg(width, base + 24 + h + 4, body + legend, "各月问题（按检查项）")


def rules_chart(s: AccountStats, summary: ScanSummary, top: int = 10) -> str:
    rules = s.rules.most_common(top)
    labels_shown = [clip(summary.label(rule), 220) for rule, _ in rules]
    label_w = max((text_width(t) for t in labels_shown), default=60) + 8
    bar_w = 200
    peak = max((n for _, n in rules), default=1)
    width = min(MAX_CHART_W, label_w + bar_w + 40)
    body = []
    if not rules:
        body.append("<text x='0' y='18'>无问题</text>")
    for i, ((rule, n), shown) in enumerate(zip(rules, labels_shown, strict=True)):
        y = 4 + 22 * i
        w = bar_w * n / peak
        body.append(f"<text x='0' y='{y + 12}'><title>{escape(rule)}</title>{escape(shown)}</text>")
        body.append(
            f"<rect x='{label_w:.1f}' y='{y}' width='{w:.1f}' height='15' fill='#1f77b4'><title>{escape(rule)} {n}</title></rect>"
        )
        body.append(f"<text x='{label_w + w + 4:.1f}' y='{y + 12}'>{n}</text>")
    return _svg(width, max(28, 8 + 22 * len(rules)), body, "高频问题规则")


def weekly_chart(cad: dict[str, Any]) -> str:
    weeks = [(date.fromisoformat(w), n) for w, n in cad.get("weekly_posts", [])]
    peak = max((n for _, n in weeks), default=1) or 1
    step = max(3.0, min(16.0, 480 / max(len(weeks), 1)))
    width = min(MAX_CHART_W, max(300, 40 + step * len(weeks) + 10))
    base = 90
    body = [
        f"<line x1='30' y1='{base}' x2='{width - 4}' y2='{base}' stroke='#999'/>",
        f"<text x='0' y='18'>{peak}</text>",
    ]
    last_label_x = -100.0
    for i, (week, n) in enumerate(weeks):
        x = 32 + step * i
        if n == 0:
            body.append(
                f"<rect x='{x:.1f}' y='{base - 6}' width='{step - 1:.1f}' height='6' fill='#d62728'><title>{week} 当周无更新</title></rect>"
            )
        else:
            h = 70 * n / peak
            body.append(
                f"<rect x='{x:.1f}' y='{base - h:.1f}' width='{step - 1:.1f}' height='{h:.1f}' fill='#2ca02c'><title>{week} 当周 {n} 篇</title></rect>"
            )
        # one tick per month: the first week that starts in a new month (and the first week)
        # a week counts for the month its Sunday falls in (a period starting on 1 July whose
        # first Monday is 30 June is labelled July)
        sunday = week + timedelta(days=6)
        if i == 0 or sunday.month != (weeks[i - 1][0] + timedelta(days=6)).month:
            text = f"{sunday.year}年{sunday.month}月" if i == 0 or sunday.month == 1 else f"{sunday.month}月"
            if x - last_label_x >= text_width(text) + 6 and x + text_width(text) <= width:
                body.append(f"<line x1='{x:.1f}' y1='{base}' x2='{x:.1f}' y2='{base + 4}' stroke='#999'/>")
                body.append(f"<text x='{x:.1f}' y='{base + 16}'>{text}</text>")
                last_label_x = x
    legend, h = _legend([("当周有更新", "#2ca02c"), ("当周无更新", "#d62728")], 30, base + 26, width - 30)
    return _svg(width, base + 26 + h + 4, body + legend, "每周发布量")


# --- report.html -------------------------------------------------------------------------------


def _environment(template: str | None) -> Any:
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PrefixLoader,
        StrictUndefined,
        select_autoescape,
    )

    # A city's folder first; the shipped templates next, and always as `base/...` so that a
    # city's report.html.j2 can `{% extends "base/report.html.j2" %}` and change one block.
    shipped = FileSystemLoader(str(TEMPLATES))
    loaders: list[Any] = [FileSystemLoader(template)] if template else []
    loaders += [shipped, PrefixLoader({"base": shipped})]
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(("html", "j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_html(
    summary: ScanSummary,
    cadence: dict[str, dict[str, Any]] | None = None,
    period: dict[str, Any] | None = None,
    template: str | None = None,
) -> str:
    """The self-contained inspection report, rendered from `report.html.j2`."""
    from markupsafe import Markup

    cadence = cadence or {}
    lab = labels(template)
    accounts = []
    for i, name in enumerate(sorted(summary.accounts)):
        s = summary.accounts[name]
        cad = cadence.get(name)
        charts = [
            ("审核结论分布", Markup(decision_chart(s, lab))),
            ("各月问题（按检查项，不含提示）", Markup(monthly_chart(s, lab))),
            ("高频问题规则（不含提示）", Markup(rules_chart(s, summary))),
        ]
        if cad and cad.get("weekly_posts"):
            charts.append(("每周发布量（红色为无更新周）", Markup(weekly_chart(cad))))
        groups = [
            (sev, lab["severities"][sev], [p for p in s.posts if p.severity == sev][:MAX_POSTS_SHOWN])
            for sev in SEVERITIES
        ]
        counts = {sev: sum(1 for p in s.posts if p.severity == sev) for sev in SEVERITIES}
        accounts.append(
            {
                "anchor": f"account-{i}",
                "stats": s,
                "cadence": cad,
                "charts": charts,
                "groups": groups,
                "counts": counts,
            }
        )
    declared = period or None
    span = summary.span
    total = sum(s.documents for s in summary.accounts.values())
    env = _environment(template)
    return str(
        env.get_template("report.html.j2").render(
            summary=summary,
            accounts=accounts,
            labels=lab,
            period=declared,
            span=span,
            total=total,
            undated=sum(s.undated for s in summary.accounts.values()),
            out_of_period=summary.statuses["out_of_period"],
            input_problem_count=sum(n for k, n in summary.statuses.items() if k != "out_of_period"),
            max_posts=MAX_POSTS_SHOWN,
            rectify_dir=RECTIFY_DIR,
            safe_file_name=safe_file_name,
            checker_label=lambda c: checker_label(c, lab),
        )
    )


def compare_html(data: dict[str, Any], template: str | None = None) -> str:
    """The two-period comparison (`report --compare`) as HTML."""
    return str(
        _environment(template).get_template("compare.html.j2").render(data=data, labels=labels(template))
    )
