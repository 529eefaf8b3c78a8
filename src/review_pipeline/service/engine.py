"""One worker's pipeline: built once, used by one review thread, reloaded by policy digest.

Every review of the service goes through `ReviewEngine.review`, which (a) runs the pipeline in
the worker's single review thread (the pipeline is CPU-bound and not shared between threads;
workers give parallelism), (b) enforces the request's deadline: documents without a verdict
by then get a fail-closed `block` verdict, never a silent pass, and (c) counts admitted work,
so a worker that is behind answers 503 instead of queueing without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from review_pipeline.logs import get_logger
from review_pipeline.models import CheckerRun, Document, Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import Policy, load_policy
from review_pipeline.service.settings import Settings
from review_pipeline.signoff import review_digest

log = get_logger("review_pipeline.service")

DEADLINE_RULE = "pipeline/checker_timeout"  # the pipeline's own rule for "not fully checked in time"
class Busy(Exception):
    """The worker has `max_inflight` requests in hand already."""


def review_documents(pipeline: Pipeline, documents: Sequence[Document], timeout_s: float | None) -> list[Verdict]:
    """The one call into the engine (`Pipeline.pipe`): every endpoint's documents go through here.
    `timeout_s` per document interrupts a stuck checker, so the review thread is freed again."""
    return list(pipeline.pipe(documents, timeout_s=timeout_s))


def deadline_verdict(pipeline: Pipeline, document: Document, deadline_s: float) -> Verdict:
    """Fail closed: a document the service could not review in time is blocked."""
    finding = pipeline.core_rules.finding(
        DEADLINE_RULE,
        start=0,
        end=0,
        checker="pipeline",
        category="pipeline",
        params={"checker": "pipeline", "cause": f"request deadline {deadline_s:g} s"},
        source="service:deadline",
    )
    runs = {c.name: CheckerRun(status="timeout", error="request deadline") for c in pipeline.checkers}
    return Verdict(
        decision="block",
        findings=[finding],
        policy=pipeline.policy.ref,
        checkers=runs or {"pipeline": CheckerRun(status="timeout", error="request deadline")},
        document_id=document.id,
        account=document.account,
        review_digest=review_digest(document, pipeline.policy.digest),
    )


class ReviewEngine:
    """The pipeline of one worker process and the thread that runs it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Pipeline | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review")
        self._inflight = 0
        self._lock = threading.Lock()
        self._reload_seen = self._reload_stamp()

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Build the pipeline (and warm it up); called once per worker, before serving."""
        self.pipeline = Pipeline.from_policy(load_policy(self.settings.policy))
        if self.settings.warm_up:
            self.pipeline.warm_up()
            # This process serves reviews only: the built pipeline (automata, word tables) never
            # becomes garbage, so it is moved out of the collector's reach as scan and workers do,
            # and the collections a review's allocations trigger no longer walk it.
            gc.freeze()
        log.info("pipeline_ready", policy=self.pipeline.policy.id, digest=self.pipeline.policy.digest)

    def stop(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    @property
    def ready(self) -> bool:
        return self.pipeline is not None

    @property
    def policy(self) -> Policy:
        assert self.pipeline is not None, "start() first"
        return self.pipeline.policy

    # --- reviews ------------------------------------------------------------------------------

    async def review(self, documents: Sequence[Document]) -> list[Verdict]:
        """Verdicts for `documents`, in order; past the deadline, fail-closed `block` verdicts."""
        pipeline = self.pipeline
        assert pipeline is not None, "start() first"
        self._admit()
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self._run, list(documents))
        future.add_done_callback(lambda _f: self._release())
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=self.settings.deadline_s)
        except TimeoutError:
            ms = round((time.perf_counter() - started) * 1000)
            log.warning("deadline_exceeded", documents=len(documents), ms=ms)
            return [deadline_verdict(pipeline, doc, self.settings.deadline_s) for doc in documents]

    def _run(self, documents: list[Document]) -> list[Verdict]:
        self._follow_reload()
        assert self.pipeline is not None
        return review_documents(self.pipeline, documents, self.settings.deadline_s)

    def _admit(self) -> None:
        with self._lock:
            if self._inflight >= self.settings.max_inflight:
                raise Busy
            self._inflight += 1

    def _release(self) -> None:
        with self._lock:
            self._inflight -= 1

    # --- policy reload ------------------------------------------------------------------------

    async def reload(self) -> tuple[bool, Policy]:
        """Reload the policy; rebuild the pipeline when its digest changed. In the review thread,
        so no review runs while the pipeline is swapped. (changed?, the policy now in force)"""
        loop = asyncio.get_running_loop()
        changed, policy = await loop.run_in_executor(self._executor, self._reload)
        if changed:
            self._announce_reload()
        return changed, policy

    def _reload(self) -> tuple[bool, Policy]:
        policy = load_policy(self.settings.policy)  # a PolicyError leaves the running pipeline as it is
        assert self.pipeline is not None
        if policy.digest == self.pipeline.policy.digest:
            return False, self.pipeline.policy
        self.pipeline = Pipeline.from_policy(policy)
        log.info("policy_reloaded", policy=policy.id, digest=policy.digest)
        return True, policy

    async def current(self) -> Pipeline:
        """The pipeline in force, after picking up a reload another worker announced."""
        if self._reload_stamp() != self._reload_seen:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._follow_reload)
        assert self.pipeline is not None
        return self.pipeline

    def _reload_stamp(self) -> int | None:
        path = self.settings.reload_file
        if not path:
            return None
        try:
            return os.stat(path).st_mtime_ns
        except OSError:
            return None

    def _announce_reload(self) -> None:
        """Tell the other workers (they stat the file before each review)."""
        path = self.settings.reload_file
        if path:
            with contextlib.suppress(OSError):
                Path(path).write_text(self.policy.digest, encoding="utf-8")
            self._reload_seen = self._reload_stamp()

    def _follow_reload(self) -> None:
        stamp = self._reload_stamp()
        if stamp != self._reload_seen:
            self._reload_seen = stamp
            try:
                self._reload()
            except Exception as exc:  # keep serving with the policy in force; the reloader saw the error
                log.warning("policy_reload_failed", error=type(exc).__name__)
