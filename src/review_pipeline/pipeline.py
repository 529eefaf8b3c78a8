"""The one review engine: run the checker chain on documents and merge what it finds into verdicts.

Every way in — `review`, `Pipeline.review`, the CLI's `check`, `signoff` and `redact`, batch
scans and the HTTP service — goes through `Pipeline.pipe` (spaCy's `Language.pipe` is the model),
so the same text, policy and waivers give the same verdict and positions on every path.

Fails closed: a checker that raises (anything but a real Ctrl-C), runs out of time, returns a
finding outside the text or a rule it did not declare turns the verdict into `block`; a checker
that is missing or misconfigured is an error when the pipeline is built, never a silent skip.
"""

from __future__ import annotations

import fnmatch
import gc
import itertools
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from review_pipeline.checkers.base import CheckContext, Checker, Redaction
from review_pipeline.checkers.registry import CheckerNotFound, load_checker_class
from review_pipeline.deadline import CheckerTimeout, deadline
from review_pipeline.findings import (
    FOLD_CONTEXT_COST,
    FOLD_FIELD_COST,
    MAX_EXCERPT,
    PersonalDataMask,
    fingerprint,
    folded_fingerprint,
    personal_data_mask,
)
from review_pipeline.logs import get_logger
from review_pipeline.models import (
    TIER_RANK,
    CheckerRun,
    Document,
    FieldName,
    Finding,
    Redacted,
    SignOff,
    Tier,
    Verdict,
    decide,
)
from review_pipeline.policy import Policy, PolicyError, load_policy
from review_pipeline.rules import RuleBook, RuleError, RuleInfo, pipeline_rules, validate_rulebook
from review_pipeline.signoff import review_digest
from review_pipeline.text.lines import LineIndex
from review_pipeline.text.phrases import PhraseBank, collecting
from review_pipeline.waivers import Waivers

__all__ = ["CheckerTimeout", "Pipeline", "build_checker", "review"]

log = get_logger("review_pipeline.pipeline")
# A post that exercises every lazily built part (names, phone numbers, context words, jieba).
WARM_UP = Document(
    title="关于开展消防安全检查的通知",
    text="市应急管理局提醒：请市民注意用电安全。联系人：张先生，电话 13800138000，微信 zhangsan_2024。"
    "据新华社报道，本次检查覆盖全市 12 个区县，重要活动须报分管领导审签。",
)


class DraftLike(Protocol):
    """What `pipe` accepts besides a `Document`: a draft read from a file (`io.draft.Draft`),
    whose inline `review-pipeline:` comments are waivers for its own findings."""

    document: Document
    directives: Sequence[Any]


@dataclass
class _Run:
    """One document's pass through the chain: what the checkers found and how they ran."""

    context: CheckContext
    findings: list[Finding] = field(default_factory=list)
    runs: dict[str, CheckerRun] = field(default_factory=dict)
    timed_out: bool = False


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
    except PolicyError:
        raise
    except (OSError, ValueError) as exc:
        raise policy.error(f"checker {name!r} cannot start: {exc}", "checkers", name) from exc
    return checker


def _rulebooks(checkers: Sequence[Checker]) -> dict[str, RuleBook]:
    """Each checker's declared rules (its `rules()` for this policy when it has one, else
    `RULES`), refused when an id is declared twice or by two checkers."""
    taken: dict[str, str] = {}
    books = {}
    for checker in checkers:
        declared = checker.rules() if hasattr(checker, "rules") else getattr(checker, "RULES", ())
        book = books[checker.name] = RuleBook(checker.name, declared)
        validate_rulebook(book, taken)
    return books


class Pipeline:
    """A policy's checkers, built once, applied to any number of documents."""

    def __init__(self, policy: Policy, checkers: list[Checker], phrase_bank: PhraseBank | None = None) -> None:
        self.policy = policy
        self.checkers = checkers
        self.phrase_bank = phrase_bank
        try:
            self.rulebooks = _rulebooks(checkers)
        except RuleError as exc:
            raise policy.error(str(exc), "checkers") from None
        self.core_rules = pipeline_rules()
        self._overrides = list(policy.rules.items())
        self._declared: dict[str, RuleInfo | None] = {}
        self._personal: dict[str, bool] = {}
        self._policy_ref = policy.ref  # copied into each verdict (a verdict may be changed later)

    @classmethod
    def from_policy(cls, policy: Policy | str | Path = "default") -> Pipeline:
        """Build every enabled checker of `policy` (a `Policy`, a built-in name or a path)."""
        policy = policy if isinstance(policy, Policy) else load_policy(policy)
        with collecting() as indexes:  # every checker's phrase lists join one automaton
            checkers = [build_checker(policy, name, options) for name, options in policy.enabled_checkers()]
        return cls(policy, checkers, PhraseBank(indexes))

    # --- rules ------------------------------------------------------------------------------

    def rules(self) -> list[RuleInfo]:
        """Everything this pipeline can report: the core's rules, then each checker's."""
        return [*self.core_rules, *(r for book in self.rulebooks.values() for r in book)]

    def rule(self, rule_id: str) -> RuleInfo | None:
        """The declaration of `rule_id` (checker rules first, then the core's)."""
        try:
            return self._declared[rule_id]
        except KeyError:
            found = next((r for book in self.rulebooks.values() if (r := book.get(rule_id)) is not None), None)
            found = self._declared[rule_id] = found or self.core_rules.get(rule_id)
            return found

    def is_personal_data(self, rule_id: str) -> bool:
        """Whether a rule's matches are personal data (masked in every output)."""
        known = self._personal.get(rule_id)
        if known is None:
            declared = self.rule(rule_id)
            known = self._personal[rule_id] = bool(declared and declared.personal_data)
        return known

    # --- the one way in -----------------------------------------------------------------------

    def pipe(
        self,
        documents: Iterable[Document | DraftLike],
        *,
        batch_size: int | None = None,
        jobs: int = 1,
        timeout_s: float | None = None,
        waivers: Waivers | None = None,
    ) -> Iterator[Verdict]:
        """Review documents (or drafts) in input order, `batch_size` at a time.

        Checkers with `check_many` see a batch in one call, the others one document at a time.
        `timeout_s` is each document's limit (a batch gets its documents' sum; when it runs out,
        or a batch fails, the documents are reviewed again one at a time, each with its own).
        `jobs > 1` reviews batches in worker processes that share this pipeline (forked after it
        is built); a worker that dies is replaced, and the documents it held are retried singly
        so that only the one that killed it is blocked. `waivers` (file entries and the policy's
        waiver rules) apply to every verdict; a draft's inline comments apply to its own.
        """
        limits = self.policy.limits
        size = max(1, batch_size or limits.batch_size)
        seconds = limits.timeout_s if timeout_s is None else timeout_s
        chunks = _chunks(documents, size)
        if jobs <= 1:
            for chunk in chunks:
                yield from self._apply_waivers(chunk, self.review_documents([d for d, _ in chunk], seconds), waivers)
            return
        from review_pipeline.workers import WorkerPool

        with WorkerPool(self, jobs) as pool:
            for chunk, verdicts in pool.map(chunks, seconds):
                yield from self._apply_waivers(chunk, verdicts, waivers)

    def review(self, document: Document | str, **fields: Any) -> Verdict:
        """Review one document (or a text plus any `Document` fields as keywords)."""
        doc = document if isinstance(document, Document) else Document(text=document, **fields)
        return next(self.pipe([doc], batch_size=1))

    def warm_up(self) -> None:
        """Load what checkers build lazily (jieba's tables, spaCy, context words) now, before a
        fork or a first client: reviews `WARM_UP`, then loads in full any table the review began
        to load, so forked workers share its pages instead of each loading it again."""
        from review_pipeline.text.segment import load_started_tables

        self.review(WARM_UP)
        load_started_tables()

    def review_many(self, documents: Iterable[Document], jobs: int = 1, batch_size: int | None = None) -> Iterator[Verdict]:
        """`pipe` for plain documents: verdicts in input order."""
        return self.pipe(documents, batch_size=batch_size, jobs=jobs)

    # --- one batch, in this process -------------------------------------------------------------

    def review_documents(self, docs: Sequence[Document], timeout_s: float | None = None) -> list[Verdict]:
        """Verdicts (before waivers) of one batch: together while it succeeds, else one by one."""
        with _collector_paused():
            return self._review_batch(docs, timeout_s)

    def _review_batch(self, docs: Sequence[Document], timeout_s: float | None) -> list[Verdict]:
        if len(docs) > 1:
            try:
                with deadline(timeout_s * len(docs) if timeout_s else None):
                    runs = self._run_chain(docs, batch=True)
                return [self._verdict(doc, run) for doc, run in zip(docs, runs, strict=True)]
            except CheckerTimeout:
                log.info("batch_timeout_fallback", documents=len(docs))
        return [self._review_one(doc, timeout_s) for doc in docs]

    def _review_one(self, doc: Document, timeout_s: float | None) -> Verdict:
        try:
            with deadline(timeout_s):
                run = self._run_chain([doc], batch=False)[0]
        except CheckerTimeout:  # the time ran out outside any checker (e.g. while merging)
            run = _Run(CheckContext(doc, self.policy, self.phrase_bank), timed_out=True)
            run.findings = [self._failure("pipeline/checker_timeout", "pipeline", "timeout")]
            run.runs = {c.name: CheckerRun(status="timeout", error="document timed out") for c in self.checkers}
        return self._verdict(doc, run)

    def _run_chain(self, docs: Sequence[Document], *, batch: bool) -> list[_Run]:
        runs = [_Run(CheckContext(doc, self.policy, self.phrase_bank)) for doc in docs]
        for checker in self.checkers:
            together = self._run_batch(checker, docs, runs) if batch else None
            for i, (doc, run) in enumerate(zip(docs, runs, strict=True)):
                if run.timed_out:  # the document's time is up; the verdict already blocks
                    run.runs[checker.name] = CheckerRun.model_construct(status="skipped", error="document timed out")
                    continue
                found, status = together[i] if together is not None else self._run_checker(checker, doc, run.context, batch)
                run.findings.extend(found)
                run.runs[checker.name] = status
                run.timed_out = status.status == "timeout"
        return runs

    def _run_checker(
        self, checker: Checker, doc: Document, context: CheckContext, in_batch: bool
    ) -> tuple[list[Finding], CheckerRun]:
        started = time.perf_counter()
        try:
            found = list(checker.check(doc, context))
            self._check_findings(checker, doc, found)
        except KeyboardInterrupt:  # a person stopping the run: not this document's fault
            raise
        except CheckerTimeout:
            if in_batch:  # the batch's time ran out: its documents are retried one by one
                raise
            ms = (time.perf_counter() - started) * 1000
            log.warning("checker_timeout", checker=checker.name, document_id=doc.id)
            failure = self._failure("pipeline/checker_timeout", checker.name, "timeout")
            return [failure], CheckerRun(status="timeout", ms=ms, error="document timed out")
        except BaseException as exc:  # fail closed: whatever went wrong, this text is not cleared
            ms = (time.perf_counter() - started) * 1000
            cause = _describe_error(exc)
            log.warning("checker_failed", checker=checker.name, document_id=doc.id, error=cause)
            failure = self._failure("pipeline/checker_error", checker.name, type(exc).__name__)
            return [failure], CheckerRun(status="error", ms=ms, error=cause)
        ms = (time.perf_counter() - started) * 1000
        # the engine's own records are built without validation (pydantic's `model_construct`):
        # their values are the engine's, never input; a checker's findings are still validated
        return found, CheckerRun.model_construct(status="ok", ms=round(ms, 3), findings=len(found))

    def _run_batch(
        self, checker: Checker, docs: Sequence[Document], runs: list[_Run]
    ) -> list[tuple[list[Finding], CheckerRun]] | None:
        """`checker.check_many` on all documents, or None (no such method, or it failed: then
        each document runs alone, so a failure blocks only the document that caused it)."""
        check_many = getattr(checker, "check_many", None)
        if check_many is None or any(run.timed_out for run in runs):
            return None
        started = time.perf_counter()
        try:
            results = [list(found) for found in check_many(docs, [run.context for run in runs])]
            if len(results) != len(docs):
                raise ValueError(f"check_many returned {len(results)} results for {len(docs)} documents")
            for doc, found in zip(docs, results, strict=True):
                self._check_findings(checker, doc, found)
        except (KeyboardInterrupt, CheckerTimeout):
            raise
        except BaseException as exc:
            log.info("batch_fallback", checker=checker.name, error=_describe_error(exc))
            return None
        ms = (time.perf_counter() - started) * 1000
        sizes = [len(doc.text) + len(doc.title or "") for doc in docs]
        total = sum(sizes) or 1
        # a batch has one duration: each document's run gets its share by length
        return [
            (found, CheckerRun.model_construct(status="ok", ms=round(ms * size / total, 3), findings=len(found)))
            for found, size in zip(results, sizes, strict=True)
        ]

    def _check_findings(self, checker: Checker, doc: Document, findings: list[Finding]) -> None:
        """Refuse findings outside the text or of rules the checker did not declare."""
        if not findings:
            return
        book = self.rulebooks[checker.name]
        sizes = {"text": len(doc.text), "title": len(doc.title or "")}
        for f in findings:
            if not (0 <= f.start <= f.end <= sizes[f.field]):
                raise ValueError(f"finding {f.rule} points outside the {f.field} ({f.start}-{f.end} of {sizes[f.field]})")
            if book.get(f.rule) is None:
                raise RuleError(f"checker {checker.name!r} reported rule {f.rule!r}, which its rules file does not declare")

    def _failure(self, rule_id: str, checker: str, cause: str) -> Finding:
        """The blocking finding that stands in for a checker (or a worker) that did not finish."""
        return self.core_rules.finding(
            rule_id,
            start=0,
            end=0,
            checker=checker,
            category="pipeline",
            params={"checker": checker, "cause": cause},
            source=f"checker:{checker}",
        )

    # --- one verdict -------------------------------------------------------------------------------

    def _verdict(self, doc: Document, run: _Run) -> Verdict:
        findings = self._finish(doc, run.context, run.findings)
        verdict = Verdict.model_construct(
            decision=decide(findings),
            sign_off=self._sign_off(run.context),
            findings=findings,
            redacted=_apply_redactions(doc, run.context.redactions),
            policy=self._policy_ref.model_copy(),
            checkers=run.runs,
            document_id=doc.id,
            account=doc.account,
            review_digest=review_digest(doc, self.policy.digest),
        )
        log.debug("reviewed", document_id=doc.id, decision=verdict.decision, findings=len(findings), tier=verdict.sign_off.tier, chars=len(doc.text))
        return verdict

    def _finish(self, doc: Document, context: CheckContext, findings: list[Finding]) -> list[Finding]:
        """Apply rule overrides; fill in line, column, excerpt and fingerprint; mask personal
        data in every finding's texts; sort.

        Findings are fresh objects a checker made for this review, so they are completed in
        place: a copy per finding cost more than the match that produced it. A text with a hit
        every few dozen characters pays this loop per hit: it reads and writes the findings'
        fields directly, and indexes a field's lines only when a finding there lacks its line.
        """
        kept = [f for f in map(self._override, findings) if f is not None] if self._overrides else findings
        if not kept:
            return kept
        is_personal = self.is_personal_data
        personal = [is_personal(f.__dict__["rule"]) for f in kept]
        mask = (
            personal_data_mask([f for f, p in zip(kept, personal, strict=True) if p], doc.field_text, is_personal)
            if any(personal)
            else None
        )
        folded = self._folded_fields(doc, context, kept)
        texts: dict[FieldName, str] = {"text": doc.text, "title": doc.title or ""}
        lines: dict[FieldName, LineIndex] = {}
        for finding, is_pd in zip(kept, personal, strict=True):
            values = finding.__dict__
            field_name, start, end = values["field"], values["start"], values["end"]
            updates: dict[str, Any] = {"personal_data": True} if is_pd else {}
            line = None
            if values["line"] is None or values["fingerprint"] is None:
                index = lines.get(field_name)
                if index is None:
                    index = lines[field_name] = LineIndex(texts[field_name])
                number, column, line_start, line_end = index.bounds(start)
                line = (line_start, line_end)
                if values["line"] is None:
                    updates["line"], updates["column"] = number, column
            if not values["excerpt"] and end > start and not is_pd:
                updates["excerpt"] = texts[field_name][start:end][:MAX_EXCERPT]
            if values["fingerprint"] is None:
                folded_text = folded.get(field_name)
                updates["fingerprint"] = (
                    folded_fingerprint(values["rule"], folded_text, start, end, line)
                    if folded_text is not None
                    else fingerprint(values["rule"], texts[field_name], start, end, line)
                )
            if mask and not is_pd:
                updates.update(_masked_texts(finding, updates, mask))
            if updates:
                values.update(updates)
                finding.__pydantic_fields_set__.update(updates)
        kept.sort(key=Finding.sort_key)
        return kept

    @staticmethod
    def _folded_fields(doc: Document, context: CheckContext, findings: list[Finding]) -> dict[FieldName, str]:
        """The folded text of each field whose fingerprints should be cut from it: fields the
        checkers' analysis already folded, or with so many findings that folding each one's
        context would cost more (the others' contexts are folded one by one)."""
        counts: dict[FieldName, int] = {}
        for finding in findings:
            if finding.fingerprint is None:
                counts[finding.field] = counts.get(finding.field, 0) + 1
        out: dict[FieldName, str] = {}
        for name, count in counts.items():
            analysis = context.analysis(name)
            if "folded" in vars(analysis) or count * FOLD_CONTEXT_COST >= len(doc.field_text(name)) + FOLD_FIELD_COST:
                out[name] = analysis.folded
        return out

    def _override(self, finding: Finding) -> Finding | None:
        declared = self.rule(finding.rule)
        if declared is not None and not declared.overridable:  # fail-closed rules stay as they are
            return finding
        for pattern, override in self._overrides:
            if finding.rule == pattern or fnmatch.fnmatchcase(finding.rule, pattern):
                if not override.enabled:
                    return None
                if override.severity:
                    finding.severity = override.severity  # type: ignore[assignment]  # validated by the policy
        return finding

    def _sign_off(self, context: CheckContext) -> SignOff:
        reasons = context.escalations
        tier: Tier = max((r.tier for r in reasons), key=TIER_RANK.__getitem__, default="ordinary")
        roles = context.roles if context.roles is not None else self.policy.sign_off.roles(tier)
        return SignOff.model_construct(tier=tier, roles=list(roles), reasons=list(reasons))

    def _apply_waivers(
        self, chunk: list[tuple[Document, Sequence[Any]]], verdicts: list[Verdict], waivers: Waivers | None
    ) -> Iterator[Verdict]:
        for (doc, directives), verdict in zip(chunk, verdicts, strict=True):
            if not directives and (waivers is None or not waivers.entries):
                yield verdict
                continue
            yield (waivers or Waivers.for_policy(self.policy)).apply(verdict, doc, directives)


def _masked_texts(finding: Finding, updates: dict[str, Any], mask: PersonalDataMask) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("excerpt", "message", "suggestion"):
        value = updates.get(name, getattr(finding, name))
        masked = mask.apply(value)
        if masked != value:
            out[name] = masked
    return out


def _chunks(items: Iterable[Document | DraftLike], size: int) -> Iterator[list[tuple[Document, Sequence[Any]]]]:
    def unpack(item: Document | DraftLike) -> tuple[Document, Sequence[Any]]:
        if isinstance(item, Document):
            return item, ()
        return item.document, item.directives

    it = map(unpack, items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


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
            if start < pos:  # overlapping entity: the earlier, already-masked span wins …
                if end > pos:  # … and the part past it is masked too, never left readable
                    tail = replacement[pos - start :] if len(replacement) == end - start else ""
                    out.append(tail or "*" * (end - pos))
                    pos = end
                continue
            out.append(text[pos:start])
            out.append(replacement)
            pos = end
        out.append(text[pos:])
        return "".join(out)

    title = apply(doc.title, "title") if doc.title else doc.title
    return Redacted.model_construct(title=title, text=apply(doc.text, "text"))


_cache: dict[str, Pipeline] = {}


def review(text: str, *, policy: Policy | str | Path = "default", **fields: Any) -> Verdict:
    """Review `text` with any `Document` field as a keyword.

    The pipeline is built once per policy *digest*: an edited policy or word list is picked up
    on the next call, an unchanged one is not rebuilt.
    """
    loaded = policy if isinstance(policy, Policy) else load_policy(policy)
    pipeline = _cache.get(loaded.digest)
    if pipeline is None:
        pipeline = _cache[loaded.digest] = Pipeline.from_policy(loaded)
    return pipeline.review(Document(text=text, **fields))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while one batch is reviewed. A batch allocates a
    finding per hit and an analysis per field, all freed by reference counting; each collection
    the allocations trigger would walk the whole built pipeline (hundreds of thousands of
    objects: word tables, automata). Resumed after the batch (unless the caller had it off), so
    any cycle a batch leaves is collected then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
