"""Run the checker chain on a document and merge what it finds into one `Verdict`.

Fails closed: a checker that raises, or returns a finding that points outside the text,
turns the verdict into `block`; a checker that is missing or misconfigured is an error when
the pipeline is built, never a silent skip.
"""

from __future__ import annotations

import fnmatch
import hashlib
import itertools
import multiprocessing
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from review_pipeline.checkers.base import CheckContext, Checker, Redaction
from review_pipeline.checkers.registry import CheckerNotFound, load_checker_class
from review_pipeline.logs import get_logger
from review_pipeline.models import (
    TIER_RANK,
    CheckerRun,
    CheckerStatus,
    Document,
    Finding,
    Redacted,
    SignOff,
    Tier,
    Verdict,
    decide,
)
from review_pipeline.policy import Policy, PolicyError, load_policy
from review_pipeline.signoff import review_digest
from review_pipeline.text.fold import fold
from review_pipeline.text.lines import LineIndex

log = get_logger("review_pipeline.pipeline")

FINGERPRINT_CONTEXT = 12  # characters each side of a match that a fingerprint covers
MAX_EXCERPT = 80


class CheckerTimeout(Exception):
    """Raised into a running checker when its document's time is up (see `scan`): recorded as status
    "timeout", the verdict blocks and the remaining checkers are skipped."""


def fingerprint(rule: str, text: str, start: int, end: int) -> str:
    """Stable id of a finding: rule + folded match + folded nearby text on its line, no positions.

    The context stops at line breaks so that edits to other paragraphs never change it.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[max(line_start, start - FINGERPRINT_CONTEXT) : start]
    after = text[end : min(line_end, end + FINGERPRINT_CONTEXT)]
    key = "\x1f".join((rule, fold(text[start:end]), fold(before), fold(after)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]  # lone surrogates hash too


def build_checker(policy: Policy, name: str, options: dict[str, Any]) -> Checker:
    """Instantiate one checker from its policy section, or raise a `PolicyError` naming the line."""
    try:
        cls = load_checker_class(name)
    except CheckerNotFound as exc:
        raise policy.error(str(exc), "checkers", name) from None
    options_model = getattr(cls, "Options", None)
    try:
        parsed = options_model.model_validate(options) if options_model is not None else options
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ("checkers", name, *map(str, err["loc"]))
        raise policy.error(f"{'.'.join(loc[1:])}: {err['msg']}", *loc) from None
    try:
        checker: Checker = cls(parsed)
        return checker
    except PolicyError:
        raise
    except (OSError, ValueError) as exc:
        raise policy.error(f"checker {name!r} cannot start: {exc}", "checkers", name) from exc


class Pipeline:
    """A policy's checkers, built once, applied to any number of documents."""

    def __init__(self, policy: Policy, checkers: list[Checker]) -> None:
        self.policy = policy
        self.checkers = checkers
        self._rule_overrides = list(policy.rules.items())

    @classmethod
    def from_policy(cls, policy: Policy | str | Path = "default") -> Pipeline:
        """Build every enabled checker of `policy` (a `Policy`, a built-in name or a path)."""
        policy = policy if isinstance(policy, Policy) else load_policy(policy)
        checkers = [build_checker(policy, name, options) for name, options in policy.enabled_checkers()]
        return cls(policy, checkers)

    # --- one document ---------------------------------------------------------------------

    def review(self, document: Document | str, **fields: Any) -> Verdict:
        """Review one document (or a text plus any `Document` fields as keywords)."""
        doc = document if isinstance(document, Document) else Document(text=document, **fields)
        return self.review_batch([doc])[0]

    def review_batch(self, documents: Sequence[Document]) -> list[Verdict]:
        """Review several documents; checkers with `check_many` see them all in one call (as
        spaCy's `pipe`), the others one by one. Verdicts are those of `review`, in input order."""
        docs = list(documents)
        contexts = [CheckContext(doc, self.policy) for doc in docs]
        findings: list[list[Finding]] = [[] for _ in docs]
        runs: list[dict[str, CheckerRun]] = [{} for _ in docs]
        timed_out = [False] * len(docs)
        for checker in self.checkers:
            batch = self._run_batch(checker, docs, contexts) if len(docs) > 1 and not any(timed_out) else None
            for i, (doc, context) in enumerate(zip(docs, contexts, strict=True)):
                if timed_out[i]:  # the document's time is up; the verdict already blocks
                    runs[i][checker.name] = CheckerRun(status="skipped", error="document timed out")
                    continue
                found, run = batch[i] if batch is not None else self._run_checker(checker, doc, context)
                findings[i].extend(found)
                runs[i][checker.name] = run
                timed_out[i] = run.status == "timeout"
        return [
            self._verdict(doc, context, found, run)
            for doc, context, found, run in zip(docs, contexts, findings, runs, strict=True)
        ]

    def _verdict(
        self, doc: Document, context: CheckContext, findings: list[Finding], runs: dict[str, CheckerRun]
    ) -> Verdict:
        findings = self._finish(doc, findings)
        verdict = Verdict(
            decision=decide(findings),
            sign_off=self._sign_off(context),
            findings=findings,
            redacted=_apply_redactions(doc, context.redactions),
            policy=self.policy.ref,
            checkers=runs,
            document_id=doc.id,
            account=doc.account,
            review_digest=review_digest(doc, self.policy.digest),
        )
        log.debug(
            "reviewed",
            document_id=doc.id,
            decision=verdict.decision,
            findings=len(findings),
            tier=verdict.sign_off.tier,
            chars=len(doc.text),
        )
        return verdict

    def _run_checker(
        self, checker: Checker, doc: Document, context: CheckContext
    ) -> tuple[list[Finding], CheckerRun]:
        started = time.perf_counter()
        try:
            found = list(checker.check(doc, context))
            _check_offsets(doc, found)
        except Exception as exc:  # fail closed: whatever went wrong, this text is not cleared
            ms = (time.perf_counter() - started) * 1000
            status: CheckerStatus = "timeout" if isinstance(exc, CheckerTimeout) else "error"
            log.warning("checker_failed", checker=checker.name, document_id=doc.id, error=_describe_error(exc))
            return [_checker_error(checker.name, exc)], CheckerRun(
                status=status, ms=ms, error=_describe_error(exc)
            )
        ms = (time.perf_counter() - started) * 1000
        return found, CheckerRun(status="ok", ms=round(ms, 3), findings=len(found))

    def _run_batch(
        self, checker: Checker, docs: list[Document], contexts: list[CheckContext]
    ) -> list[tuple[list[Finding], CheckerRun]] | None:
        """`checker.check_many` on all documents, or None (no such method, or it failed: then
        each document runs alone, so a failure blocks only the document that caused it)."""
        check_many = getattr(checker, "check_many", None)
        if check_many is None:
            return None
        started = time.perf_counter()
        try:
            results = [list(found) for found in check_many(docs, contexts)]
            if len(results) != len(docs):
                raise ValueError(f"check_many returned {len(results)} results for {len(docs)} documents")
            for doc, found in zip(docs, results, strict=True):
                _check_offsets(doc, found)
        except Exception as exc:
            log.info("batch_fallback", checker=checker.name, error=_describe_error(exc))
            return None
        ms = (time.perf_counter() - started) * 1000
        sizes = [len(doc.text) + len(doc.title or "") for doc in docs]
        total = sum(sizes) or 1
        # a batch has one duration: each document's run gets its share by length
        return [
            (found, CheckerRun(status="ok", ms=round(ms * size / total, 3), findings=len(found)))
            for found, size in zip(results, sizes, strict=True)
        ]

    def _finish(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Apply rule overrides; fill in line, column, excerpt and fingerprint; sort."""
        lines = {"text": LineIndex(doc.text), "title": LineIndex(doc.title or "")}
        out = []
        for raw in findings:
            finding = self._override(raw)
            if finding is None:
                continue
            text = doc.field_text(finding.field)
            updates: dict[str, Any] = {}
            if finding.line is None:
                updates["line"], updates["column"] = lines[finding.field].position(finding.start)
            if not finding.excerpt and finding.end > finding.start and finding.checker != "pii":
                updates["excerpt"] = text[finding.start : finding.end][:MAX_EXCERPT]
            if finding.fingerprint is None:
                updates["fingerprint"] = fingerprint(finding.rule, text, finding.start, finding.end)
            out.append(finding.model_copy(update=updates) if updates else finding)
        out.sort(key=Finding.sort_key)
        return out

    def _override(self, finding: Finding) -> Finding | None:
        for pattern, override in self._rule_overrides:
            if finding.rule == pattern or fnmatch.fnmatchcase(finding.rule, pattern):
                if not override.enabled:
                    return None
                if override.severity:
                    finding = finding.model_copy(update={"severity": override.severity})
        return finding

    def _sign_off(self, context: CheckContext) -> SignOff:
        reasons = context.escalations
        tier: Tier = max((r.tier for r in reasons), key=TIER_RANK.__getitem__, default="ordinary")
        roles = context.roles if context.roles is not None else self.policy.sign_off.roles(tier)
        return SignOff(tier=tier, roles=roles, reasons=reasons)

    # --- many documents -------------------------------------------------------------------

    def review_many(self, documents: Iterable[Document], jobs: int = 1, chunksize: int = 16) -> Iterator[Verdict]:
        """Review documents in input order, `chunksize` at a time (`review_batch`), in `jobs`
        worker processes when `jobs > 1`."""
        chunks = _chunks(documents, chunksize)
        if jobs <= 1:
            for chunk in chunks:
                yield from self.review_batch(chunk)
            return
        ctx = multiprocessing.get_context("spawn" if _threads_running() else "fork")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(self.policy,)) as pool:
            for verdicts in pool.imap(_review_batch_in_worker, chunks):
                yield from verdicts


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, max(1, size))):
        yield chunk


def _check_offsets(doc: Document, findings: list[Finding]) -> None:
    for f in findings:
        size = len(doc.field_text(f.field))
        if not (0 <= f.start <= f.end <= size):
            raise ValueError(f"finding {f.rule} points outside the {f.field} ({f.start}-{f.end} of {size})")


def _checker_error(name: str, exc: BaseException) -> Finding:
    """The blocking finding that stands in for a checker that did not finish."""
    if isinstance(exc, CheckerTimeout):
        rule, what = "pipeline/checker_timeout", "审核超时"
    else:
        rule, what = "pipeline/checker_error", f"运行出错（{type(exc).__name__}）"
    return Finding(
        checker=name,
        rule=rule,
        category="pipeline",
        severity="error",
        start=0,
        end=0,
        message=f"检查器 {name} {what}，本稿未完成审核，不得发布。",
        source=f"checker:{name}",
    )


def _describe_error(exc: BaseException) -> str:
    """Exception type and where it was raised; never its message, which can quote the input."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno} in {last.name}"


def _apply_redactions(doc: Document, redactions: list[Redaction]) -> Redacted | None:
    if not redactions:
        return None

    def apply(text: str, field: str) -> str:
        spans = sorted({(r.start, r.end, r.replacement) for r in redactions if r.field == field})
        out, pos = [], 0
        for start, end, replacement in spans:
            if start < pos:  # overlapping entity: the earlier, already-masked span wins
                continue
            out.append(text[pos:start])
            out.append(replacement)
            pos = end
        out.append(text[pos:])
        return "".join(out)

    title = apply(doc.title, "title") if doc.title else doc.title
    return Redacted(title=title, text=apply(doc.text, "text"))


def _threads_running() -> bool:
    import threading

    return threading.active_count() > 1


_worker_pipeline: Pipeline | None = None


def _init_worker(policy: Policy) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline.from_policy(policy)


def _review_batch_in_worker(documents: list[Document]) -> list[Verdict]:
    assert _worker_pipeline is not None
    return _worker_pipeline.review_batch(documents)


_cache: dict[str, Pipeline] = {}


def review(text: str, *, policy: Policy | str | Path = "default", **fields: Any) -> Verdict:
    """Review `text` with any `Document` field as a keyword; the pipeline is built once per policy."""
    key = policy.digest if isinstance(policy, Policy) else str(policy)
    pipeline = _cache.get(key)
    if pipeline is None:
        pipeline = _cache[key] = Pipeline.from_policy(policy)
    return pipeline.review(Document(text=text, **fields))
