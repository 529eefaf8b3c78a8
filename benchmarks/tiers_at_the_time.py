"""Sign-off tiers on the blind batches as they were when they arrived: each dev post of a `fresh-*` batch
(and of the `dev-*` / `held-out-*` probes with --probes) is routed by the checker of the commit before
the one that added it to tests/data/tiers_real/cases.jsonl — the code that had never seen it — and by
the checker of the work tree. Prints, per batch, accuracy then and now, and the errors of the time by
confusion (expected -> predicted) and by the post's kind, the classes RUBRIC.md counts (round 9).

Only dev posts are read: the test side of a blind batch is never listed. Needs the git history of the
repository (a checkout, not an archive); each old checker runs in a child process from `git archive`.

Usage (from the repo root): .venv/bin/python benchmarks/tiers_at_the_time.py [--probes] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import real_cases  # noqa: E402

CASES = "tests/data/tiers_real/cases.jsonl"
# what the child process runs: the old tree's own pipeline on the posts named on stdin
CHILD = """
import json, sys
from benchmarks.tiers_eval import tiers_pipeline
from review_pipeline import Document
pipeline = tiers_pipeline()
for line in sys.stdin:
    row = json.loads(line)
    verdict = pipeline.review(Document(text=row["text"], title=row.get("title") or None, id=row["id"]))
    print(json.dumps({"id": row["id"], "tier": verdict.sign_off.tier}))
"""


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def first_commits() -> dict[str, str]:
    """Post id -> the commit that first added it to the corpus."""
    first: dict[str, str] = {}
    for commit in git("log", "--reverse", "--format=%H", "--", CASES).split():
        for line in git("show", f"{commit}:{CASES}").splitlines():
            try:
                first.setdefault(json.loads(line)["id"], commit)
            except (json.JSONDecodeError, KeyError):
                continue
    return first


def route_then(commit: str, rows: list[dict]) -> dict[str, str]:
    """The tier each row gets from the checker of `commit`'s parent (a fresh tree from git archive)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", f"{commit}^", "src", "lexicons", "policies", "benchmarks"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = subprocess.run(
            [sys.executable, "-c", CHILD],
            cwd=tmp,
            env={"PYTHONPATH": f"{tmp}/src:{tmp}", "PATH": "/usr/bin:/bin"},
            input="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return {d["id"]: d["tier"] for d in map(json.loads, out.splitlines())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", action="store_true", help="also the dev-* and held-out-* probes")
    parser.add_argument("--verbose", action="store_true", help="list each error of the time (dev ids)")
    args = parser.parse_args(argv)
    prefixes = ("fresh-", "dev-", "held-out-") if args.probes else ("fresh-",)
    rows = [r for r in real_cases("tiers", "dev") if r.get("batch", "first").startswith(prefixes)]
    first = first_commits()
    by_commit: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_commit[first[r["id"]]].append(r)
    then: dict[str, str] = {}
    for commit, group in by_commit.items():
        then.update(route_then(commit, group))
    from benchmarks.tiers_eval import tiers_pipeline
    from review_pipeline import Document

    pipeline = tiers_pipeline()
    now = {
        r["id"]: pipeline.review(
            Document(text=r["text"], title=r.get("title") or None, id=r["id"])
        ).sign_off.tier
        for r in rows
    }
    batches: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        batches[r["batch"]].append(r)
    print(f"{'batch':<11} {'posts':>5} {'then':>6} {'now':>6}")
    for name in sorted(
        batches, key=lambda b: (b.split("-")[0], int(b.split("-")[-1]) if b[-1].isdigit() else 0)
    ):
        group = batches[name]
        right_then = sum(then[r["id"]] == r["label"]["tier"] for r in group) / len(group)
        right_now = sum(now[r["id"]] == r["label"]["tier"] for r in group) / len(group)
        print(f"{name:<11} {len(group):>5} {right_then:>6.3f} {right_now:>6.3f}")
    errors = [r for r in rows if then[r["id"]] != r["label"]["tier"]]
    print(
        f"errors of the time: {len(errors)} of {len(rows)}; still wrong now: "
        f"{sum(now[r['id']] != r['label']['tier'] for r in errors)}"
    )
    confusions = Counter(f"{r['label']['tier']}->{then[r['id']]}" for r in errors)
    print("by confusion: " + ", ".join(f"{k} {v}" for k, v in confusions.most_common()))
    kinds = Counter(
        f"{r['label']['tier']}->{then[r['id']]} [{r['label'].get('kind') or '-'}]" for r in errors
    )
    print("by confusion and kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    if args.verbose:
        for r in errors:
            print(
                f"  {r['id']} {r['batch']} [{r['label'].get('kind') or '-'}] expected {r['label']['tier']}, "
                f"then {then[r['id']]}, now {now[r['id']]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
