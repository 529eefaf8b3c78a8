"""Throughput of the pii checker alone (names included), on the seeded corpus.

    .venv/bin/python benchmarks/pii.py [--posts 3000] [--size 1000] [--seed 7] [--rounds 3]

Prints set-up time, posts/s and MB/s on one core, the share of posts the pre-filter passes to
the recognizers, and the findings per rule. One process. Throughput is measured on CPU time
(`time.process_time`, the best of `--rounds` passes over the corpus): the machine is shared,
and wall-clock time counts the other processes' turns; the wall-clock figure is printed beside.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import posts
from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.pii import PiiChecker, PiiOptions
from review_pipeline.models import Document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--size", type=int, default=1000, help="characters per post")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus; the fastest counts")
    args = parser.parse_args()

    docs = [Document(**p) for p in posts(args.posts, args.seed, args.size)]
    megabytes = sum(len(d.text.encode()) + len((d.title or "").encode()) for d in docs) / 1e6

    started = time.perf_counter()
    checker = PiiChecker(PiiOptions())
    # jieba's tables and spaCy load on first use: load them here, so the set-up line holds
    # them and the throughput below is the steady state (presidio's NLP pipeline is built only
    # when a value needs a context word, which the first post may not hold)
    list(checker.check(docs[0], CheckContext(docs[0])))
    checker.engine.analyzer  # noqa: B018  # builds spaCy's blank zh pipeline and its jieba
    setup = time.perf_counter() - started

    rules: Counter[str] = Counter()
    passed = 0
    cpu = wall = float("inf")
    for _ in range(max(1, args.rounds)):
        rules.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            ctx = CheckContext(doc)
            rules.update(f.rule for f in checker.check(doc, ctx))
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
    for doc in docs:
        passed += checker.engine.might_contain(CheckContext(doc).folded("text"))

    print(f"corpus: {len(docs)} posts of ~{args.size} chars, {megabytes:.2f} MB, seed {args.seed}")
    print(f"set-up (lexicons, presidio, spaCy blank zh, first post): {setup:.2f} s")
    print(f"pii: {len(docs) / cpu:.0f} posts/s, {megabytes / cpu:.2f} MB/s (one core, CPU time)")
    print(f"     {len(docs) / wall:.0f} posts/s wall clock (shared machine: other processes' turns included)")
    print(f"pre-filter passed {passed / len(docs):.0%} of posts to the recognizers")
    print("findings:", dict(sorted(rules.items())))


if __name__ == "__main__":
    main()
