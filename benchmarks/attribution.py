"""Attribution checker throughput on the seeded People's Daily corpus (benchmarks.corpus.posts).

About 30% of the posts carry an extra line, some of them repost trailers (来源：新华社, 转自：人民网);
every third post is also marked `kind="repost"`, so the checker's full path runs.

Usage: .venv/bin/python benchmarks/attribution.py [--posts 3000] [--size 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import posts
from review_pipeline import Document, load_policy
from review_pipeline.checkers.base import CheckContext
from review_pipeline.pipeline import build_checker


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    policy = load_policy("default")
    started = time.perf_counter()
    checker = build_checker(policy, "attribution", policy.checkers["attribution"])
    build_ms = (time.perf_counter() - started) * 1000

    docs = [
        Document(
            kind="repost" if i % 3 == 0 else "original", **{k: v for k, v in p.items() if k != "published_at"}
        )
        for i, p in enumerate(posts(args.posts, args.seed, args.size))
    ]
    rules: Counter[str] = Counter()
    times = []
    for doc in docs:
        context = CheckContext(doc)
        t0 = time.perf_counter()
        found = list(checker.check(doc, context))
        times.append((time.perf_counter() - t0) * 1000)
        rules.update(f.rule for f in found)
    total_s = sum(times) / 1000
    print(f"build: {build_ms:.1f} ms")
    print(f"posts: {len(docs)} of ~{args.size} chars; {len(docs) / total_s:,.0f} posts/s")
    print(
        f"per post: median {statistics.median(times):.3f} ms, p99 {sorted(times)[int(len(times) * 0.99)]:.3f} ms"
    )
    print("findings:", dict(sorted(rules.items())))


if __name__ == "__main__":
    main()
