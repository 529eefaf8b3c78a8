"""Scan history in a database (SQLAlchemy): SQLite file by default, PostgreSQL by URL.

Each `scan --db` records one row in `scans` (policy digest, declared period, inputs, counts),
one row per record of verdicts.jsonl in `verdicts`, one per finding in `findings` and one per
account-level check in `account_checks`. No raw text is stored: findings keep their masked
excerpt, a verdict the SHA-256 of its de-identified copy. `compare` sets two periods' latest
scans side by side per account.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
)

DEFAULT_DB = "review-history.sqlite"
CHUNK = 1000

metadata = MetaData()

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("policy_id", String(200), nullable=False),
    Column("policy_version", String(100)),
    Column("policy_digest", String(128), nullable=False, index=True),
    Column("period_label", String(64), index=True),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("inputs", JSON, nullable=False),
    Column("engine", String(20)),
    Column("documents", Integer, nullable=False, default=0),
    Column("problems", Integer, nullable=False, default=0),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("input", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("error", Text),
    Column("document_id", Text),
    Column("account", Text, index=True),
    Column("published_at", String(40)),
    Column("decision", String(10)),
    Column("tier", String(12)),
    Column("chars", Integer),
    Column("redacted_sha256", String(128)),
    Column("review_digest", Text),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("verdict_id", Integer, ForeignKey("verdicts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("checker", String(64), nullable=False),
    Column("rule", String(128), nullable=False, index=True),
    Column("category", String(64)),
    Column("severity", String(10), nullable=False),
    Column("field", String(10)),
    Column("start", Integer),
    Column("end", Integer),
    Column("excerpt", Text),  # masked by the pipeline (personal data never raw)
    Column("legal_basis", Text),
    Column("fingerprint", String(128)),
    Column("waived", Boolean, nullable=False, default=False),
)

account_checks = Table(
    "account_checks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("account", Text, nullable=False),
    Column("rule", String(128), nullable=False),
    Column("status", String(10), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("legal_basis", Text),
    Column("details", JSON),
)


class HistoryError(ValueError):
    """A database that cannot be used, or a comparison with nothing to compare."""


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL: a bare path is a SQLite file; `postgresql://` uses psycopg 3."""
    url = url or DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def connect(url: str | None) -> Engine:
    """An engine with the history tables created (idempotent)."""
    try:
        engine = create_engine(normalise_url(url), future=True)
        metadata.create_all(engine)
    except Exception as exc:  # the driver's message may carry a password: name the type only
        raise HistoryError(f"cannot open the history database ({type(exc).__name__})") from None
    return engine


def _ts(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def record_scan(
    url: str | None,
    manifest: dict[str, Any],
    records: Iterable[dict[str, Any]],
    checks: Iterable[dict[str, Any]],
) -> int:
    """Store one scan (its manifest, every record, every account check); returns its id."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = connect(url)
    try:
        return _record(engine, manifest, records, checks)
    except SQLAlchemyError as exc:  # the driver's message may quote values: name the type only
        raise HistoryError(f"cannot record the scan in the history database ({type(exc).__name__})") from None
    finally:
        engine.dispose()


def _record(
    engine: Engine,
    manifest: dict[str, Any],
    records: Iterable[dict[str, Any]],
    checks: Iterable[dict[str, Any]],
) -> int:
    period = manifest.get("period") or {}
    with engine.begin() as conn:
        scan_id = conn.execute(
            insert(scans).values(
                started_at=_ts(manifest.get("started_at")),
                recorded_at=datetime.now(UTC),
                policy_id=manifest["policy"]["id"],
                policy_version=manifest["policy"].get("version"),
                policy_digest=manifest["policy"]["digest"],
                period_label=period.get("label"),
                period_start=period.get("start"),
                period_end=period.get("end"),
                inputs=manifest.get("inputs", []),
                engine=manifest.get("engine"),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        documents = problems = 0
        for chunk in _chunks(records, CHUNK):
            for record in chunk:
                ok = record.get("status") == "ok"
                documents += ok
                problems += not ok and record.get("status") != "out_of_period"
                verdict = record.get("verdict") or {}
                vid = conn.execute(
                    insert(verdicts).values(
                        scan_id=scan_id,
                        input=record["input"],
                        status=record["status"],
                        error=record.get("error"),
                        document_id=record.get("document_id"),
                        account=record.get("account"),
                        published_at=record.get("published_at"),
                        decision=verdict.get("decision"),
                        tier=(verdict.get("sign_off") or {}).get("tier"),
                        chars=record.get("chars"),
                        redacted_sha256=record.get("redacted_sha256"),
                        review_digest=verdict.get("review_digest"),
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
                rows = [
                    {
                        "verdict_id": vid,
                        "checker": f["checker"],
                        "rule": f["rule"],
                        "category": f.get("category"),
                        "severity": f["severity"],
                        "field": f.get("field"),
                        "start": f.get("start"),
                        "end": f.get("end"),
                        "excerpt": f.get("excerpt"),
                        "legal_basis": f.get("legal_basis"),
                        "fingerprint": f.get("fingerprint"),
                        "waived": bool(f.get("waived")),
                    }
                    for f in verdict.get("findings", [])
                ]
                if rows:
                    conn.execute(insert(findings), rows)
        check_rows = [
            {
                "scan_id": scan_id,
                "account": c["account"],
                "rule": c["rule"],
                "status": c["status"],
                "severity": c["severity"],
                "legal_basis": c.get("legal_basis"),
                "details": {
                    k: c[k]
                    for k in ("weeks", "weeks_without_post", "longest_gap_days", "dated", "undated")
                    if k in c
                },
            }
            for c in checks
        ]
        if check_rows:
            conn.execute(insert(account_checks), check_rows)
        conn.execute(
            scans.update().where(scans.c.id == scan_id).values(documents=documents, problems=problems)
        )
    return int(scan_id)


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- comparing two periods -------------------------------------------------------------------


@dataclass
class AccountFigures:
    """What one account's posts of one period add up to (info-level findings excluded)."""

    documents: int = 0
    block: int = 0
    review: int = 0
    problems: int = 0  # error + warning findings, not waived
    weeks_without_post: int | None = None

    @property
    def per_100(self) -> float:
        return 100.0 * self.problems / self.documents if self.documents else 0.0


@dataclass
class Comparison:
    before: str
    after: str
    before_scan: int
    after_scan: int
    accounts: dict[str, tuple[AccountFigures | None, AccountFigures | None]]

    def trend(self, account: str) -> str:
        """好转 / 变差 / 持平 / 新增 / 未再出现, by problems per 100 posts, then blocked posts."""
        a, b = self.accounts[account]
        if a is None:
            return "新增"
        if b is None:
            return "未再出现"
        key_a = (round(a.per_100, 1), a.block, a.weeks_without_post or 0)
        key_b = (round(b.per_100, 1), b.block, b.weeks_without_post or 0)
        if key_b < key_a:
            return "好转"
        if key_b > key_a:
            return "变差"
        return "持平"

    def as_dict(self) -> dict[str, Any]:
        def figs(f: AccountFigures | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {**f.__dict__, "per_100": round(f.per_100, 2)}

        return {
            "before": {"period": self.before, "scan": self.before_scan},
            "after": {"period": self.after, "scan": self.after_scan},
            "accounts": [
                {"account": name, "before": figs(a), "after": figs(b), "trend": self.trend(name)}
                for name, (a, b) in sorted(self.accounts.items())
            ],
        }


def latest_scan(engine: Engine, label: str) -> int:
    with engine.connect() as conn:
        row = conn.execute(
            select(scans.c.id).where(scans.c.period_label == label).order_by(scans.c.id.desc()).limit(1)
        ).first()
    if row is None:
        raise HistoryError(f"no scan recorded for period {label} (run: scan --period {label} --db ...)")
    return int(row[0])


def account_figures(engine: Engine, scan_id: int) -> dict[str, AccountFigures]:
    out: dict[str, AccountFigures] = {}
    with engine.connect() as conn:
        for account, decision in conn.execute(
            select(verdicts.c.account, verdicts.c.decision).where(
                verdicts.c.scan_id == scan_id, verdicts.c.status == "ok"
            )
        ):
            f = out.setdefault(account or "（未标明账号）", AccountFigures())
            f.documents += 1
            f.block += decision == "block"
            f.review += decision == "review"
        for account, _severity in conn.execute(
            select(verdicts.c.account, findings.c.severity)
            .join(findings, findings.c.verdict_id == verdicts.c.id)
            .where(verdicts.c.scan_id == scan_id, findings.c.waived.is_(False), findings.c.severity != "info")
        ):
            out.setdefault(account or "（未标明账号）", AccountFigures()).problems += 1
        for account, details in conn.execute(
            select(account_checks.c.account, account_checks.c.details).where(
                account_checks.c.scan_id == scan_id, account_checks.c.rule == "cadence/weekly_update"
            )
        ):
            if isinstance(details, str):  # some drivers hand JSON back as text
                details = json.loads(details)
            f = out.setdefault(account, AccountFigures())
            f.weeks_without_post = (details or {}).get("weeks_without_post")
    return out


def compare(url: str | None, before: str, after: str) -> Comparison:
    """Per account, the latest scan of period `before` against the latest of `after`."""
    engine = connect(url)
    try:
        first, second = latest_scan(engine, before), latest_scan(engine, after)
        a, b = account_figures(engine, first), account_figures(engine, second)
    finally:
        engine.dispose()
    names = sorted(set(a) | set(b))
    return Comparison(before, after, first, second, {n: (a.get(n), b.get(n)) for n in names})
