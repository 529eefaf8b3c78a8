"""Batch scans: inputs -> documents -> verdicts -> `verdicts.jsonl`, `summary.csv`, `report.html`.

Inputs are folders, zip/tar/tar.gz archives (walked safely, see `io.archives`) and JSONL/CSV
exports (see `io.exports`). Documents are reviewed in worker processes on this machine
(`engine="local"`) or on a dask.distributed cluster (`engine="dask"`); each worker builds the
pipeline once. Nothing is lost: every input document, refused member and unreadable row gets
exactly one line in `verdicts.jsonl`, keyed by where it came from (`input`), written as results
arrive; a resumed scan skips the keys already there. The lines carry no post text: the
de-identified copy is replaced by its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from review_pipeline.deadline import CheckerTimeout, deadline
from review_pipeline.io.archives import NAME_SEP, Budget, Limits, Member, Refusal, is_archive, walk
from review_pipeline.io.errors import InputError
from review_pipeline.io.exports import ColumnMap, ColumnMapError, RowError, is_export, read_export
from review_pipeline.io.readers import document_from_bytes
from review_pipeline.io.report import atomic_write_text, write_reports
from review_pipeline.logs import get_logger
from review_pipeline.models import CheckerRun, Document, Finding, Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import Policy

log = get_logger("review_pipeline.scan")

VERDICTS = "verdicts.jsonl"
MANIFEST = "scan.json"
FSYNC_EVERY_S = 2.0
WARM_UP_TEXT = "市政府召开常务会议，研究部署防汛救灾工作。联系电话：0770-2812345。"


class ScanError(ValueError):
    """A scan that cannot start (bad output folder, resume with another policy, bad engine)."""


@dataclass(frozen=True)
class Problem:
    """An input that produced no document: `refused` by the archive walker or an `error`."""

    status: Literal["refused", "error"]
    reason: str


@dataclass(frozen=True)
class WorkItem:
    """One unit of output: a key (where it came from) and what to review or record."""

    key: str
    payload: Document | Member | Problem
    account: str | None = None  # from the folder layout, when asked for


@dataclass(frozen=True)
class ScanOptions:
    """How to run a scan (the CLI's flags)."""

    jobs: int = 1
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    timeout_s: float | None = 60.0
    resume: bool = False
    colmap: ColumnMap = field(default_factory=ColumnMap)
    limits: Limits = field(default_factory=Limits)
    account_from_folder: bool = False
    batch_size: int = 16
    progress: bool = False


@dataclass
class ScanResult:
    """What a scan did: records written this run (and skipped as already done), by status."""

    written: int = 0
    skipped: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    decisions: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def docs_per_s(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0


# --- inputs -> work items ----------------------------------------------------------------------


def iter_items(
    paths: Sequence[str | Path], colmap: ColumnMap, limits: Limits, account_from_folder: bool = False
) -> Iterator[WorkItem]:
    """Every document, refusal and bad row of `paths`, in a deterministic order, keys unique."""
    budget = Budget(limits)
    seen: set[str] = set()
    for path in dict.fromkeys(str(p) for p in paths):  # the same input twice is scanned once
        for item in _items_of(Path(path), colmap, budget, account_from_folder):
            key = item.key
            n = 1
            while key in seen:  # zip and tar allow repeated member names; keep each one
                n += 1
                key = f"{item.key}~{n}"
            seen.add(key)
            yield item if key == item.key else WorkItem(key, item.payload, item.account)


def _items_of(path: Path, colmap: ColumnMap, budget: Budget, account_from_folder: bool) -> Iterator[WorkItem]:
    name = str(path)
    if path.is_file() and not path.is_symlink() and is_export(name):
        # Top-level exports stream line by line: they may be far larger than one draft.
        try:
            with path.open("rb") as fh:
                yield from _export_items(name, fh, colmap)
        except OSError as exc:
            yield WorkItem(name, Problem("error", f"cannot read ({type(exc).__name__})"))
        return
    for entry in walk(path, budget):
        if isinstance(entry, Refusal):
            yield WorkItem(entry.name, Problem("refused", entry.reason))
        elif is_export(entry.name):
            yield from _export_items(entry.name, io.BytesIO(entry.data), colmap)
        else:
            account = _folder_account(name, entry.name) if account_from_folder else None
            yield WorkItem(entry.name, entry, account)


def _export_items(name: str, lines: Iterable[bytes], colmap: ColumnMap) -> Iterator[WorkItem]:
    for row, parsed in read_export(lines, name, colmap):
        key = f"{name}#{row}"
        if isinstance(parsed, RowError):
            yield WorkItem(key, Problem("error", f"row {parsed.row}: {parsed.reason}"))
        else:
            yield WorkItem(key, parsed)


def _folder_account(root: str, member: str) -> str | None:
    """The first folder of `member` below the input `root`, looking through archives.

    `in/学校/a.txt`, `in/学校/2024.zip!a.txt` and `in/all.zip!学校/a.txt` all give 学校.
    """
    if not member.startswith(root):
        return None
    parts = [p for seg in member[len(root) :].split(NAME_SEP) for p in seg.replace("\\", "/").split("/") if p]
    folders = [p for p in parts[:-1] if not is_archive(p)]
    return folders[0] if folders else None


# --- one item -> one record (runs in the workers) ----------------------------------------------


def review_item(pipeline: Pipeline, item: WorkItem, timeout_s: float | None) -> dict[str, Any]:
    """The verdicts.jsonl record of one item: never raises, never carries post text."""
    record: dict[str, Any] = {"input": item.key}
    payload = item.payload
    if isinstance(payload, Problem):
        return {**record, "status": payload.status, "error": payload.reason}
    if isinstance(payload, Member):
        try:
            doc = document_from_bytes(payload.data, payload.name)
        except InputError as exc:
            return {**record, "status": "error", "error": exc.message}
        except Exception as exc:  # a reader bug must not lose the document
            return {**record, "status": "error", "error": f"cannot read ({type(exc).__name__})"}
    else:
        doc = payload
    if item.account and not doc.account:
        doc = doc.model_copy(update={"account": item.account})
    try:
        with deadline(timeout_s):
            verdict = pipeline.review(doc)
    except CheckerTimeout:  # the time ran out outside any checker (e.g. while merging)
        verdict = _timeout_verdict(pipeline, doc)
    except Exception as exc:
        return {**record, "status": "error", "error": f"review failed ({type(exc).__name__})"}
    return {**record, "status": "ok", **public_verdict(doc, verdict)}


def public_verdict(doc: Document, verdict: Verdict) -> dict[str, Any]:
    """Verdict fields safe to store: the de-identified copy is replaced by its SHA-256."""
    data = verdict.model_dump(mode="json", exclude_none=False)
    redacted = data.pop("redacted")
    digest = None
    if redacted is not None:
        digest = hashlib.sha256(f"{redacted.get('title') or ''}\x1f{redacted['text']}".encode()).hexdigest()
    data["redacted"] = None
    return {
        "document_id": doc.id,
        "account": doc.account,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "chars": len(doc.text),
        "redacted_sha256": digest,
        "verdict": data,
    }


def _timeout_verdict(pipeline: Pipeline, doc: Document) -> Verdict:
    finding = Finding(
        checker="pipeline",
        rule="pipeline/checker_timeout",
        category="pipeline",
        severity="error",
        start=0,
        end=0,
        message="审核超时，本稿未完成审核，不得发布。",
        source="scan:timeout",
    )
    runs = {c.name: CheckerRun(status="timeout", error="document timed out") for c in pipeline.checkers}
    runs = runs or {"pipeline": CheckerRun(status="timeout", error="document timed out")}
    return Verdict(
        decision="block",
        findings=[finding],
        policy=pipeline.policy.ref,
        checkers=runs,
        document_id=doc.id,
        account=doc.account,
    )


_pipelines: dict[str, Pipeline] = {}
_pipelines_lock = threading.Lock()


def _pipeline_for(policy: Policy) -> Pipeline:
    """This process's pipeline for `policy`, built on first use (once per worker)."""
    with _pipelines_lock:
        pipeline = _pipelines.get(policy.digest)
        if pipeline is None:
            pipeline = _pipelines[policy.digest] = Pipeline.from_policy(policy)
            # Lazy resources (jieba, spaCy) load now, not inside the first document's time limit.
            pipeline.review(Document(text=WARM_UP_TEXT, title="预热"))
        return pipeline


def review_batch(policy: Policy, items: Sequence[WorkItem], timeout_s: float | None) -> list[str]:
    """JSON lines for a batch of items (the task that workers run)."""
    pipeline = _pipeline_for(policy)
    return [json.dumps(review_item(pipeline, item, timeout_s), ensure_ascii=False) for item in items]


def _init_worker(policy: Policy) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _pipeline_for(policy)


# --- the output log -----------------------------------------------------------------------------


class VerdictLog:
    """verdicts.jsonl, appended a batch at a time; on resume, a torn last line is cut off."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self._recover()
        self._fh = path.open("a", encoding="utf-8")
        self._synced = time.monotonic()

    def _recover(self) -> None:
        valid = 0
        with self.path.open("rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # a write cut short by a kill: redo that item
                try:
                    self.done.add(json.loads(raw)["input"])
                except (ValueError, KeyError, TypeError):
                    break
                valid += len(raw)
        if valid != self.path.stat().st_size:
            os.truncate(self.path, valid)

    def write(self, lines: Sequence[str]) -> None:
        self._fh.write("".join(line + "\n" for line in lines))
        self._fh.flush()
        if time.monotonic() - self._synced > FSYNC_EVERY_S:
            os.fsync(self._fh.fileno())
            self._synced = time.monotonic()

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()


# --- engines ------------------------------------------------------------------------------------


class _Result(Protocol):
    def result(self) -> list[str]: ...


Submit = Callable[[list[WorkItem]], _Result]


def _batched(items: Iterable[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    batch: list[WorkItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _failed_batch(batch: list[WorkItem], reason: str) -> list[str]:
    return [
        json.dumps({"input": i.key, "status": "error", "error": reason}, ensure_ascii=False) for i in batch
    ]


def _run_window(
    batches: Iterator[list[WorkItem]],
    submit: Submit,
    window: int,
    sink: Callable[[list[str]], None],
    restart: Callable[[], None] | None = None,
) -> None:
    """Keep `window` batches in flight; write results in submission order (deterministic output)."""
    pending: deque[tuple[list[WorkItem], _Result]] = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        while len(pending) >= window:
            _collect(pending, submit, sink, restart)
    while pending:
        _collect(pending, submit, sink, restart)


def _collect(
    pending: deque[tuple[list[WorkItem], _Result]],
    submit: Submit,
    sink: Callable[[list[str]], None],
    restart: Callable[[], None] | None,
) -> None:
    batch, future = pending.popleft()
    try:
        lines = future.result()
    except BrokenProcessPool:
        # A worker died (e.g. killed by the OS): this batch is recorded as failed, the batches
        # still in flight on the dead pool go to a fresh one.
        log.warning("worker_died", batch=len(batch))
        lines = _failed_batch(batch, "worker process died")
        if restart is not None:
            restart()
            for i, (other, _) in enumerate(list(pending)):
                pending[i] = (other, submit(other))
    except Exception as exc:  # a lost dask task, a pickling failure: recorded, never dropped
        log.warning("batch_failed", batch=len(batch), error=type(exc).__name__)
        lines = _failed_batch(batch, f"worker failed ({type(exc).__name__})")
    sink(lines)


class _LocalPool:
    """A process pool whose workers each build the pipeline once; restartable after a crash."""

    def __init__(self, policy: Policy, jobs: int, timeout_s: float | None) -> None:
        self.policy, self.jobs, self.timeout_s = policy, jobs, timeout_s
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        method = "spawn" if threading.active_count() > 1 else "fork"
        executor = ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(self.policy,),
        )
        executor.submit(int).result()  # start the workers now, before any progress thread exists
        return executor

    def submit(self, batch: list[WorkItem]) -> Future[list[str]]:
        return self.executor.submit(review_batch, self.policy, batch, self.timeout_s)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True)


class _Inline:
    """jobs=1: review in this process, no pickling."""

    def __init__(self, policy: Policy, timeout_s: float | None) -> None:
        self.policy, self.timeout_s = policy, timeout_s
        _pipeline_for(policy)

    def submit(self, batch: list[WorkItem]) -> Future[list[str]]:
        future: Future[list[str]] = Future()
        future.set_result(review_batch(self.policy, batch, self.timeout_s))
        return future


@contextmanager
def _dask_client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise ScanError("engine dask needs: pip install 'review-pipeline[dask]'") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # processes=False keeps start-up fast and needs no pickling of the package into new
    # interpreters; one thread per worker so each worker's pipeline is used by one thread.
    with (
        LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


# --- the scan -----------------------------------------------------------------------------------


def resolve_jobs(jobs: int | str) -> int:
    """`auto` -> the CPUs this process may use; else a positive int."""
    if jobs == "auto":
        return max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        )
    n = int(jobs)
    if n < 1:
        raise ScanError("--jobs must be at least 1")
    return n


def scan(
    paths: Sequence[str | Path], out: str | Path, policy: Policy, options: ScanOptions | None = None
) -> ScanResult:
    """Scan `paths` into the folder `out`; see the module docstring."""
    options = options or ScanOptions()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    _check_manifest(out_dir, policy, options.resume)
    verdict_log = VerdictLog(out_dir / VERDICTS)
    result = ScanResult(skipped=len(verdict_log.done))
    _write_manifest(out_dir, policy, paths, options, finished=False)

    def todo() -> Iterator[WorkItem]:
        items = iter_items(paths, options.colmap, options.limits, options.account_from_folder)
        return (item for item in items if item.key not in verdict_log.done)

    total = sum(1 for _ in todo()) if options.progress else None
    started = time.perf_counter()
    try:
        with (
            _engine(policy, options) as (submit, restart, window),
            _progress(total, options.progress) as advance,
        ):

            def sink(lines: list[str]) -> None:
                verdict_log.write(lines)
                _count(result, lines)
                advance(len(lines))

            _run_window(_batched(todo(), options.batch_size), submit, window, sink, restart)
    finally:
        verdict_log.close()
        result.seconds = time.perf_counter() - started
    write_reports(out_dir / VERDICTS, out_dir)
    _write_manifest(out_dir, policy, paths, options, finished=True)
    log.info(
        "scan_finished", written=result.written, skipped=result.skipped, seconds=round(result.seconds, 3)
    )
    return result


@contextmanager
def _engine(policy: Policy, options: ScanOptions) -> Iterator[tuple[Submit, Callable[[], None] | None, int]]:
    jobs = options.jobs
    if options.engine == "dask":
        with _dask_client(options.scheduler, jobs) as client:
            remote_policy = client.scatter(policy, broadcast=True)

            def submit(batch: list[WorkItem]) -> _Result:
                return client.submit(review_batch, remote_policy, batch, options.timeout_s, pure=False)

            workers = max(1, len(client.scheduler_info().get("workers", {})))
            yield submit, None, 4 * workers
        return
    if options.engine != "local":
        raise ScanError(f"unknown engine {options.engine!r} (local or dask)")
    if jobs == 1:
        yield _Inline(policy, options.timeout_s).submit, None, 1
        return
    pool = _LocalPool(policy, jobs, options.timeout_s)
    try:
        yield pool.submit, pool.restart, 4 * jobs
    finally:
        pool.close()


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


def _manifest_data(
    policy: Policy, paths: Sequence[str | Path], options: ScanOptions, finished: bool
) -> dict[str, Any]:
    return {
        "policy": policy.ref.model_dump(),
        "inputs": [str(p) for p in paths],
        "engine": options.engine,
        "jobs": options.jobs,
        "timeout_s": options.timeout_s,
        "column_map": dict(options.colmap.columns),
        "finished": finished,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _check_manifest(out_dir: Path, policy: Policy, resume: bool) -> None:
    verdicts = out_dir / VERDICTS
    if not resume:
        if verdicts.exists() and verdicts.stat().st_size > 0:
            raise ScanError(
                f"{verdicts} already exists: pass --resume to continue that scan, or another --out"
            )
        return
    manifest = out_dir / MANIFEST
    if manifest.exists():
        previous = json.loads(manifest.read_text(encoding="utf-8"))
        if previous.get("policy", {}).get("digest") != policy.digest:
            raise ScanError(
                f"{manifest}: that scan used another policy (digest differs); resume with the same one"
            )


def _write_manifest(
    out_dir: Path, policy: Policy, paths: Sequence[str | Path], options: ScanOptions, finished: bool
) -> None:
    atomic_write_text(
        out_dir / MANIFEST,
        json.dumps(_manifest_data(policy, paths, options, finished), ensure_ascii=False, indent=2),
    )


# --- command line helpers -----------------------------------------------------------------------


def options_from_args(args: Any, interactive: bool) -> ScanOptions:
    """ScanOptions from the `scan` subcommand's arguments; bad values raise ScanError."""
    try:
        colmap = ColumnMap.parse(args.map)
    except ColumnMapError as exc:
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
        timeout_s=args.timeout or None,
        resume=args.resume,
        colmap=colmap,
        limits=limits,
        account_from_folder=args.account_from_folder,
        progress=interactive and not args.quiet and not os.environ.get("CI"),
    )


def describe(result: ScanResult, out: str | Path) -> str:
    """One line for the terminal: counts and speed (no post content)."""
    decisions = " ".join(f"{k}={v}" for k, v in sorted(result.decisions.items()))
    problems = " ".join(f"{k}={v}" for k, v in sorted(result.statuses.items()) if k != "ok")
    return (
        f"scanned {result.written} inputs ({result.skipped} already done) in {result.seconds:.1f} s, "
        f"{result.docs_per_s:.1f}/s; {decisions or 'no verdicts'}{'; ' + problems if problems else ''}; "
        f"outputs in {out}"
    )
