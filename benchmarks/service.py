"""Throughput and latency of the HTTP service on localhost, one worker against two.

    .venv/bin/python benchmarks/service.py [--requests 150] [--size 1000] [--levels 1,8,32]

Starts `review-pipeline serve` on 127.0.0.1 (a free port; nothing leaves the machine), waits
until it is ready (pipeline built and warmed up), then sends `--requests` POST /v1/review calls
of ~1 KB posts at each concurrency level with httpx, and prints requests/s, p50 and p99 latency
(ms). Bounded: a fixed number of requests per level, a 600 s cap per run. Repeats with
`--workers 2` (two processes, each with its own pipeline) to show what a second worker adds on
this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import posts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_PIPELINE_")}
    env["REVIEW_PIPELINE_DEADLINE_S"] = "120"
    process = subprocess.Popen(
        [sys.executable, "-m", "review_pipeline", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("service did not start")


async def level(url: str, bodies: list[dict], concurrency: int, requests: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(bodies[i % len(bodies)])

    async def client_loop(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            body = queue.get_nowait()
            started = time.perf_counter()
            response = await client.post("/v1/review", json=body)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"HTTP {response.status_code}: {response.text[:200]}")

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(client_loop(client) for _ in range(concurrency))), 600)
        elapsed = time.perf_counter() - started
    return requests / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=150, help="requests per concurrency level")
    parser.add_argument("--size", type=int, default=1000, help="characters per post")
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    bodies = [{k: v for k, v in p.items() if v is not None} for p in posts(200, 11, args.size)]
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; {args.requests} requests of "
          f"~{args.size} characters per level")  # fmt: skip
    print(f"{'workers':>7} {'concurrency':>11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for workers in map(int, args.workers.split(",")):
        process, url = start(workers)
        try:
            asyncio.run(level(url, bodies, 4, 40))  # warm every worker
            for concurrency in map(int, args.levels.split(",")):
                rate, lat = asyncio.run(level(url, bodies, concurrency, args.requests))
                q = statistics.quantiles(lat, n=100)
                print(f"{workers:>7} {concurrency:>11} {rate:>8.1f} {q[49] * 1000:>8.1f} {q[98] * 1000:>8.1f}")
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
