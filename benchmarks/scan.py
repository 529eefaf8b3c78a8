"""Throughput of a batch scan of an archive, with 1 and 2 worker processes, in one run.

    .venv/bin/python benchmarks/scan.py [--posts 20000] [--size 1000] [--policy default] [--jobs 1,2]
    .venv/bin/python benchmarks/scan.py --posts 2000 --size 120      # short posts: never slower with 2 jobs

Builds a zip of `--posts` drafts (benchmarks.corpus.posts, one .txt per post in a folder per
account), scans it with `review_pipeline.scan.scan` once per jobs value into a fresh output
folder, and prints documents/s, documents/s per core, and the speed-up over one job. Set-up
(worker start, policy and automata loading) is included: it is part of what a scan costs, so
the policy is loaded once before the runs (as a long-lived service would) and every run
includes starting its workers, which fork from the loaded parent. Reports are written too.

Wall-clock speed-ups need idle cores: on a shared machine Linux's autogroup scheduler gives a
whole session (the scan and its workers) one share, so two workers get no more CPU than one.
The CPU columns are measured either way: "x one job on idle cores" is the single job's CPU
over (the parent's CPU + the workers' CPU / jobs), a lower bound of the idle-core speed-up.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import posts
from review_pipeline import load_policy
from review_pipeline.scan import ScanOptions, scan
from review_pipeline.scan.worker import pipeline_for


def build_archive(path: Path, n: int, size: int, seed: int) -> float:
    """A zip of `n` drafts; returns its uncompressed size in MB."""
    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for post in posts(n, seed, size):
            data = post["text"].encode("utf-8")
            total += len(data)
            zf.writestr(f"{post['account']}/{post['id']}.txt", data)
    return total / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=1000, help="characters per post")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    args = parser.parse_args()

    policy = load_policy(args.policy)
    pipeline_for(policy)  # the parent loads the policy once; forked workers inherit it
    with tempfile.TemporaryDirectory(prefix="scan-bench-") as tmp:
        archive = Path(tmp) / "posts.zip"
        started = time.perf_counter()
        megabytes = build_archive(archive, args.posts, args.size, args.seed)
        print(
            f"archive: {args.posts} posts, {megabytes:.1f} MB of text, built in {time.perf_counter() - started:.1f} s"
        )
        print(f"policy: {policy.id} ({len(policy.enabled_checkers())} checkers)")
        baseline = None
        cpu_one = None
        for jobs in (int(j) for j in args.jobs.split(",")):
            options = ScanOptions(jobs=jobs, account_from_folder=True, batch_size=32)
            self0, kids0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = scan([archive], Path(tmp) / f"out-{jobs}", policy, options)
            elapsed = time.perf_counter() - started
            parent, workers = _cpu(resource.RUSAGE_SELF) - self0, _cpu(resource.RUSAGE_CHILDREN) - kids0
            rate = result.written / elapsed
            baseline = baseline or rate
            # What the run needs from idle cores, pessimistically: all of the parent's CPU (reading,
            # writing, reports) plus the workers' CPU shared among `jobs` cores, as if none of it
            # overlapped (worker CPU is counted once the pool has been joined).
            critical = parent + workers / jobs
            cpu_one = cpu_one or critical
            print(
                f"jobs={jobs}: {result.written} documents in {elapsed:.1f} s = {rate:.0f} docs/s "
                f"({rate / jobs:.0f} docs/s per core, {rate / baseline:.2f}x one job); "
                f"CPU: parent {parent:.1f} s, workers {workers:.1f} s -> {cpu_one / critical:.2f}x one job on idle cores; "
                f"decisions {dict(sorted(result.decisions.items()))}"
            )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
