"""Worker processes for `Pipeline.pipe(jobs=N)`: one pipeline shared by fork, batches in flight.

The parent builds (and warms) the pipeline once; workers are forked from it, so no worker
loads the policy, the automata or jieba again. Where forking is unsafe (threads already
running) workers are spawned and build the pipeline from the policy once each. A worker that
dies (killed by the OS, a crash in C) is replaced: the batch it held is retried one document at a
time, and only a document that kills a worker on its own is blocked (`pipeline/worker_died`).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import TYPE_CHECKING, Any

from review_pipeline.logs import get_logger
from review_pipeline.models import CheckerRun, Document, Verdict

if TYPE_CHECKING:
    from review_pipeline.pipeline import Pipeline
    from review_pipeline.policy import Policy

log = get_logger("review_pipeline.workers")

Chunk = list[tuple[Document, Sequence[Any]]]

_shared: Pipeline | None = None  # set in the parent before forking; workers inherit it


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the parent dies, so a SIGKILLed parent leaves none behind."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:  # pragma: no cover - no libc by that name: nothing to arrange
            pass


def _init_forked() -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _init_spawned(policy: Policy) -> None:
    global _shared
    _init_forked()
    from review_pipeline.pipeline import Pipeline

    _shared = Pipeline.from_policy(policy)
    _shared.warm_up()


def _review_in_worker(docs: list[Document], timeout_s: float | None) -> list[Verdict]:
    assert _shared is not None, "worker started without a pipeline"
    return _shared.review_documents(docs, timeout_s)


def discard_pool(executor: ProcessPoolExecutor) -> None:
    """Shut down a pool one of whose workers died, and end its other workers. Python 3.11's
    executor, once broken, joins its remaining workers without telling them to stop: a worker
    still starting (spawned, reading its set-up from the pipe) waits forever, and so does the
    interpreter at exit."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


class WorkerPool:
    """`jobs` processes reviewing batches for one pipeline; results come back in input order."""

    def __init__(self, pipeline: Pipeline, jobs: int) -> None:
        self.pipeline = pipeline
        self.jobs = jobs
        self.window = 2 * jobs  # batches in flight: bounds the memory the parent holds
        self._executor = self._start()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._executor.shutdown(wait=kind is None, cancel_futures=True)
        gc.unfreeze()  # the workers are done with it: the caller's objects are the collector's again

    def _start(self) -> ProcessPoolExecutor:
        global _shared
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pipeline.warm_up()  # lazy resources load once, before the fork
            _shared = self.pipeline
            # The built pipeline (automata, dictionaries) never becomes garbage: moved out of the
            # collector's reach, it is neither scanned again nor copied page by page into workers.
            gc.freeze()
            return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init_forked)
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_spawned,
            initargs=(self.pipeline.policy,),
        )

    def _restart(self) -> None:
        discard_pool(self._executor)
        self._executor = self._start()

    def _submit(self, docs: list[Document], timeout_s: float | None) -> Future[list[Verdict]]:
        return self._executor.submit(_review_in_worker, docs, timeout_s)

    def map(self, chunks: Iterator[Chunk], timeout_s: float | None) -> Iterator[tuple[Chunk, list[Verdict]]]:
        """(chunk, verdicts) for every chunk, in order, at most `window` chunks in flight."""
        pending: deque[tuple[Chunk, Future[list[Verdict]]]] = deque()
        for chunk in chunks:
            pending.append((chunk, self._submit([d for d, _ in chunk], timeout_s)))
            while len(pending) >= self.window:
                yield self._collect(pending, timeout_s)
        while pending:
            yield self._collect(pending, timeout_s)

    def _collect(self, pending: deque[tuple[Chunk, Future[list[Verdict]]]], timeout_s: float | None) -> tuple[Chunk, list[Verdict]]:
        chunk, future = pending.popleft()
        try:
            return chunk, future.result()
        except BrokenProcessPool:
            log.warning("worker_died", documents=len(chunk))
        self._restart()
        for i, (other, _) in enumerate(list(pending)):  # batches in flight on the dead pool
            pending[i] = (other, self._submit([d for d, _ in other], timeout_s))
        return chunk, [self._retry_alone(doc, timeout_s) for doc, _ in chunk]

    def _retry_alone(self, doc: Document, timeout_s: float | None) -> Verdict:
        """One document of a batch whose worker died, in a worker of its own: an innocent
        document gets its real verdict; the one that kills a worker again is blocked."""
        try:
            return self._submit([doc], timeout_s).result()[0]
        except BrokenProcessPool:
            log.warning("worker_died_on_document")
            self._restart()
            return self._worker_died(doc)

    def _worker_died(self, doc: Document) -> Verdict:
        from review_pipeline.models import decide
        from review_pipeline.signoff import review_digest

        finding = self.pipeline.core_rules.finding(
            "pipeline/worker_died", start=0, end=0, checker="pipeline", category="pipeline", source="pipeline:worker"
        )
        runs = {c.name: CheckerRun(status="error", error="worker process died") for c in self.pipeline.checkers}
        return Verdict(
            decision=decide([finding]),
            findings=[finding],
            policy=self.pipeline.policy.ref,
            checkers=runs,
            document_id=doc.id,
            account=doc.account,
            review_digest=review_digest(doc, self.pipeline.policy.digest),
        )
