"""Engines: where batches of work items are reviewed, with a bounded amount in flight.

`local` reviews in this process (`jobs=1`) or in a pool of forked worker processes that
inherit the parent's loaded pipeline (no worker loads the policy again); `dask` sends batches
to a dask.distributed cluster (`cluster.py`). Results are written in submission order, so
every engine gives the same verdicts.jsonl.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from review_pipeline.logs import get_logger
from review_pipeline.policy import Policy
from review_pipeline.scan import worker
from review_pipeline.scan.inputs import WorkItem
from review_pipeline.scan.period import Period
from review_pipeline.workers import discard_pool

log = get_logger("review_pipeline.scan")

MAX_INFLIGHT_BYTES = 64 * 1024 * 1024  # input bytes the parent holds in submitted batches


class _Result(Protocol):
    def result(self) -> list[str]: ...


Submit = Callable[[list[WorkItem]], _Result]


@dataclass
class Engine:
    """How to submit a batch, how to recover from a dead worker, how many batches to keep going."""

    submit: Submit
    restart: Callable[[], None] | None
    window: int


def failed_batch(batch: list[WorkItem], reason: str) -> list[str]:
    return [
        json.dumps({"input": i.key, "status": "error", "error": reason}, ensure_ascii=False) for i in batch
    ]


def run_window(
    batches: Iterator[list[WorkItem]],
    engine: Engine,
    sink: Callable[[list[str]], None],
    max_bytes: int = MAX_INFLIGHT_BYTES,
) -> None:
    """Keep at most `engine.window` batches and `max_bytes` input bytes in flight; write
    results in submission order (deterministic output)."""
    pending: deque[tuple[list[WorkItem], _Result]] = deque()
    held = 0
    for batch in batches:
        size = sum(item.size for item in batch)
        while pending and (len(pending) >= engine.window or held + size > max_bytes):
            held -= _collect(pending, engine, sink)
        pending.append((batch, engine.submit(batch)))
        held += size
    while pending:
        _collect(pending, engine, sink)


def _collect(
    pending: deque[tuple[list[WorkItem], _Result]], engine: Engine, sink: Callable[[list[str]], None]
) -> int:
    batch, future = pending.popleft()
    try:
        lines = future.result()
    except BrokenProcessPool:
        # A worker died (e.g. killed by the OS): the batches still in flight on the dead pool go
        # to a fresh one, and this batch's items are retried one at a time, so that only the item
        # that kills a worker again is recorded as failed (as `Pipeline.pipe` does).
        log.warning("worker_died", batch=len(batch))
        if engine.restart is None:
            lines = failed_batch(batch, "worker process died")
        else:
            engine.restart()
            for i, (other, _) in enumerate(list(pending)):
                pending[i] = (other, engine.submit(other))
            lines = []
            for item in batch:
                try:
                    lines += engine.submit([item]).result()
                except BrokenProcessPool:
                    log.warning("worker_died_on_item")
                    engine.restart()
                    for i, (other, _) in enumerate(list(pending)):
                        pending[i] = (other, engine.submit(other))
                    lines += failed_batch([item], "worker process died")
    except Exception as exc:  # a lost dask task, a pickling failure: recorded, never dropped
        log.warning("batch_failed", batch=len(batch), error=type(exc).__name__)
        lines = failed_batch(batch, f"worker failed ({type(exc).__name__})")
    sink(lines)
    return sum(item.size for item in batch)


class LocalPool:
    """Worker processes forked after the parent loaded the pipeline; restartable after a crash."""

    def __init__(self, policy: Policy, jobs: int, timeout_s: float | None, period: Period | None) -> None:
        self.policy, self.jobs, self.timeout_s, self.period = policy, jobs, timeout_s, period
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # Fork shares the loaded pipeline (automata, jieba, spaCy) copy-on-write; with other
        # threads running fork is unsafe and each spawned worker loads the policy once.
        method = "spawn" if threading.active_count() > 1 else "fork"
        if method == "fork":
            worker.pipeline_for(self.policy)
            # The loaded pipeline never becomes garbage: out of the collector's reach, its pages
            # are neither scanned by every worker's collections nor copied into each worker.
            gc.freeze()
        executor = ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=worker.init_worker,
            initargs=(self.policy,),
        )
        executor.submit(int).result()  # start the workers now, before any progress thread exists
        return executor

    def submit(self, batch: list[WorkItem]) -> Future[list[str]]:
        return self.executor.submit(worker.review_batch, self.policy, batch, self.timeout_s, self.period)

    def restart(self) -> None:
        discard_pool(self.executor)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        gc.unfreeze()  # the workers are gone: the caller's objects are the collector's again


class Inline:
    """jobs=1: review in this process, no pickling."""

    def __init__(self, policy: Policy, timeout_s: float | None, period: Period | None) -> None:
        self.policy, self.timeout_s, self.period = policy, timeout_s, period
        worker.pipeline_for(policy)

    def submit(self, batch: list[WorkItem]) -> Future[list[str]]:
        future: Future[list[str]] = Future()
        future.set_result(worker.review_batch(self.policy, batch, self.timeout_s, self.period))
        return future


@contextmanager
def open_engine(
    policy: Policy,
    kind: str,
    jobs: int,
    scheduler: str | None,
    timeout_s: float | None,
    period: Period | None,
) -> Iterator[Engine]:
    """The engine a scan's options ask for, shut down on exit."""
    if kind == "dask":
        from review_pipeline.scan.cluster import dask_client

        with dask_client(scheduler, jobs) as client:
            remote_policy = client.scatter(policy, broadcast=True)

            def submit(batch: list[WorkItem]) -> Any:
                return client.submit(worker.review_batch, remote_policy, batch, timeout_s, period, pure=False)

            workers = max(1, len(client.scheduler_info().get("workers", {})))
            yield Engine(submit, None, 4 * workers)
        return
    if jobs == 1:
        yield Engine(Inline(policy, timeout_s, period).submit, None, 1)
        return
    pool = LocalPool(policy, jobs, timeout_s, period)
    try:
        yield Engine(pool.submit, pool.restart, 4 * jobs)
    finally:
        pool.close()
