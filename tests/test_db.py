"""Scan history in a real database: SQLite and PostgreSQL (a server .ci/run starts and names in
REVIEW_PIPELINE_TEST_PG_URL). `scan --db` stores no raw text; `report --compare` shows trends."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from review_pipeline.cli import main
from review_pipeline.scan.db import account_checks, findings, normalise_url, scans, verdicts

PG_ENV = "REVIEW_PIPELINE_TEST_PG_URL"
PHONE = "13912345678"
BODY = "防城港市召开全市安全生产工作会议，部署汛期安全防范和值班值守工作，要求各单位压实责任。"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "history.sqlite")  # a bare path: SQLite file
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against (.ci/run starts one)")
    name = f"rp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _export(path: Path, quarter_start: date, worse: str) -> Path:
    """Two accounts' posts over a quarter: `worse` has personal data and ad copy in half its posts."""
    rows: list[dict[str, Any]] = []
    for account in ("防城港发布", "港口区发布"):
        for w in range(0, 13, 1 if account != worse else 3):
            text = BODY
            if account == worse and w % 2 == 0:
                text += f"联系人张伟，手机{PHONE}。限时特价，点击链接立即购买！"
            rows.append({"id": f"{account}-{quarter_start}-{w}", "account": account,
                         "published_at": (quarter_start + timedelta(weeks=w)).isoformat(), "text": text})  # fmt: skip
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_scans_are_recorded_without_raw_text_and_two_quarters_compare(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q1 = _export(tmp_path / "q1.jsonl", date(2025, 1, 6), worse="防城港发布")
    q2 = _export(tmp_path / "q2.jsonl", date(2025, 4, 7), worse="港口区发布")
    for export, period in ((q1, "2025Q1"), (q2, "2025Q2")):
        rc = main(["scan", str(export), "--out", str(tmp_path / period), "--period", period,
                   "--db", db_url, "--fail-on", "never", "--quiet"])  # fmt: skip
        assert rc == 0, capsys.readouterr().err
        assert "recorded as scan" in capsys.readouterr().out

    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        rows = conn.execute(select(scans)).mappings().all()
        assert [r["period_label"] for r in rows] == ["2025Q1", "2025Q2"]
        assert rows[0]["period_start"] == "2025-01-01" and rows[0]["period_end"] == "2025-03-31"
        assert len(rows[0]["policy_digest"]) >= 16 and rows[0]["inputs"] == [str(q1)]
        n_records = len((tmp_path / "2025Q1" / "verdicts.jsonl").read_text(encoding="utf-8").splitlines())
        assert (
            conn.execute(
                select(func.count()).select_from(verdicts).where(verdicts.c.scan_id == rows[0]["id"])
            ).scalar()
            == n_records
        )
        assert conn.execute(select(func.count()).select_from(findings)).scalar() > 0
        checks = conn.execute(select(account_checks.c.account, account_checks.c.status)).all()
        assert ("港口区发布", "fail") in checks  # posts every third week only
        # No raw text anywhere: every stored string is free of the post body and the phone number.
        for table in (scans, verdicts, findings, account_checks):
            for row in conn.execute(select(table)).all():
                for value in row:
                    s = json.dumps(value, ensure_ascii=False, default=str)
                    assert PHONE not in s and "部署汛期安全防范" not in s and "张伟" not in s, (table.name, s)
        excerpts = (
            conn.execute(select(findings.c.excerpt).where(findings.c.rule == "pii/CN_MOBILE")).scalars().all()
        )
        assert excerpts and all("*" in e for e in excerpts)
    engine.dispose()

    assert main(["report", "--db", db_url, "--compare", "2025Q1", "2025Q2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    trend = {row["account"]: row for row in data["accounts"]}
    assert trend["防城港发布"]["trend"] == "好转" and trend["港口区发布"]["trend"] == "变差"
    assert trend["防城港发布"]["before"]["problems"] > trend["防城港发布"]["after"]["problems"] == 0
    assert main(["report", "--db", db_url, "--compare", "2025Q1", "2025Q2"]) == 0
    assert "好转" in capsys.readouterr().out
    html = tmp_path / "compare.html"
    assert (
        main(
            ["report", "--db", db_url, "--compare", "2025-Q1", "2025Q2", "--format", "html", "-o", str(html)]
        )
        == 0
    )
    assert "变差" in html.read_text(encoding="utf-8")
    assert main(["report", "--db", db_url, "--compare", "2024Q4", "2025Q1"]) == 2
    assert "no scan recorded for period 2024Q4" in capsys.readouterr().err


def test_urls() -> None:
    assert normalise_url("postgresql://u@127.0.0.1:5432/db") == "postgresql+psycopg://u@127.0.0.1:5432/db"
    assert (
        normalise_url("h.sqlite").startswith("sqlite:////")
        and normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    )
