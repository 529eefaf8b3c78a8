"""summary.csv and report.html: per-account counts, the weekly-update check, charts that render."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from review_pipeline.io.report import report_html, summarize, summary_csv
from review_pipeline.models import Document, Finding, PolicyRef, SignOff, Verdict
from review_pipeline.scan import public_verdict

REF = PolicyRef(id="default", version="1", digest="0" * 16)
START = date(2025, 3, 3)  # a Monday


def _record(
    account: str,
    day: date | None,
    decision: str = "pass",
    rules: tuple[str, ...] = (),
    tier: str = "ordinary",
) -> dict[str, Any]:
    doc = Document(
        text="防城港市人民政府关于做好春季森林防火工作的通知，请各单位认真落实。",
        id=f"{account}-{day}",
        account=account,
        published_at=f"{day}T09:00:00" if day else None,
    )
    findings = [
        Finding(
            checker=r.split("/")[0],
            rule=r,
            category=r.split("/")[0],
            severity="error" if decision == "block" else "warning",
            start=0,
            end=2,
            message="测试",
        )
        for r in rules
    ]
    verdict = Verdict(
        decision=decision,
        findings=findings,
        policy=REF,
        sign_off=SignOff(tier=tier),
        document_id=doc.id,
        account=account,
    )
    return {"input": doc.id, "status": "ok", **public_verdict(doc, verdict)}


def _records() -> list[dict[str, Any]]:
    weekly = [
        _record(
            "防城港发布",
            START + timedelta(weeks=w, days=w % 3),
            rules=("ads/absolute_term",) if w % 2 else (),
        )
        for w in range(8)
    ]
    gappy = [
        _record("港口区发布", START, "block", ("sensitive/deny", "pii/CN_MOBILE"), tier="major"),
        _record("港口区发布", START + timedelta(days=2), "review", ("ads/absolute_term",), tier="important"),
        _record("港口区发布", START + timedelta(weeks=5, days=1)),
    ]
    undated = [_record("<script>alert(1)</script>", None)]
    problems = [
        {"input": "2024.zip!../../etc/passwd", "status": "refused", "error": "member path contains '..'"}
    ]
    return weekly + gappy + undated + problems


def test_summary_csv_counts_decisions_findings_tiers_and_cadence() -> None:
    rows = {r["account"]: r for r in csv.DictReader(io.StringIO(summary_csv(summarize(_records()))))}
    steady, gappy = rows["防城港发布"], rows["港口区发布"]
    assert steady["documents"] == "8" and steady["pass"] == "8" and steady["ads_warning"] == "4"
    assert (
        steady["weeks"] == "8"
        and steady["weeks_without_post"] == "0"
        and steady["weekly_update_ok"] == "True"
    )
    assert (
        gappy["block"] == "1"
        and gappy["review"] == "1"
        and gappy["tier_major"] == "1"
        and gappy["tier_important"] == "1"
    )
    assert gappy["sensitive_error"] == "1" and gappy["pii_error"] == "1" and gappy["findings"] == "3"
    # Posts in weeks 1 and 6 of an 8-week period: weeks 2-5, 7 and 8 are empty.
    assert gappy["weeks_without_post"] == "6" and gappy["weekly_update_ok"] == "False"
    # Longest gap: from the second post (day 2) to the third (week 5, day 1).
    assert gappy["longest_gap_days"] == str(5 * 7 + 1 - 2)
    assert rows["<script>alert(1)</script>"]["weeks"] == ""


def test_report_is_self_contained_escaped_and_free_of_post_text() -> None:
    html = report_html(summarize(_records()))
    assert html.count("<svg class='chart'") == 3 * 3 + 2  # three charts per account, weekly chart when dated
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "森林防火" not in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert "6 周无更新" in html and "member path contains" in html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


# Test-only probe: after layout, report how many chart shapes the browser actually drew.
PROBE = """<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')];
  const drawn = charts.filter(s => s.getBoundingClientRect().width > 0 && [...s.querySelectorAll('rect, text')].some(r => r.getBoundingClientRect().width > 0));
  const out = document.createElement('pre'); out.id = 'probe';
  out.textContent = `charts=${charts.length} drawn=${drawn.length} rows=${document.querySelectorAll('#overview tr').length}`;
  document.body.appendChild(out);
});
</script>"""


def test_report_renders_with_its_charts_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    page = tmp_path / "report.html"
    page.write_text(
        report_html(summarize(_records())).replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [browser, *flags, "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert "charts=11 drawn=11 rows=4" in dom.stdout, dom.stderr[-2000:]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri()],
        capture_output=True,
        timeout=90,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
