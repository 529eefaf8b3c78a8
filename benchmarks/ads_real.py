"""The `ads` checker on real text: tests/data/ads_real/cases.jsonl, per split, plus noise and speed.

Figures per split (dev / test, split by host, see shared notes/real-text-eval.md):
- flagged: a case counts as flagged when any `ads` finding is a warning or an error;
  precision and recall of flagged against the label `ad`;
- blocked: recall of `ads/commercial_ad` (error) on the ads, and how many non-ads it blocks;
- per kind: how many cases of each kind were flagged;
- the blind batches `fresh-2`, `fresh-4` … `fresh-11` and `fresh-12` (new hosts, labelled before the
  checker ran on them), each on its own;
- the new-host probes of rounds 5, 6, 7 and 8 (`"round"` in cases.jsonl), per split.
Also: posts of 1,000 characters of People's Daily text (benchmarks.corpus, no injected extras) and
the regulation (tests/data/regulation.txt) that get any ads warning (target: none), the posts of
the other families' real sets that do (a probe: government posts nobody tuned the ads lists on), and the
checker's speed on `posts(n, seed=5)` (same corpus as benchmarks/ads_eval.py).

Usage: .venv/bin/python benchmarks/ads_real.py [--verbose] [--show-test] [--pd 1000] [--posts 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import people_daily_text, posts  # noqa: E402
from benchmarks.evalkit import precision_recall, real_cases  # noqa: E402
from review_pipeline.models import Document  # noqa: E402
from review_pipeline.pipeline import Pipeline, build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402
from review_pipeline.text.phrases import PhraseBank, collecting  # noqa: E402

REGULATION = ROOT / "tests" / "data" / "regulation.txt"
BLOCK = "ads/commercial_ad"
# blind batches, each on its own
FRESH = (
    "fresh-2",
    "fresh-4",
    "fresh-5",
    "fresh-6",
    "fresh-7",
    "fresh-8",
    "fresh-9",
    "fresh-10",
    "fresh-11",
    "fresh-12",
)
# Cases of a round gathered from hosts new to the set (`"round"` in cases.jsonl): the probe of how the
# checker does on hosts nobody tuned on, reported per split (tune only on its dev side).
ROUNDS = ("5", "6", "7", "8")


def ads_pipeline(overrides: dict | None = None) -> Pipeline:
    """The default policy's `ads` section, alone in a pipeline, its phrase lists in one automaton
    as `Pipeline.from_policy` builds them (so the speed figure is the one users meet). `overrides`
    replace options of the section (the scorer's trainer turns the learned promotion off)."""
    policy = load_policy("default")
    with collecting() as indexes:
        checker = build_checker(policy, "ads", {**policy.checkers.get("ads", {}), **(overrides or {})})
    return Pipeline(policy, [checker], PhraseBank(indexes))


def verdict_rules(pipeline: Pipeline, text: str, title: str | None = None) -> set[str]:
    """Rules of the `ads` findings at warning or above for one text."""
    verdict = pipeline.review(Document(text=text, title=title))
    return {f.rule for f in verdict.findings if f.checker == "ads" and f.severity in ("warning", "error")}


def evaluate(pipeline: Pipeline, rows: list[dict], verbose: bool) -> dict:
    """Flagged precision/recall, blocked recall and per-kind counts for one split."""
    flagged_pairs, blocked_ads, false_blocks, ads = [], 0, 0, 0
    kinds: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        rules = verdict_rules(pipeline, row["text"], row.get("title"))
        expected = row["label"] == "ad"
        flagged, blocked = bool(rules), BLOCK in rules
        flagged_pairs.append((expected, flagged))
        kinds[(row["kind"], flagged)] += 1
        ads += expected
        blocked_ads += expected and blocked
        false_blocks += (not expected) and blocked
        if verbose and (expected != flagged or (expected and not blocked)):
            state = "blocked" if blocked else "flagged" if flagged else "clean"
            print(f"  {row['id']:<8} {row['label']:<6} -> {state:<7} {row['kind']:<18} {sorted(rules)}")
    result = precision_recall(flagged_pairs)
    result["blocked_recall"] = blocked_ads / ads if ads else 1.0
    result["false_blocks"] = false_blocks
    result["kinds"] = kinds
    return result


def noise(pipeline: Pipeline, n: int) -> tuple[int, int]:
    """People's Daily posts (1,000 chars, no extras) and the regulation with any ads warning."""
    noisy = sum(bool(verdict_rules(pipeline, people_daily_text(1000, seed=i))) for i in range(n))
    regulation = len(verdict_rules(pipeline, REGULATION.read_text(encoding="utf-8")))
    return noisy, regulation


def other_families(pipeline: Pipeline) -> tuple[int, int]:
    """Real posts of the other families' sets (tests/data/*_real, government accounts' posts and
    news, none chosen for ads) that get any ads warning: a precision probe on text nobody tuned on."""
    noisy = total = 0
    for path in sorted((ROOT / "tests" / "data").glob("*_real/cases.jsonl")):
        if path.parent.name == "ads_real":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("text"):
                total += 1
                noisy += bool(verdict_rules(pipeline, row["text"], row.get("title")))
    return noisy, total


def throughput(pipeline: Pipeline, n: int) -> float:
    docs = [Document(text=p["text"], title=p["title"]) for p in posts(n, seed=5)]
    pipeline.review(docs[0])
    started = time.perf_counter()
    for doc in docs:
        pipeline.review(doc)
    return n / (time.perf_counter() - started)


def report(split: str, rows: list[dict], r: dict) -> None:
    n_ads = sum(row["label"] == "ad" for row in rows)
    print(f"{split}: {len(rows)} cases ({n_ads} ads, {len(rows) - n_ads} not ads)")
    print(
        f"  flagged (warning+): precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
        f"tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']}"
    )
    print(f"  blocked as {BLOCK}: recall {r['blocked_recall']:.3f}; non-ads blocked {r['false_blocks']}")
    kinds = sorted({k for k, _ in r["kinds"]})
    print(
        "  flagged/total by kind: "
        + ", ".join(
            f"{k} {r['kinds'][(k, True)]}/{r['kinds'][(k, True)] + r['kinds'][(k, False)]}" for k in kinds
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list dev errors (ids, kinds, rules; no text)")
    parser.add_argument(
        "--show-test", action="store_true", help="also list test errors (only to report, never to tune)"
    )
    parser.add_argument(
        "--splits", default="dev,test", help="comma list of splits to score (tune on dev only)"
    )
    parser.add_argument("--pd", type=int, default=1000, help="People's Daily posts for the noise count")
    parser.add_argument("--posts", type=int, default=300, help="posts of 1000 chars for the speed test")
    args = parser.parse_args()
    pipeline = ads_pipeline()
    fresh: dict[str, list[dict]] = {batch: [] for batch in FRESH}
    rounds: dict[tuple[str, str], list[dict]] = {}
    for split in args.splits.split(","):
        rows = real_cases("ads", split)
        r = evaluate(pipeline, rows, args.verbose and (split == "dev" or args.show_test))
        report(split, rows, r)
        for row in rows:
            if row.get("batch") in fresh:
                fresh[row["batch"]].append(row)
            if row.get("round") in ROUNDS:
                rounds.setdefault((row["round"], split), []).append(row)
    for (number, split), round_rows in sorted(rounds.items()):
        report(f"round {number} new hosts, {split}", round_rows, evaluate(pipeline, round_rows, False))
    for batch, batch_rows in fresh.items():  # labelled before the checker ever ran on them
        if batch_rows:
            report(f"{batch} (blind batch, all splits)", batch_rows, evaluate(pipeline, batch_rows, False))
    noisy, regulation = noise(pipeline, args.pd)
    print(f"People's Daily posts with an ads warning: {noisy}/{args.pd}; regulation: {regulation} rule(s)")
    other, total = other_families(pipeline)
    print(
        f"posts of the other families' real sets with an ads warning: {other}/{total} (probe, not labelled)"
    )
    print(f"throughput: {throughput(pipeline, args.posts):.0f} posts/s (1000 chars, ads checker alone)")


if __name__ == "__main__":
    main()
