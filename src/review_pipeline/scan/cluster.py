"""A dask.distributed client: a given scheduler (`tcp://host:8786`) or a LocalCluster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from review_pipeline.scan.manifest import ScanError


@contextmanager
def dask_client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    """A connected client. A worker that dies mid-task has its tasks rerun elsewhere by the
    scheduler (dask's `allowed-failures`), so a lost machine loses no document."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise ScanError("engine dask needs: pip install 'review-pipeline[dask]'") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise ScanError(f"cannot reach the dask scheduler {scheduler} ({type(exc).__name__})") from None
        with client:
            client.wait_for_workers(1, timeout=60)
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
