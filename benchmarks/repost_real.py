"""The `attribution` checker on real reposts and originals (tests/data/repost_real/cases.jsonl).

Each case is a page of a government, media-centre or news site as stored, with the Document
fields a publishing system would fill (`kind`, `source`, `title`, `original_title`) and a label:
is the item a repost, and is its source acceptable under article 20 (RUBRIC.md beside the cases).

A case is predicted acceptable when the checker reports nothing about the source at warning or
error level (`title_altered` is left out: the label judges the source, not the title).
Printed per split (dev, test):
- accuracy on "source acceptable or not", with precision/recall of catching unacceptable sources;
- share of originals with no warning-or-above finding (target >= 98%);
- exact source spans: among cases whose label gives the source's offsets and whose findings name
  a span in the text, how many name exactly the labelled span;
- the title half of article 20 (不得歪曲、篡改标题原意): on the cases whose label judges the page title against
  its 原标题 (`label.title`: same, reworded, altered), how many the title rules read as labelled (nothing, the
  info note `title_reworded`, the warning `title_altered`).

Batches from hosts not seen before (`"batch"`: fresh-6, fresh-6b, round-4, fresh-7, fresh-7b, round-5,
fresh-8, round-6, fresh-9, fresh-9b), each labelled before the checker was run on it, are also printed alone, per split, so their
figures are not hidden in the total. round-4 and round-5 were collected to find error classes (their dev
sides tuned on); fresh-7 and fresh-8 are the blind estimates of those rounds (fresh-8: its first 27 items
collected and labelled before any round-5 change, 13 more after; its blind figure after the round-5
changes was dev 0.800, test 1.000; its dev side was tuned on only after that, its test side never; it is
never listed by --verbose). Round 6: `round-6` (67 items from kinds of site the set had few of, error classes
measured before any change: dev 0.865 of 52, test 0.800 of 15) and the blind `fresh-9` (27 items, collected and
labelled before any round-6 change: dev 0.632 of 19, test 0.875 of 8 on the code before the round, and the same
after the changes the round-6 probe prompted (its blind figure: those changes did not carry to it); its dev side
was tuned on only after that, its test side never; it is never listed by --verbose). `fresh-9b` (19 items) was
collected and labelled after every round-6 change and never tuned on: dev 0.750 of 12, test 0.714 of 7, the same
as the code before the round (and as main after its own attribution changes) on it. Round 7: `round-7` (49 items from
hosts not yet in the set: county and city media, central and provincial papers' mirrors, content farms copying wire
and provincial items in traditional script, university and trade sites, the unacceptable side) measured before any
change (dev 0.828 of 29, test 0.750 of 20), its dev side tuned on; the blind `fresh-10` (24 items, collected and
labelled with round-7 before the checker ran on either; its batch chosen by a hash of the host) is never listed by
--verbose: dev 0.842 of 19, test 0.800 of 5 before the round.
Round 8: `dev-13` (22 items from hosts not yet in the set, the new-host probe; its dev side tuned on) and `fresh-11`
(12 items, blind, never listed by --verbose), both labelled before the checker ran, batch chosen by a hash of the
host: before the round dev-13 dev 0.786 of 14, test 1.000 of 8; fresh-11 dev 0.778 of 9, test 0.667 of 3.
A second wave of both (35 items, repost-614 on, collected and labelled after the round-8 changes, batch by the same
hash) reads the same on the session-start code and on the changed code: dev-13 dev 1.000 of 16, test 0.571 of 7;
fresh-11 dev 0.889 of 9, test 1.000 of 3.
Round 9: `dev-14` (13 items from hosts not yet in the set, the new-host probe; its dev side looked at) and `fresh-12`
(27 items, blind, never listed by --verbose), all labelled before the checker ran, batch by a hash of the host (two in
three to fresh-12). On the session-start code -> the round-9 code: dev-14 dev 0.727 -> 0.818 of 11, test 1.000 -> 1.000
of 2; fresh-12 dev 0.762 -> 0.762 of 21, test 0.667 -> 0.667 of 6 (the round's changes did not reach the blind batch);
the whole test split 0.860 -> 0.883 of 179 (0.865 -> 0.889 on the 171 items of the earlier rounds).

Usage: .venv/bin/python benchmarks/repost_real.py [--verbose] [--split dev|test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import precision_recall, real_cases  # noqa: E402
from review_pipeline.checkers.base import CheckContext  # noqa: E402
from review_pipeline.models import Document, Finding  # noqa: E402
from review_pipeline.pipeline import build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402

FAMILY = "repost"
# Batches collected from unseen hosts and labelled before the checker ran on them: fresh-6 before the
# fixes it prompted, fresh-6b after them; round-4 and round-5 (error classes on new hosts), fresh-7 and
# fresh-8 (blind); round-6 (error classes on new hosts, round 6), fresh-9 (its blind batch) and fresh-9b (blind,
# collected after every round-6 change).
FRESH_BATCHES = (
    "fresh-6", "fresh-6b", "round-4", "fresh-7", "fresh-7b", "round-5", "fresh-8", "round-6", "fresh-9", "fresh-9b",
    "round-7", "fresh-10", "fresh-10b", "dev-13", "fresh-11", "dev-14", "fresh-12",
)
# (round 9: dev-14, the new-host probe, and fresh-12, blind)
# Blind batches whose errors --verbose never lists, dev side included, so no change is fitted to them.
BLIND = ("fresh-8", "fresh-9", "fresh-9b", "fresh-10", "fresh-10b", "fresh-11", "fresh-12")


def attribution_checker():  # type: ignore[no-untyped-def]
    """The default policy's `attribution` checker, built alone."""
    policy = load_policy("default")
    return build_checker(policy, "attribution", policy.checkers.get("attribution", {}))


def document(row: dict) -> Document:
    """The Document a publishing system would submit for this case."""
    return Document(
        id=row["id"],
        text=row["text"],
        title=row.get("title"),
        kind=row.get("kind") or "original",
        source=row.get("source"),
        original_title=row.get("original_title"),
    )


def findings(checker, row: dict) -> list[Finding]:  # type: ignore[no-untyped-def]
    doc = document(row)
    return list(checker.check(doc, CheckContext(doc)))


def evaluate(checker, rows: list[dict], verbose: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Accuracy, catch rate of unacceptable sources, quiet originals and exact spans."""
    pairs, correct = [], 0
    originals = quiet_originals = 0
    spans_named = spans_exact = 0
    for row in rows:
        found = findings(checker, row)
        # The label is about the source; an altered title is another article-20 question.
        loud = [f for f in found if f.severity != "info" and f.rule != "attribution/title_altered"]
        predicted_ok = not loud
        expected_ok = bool(row["label"]["acceptable"])
        correct += predicted_ok == expected_ok
        pairs.append((not expected_ok, not predicted_ok))
        if not row["label"]["repost"]:
            originals += 1
            quiet_originals += not loud
        span = row["label"].get("source")
        named = [(f.start, f.end) for f in found if f.field == "text" and f.end > f.start]
        if span and named:
            spans_named += 1
            spans_exact += tuple(span) in named
        if verbose and predicted_ok != expected_ok and row.get("batch") not in BLIND:
            rules = sorted({f"{f.rule}:{row['text'][f.start : f.end] or '-'}" for f in loud})
            print(f"  {row['id']}  expected={'ok' if expected_ok else 'bad'}  got={rules or 'ok'}")
    result = precision_recall(pairs)
    result["accuracy"] = correct / len(rows) if rows else 1.0
    result["cases"] = len(rows)
    result["originals"] = originals
    result["quiet_originals"] = quiet_originals / originals if originals else 1.0
    result["spans_named"] = spans_named
    result["spans_exact"] = spans_exact
    return result


# What the checker's title rules should say about a title and its 原标题 (label["title"]).
_TITLE_RULE = {"same": None, "reworded": "attribution/title_reworded", "altered": "attribution/title_altered"}


def title_figures(checker, rows: list[dict]) -> str:  # type: ignore[no-untyped-def]
    """The title half of article 20 on the cases whose label judges the title against its 原标题: how many
    get the expected reading (nothing / an info note / a warning), warnings on titles that keep the meaning,
    and changed meanings caught."""
    judged = [row for row in rows if row["label"].get("title") and row.get("title") and row.get("original_title")]
    correct = false_warnings = altered = caught = 0
    for row in judged:
        rules = {f.rule for f in findings(checker, row) if f.field == "title"}
        got = next((rule for rule in _TITLE_RULE.values() if rule and rule in rules), None)
        expected = _TITLE_RULE[row["label"]["title"]]
        correct += got == expected
        false_warnings += got == "attribution/title_altered" and expected != got
        if expected == "attribution/title_altered":
            altered += 1
            caught += got == expected
    return (
        f"titles: {len(judged)} judged, {correct} read as labelled; warnings on titles that keep the meaning "
        f"{false_warnings}; changed meanings warned {caught}/{altered}"
    )


def report(split: str, r: dict[str, float]) -> str:
    return (
        f"{split:<5} cases {r['cases']:>3}  accuracy {r['accuracy']:.3f}  "
        f"unacceptable caught: precision {r['precision']:.3f} recall {r['recall']:.3f} "
        f"(tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']})  "
        f"originals without warning {r['quiet_originals']:.3f} of {r['originals']}  "
        f"exact source spans {r['spans_exact']}/{r['spans_named']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list every case judged wrongly (dev only)")
    parser.add_argument("--split", choices=("dev", "test"), help="one split only")
    args = parser.parse_args()
    checker = attribution_checker()
    for split in ("dev", "test"):
        if args.split and split != args.split:
            continue
        rows = real_cases(FAMILY, split)
        # Tuning looks at dev errors only (shared notes/real-text-eval.md).
        r = evaluate(checker, rows, args.verbose and split == "dev")
        print(report(split, r))
        print(f"{split:<5} {title_figures(checker, rows)}")
    for batch in FRESH_BATCHES:
        for split in ("dev", "test"):
            if args.split and split != args.split:
                continue
            rows = [row for row in real_cases(FAMILY, split) if row.get("batch") == batch]
            if rows:
                # dev errors are already listed above; test errors are never listed
                r = evaluate(checker, rows, False)
                print(report(f"{batch} {split}", r))


if __name__ == "__main__":
    main()
