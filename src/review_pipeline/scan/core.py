"""The scan: inputs -> batches -> engine -> verdicts.jsonl -> account checks -> reports (-> database)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from review_pipeline.io.archives import Limits
from review_pipeline.io.exports import ColumnMap, ColumnMapError
from review_pipeline.io.report import ScanSummary, atomic_write_text, read_records, write_summary
from review_pipeline.logs import get_logger
from review_pipeline.policy import Policy
from review_pipeline.scan import manifest
from review_pipeline.scan.cadence import WeeklyUpdate, account_rules
from review_pipeline.scan.engine import MAX_INFLIGHT_BYTES, open_engine, run_window
from review_pipeline.scan.inputs import WorkItem, batched, iter_items
from review_pipeline.scan.manifest import MANIFEST, VERDICTS, ScanError
from review_pipeline.scan.period import Period, PeriodError, period_from
from review_pipeline.scan.verdicts import OutputBusy, OutputLock, VerdictLog

log = get_logger("review_pipeline.scan")

ACCOUNTS = "accounts.json"
RULES = "rules.json"
FailOn = Literal["never", "review", "block"]


@dataclass(frozen=True)
class ScanOptions:
    """How to run a scan (the CLI's flags)."""

    jobs: int = 1
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    timeout_s: float | None = None  # per document; None: the policy's limits.timeout_s, 0: no limit
    resume: bool = False
    colmap: ColumnMap = field(default_factory=ColumnMap)
    limits: Limits = field(default_factory=Limits)
    account_from_folder: bool = False
    batch_size: int = 32
    batch_bytes: int = 4 * 1024 * 1024
    max_inflight_bytes: int = MAX_INFLIGHT_BYTES
    progress: bool = False
    period: Period | None = None
    db: str | None = None
    template: str | None = None


@dataclass
class ScanResult:
    """What a scan did: records written this run (and skipped as already done), by status."""

    written: int = 0
    skipped: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    decisions: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    scan_id: int | None = None
    # over the whole verdicts.jsonl (this run and, on --resume, the runs before): exit codes use these
    all_statuses: Counter[str] = field(default_factory=Counter)
    all_decisions: Counter[str] = field(default_factory=Counter)

    @property
    def docs_per_s(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0

    @property
    def input_problems(self) -> int:
        """Inputs missing, refused or unreadable (whole scan)."""
        return self.all_statuses["refused"] + self.all_statuses["error"]

    def failed(self, fail_on: FailOn) -> bool:
        """Whether any post of the whole scan reached `fail_on` (never, review or block)."""
        if fail_on == "never":
            return False
        bad = ("block",) if fail_on == "block" else ("block", "review")
        return any(self.all_decisions[d] for d in bad)


def resolve_jobs(jobs: int | str) -> int:
    """`auto` -> the CPUs this process may use; else a positive int."""
    if jobs == "auto":
        return max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        )
    try:
        n = int(jobs)
    except (TypeError, ValueError):
        raise ScanError(f"--jobs must be a positive number or 'auto', not {jobs!r}") from None
    if n < 1:
        raise ScanError("--jobs must be at least 1")
    return n


def _out_dir(out: str | Path) -> Path:
    out_dir = Path(out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ScanError(f"--out {out} is a file, not a folder") from None
    except OSError as exc:
        raise ScanError(f"--out {out}: cannot create the folder ({type(exc).__name__})") from None
    return out_dir


def scan(
    paths: Sequence[str | Path], out: str | Path, policy: Policy, options: ScanOptions | None = None
) -> ScanResult:
    """Scan `paths` into the folder `out`; see the package docstring."""
    options = options or ScanOptions()
    if options.engine not in ("local", "dask"):
        raise ScanError(f"unknown engine {options.engine!r} (local or dask)")
    out_dir = _out_dir(out)
    try:
        lock = OutputLock(out_dir)
    except OutputBusy as exc:
        raise ScanError(str(exc)) from None
    try:
        return _scan_locked(paths, out_dir, policy, options, lock)
    finally:
        lock.release()


def _scan_locked(
    paths: Sequence[str | Path], out_dir: Path, policy: Policy, options: ScanOptions, lock: OutputLock
) -> ScanResult:
    from review_pipeline.scan import worker

    previous = manifest.check(out_dir, policy, options.resume, options.period)
    started_at = (previous or {}).get("started_at") or manifest.now()
    verdict_log = VerdictLog(out_dir / VERDICTS)
    result = ScanResult(skipped=len(verdict_log.done))
    manifest.write(out_dir, policy, paths, options, False, started_at)
    worker._inherited_fds[:] = [lock.fd]  # forked workers let go of the lock

    def todo() -> Iterator[WorkItem]:
        items = iter_items(paths, options.colmap, options.limits, options.account_from_folder)
        return (item for item in items if item.key not in verdict_log.done)

    total = sum(1 for _ in todo()) if options.progress else None
    started = time.perf_counter()
    try:
        with (
            open_engine(
                policy, options.engine, options.jobs, options.scheduler, options.timeout_s, options.period
            ) as engine,
            _progress(total, options.progress) as advance,
        ):

            def sink(lines: list[str]) -> None:
                verdict_log.write(lines)
                _count(result, lines)
                advance(len(lines))

            batches = batched(todo(), options.batch_size, options.batch_bytes)
            run_window(batches, engine, sink, options.max_inflight_bytes)
    finally:
        verdict_log.close()
        result.seconds = time.perf_counter() - started
    summary = finish(out_dir, policy, options)
    result.all_statuses.update(summary.statuses)
    for stats in summary.accounts.values():
        result.all_statuses["ok"] += stats.documents
        result.all_decisions.update(stats.decisions)
    manifest.write(out_dir, policy, paths, options, True, started_at)
    if options.db is not None:
        result.scan_id = record_history(out_dir, options.db)
    log.info(
        "scan_finished", written=result.written, skipped=result.skipped, seconds=round(result.seconds, 3)
    )
    return result


def rule_catalogue(policy: Policy) -> dict[str, dict[str, Any]]:
    """rule id (or id pattern) -> label, severity, legal basis: every rule the policy's pipeline
    declares and the account-level rules (the report names rules in Chinese from this)."""
    from review_pipeline.scan.worker import pipeline_for

    rules = [*pipeline_for(policy).rules(), *account_rules()]
    return {
        r.rule: {"label": r.label or r.rule, "severity": r.severity, "legal_basis": r.legal_basis}
        for r in rules
    }


def finish(out_dir: Path, policy: Policy, options: ScanOptions) -> ScanSummary:
    """One pass over verdicts.jsonl: account checks (accounts.json), the rule catalogue
    (rules.json) and the reports; returns the summary (the exit code is read from it)."""
    catalogue = rule_catalogue(policy)
    summary = ScanSummary(rules=catalogue)
    cadence = WeeklyUpdate()
    for record in read_records(out_dir / VERDICTS):
        summary.add(record)
        cadence.add(record)
    summary.finish()
    checks = cadence.results(options.period)
    atomic_write_text(out_dir / ACCOUNTS, json.dumps(checks, ensure_ascii=False, indent=1))
    atomic_write_text(out_dir / RULES, json.dumps(catalogue, ensure_ascii=False, indent=1))
    write_summary(
        summary,
        out_dir,
        checks=checks,
        period=options.period.as_dict() if options.period else None,
        template=options.template or _policy_template(policy),
        jobs=options.jobs if options.engine == "local" else 1,
    )
    return summary


def _policy_template(policy: Policy) -> str | None:
    """A policy's own report template folder (`report: {templates: dir}`), relative to its file."""
    value = (getattr(policy, "report", None) or {}).get("templates")
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute() and policy.path is not None:
        path = policy.path.parent / path
    return str(path)


def record_history(out_dir: Path, url: str) -> int:
    """Store the scan in `out_dir` in the history database at `url`."""
    from review_pipeline.scan.db import HistoryError, record_scan

    data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    checks = json.loads((out_dir / ACCOUNTS).read_text(encoding="utf-8"))
    try:
        return record_scan(url, data, read_records(out_dir / VERDICTS), checks)
    except HistoryError as exc:
        raise ScanError(str(exc)) from None


def _count(result: ScanResult, lines: list[str]) -> None:
    for line in lines:
        record = json.loads(line)
        result.written += 1
        result.statuses[record["status"]] += 1
        if record["status"] == "ok":
            result.decisions[record["verdict"]["decision"]] += 1


@contextmanager
def _progress(total: int | None, show: bool) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda n: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class DocsPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed or 0:,.0f} 篇/s")

    with Progress(
        TextColumn("审核"),
        BarColumn(),
        MofNCompleteColumn(),
        DocsPerSecond(),
        TimeRemainingColumn(),
        transient=False,
    ) as progress:
        task = progress.add_task("scan", total=total)
        yield lambda n: progress.advance(task, n)


# --- command line helpers -----------------------------------------------------------------------


def options_from_args(args: Any, interactive: bool) -> ScanOptions:
    """ScanOptions from the `scan` subcommand's arguments; bad values raise ScanError."""
    try:
        colmap = ColumnMap.parse(args.map)
    except ColumnMapError as exc:
        raise ScanError(str(exc)) from None
    try:
        period = period_from(args.since, args.until, args.period)
    except PeriodError as exc:
        raise ScanError(str(exc)) from None
    limits = Limits()
    mb = 1024 * 1024
    overrides = {
        "max_total_bytes": int(args.max_total_mb * mb) if args.max_total_mb else None,
        "max_file_bytes": int(args.max_file_mb * mb) if args.max_file_mb else None,
        "max_files": args.max_files,
        "max_depth": args.max_depth,
        "max_ratio": args.max_ratio,
    }
    limits = replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    if args.engine == "local" and args.scheduler:
        raise ScanError("--scheduler needs --engine dask")
    return ScanOptions(
        jobs=resolve_jobs(args.jobs),
        engine=args.engine,
        scheduler=args.scheduler,
        timeout_s=args.timeout,
        resume=args.resume,
        colmap=colmap,
        limits=limits,
        account_from_folder=args.account_from_folder,
        progress=interactive and not args.quiet and not os.environ.get("CI"),
        period=period,
        db=args.db,
        template=args.template,
    )


def describe(result: ScanResult, out: str | Path) -> str:
    """One line for the terminal: counts and speed (no post content)."""
    decisions = " ".join(f"{k}={v}" for k, v in sorted(result.decisions.items()))
    problems = " ".join(f"{k}={v}" for k, v in sorted(result.statuses.items()) if k != "ok")
    history = f"; recorded as scan {result.scan_id}" if result.scan_id is not None else ""
    return (
        f"scanned {result.written} inputs ({result.skipped} already done) in {result.seconds:.1f} s, "
        f"{result.docs_per_s:.1f}/s; {decisions or 'no verdicts'}{'; ' + problems if problems else ''}; "
        f"outputs in {out}{history}"
    )
