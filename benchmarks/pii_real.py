"""Precision, recall and leaks of the `pii` checker on real passages (tests/data/pii_real/).

Each case labels the personal information a post must de-identify (RUBRIC.md): spans with
exact offsets and an entity type, and the context that decides a name's severity. Printed for
dev and test separately:

- per entity: a finding of the same entity overlapping a labelled span is a hit; a finding
  overlapping no labelled span of its entity is a false positive (info findings are ignored);
- PERSON (private persons, the rubric labels no one else) and the number entities together;
- leaks: labelled values still present in `Verdict.redacted` (or in the text when nothing was
  redacted) — the target is zero;
- severity of names: `error` expected where the case's context is private, `warning` where it
  is public (a found name with the other severity is counted as wrong);
- with `--leaks`, the leak report: each labelled value left in `Verdict.redacted`, per entity,
  with why (not found by any recognizer; found below the threshold or lost to an overlapping
  value; found but not redacted (a warning or an exempt info); partly masked; found as another
  entity) — the classes the fixes address;
- then each blind batch (`"batch": "fresh-2"`, `"fresh-4"`, `"fresh-6"`, `"fresh-7"`, `"fresh-8"`,
  `"fresh-9"`, `"fresh-10"`, `"fresh-11"`, `"fresh-12"`, and the new-host probes of rounds 5 to 8, `"probe-5"`,
  `"probe-6"`, `"probe-7"` and `"dev-13"`, all labelled before the checker ran on them) apart, per side of the split (its
  cases are also inside the dev and test figures above);
- with `--kinds`, the figures per kind of page (`page_kind`: commendation, veterans, court,
  petition, relief-table …) of the passages that carry one (the probes of rounds 6 to 8), both
  sides of the split together.

Usage: .venv/bin/python benchmarks/pii_real.py [--verbose] [--leaks] [--kinds] [--split dev|test]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evalkit import real_cases  # noqa: E402
from review_pipeline.models import Document, Verdict  # noqa: E402
from review_pipeline.pipeline import Pipeline, build_checker  # noqa: E402
from review_pipeline.policy import load_policy  # noqa: E402

NUMBER_ENTITIES = frozenset(
    {
        "CN_RESIDENT_ID",
        "CN_MOBILE",
        "CN_LANDLINE",
        "BANK_CARD",
        "EMAIL",
        "CN_PASSPORT",
        "CN_HMT_PERMIT",
        "CN_LICENSE_PLATE",
        "IP_ADDRESS",
        "QQ",
        "WECHAT_ID",
    }
)
EXPECTED_SEVERITY = {"private": "error", "public": "warning"}


def pii_pipeline() -> Pipeline:
    """The default policy's `pii` section alone in a pipeline."""
    policy = load_policy("default")
    return Pipeline(policy, [build_checker(policy, "pii", policy.checkers.get("pii", {}))])


def document(row: dict) -> Document:
    fields = {k: row[k] for k in ("title", "kind", "source", "original_title", "disclosure") if row.get(k)}
    return Document(text=row["text"], id=row["id"], **fields)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _leaks(row: dict, verdict: Verdict) -> list[dict]:
    """Labelled spans whose value is still written in the redacted text."""
    out = verdict.redacted.text if verdict.redacted and verdict.redacted.text is not None else row["text"]
    return [s for s in row["label"]["spans"] if row["text"][s["start"] : s["end"]] in out]


LEAK_CLASSES = ("not found", "below threshold", "not redacted", "partly masked", "other entity")


def _raw_results(pipeline: Pipeline, text: str) -> list[tuple[str, int, int, float]]:
    """Every result of the pii recognizers on `text` before threshold and overlaps."""
    from review_pipeline.text.fold import fold

    checker = next(c for c in pipeline.checkers if c.name == "pii")
    folded = fold(text)
    out = []
    for recognizer in checker.engine.recognizers:  # type: ignore[attr-defined]
        for r in recognizer.analyze(folded, checker.engine.entities, None):  # type: ignore[attr-defined]
            out.append((r.entity_type, r.start, r.end, float(r.score)))
    return out


def leak_class(pipeline: Pipeline, row: dict, span: dict, verdict: Verdict) -> str:
    """Why a labelled value survived redaction (one of LEAK_CLASSES)."""
    where = (span["start"], span["end"])
    findings = [f for f in verdict.findings if f.checker == "pii" and f.field == "text" and f.start is not None]
    same = [f for f in findings if f.rule == f"pii/{span['entity']}" and _overlaps(where, (f.start, f.end))]  # type: ignore[arg-type]
    if same:
        if any(f.start <= where[0] and where[1] <= f.end for f in same):  # type: ignore[operator]
            return "not redacted"  # the finding covers it: a warning or info that redacts nothing
        return "partly masked"
    if any(_overlaps(where, (f.start, f.end)) for f in findings):  # type: ignore[arg-type]
        return "other entity"
    raw = _raw_results(pipeline, row["text"])
    if any(e == span["entity"] and _overlaps(where, (s, t)) for e, s, t, _ in raw):
        return "below threshold"
    return "not found"


def leak_report(pipeline: Pipeline, rows: list[dict], show: bool = False) -> Counter[tuple[str, str]]:
    """(entity, class) -> count of labelled values left in `Verdict.redacted`."""
    out: Counter[tuple[str, str]] = Counter()
    for row in rows:
        verdict = pipeline.review(document(row))
        for span in _leaks(row, verdict):
            why = leak_class(pipeline, row, span, verdict)
            out[(span["entity"], why)] += 1
            if show:
                print(f"  leak {row['id']} {span['entity']} ({why}) {row['text'][span['start'] : span['end']]!r}")
    return out


def evaluate(pipeline: Pipeline, rows: list[dict], verbose: bool = False) -> dict:
    """Counts per entity (tp, fp, fn), leaks and name severities over `rows`."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    leaks = 0
    severity_ok = severity_wrong = 0
    for row in rows:
        verdict = pipeline.review(document(row))
        found = [
            (f.rule.split("/", 1)[1], (f.start, f.end), f.severity)
            for f in verdict.findings
            if f.checker == "pii" and f.field == "text" and f.severity != "info" and f.start is not None
        ]
        spans = [(s["entity"], (s["start"], s["end"])) for s in row["label"]["spans"]]
        for entity, span in spans:
            if any(e == entity and _overlaps(span, where) for e, where, _ in found):
                tp[entity] += 1
            else:
                fn[entity] += 1
                if verbose:
                    print(f"  miss {row['id']} {entity} {row['text'][span[0] : span[1]]!r}")
        expected = EXPECTED_SEVERITY.get(row["label"].get("context", ""))
        for entity, where, severity in found:
            if not any(e == entity and _overlaps(span, where) for e, span in spans):
                fp[entity] += 1
                if verbose:
                    print(f"  false {row['id']} {entity} {row['text'][where[0] : where[1]]!r}")
            elif entity == "PERSON" and expected is not None:
                if severity == expected:
                    severity_ok += 1
                else:
                    severity_wrong += 1
        leaked = _leaks(row, verdict)
        leaks += len(leaked)
        if verbose:
            for s in leaked:
                print(f"  leak {row['id']} {s['entity']} {row['text'][s['start'] : s['end']]!r}")
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "leaks": leaks,
        "severity_ok": severity_ok,
        "severity_wrong": severity_wrong,
    }


def report_kinds(pipeline: Pipeline, rows: list[dict]) -> dict[str, tuple[int, dict]]:
    """page_kind -> (passages, `evaluate` counts) over the rows that carry a kind of page."""
    by_kind: dict[str, list[dict]] = {}
    for row in rows:
        by_kind.setdefault(row["page_kind"], []).append(row)
    return {kind: (len(group), evaluate(pipeline, group)) for kind, group in by_kind.items()}


def figures(counts: dict, entities: frozenset[str] | set[str]) -> dict[str, float]:
    """Precision and recall over a group of entities."""
    tp = sum(counts["tp"][e] for e in entities)
    fp = sum(counts["fp"][e] for e in entities)
    fn = sum(counts["fn"][e] for e in entities)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _line(name: str, f: dict[str, float]) -> str:
    return f"  {name:<18} precision {f['precision']:.3f}  recall {f['recall']:.3f}  (tp {f['tp']}, fp {f['fp']}, fn {f['fn']})"


def report(split: str, rows: list[dict], counts: dict) -> None:
    labelled = sum(len(r["label"]["spans"]) for r in rows)
    print(f"pii_real {split}: {len(rows)} passages, {labelled} labelled spans")
    print(_line("PERSON (private)", figures(counts, {"PERSON"})))
    print(_line("numbers", figures(counts, NUMBER_ENTITIES)))
    print(_line("ADDRESS", figures(counts, {"ADDRESS"})))
    seen = sorted(set(counts["tp"]) | set(counts["fp"]) | set(counts["fn"]))
    for entity in seen:
        if entity not in ("PERSON", "ADDRESS"):
            print(_line(entity, figures(counts, {entity})))
    judged = counts["severity_ok"] + counts["severity_wrong"]
    share = counts["severity_ok"] / judged if judged else 1.0
    print(f"  name severity by context: {counts['severity_ok']}/{judged} right ({share:.3f})")
    print(f"  leaks (labelled values left in Verdict.redacted): {counts['leaks']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list misses, false positives and leaks")
    parser.add_argument("--split", choices=["dev", "test"], help="one split only")
    parser.add_argument("--leaks", action="store_true", help="the leak report per entity and class (dev unless --split)")
    parser.add_argument("--kinds", action="store_true", help="figures per kind of page (page_kind)")
    args = parser.parse_args()
    pipeline = pii_pipeline()
    if args.kinds:
        kinds = report_kinds(pipeline, [r for r in real_cases("pii", args.split) if r.get("page_kind")])
        print(f"pii_real per kind of page ({sum(n for n, _ in kinds.values())} passages)")
        for kind, (n, counts) in sorted(kinds.items()):
            person, address = figures(counts, {"PERSON"}), figures(counts, {"ADDRESS"})
            print(
                f"  {kind:<18} {n:>3} passages  PERSON tp {person['tp']:>2} fp {person['fp']:>2} fn {person['fn']:>2}"
                f"  ADDRESS tp {address['tp']} fp {address['fp']} fn {address['fn']}  leaks {counts['leaks']}"
            )
        return
    if args.leaks:
        split = args.split or "dev"
        classes = leak_report(pipeline, real_cases("pii", split), show=args.verbose)
        print(f"pii_real {split}: leaks per entity and class")
        for entity in sorted({e for e, _ in classes}):
            parts = ", ".join(f"{c} {classes[(entity, c)]}" for c in LEAK_CLASSES if classes[(entity, c)])
            print(f"  {entity:<18} {sum(n for (e, _), n in classes.items() if e == entity):>3}: {parts}")
        return
    for split in [args.split] if args.split else ["dev", "test"]:
        rows = real_cases("pii", split)
        report(split, rows, evaluate(pipeline, rows, args.verbose))
    # the blind batches, labelled before the checker ran on them, on either side of the split:
    # reported apart (a fresh batch's test side is never tuned on)
    for batch in sorted({r["batch"] for r in real_cases("pii") if r.get("batch")}):
        for split in [args.split] if args.split else ["dev", "test"]:
            rows = [r for r in real_cases("pii", split) if r.get("batch") == batch]
            if rows:
                report(f"{split} [{batch}]", rows, evaluate(pipeline, rows, args.verbose and split == "dev"))


if __name__ == "__main__":
    main()
