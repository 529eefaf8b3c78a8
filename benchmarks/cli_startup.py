"""Cold start of the command line: `review-pipeline check --string` on a short post.

    .venv/bin/python benchmarks/cli_startup.py [--runs 11] [--server URL]

Each run is a new process (what the pre-commit hook and an editor's plugin pay on every call);
the on-disk table cache is warm after the first run, as it is on any machine that ran the tool
once. Prints p50 / min / max seconds, the target (<= 1.0 s p50) and, with `--server`, the same
for `check --server` against a running `review-pipeline serve` (target <= 0.2 s). Before changing
what is imported at start-up, profile with `python -X importtime -m review_pipeline check ...`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

POST = "【通知】市文旅局提醒：国庆假期请市民错峰出行，注意安全。"  # a short post with a person cue (市民)
TARGET_LOCAL_S, TARGET_SERVER_S = 1.0, 0.2


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds and CPU seconds (user + system) of each run. On a busy machine the
    wall clock includes waiting for a core; the CPU time is what the call itself costs."""
    env = {k: v for k, v in os.environ.items() if k != "REVIEW_PIPELINE_SERVER"}
    subprocess.run(argv, capture_output=True, env=env, check=False)  # warm the disk caches once
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _children_cpu()
        result = subprocess.run(argv, capture_output=True, env=env, check=False)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu_before)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode(errors='replace')}")
    return walls, cpus


def report(name: str, times: tuple[list[float], list[float]], target: float) -> None:
    walls, cpus = times
    p50 = statistics.median(walls)
    verdict = "ok" if p50 <= target else "OVER"
    print(f"{name:<28} p50 {p50:.3f} s  min {min(walls):.3f}  max {max(walls):.3f}  "
          f"cpu p50 {statistics.median(cpus):.3f} s  (target <= {target} s: {verdict})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--server", help="also time `check --server URL` against a running service")
    args = parser.parse_args()
    base = [sys.executable, "-m", "review_pipeline"]
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    report("python -c pass", timed([sys.executable, "-c", "pass"], args.runs), TARGET_LOCAL_S)
    report("--version", timed([*base, "--version"], args.runs), TARGET_LOCAL_S)
    report("check --string (local)", timed([*base, "check", "--string", POST], args.runs), TARGET_LOCAL_S)
    if args.server:
        argv = [*base, "check", "--server", args.server, "--string", POST]
        report("check --string --server", timed(argv, args.runs), TARGET_SERVER_S)


if __name__ == "__main__":
    main()
