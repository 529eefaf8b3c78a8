"""Batch scans: inputs -> documents -> verdicts -> `verdicts.jsonl`, account checks, reports, history.

Inputs are folders, zip/tar/tar.gz archives (walked safely, see `io.archives`) and JSONL/CSV
exports (see `io.exports`): `inputs`. Documents are reviewed a batch at a time through one call
into the engine (`worker.review_documents`), in this process, in forked worker processes that
share the parent's loaded pipeline, or on a dask.distributed cluster (`engine`, `cluster`).
Nothing is lost: every input document, refused member and unreadable row gets exactly one line
in `verdicts.jsonl`, keyed by where it came from (`input`), written as results arrive; a
resumed scan skips the keys already there (`verdicts`, `manifest`). The lines carry no post
text. After the reviews, account-level rules (`cadence`: 办法第十八条 weekly updates) are
checked per account, the reports are written (`io.report`) and, with `--db`, the scan is
recorded in a database (`db`).
"""

from review_pipeline.scan.core import (
    ACCOUNTS,
    RULES,
    ScanOptions,
    ScanResult,
    describe,
    finish,
    options_from_args,
    record_history,
    resolve_jobs,
    rule_catalogue,
    scan,
)
from review_pipeline.scan.inputs import Problem, WorkItem, iter_items
from review_pipeline.scan.manifest import MANIFEST, VERDICTS, ScanError
from review_pipeline.scan.period import Period, PeriodError, parse_named, period_from
from review_pipeline.scan.verdicts import OutputLock, VerdictLog
from review_pipeline.scan.worker import public_verdict, review_batch, review_documents, review_items

__all__ = [
    "ACCOUNTS",
    "MANIFEST",
    "RULES",
    "VERDICTS",
    "OutputLock",
    "Period",
    "PeriodError",
    "Problem",
    "ScanError",
    "ScanOptions",
    "ScanResult",
    "VerdictLog",
    "WorkItem",
    "describe",
    "finish",
    "iter_items",
    "options_from_args",
    "parse_named",
    "period_from",
    "public_verdict",
    "record_history",
    "resolve_jobs",
    "review_batch",
    "review_documents",
    "review_items",
    "rule_catalogue",
    "scan",
]
