"""`review-pipeline` command line.

Exit codes: 0 pass, 1 blocked (or needs review with `--fail-on review`), 2 usage, policy or
input error (one line naming the file, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import decode, read_document
from review_pipeline.io.writers import render_json, render_text
from review_pipeline.models import Document, Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import PolicyError, load_policy

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad arguments (exit 2)."""


def _add_policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", default="default", help="built-in policy name or policy file (default: default)")


def _failed(verdicts: Sequence[Verdict], fail_on: str) -> bool:
    bad = {"block"} if fail_on == "block" else {"block", "review"}
    return any(v.decision in bad for v in verdicts)


# --- check ------------------------------------------------------------------------------------


def _add_check(sub: Any) -> None:
    p = sub.add_parser("check", help="review drafts and print verdicts")
    p.add_argument("files", nargs="*", help="draft files; '-' reads standard input")
    p.add_argument("--string", help="review this text instead of files")
    p.add_argument("--title", help="title for --string or standard input")
    _add_policy(p)
    p.add_argument("--format", default="text", choices=["text", "json"], help="output format")
    p.add_argument("--fail-on", default="block", choices=["block", "review"], help="which decision exits 1")
    p.set_defaults(run=_run_check)


def _check_inputs(args: argparse.Namespace) -> list[tuple[str, Document]]:
    if args.string is not None:
        return [("<string>", Document(text=args.string, title=args.title))]
    if not args.files:
        raise UsageError("check: give FILE..., --string TEXT or - for standard input")
    docs = []
    for name in args.files:
        if name == "-":
            docs.append(("<stdin>", Document(text=decode(sys.stdin.buffer.read(), "<stdin>"), title=args.title)))
        else:
            docs.append((name, read_document(name)))
    return docs


def _run_check(args: argparse.Namespace) -> int:
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    inputs = _check_inputs(args)
    results = [(name, pipeline.review(doc)) for name, doc in inputs]
    if args.format == "json":
        render_json(results, sys.stdout)
    else:
        render_text(results, sys.stdout)
    return EXIT_FAIL if _failed([v for _, v in results], args.fail_on) else EXIT_PASS


# --- schema, rules ------------------------------------------------------------------------------


def _add_schema(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON schema of a Verdict")
    p.set_defaults(run=lambda args: _print_json(Verdict.model_json_schema()))


def _print_json(value: Any) -> int:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_PASS


def _add_rules(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rules of every installed checker")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.set_defaults(run=_run_rules)


def _run_rules(args: argparse.Namespace) -> int:
    from review_pipeline.checkers.registry import available_checkers, load_checker_class

    rows: list[dict[str, Any]] = []
    for name in available_checkers():
        try:
            cls = load_checker_class(name)
        except ImportError:
            continue
        rows.extend(r.model_dump() for r in getattr(cls, "RULES", []))
    if args.format == "json":
        return _print_json(rows)
    for r in rows:
        print(f"{r['rule']:<36} {r['severity']:<8} {r['legal_basis'] or '':<24} {r['description']}")
    return EXIT_PASS


# --- entry point ----------------------------------------------------------------------------

COMMANDS: list[Callable[[Any], None]] = [_add_check, _add_schema, _add_rules]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="review-pipeline", description="审核政务新媒体稿件（发布前）")
    parser.add_argument("--log-json", action="store_true", help="write JSON log lines to standard error")
    parser.add_argument("--verbose", "-v", action="store_true", help="with --log-json: debug events too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.log_json:
        import logging

        from review_pipeline.logs import configure_json_logging

        configure_json_logging(logging.DEBUG if args.verbose else logging.INFO)
    try:
        return int(args.run(args))
    except (PolicyError, InputError) as exc:
        print(f"review-pipeline: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(f"review-pipeline: usage: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_PASS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
