"""`review-pipeline` command line.

Exit codes: 0 pass, 1 blocked (or needs review with `--fail-on review`), 2 usage, policy or
input error (one line naming the file, never a traceback).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from review_pipeline.io.draft import Draft
from review_pipeline.io.errors import InputError
from review_pipeline.io.readers import draft_from_bytes, format_of, read_draft, read_input_stream
from review_pipeline.io.writers import RENDERERS, Reviewed, render_text
from review_pipeline.models import Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import PolicyError, load_policy
from review_pipeline.waivers import (
    WAIVER_FILE,
    FileWaiver,
    WaiverPolicy,
    file_entries_for,
    find_waiver_file,
    load_waiver_file,
    review_draft,
    save_waiver_file,
    waiver_policy,
)

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
    p = sub.add_parser("check", help="review drafts (txt, md, html, docx) and print verdicts")
    p.add_argument("files", nargs="*", help="draft files; '-' reads standard input")
    p.add_argument("--string", help="review this text instead of files")
    p.add_argument("--title", help="title for --string or standard input")
    p.add_argument("--stdin", action="store_true", help="read one draft from standard input")
    p.add_argument("--stdin-filename", help="name (and format, by suffix) of the draft on standard input")
    _add_policy(p)
    p.add_argument("--format", default="text", choices=list(RENDERERS), help="output format (default: text)")
    p.add_argument("--fail-on", default="block", choices=["block", "review"], help="which decision exits 1")
    p.add_argument("--color", default="auto", choices=["auto", "always", "never"], help="colour in --format text")
    p.add_argument("--waivers", help=f"waiver file (default: the nearest {WAIVER_FILE} from here up)")
    p.set_defaults(run=_run_check)


def _check_inputs(args: argparse.Namespace) -> list[tuple[str, Callable[[], Draft]]]:
    """(display name, a function reading the draft) for each input, in order."""
    if args.string is not None:
        return [("<string>", functools.partial(_string_draft, args.string, args.title))]
    names = list(args.files) + (["-"] if args.stdin and "-" not in args.files else [])
    if not names:
        raise UsageError("check: give FILE..., --stdin, - or --string TEXT")
    out: list[tuple[str, Callable[[], Draft]]] = []
    for name in names:
        if name == "-":
            shown = args.stdin_filename or "<stdin>"
            out.append((shown, functools.partial(_stdin_draft, shown, args.title)))
        else:
            out.append((name, functools.partial(read_draft, name)))
    return out


def _string_draft(text: str, title: str | None) -> Draft:
    draft = draft_from_bytes(text.encode("utf-8"), "<string>", "txt")
    draft.document = draft.document.model_copy(update={"title": title})
    return draft


def _stdin_draft(name: str, title: str | None) -> Draft:
    fmt = format_of(name) if name != "<stdin>" else "txt"
    draft = draft_from_bytes(read_input_stream(sys.stdin.buffer, name), name, fmt)
    if title:
        draft.document = draft.document.model_copy(update={"title": title})
    return draft


def _waiver_setup(args: argparse.Namespace, pipeline: Pipeline) -> tuple[list[FileWaiver], WaiverPolicy, Any]:
    path = args.waivers or find_waiver_file()
    return load_waiver_file(path), waiver_policy(pipeline.policy), path


def _run_check(args: argparse.Namespace) -> int:
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    entries, wpolicy, _ = _waiver_setup(args, pipeline)
    results, input_error = [], False
    for name, read in _check_inputs(args):
        try:
            draft = read()
        except InputError as exc:  # one line naming the file; the other drafts are still reviewed
            print(f"review-pipeline: error: {exc}", file=sys.stderr)
            input_error = True
            continue
        verdict = review_draft(pipeline, draft, entries, wpolicy)
        results.append(Reviewed(name, verdict, draft.document, draft.end_position))
    if args.format == "text":
        render_text(results, sys.stdout, color={"auto": None, "always": True, "never": False}[args.color])
    else:
        RENDERERS[args.format](results, sys.stdout)
    if input_error:
        return EXIT_ERROR
    return EXIT_FAIL if _failed([r.verdict for r in results], args.fail_on) else EXIT_PASS


# --- schema, rules ------------------------------------------------------------------------------


def _add_schema(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON schema of a Verdict")
    p.set_defaults(run=lambda args: _print_json(Verdict.model_json_schema()))


def _print_json(value: Any) -> int:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_PASS


def _add_rules(sub: Any) -> None:
    p = sub.add_parser("rules", help="列出政策可报告的全部规则 / list every rule a policy can report")
    p.add_argument("--format", default="text", choices=["text", "json"])
    _add_policy(p)
    rsub = p.add_subparsers(dest="rules_command")
    explain = rsub.add_parser("explain", help="打印一条规则的说明 / print one rule's documentation")
    explain.add_argument("rule", help="rule id, e.g. ads/commercial_ad")
    _add_policy(explain)
    p.set_defaults(run=_run_rules)


def _run_rules(args: argparse.Namespace) -> int:
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    if getattr(args, "rules_command", None) == "explain":
        rule = pipeline.rule(args.rule)
        if rule is None:
            raise UsageError(f"rules explain: no rule {args.rule!r} in policy {pipeline.policy.id}; see `review-pipeline rules`")
        sys.stdout.write(rule.explain())
        return EXIT_PASS
    rows = [r.model_dump() for r in pipeline.rules()]
    if args.format == "json":
        return _print_json(rows)
    for r in rows:
        print(f"{r['rule']:<36} {r['severity']:<8} {r['legal_basis'] or '':<28} {r['label']}")
    return EXIT_PASS


# --- scan -------------------------------------------------------------------------------------


def _add_scan(sub: Any) -> None:
    p = sub.add_parser("scan", help="scan folders, archives and exports; write verdicts and an inspection report")
    p.add_argument("paths", nargs="+", help="folders, .zip, .tar, .tar.gz, .jsonl or .csv exports")
    p.add_argument("--out", required=True, help="output folder: verdicts.jsonl, summary.csv, report.html")
    _add_policy(p)
    p.add_argument("--map", help="export columns: id=...,account=...,title=...,text=...,published_at=...")
    p.add_argument("--jobs", default="1", help="worker processes, or 'auto' (default: 1)")
    p.add_argument("--engine", default="local", choices=["local", "dask"])
    p.add_argument("--scheduler", help="dask scheduler address (default: a LocalCluster)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per document before it is blocked (0: none)")
    p.add_argument("--resume", action="store_true", help="continue the scan in --out, skipping done inputs")
    p.add_argument("--account-from-folder", action="store_true", help="account = first folder inside each input")
    p.add_argument("--max-total-mb", type=float, help="limit on uncompressed bytes read (default 8192)")
    p.add_argument("--max-file-mb", type=float, help="limit on one file inside a folder or archive (default 20)")
    p.add_argument("--max-files", type=int, help="limit on files read (default 2000000)")
    p.add_argument("--max-depth", type=int, help="limit on archives inside archives (default 3)")
    p.add_argument("--max-ratio", type=float, help="limit on compression ratio (default 200)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(run=_run_scan)


def _run_scan(args: argparse.Namespace) -> int:
    from review_pipeline import scan as scanning

    try:
        options = scanning.options_from_args(args, interactive=sys.stderr.isatty())
        result = scanning.scan(args.paths, args.out, load_policy(args.policy), options)
    except scanning.ScanError as exc:
        raise UsageError(str(exc)) from None
    print(scanning.describe(result, args.out))
    return EXIT_PASS


# --- signoff ----------------------------------------------------------------------------------


def _add_signoff(sub: Any) -> None:
    p = sub.add_parser("signoff", help="print the review-and-sign-off sheet (审核签发单) of a draft")
    p.add_argument("file", help="draft file; '-' reads standard input")
    p.add_argument("--format", default="md", choices=["md", "html"], help="output format (default: md)")
    p.add_argument("--title", help="title, when the draft file does not carry one")
    p.add_argument("--waivers", help=f"waiver file (default: the nearest {WAIVER_FILE} upwards)")
    _add_policy(p)
    p.set_defaults(run=_run_signoff)


def _run_signoff(args: argparse.Namespace) -> int:
    from review_pipeline.io.signoff_sheet import render_sheet

    draft = _stdin_draft("<stdin>", args.title) if args.file == "-" else read_draft(args.file)
    if args.title and args.file != "-":
        draft.document = draft.document.model_copy(update={"title": args.title})
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    entries, wpolicy, _ = _waiver_setup(args, pipeline)
    verdict = review_draft(pipeline, draft, entries, wpolicy)  # the same path and positions as `check`
    title = verdict.redacted.title if verdict.redacted is not None else draft.document.title
    sys.stdout.write(render_sheet(verdict, title, args.format))
    return EXIT_PASS


# --- redact, waive ---------------------------------------------------------------------------


def _add_redact(sub: Any) -> None:
    p = sub.add_parser("redact", help="write the de-identified copy of a draft, in the same format")
    p.add_argument("file", help="draft file (txt, md, html, docx)")
    p.add_argument("-o", "--output", required=True, help="where to write the de-identified copy")
    _add_policy(p)
    p.set_defaults(run=_run_redact)


def _run_redact(args: argparse.Namespace) -> int:
    from pathlib import Path

    from review_pipeline.io.redact import redact_draft

    draft = read_draft(args.file)
    if format_of(args.output) != draft.format:
        raise UsageError(f"redact: {args.output} must have the same format as {args.file}")
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    verdict = next(pipeline.pipe([draft.document], batch_size=1))
    failed = [name for name, run in verdict.checkers.items() if run.status != "ok"]
    if failed:  # fail closed: a crashed checker may have missed personal information
        print(f"review-pipeline: error: {args.file}: checker {', '.join(failed)} failed; no copy written", file=sys.stderr)
        return EXIT_FAIL
    Path(args.output).write_bytes(redact_draft(draft, verdict.redacted))
    spans = sum(1 for f in verdict.findings if f.personal_data)
    print(f"{args.output}: written ({spans} personal-information finding(s) de-identified)", file=sys.stderr)
    return EXIT_PASS


def _add_waive(sub: Any) -> None:
    p = sub.add_parser("waive", help=f"accept the current findings of drafts in the waiver file ({WAIVER_FILE})")
    p.add_argument("files", nargs="+", help="draft files")
    p.add_argument("--reason", required=True, help="why the findings are acceptable (required)")
    p.add_argument("--by", help="who accepts them (default: the login name)")
    p.add_argument("--rule", action="append", help="only rules matching this id or glob (repeatable)")
    p.add_argument("--expires", help="YYYY-MM-DD after which the waivers stop applying")
    p.add_argument("--waivers", help=f"waiver file (default: the nearest {WAIVER_FILE} from here up)")
    _add_policy(p)
    p.set_defaults(run=_run_waive)


def _run_waive(args: argparse.Namespace) -> int:
    import datetime as dt
    import getpass

    if not args.reason.strip():
        raise UsageError("waive: --reason must not be empty")
    try:
        expires = dt.date.fromisoformat(args.expires) if args.expires else None
    except ValueError:
        raise UsageError(f"waive: --expires {args.expires!r} is not YYYY-MM-DD") from None
    pipeline = Pipeline.from_policy(load_policy(args.policy))
    entries, wpolicy, path = _waiver_setup(args, pipeline)
    verdicts = [(name, review_draft(pipeline, read_draft(name), entries, wpolicy)) for name in args.files]
    new, refused = file_entries_for(verdicts, args.reason.strip(), args.by or getpass.getuser(),
                                    args.rule or ["*"], expires, wpolicy)  # fmt: skip
    for f in refused:
        print(f"review-pipeline: not waivable: {f.rule} ({f.line}:{f.column})", file=sys.stderr)
    save_waiver_file(path, [*entries, *new])
    print(f"{path}: {len(new)} waiver(s) added", file=sys.stderr)
    return EXIT_FAIL if refused else EXIT_PASS


# --- lexicon lint --------------------------------------------------------------------------------


def _add_lexicon(sub: Any) -> None:
    p = sub.add_parser("lexicon", help="word-list tools")
    lsub = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    lint = lsub.add_parser("lint", help="duplicates, unmatchable and shadowed entries in sensitive-word lists")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="deny lists (files named allow*.txt are allow lists)")
    lint.add_argument("--allow", action="append", default=[], metavar="PATH", help="an allow list (repeatable)")
    lint.add_argument("--format", default="text", choices=["text", "json"])
    lint.set_defaults(run=_run_lexicon_lint)


def _run_lexicon_lint(args: argparse.Namespace) -> int:
    from pathlib import Path

    from review_pipeline.checkers.sensitive import lint_lexicons

    allow = [*args.allow, *(p for p in args.paths if Path(p).name.startswith("allow"))]
    deny = [p for p in args.paths if p not in allow]
    issues = lint_lexicons(deny, allow)
    if args.format == "json":
        _print_json([{"file": i.file, "line": i.line, "level": i.level, "message": i.message} for i in issues])
    else:
        for issue in issues:
            print(issue)
    return EXIT_FAIL if issues else EXIT_PASS


# --- entry point ----------------------------------------------------------------------------

COMMANDS: list[Callable[[Any], None]] = [_add_check, _add_schema, _add_rules, _add_scan, _add_signoff, _add_redact, _add_waive, _add_lexicon]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="review-pipeline", description="审核政务新媒体稿件（发布前）")
    parser.add_argument("--log-json", action="store_true", help="write JSON log lines to standard error")
    parser.add_argument("--verbose", "-v", action="store_true", help="with --log-json: debug events too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


# Options holding text to review or to record (not file names, which may hold any bytes).
TEXT_OPTIONS = ("string", "title", "reason", "by")


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
    # A file name with undecodable bytes is printed escaped, never a crash halfway through output.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        for option in TEXT_OPTIONS:
            if _has_surrogates(getattr(args, option, None)):
                raise UsageError(f"--{option} is not valid text (undecodable bytes in the argument?)")
        return int(args.run(args))
    except (PolicyError, InputError) as exc:
        print(f"review-pipeline: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(f"review-pipeline: usage: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_PASS
    except Exception as exc:  # one line and exit 2 (an error, never "blocked"), not a traceback
        print(f"review-pipeline: error: {_one_line(exc)}", file=sys.stderr)
        if args.verbose:
            import traceback

            traceback.print_exc()
        return EXIT_ERROR


def _has_surrogates(value: Any) -> bool:
    return isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value)


def _one_line(exc: Exception) -> str:
    """What went wrong, on one line, without echoing input text."""
    from review_pipeline.io.errors import shown_name
    from review_pipeline.limits import describe_os_error

    if isinstance(exc, OSError):
        where = f"{shown_name(str(exc.filename))}: " if exc.filename is not None else ""
        return f"{where}{describe_os_error(exc)}"
    if isinstance(exc, UnicodeError):
        return "input is not valid Unicode text (a lone surrogate or undecodable bytes)"
    if isinstance(exc, RecursionError):
        return "input nested too deeply"
    if isinstance(exc, ValueError):
        return " ".join(str(exc).split()) or type(exc).__name__
    return f"unexpected {type(exc).__name__} (run with --verbose for the traceback)"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
