"""The inspection outputs: problem-post lists, Chinese labels, counts without info, fixed
columns (CSV with BOM, xlsx), 整改清单 per account, charts that fit a 1280 px window."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from review_pipeline.io.report import (
    RECTIFY_COLUMNS,
    mask,
    report_html,
    summarize,
    summary_columns,
    summary_csv,
    text_width,
    write_reports,
)
from review_pipeline.models import Document, Finding, PolicyRef, SignOff, Verdict
from review_pipeline.scan import Period, public_verdict
from review_pipeline.scan.cadence import weekly_update

REF = PolicyRef(id="default", version="1", digest="0" * 16)
START = date(2025, 1, 6)  # a Monday in 2025Q1
PERIOD = Period(date(2025, 1, 1), date(2025, 3, 31), "2025Q1")
RULES = {
    "ads/absolute_term": {"label": "绝对化用语", "severity": "warning", "legal_basis": "广告法第九条第三项"},
    "sensitive/gambling": {"label": "赌博类敏感词", "severity": "error", "legal_basis": "办法第十八条"},
    "pii/CN_MOBILE": {"label": "未去标识化的手机号码", "severity": "error", "legal_basis": "办法第十九条"},
    "tiers/major_disaster": {"label": "涉及自然灾害", "severity": "info", "legal_basis": "办法第十五条"},
    "cadence/weekly_update": {
        "label": "每周更新不少于1次",
        "severity": "warning",
        "legal_basis": "办法第十八条",
    },
}
FINDING_TEXT = {
    "ads/absolute_term": (
        "ads",
        "advertising",
        "warning",
        "最佳",
        "使用了绝对化用语",
        "删除“最佳”等绝对化用语",
    ),
    "sensitive/gambling": ("sensitive", "gambling", "error", "网络赌博", "含赌博类敏感词", "删除或改写该词"),
    "pii/CN_MOBILE": (
        "pii",
        "personal_information",
        "error",
        "139****5678",
        "含未去标识化的手机号码",
        "隐去中间四位",
    ),
    "tiers/major_disaster": ("tiers", "disaster", "info", "", "涉及自然灾害，由主要领导审定签发", ""),
}


def _record(
    account: str,
    day: date | None,
    rules: tuple[str, ...] = (),
    title: str = "关于做好春季森林防火工作的通知",
    source: str | None = None,
) -> dict[str, Any]:
    doc = Document(
        text="防城港市人民政府关于做好春季森林防火工作的通知，请各单位认真落实。",
        title=title,
        id=f"{account}-{day}-{len(rules)}",
        account=account,
        published_at=f"{day}T09:00:00" if day else None,
        kind="repost" if source else "original",
        source=source,
    )
    findings = []
    for r in rules:
        checker, category, severity, excerpt, message, suggestion = FINDING_TEXT[r]
        findings.append(
            Finding(
                checker=checker,
                rule=r,
                category=category,
                severity=severity,
                start=0,
                end=2,
                excerpt=excerpt,
                message=message,
                suggestion=suggestion or None,
                legal_basis=RULES[r]["legal_basis"],
            )
        )
    decision = (
        "block"
        if any(f.severity == "error" for f in findings)
        else "review"
        if any(f.severity == "warning" for f in findings)
        else "pass"
    )
    tier = "major" if "tiers/major_disaster" in rules else "ordinary"
    verdict = Verdict(
        decision=decision,
        findings=findings,
        policy=REF,
        sign_off=SignOff(tier=tier),
        document_id=doc.id,
        account=account,
    )
    return {"input": f"export.jsonl#{doc.id}", "status": "ok", **public_verdict(doc, verdict)}


def _records() -> list[dict[str, Any]]:
    steady = [
        _record("防城港发布", START + timedelta(weeks=w, days=w % 3), ("ads/absolute_term",) if w % 2 else ())
        for w in range(12)
    ]
    steady.append(
        _record("防城港发布", START + timedelta(days=1), ("tiers/major_disaster",))
    )  # info only: no problem
    gappy = [
        _record("港口区发布", START, ("sensitive/gambling", "pii/CN_MOBILE", "tiers/major_disaster")),
        _record(
            "港口区发布",
            START + timedelta(days=2),
            ("ads/absolute_term",),
            title="联系人电话13912345678",
            source="网友13812345678",
        ),
        _record("港口区发布", START + timedelta(weeks=5, days=1)),
        _record("港口区发布", None, ("ads/absolute_term",)),
        _record("港口区发布", None),
    ]
    undated = [_record("<script>alert(1)</script>", None)]
    problems = [
        {"input": "2024.zip!../../etc/passwd", "status": "refused", "error": "member path contains '..'"},
        {
            "input": "old.jsonl#3",
            "status": "out_of_period",
            "document_id": "x",
            "account": "防城港发布",
            "published_at": "2024-12-30T09:00:00",
        },
    ]
    return steady + gappy + undated + problems


def _outputs(tmp_path: Path) -> Path:
    records = _records()
    verdicts = tmp_path / "verdicts.jsonl"
    import json

    verdicts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    checks = weekly_update(records, PERIOD)
    write_reports(verdicts, tmp_path, checks=checks, rules=RULES, period=PERIOD.as_dict())
    return tmp_path


def test_cadence_is_a_rule_per_account_over_the_declared_period_and_counts_undated_posts() -> None:
    checks = {c["account"]: c for c in weekly_update(_records(), PERIOD)}
    steady, gappy, undated = checks["防城港发布"], checks["港口区发布"], checks["<script>alert(1)</script>"]
    assert (
        steady["rule"] == gappy["rule"] == "cadence/weekly_update" and gappy["legal_basis"] == "办法第十八条"
    )
    # 2025Q1: Monday 2024-12-30 to the week of 2025-03-31 -> 14 weeks; posts in weeks 2-13 only.
    assert steady["weeks"] == 14 and steady["weeks_without_post"] == 2 and steady["status"] == "fail"
    assert gappy["weeks_without_post"] == 12 and gappy["undated"] == 2 and gappy["dated"] == 3
    assert gappy["severity"] == "warning" and "不少于1次" in gappy["message"]
    assert undated["status"] == "unknown" and undated["undated"] == 1
    ok = weekly_update([_record("a", START + timedelta(weeks=w)) for w in range(4)], None)[0]
    assert ok["status"] == "ok" and ok["severity"] == "info" and ok["weeks"] == 4


def test_summary_csv_has_a_bom_fixed_chinese_columns_and_counts_without_info(tmp_path: Path) -> None:
    out = _outputs(tmp_path)
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == summary_columns()
    by = {r["账号"]: r for r in rows}
    steady, gappy = by["防城港发布"], by["港口区发布"]
    assert steady["稿件数"] == "13" and steady["问题数（不含提示）"] == "6" and steady["提示"] == "1"
    assert steady["商业广告问题"] == "6" and steady["签发层级问题"] == "0"
    assert gappy["不得发布"] == "1" and gappy["需主要领导签发"] == "1" and gappy["错误"] == "2"
    assert gappy["无日期稿件"] == "2" and gappy["无更新周数"] == "12" and gappy["每周更新"] == "不达标"
    assert by["<script>alert(1)</script>"]["每周更新"] == "无法判断"
    # The columns do not depend on the data: an empty scan has the same header.
    assert summary_csv(summarize([])).splitlines()[0].split(",") == summary_columns()


def test_rectification_lists_and_summary_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = _outputs(tmp_path)
    ws = load_workbook(out / "整改清单" / "港口区发布.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == RECTIFY_COLUMNS
    problems = rows[1:]
    assert [r[1] for r in problems][:2] == ["错误", "错误"]  # errors first
    labels = {r[7] for r in problems}
    assert {"赌博类敏感词", "未去标识化的手机号码", "绝对化用语", "每周更新不少于1次"} <= labels
    assert "涉及自然灾害" not in labels  # info is not a problem
    assert all("13912345678" not in str(v) for r in problems for v in r)
    assert any(r[5] == "无日期" for r in problems) and {r[3] for r in problems} >= {
        "原创",
        "转载（网友138******78）",
    }
    summary = load_workbook(out / "summary.xlsx").active
    assert [c.value for c in summary[1]] == summary_columns()
    assert not (out / "整改清单" / "&lt;script&gt;alert(1)&lt;_script&gt;.xlsx").exists()


def test_rectification_lists_written_by_two_processes_are_the_ones_one_writes(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from review_pipeline.io.report import write_summary

    records = _records()
    summary = summarize(records, RULES)
    checks = weekly_update(records, PERIOD)
    serial, forked = tmp_path / "one", tmp_path / "two"
    for folder, jobs in ((serial, 1), (forked, 2)):
        folder.mkdir()
        write_summary(summary, folder, checks=checks, period=PERIOD.as_dict(), jobs=jobs)

    def cells(path: Path) -> list[list[object]]:
        return [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]

    names = sorted(p.name for p in (serial / "整改清单").iterdir())
    assert len(names) >= 2 and names == sorted(p.name for p in (forked / "整改清单").iterdir())
    assert all(cells(serial / "整改清单" / n) == cells(forked / "整改清单" / n) for n in names)


def test_report_lists_problem_posts_by_severity_in_chinese_without_post_text(tmp_path: Path) -> None:
    html = (_outputs(tmp_path) / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "森林防火工作的通知，请各单位" not in html  # no body text
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert "2025-01-01 至 2025-03-31" in html and "2025Q1" in html
    section = html.split('id="account-1"')[1].split("<section")[0]  # 港口区发布
    errors, warnings = section.split("错误（不得发布）：")[1].split("警告（需人工复核）：")
    assert (
        "赌博类敏感词" in errors
        and "网络赌博" in errors
        and "办法第十九条" in errors
        and "隐去中间四位" in errors
    )
    assert (
        "绝对化用语" in warnings
        and "广告法第九条第三项" in warnings
        and "export.jsonl#港口区发布" in warnings
    )
    assert "139****5678" in errors and "13912345678" not in html and "139******78" in warnings  # masked title
    assert "无发布时间的稿件 <strong>2</strong> 篇" in section and "12 周无更新" in section
    assert "2025-01-06" in errors and "无日期" in warnings
    assert "原创" in errors and "转载（网友138******78）" in warnings and "13812345678" not in html
    # English category ids never label anything; info notes neither counted nor charted
    assert "gambling" not in re.sub(r"<small>.*?</small>|<title>.*?</title>", "", html)
    assert "问题 4 个（错误 2，警告 2；另有提示 1 条，不计入）" in section
    assert "不在巡查期间" not in html.split("<h2>总览")[1].split("</table>")[0]
    assert "巡查期间以外的稿件 1 篇未纳入" in html


def test_chart_colours_are_distinct_and_labels_fit() -> None:
    html = report_html(
        summarize(_records(), RULES),
        {c["account"]: c for c in weekly_update(_records(), PERIOD)},
        PERIOD.as_dict(),
    )
    for svg in re.findall(r"<svg class='chart'.*?</svg>", html):
        swatches = re.findall(r"class='swatch'[^>]*fill='(#[0-9a-f]{6})'", svg)
        assert len(swatches) == len(set(swatches)), swatches
        width = int(re.search(r"width='(\d+)'", svg).group(1))  # type: ignore[union-attr]
        assert width <= 560
    assert text_width("赌博") == 24 and text_width("ab") < 16


def test_mask_hides_digit_runs_and_emails() -> None:
    assert mask("电话13912345678，邮箱zhang.san@example.com") == "电话139******78，邮箱z***@example.com"
    assert mask("2025年3月4日") == "2025年3月4日"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


# Test-only probe: after layout, count charts, shapes drawn, and text or shapes that stick out
# of their chart (a clipped legend) or charts wider than the window.
PROBE = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')];
  let clipped = [], drawn = 0, wide = 0;
  for (const svg of charts) {
    const box = svg.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth + 0.5) wide++;
    const shapes = [...svg.querySelectorAll('rect, text')];
    if (box.width > 0 && shapes.some(s => s.getBoundingClientRect().width > 0)) drawn++;
    for (const s of shapes) {
      const r = s.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        clipped.push((svg.getAttribute('aria-label') || '') + ':' + s.textContent);
    }
  }
  const out = document.createElement('pre'); out.id = 'probe';
  out.textContent = `charts=${charts.length} drawn=${drawn} wide=${wide} clipped=${clipped.length} [${clipped.slice(0, 5).join('|')}] rows=${document.querySelectorAll('#overview tr').length}`;
  document.body.appendChild(out);
});
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip


def test_report_renders_at_1280_px_in_headless_chromium_with_no_clipped_legend(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    (tmp_path / "out").mkdir()
    out = _outputs(tmp_path / "out")
    page = out / "probe.html"
    page.write_text(
        (out / "report.html").read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
        encoding="utf-8",
    )
    flags = [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,3000"]
    dom = subprocess.run([browser, *flags, "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    probe = re.search(r"charts=(\d+) drawn=(\d+) wide=(\d+) clipped=(\d+) \[(.*?)\] rows=(\d+)", dom.stdout)
    assert probe, dom.stderr[-2000:]
    charts, drawn, wide, clipped, which, rows = probe.groups()
    assert int(charts) == 3 * 3 + 2 and drawn == charts  # a weekly chart for the two dated accounts
    assert wide == "0" and clipped == "0", which
    assert rows == "4"
    shot = tmp_path / "shot.png"
    subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}",
                    "--window-size=1280,2400", page.as_uri()], capture_output=True, timeout=120)  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_templates_ship_inside_the_package_and_a_city_can_override_labels(tmp_path: Path) -> None:
    from importlib import resources

    shipped = resources.files("review_pipeline.io").joinpath("templates")
    for name in ("report.html.j2", "compare.html.j2", "report.css", "labels.yaml", "cadence_badge.html.j2"):
        assert shipped.joinpath(name).is_file(), name
    city = tmp_path / "city"
    city.mkdir()
    (city / "labels.yaml").write_text(
        "checkers:\n  ads: {label: 广告推销, color: '#123456'}\n  sensitive: {label: 敏感词, color: '#654321'}\n",
        encoding="utf-8",
    )
    (city / "report.html.j2").write_text(
        '{% extends "base/report.html.j2" %}{% block title %}某市政务新媒体季度巡查{% endblock %}',
        encoding="utf-8",
    )
    html = report_html(summarize(_records(), RULES), template=str(city))
    assert "<title>某市政务新媒体季度巡查</title>" in html and "广告推销" in html and "#123456" in html
    assert "个人信息" in html  # the checkers the city did not rename keep their labels
