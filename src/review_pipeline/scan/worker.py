"""What runs in a scan's workers: a batch of work items -> verdicts.jsonl lines.

Every document of a batch goes to the engine in one call (`review_documents`, the scan's one
way into the pipeline); every item gets exactly one record, which never carries post text:
the de-identified copy is replaced by its SHA-256, the title is the de-identified one.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from review_pipeline.io.archives import Member
from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import document_from_bytes
from review_pipeline.io.report import mask
from review_pipeline.logs import get_logger
from review_pipeline.models import Document, Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import Policy
from review_pipeline.scan.inputs import Problem, WorkItem
from review_pipeline.scan.period import Period

log = get_logger("review_pipeline.scan")



# --- the engine ---------------------------------------------------------------------------------


def review_documents(
    pipeline: Pipeline, documents: Sequence[Document], timeout_s: float | None
) -> list[Verdict]:
    """Verdicts for `documents`, in order: THE one call the scan makes into the engine.

    `Pipeline.pipe` reviews the batch through the checkers' `check_many` in one call, enforces
    each document's deadline (`timeout_s`; None: the policy's `limits.timeout_s`, 0: none) and
    fails closed: a document that runs out of time or breaks a checker is blocked, alone.
    """
    docs = list(documents)
    return list(pipeline.pipe(docs, batch_size=max(1, len(docs)), timeout_s=timeout_s))


# --- records ------------------------------------------------------------------------------------


def public_verdict(doc: Document, verdict: Verdict) -> dict[str, Any]:
    """Verdict fields safe to store: the de-identified copy is replaced by its SHA-256 and the
    title is the de-identified one (a title can carry a phone number too)."""
    data = verdict.model_dump(mode="json", exclude_none=False)
    redacted = data.pop("redacted")
    digest = None
    title = doc.title
    if redacted is not None:
        digest = hashlib.sha256(f"{redacted.get('title') or ''}\x1f{redacted['text']}".encode()).hexdigest()
        title = redacted.get("title") or title
    data["redacted"] = None
    return {
        "document_id": doc.id,
        "account": doc.account,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "title": title,
        "kind": doc.kind,
        "source": mask(doc.source) or None,  # a declared source can carry a phone number too
        "chars": len(doc.text),
        "redacted_sha256": digest,
        "verdict": data,
    }


def _document(item: WorkItem) -> Document | dict[str, Any]:
    """The item's Document, or its finished record (a problem, an unreadable file)."""
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
    return doc


def outside(doc: Document, period: Period | None) -> bool:
    """Whether a dated document falls outside the declared period (undated ones never do)."""
    return bool(period and doc.published_at and not period.contains(doc.published_at.date()))


def review_items(
    pipeline: Pipeline, items: Sequence[WorkItem], timeout_s: float | None, period: Period | None = None
) -> list[dict[str, Any]]:
    """One record per item, in order; the batch's documents are reviewed together."""
    records: list[dict[str, Any] | None] = []
    docs: list[Document] = []
    slots: list[int] = []
    for item in items:
        doc = _document(item)
        if isinstance(doc, dict):
            records.append(doc)
        elif outside(doc, period):
            records.append(
                {
                    "input": item.key,
                    "status": "out_of_period",
                    "document_id": doc.id,
                    "account": doc.account,
                    "published_at": doc.published_at.isoformat() if doc.published_at else None,
                }
            )
        else:
            slots.append(len(records))
            records.append(None)
            docs.append(doc)
    try:
        verdicts = review_documents(pipeline, docs, timeout_s)
    except Exception as exc:  # never lose the batch: each document gets an error record
        verdicts = [exc] * len(docs)  # type: ignore[list-item]
    for slot, item_doc, verdict in zip(slots, docs, verdicts, strict=True):
        key = items[slot].key
        if isinstance(verdict, Exception):
            records[slot] = {
                "input": key,
                "status": "error",
                "error": f"review failed ({type(verdict).__name__})",
            }
        else:
            records[slot] = {"input": key, "status": "ok", **public_verdict(item_doc, verdict)}
    return [r for r in records if r is not None]


def dump(record: dict[str, Any]) -> str:
    """One JSON line, always encodable as UTF-8 (lone surrogates are escaped as text)."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(_printable(record), ensure_ascii=False)
    return line


def _printable(value: Any) -> Any:
    from review_pipeline.io.archives import printable

    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


# --- per-process pipelines ----------------------------------------------------------------------

_pipelines: dict[str, Pipeline] = {}
_pipelines_lock = threading.Lock()


def pipeline_for(policy: Policy) -> Pipeline:
    """This process's pipeline for `policy`, built on first use (once per process: forked
    workers inherit the parent's, warm)."""
    with _pipelines_lock:
        pipeline = _pipelines.get(policy.digest)
        if pipeline is None:
            pipeline = _pipelines[policy.digest] = Pipeline.from_policy(policy)
            # Lazy resources (jieba, spaCy) load now, not inside the first document's time limit.
            pipeline.warm_up()
        return pipeline


def review_batch(
    policy: Policy, items: Sequence[WorkItem], timeout_s: float | None, period: Period | None = None
) -> list[str]:
    """JSON lines for a batch of items (the task that workers run)."""
    pipeline = pipeline_for(policy)
    return [dump(r) for r in review_items(pipeline, items, timeout_s, period)]


_inherited_fds: list[int] = []


def init_worker(policy: Policy) -> None:
    """A local pool worker: ignores Ctrl-C (the parent's to handle), dies with its parent,
    lets go of the parent's output lock, and has its pipeline ready."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    for fd in _inherited_fds:
        with suppress(OSError):
            os.close(fd)
    pipeline_for(policy)


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux), and watch the
    parent as well: a worker must not outlive a scan killed with SIGKILL."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent or parent == 1:
        os._exit(1)

    def watch() -> None:
        import time

        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
