"""`review-pipeline` command line（政务新媒体稿件发布前审核）.

Exit codes: 0 pass, 1 blocked (or needs review with `--fail-on review`), 2 usage, policy or
input error (one line naming the file, never a traceback).

Start-up is part of the interface (the pre-commit hook runs this on every commit): the module
imports only the standard library, and each command imports what it needs when it runs, so
`--version`, `--help` and `check --server` never load a checker, and `check` builds each
checker's expensive parts only when a text needs them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from review_pipeline.discovery import CONFIG_FILE, POLICY_ENV, WAIVER_FILE, find_waiver_file, resolve_policy

if TYPE_CHECKING:
    from review_pipeline.io.draft import Draft
    from review_pipeline.io.raw import CheckOutcome, RawInput
    from review_pipeline.pipeline import Pipeline
    from review_pipeline.policy import Policy
    from review_pipeline.waivers import FileWaiver, WaiverPolicy

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
SERVER_ENV = "REVIEW_PIPELINE_SERVER"


# Set by a command that leaves nothing to clean up (see `entry`).
_exit_without_teardown = False


class UsageError(Exception):
    """Bad arguments (exit 2)."""


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Chinese, like the help texts (errors stay argparse's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")


# --- policy: explicit, discovered, from the environment, built in -------------------------------


def _add_policy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy",
        help=f"内置策略名或策略文件（默认：自稿件所在目录向上查找 {CONFIG_FILE}，其次环境变量 {POLICY_ENV}，再次 default）",
    )


def load_policy(name_or_path: str | None, start: str | Path = ".") -> Policy:
    """The policy a command uses (see `resolve_policy`); `policy` is imported only here."""
    from review_pipeline.policy import load_policy as load

    return load(resolve_policy(name_or_path, start)[0])


def _pipeline(policy: Policy) -> Pipeline:
    from review_pipeline.pipeline import Pipeline

    return Pipeline.from_policy(policy)


# --- check ------------------------------------------------------------------------------------

OUTPUT_FORMATS = ("text", "line", "json", "sarif", "github")  # = io.writers.RENDERERS


def _add_check(sub: Any) -> None:
    p = sub.add_parser("check", help="审核稿件（txt、md、html、docx，或 JSON 文档）并输出结论")
    p.add_argument("files", nargs="*", help="稿件文件或文件夹（文件夹递归查找）；'-' 读标准输入")
    p.add_argument("--string", help="直接审核这段文字")
    p.add_argument("--title", help="--string 或标准输入稿件的标题")
    p.add_argument("--stdin", action="store_true", help="从标准输入读一篇稿件")
    p.add_argument("--stdin-filename", help="标准输入稿件的文件名（按后缀判断格式）")
    p.add_argument(
        "--json",
        metavar="FILE",
        help="从 JSON 读文档（'-' 为标准输入）：一个 Document 对象、对象数组或每行一个对象，字段同 Python 库",
    )
    _add_policy(p)
    p.add_argument("--format", default="text", choices=OUTPUT_FORMATS, help="输出格式（默认 text）")
    p.add_argument(
        "--fail-on", default="block", choices=["block", "review"], help="哪种结论使退出码为 1（默认 block）"
    )
    p.add_argument("--color", default="auto", choices=["auto", "always", "never"], help="text 格式是否着色")
    p.add_argument("--waivers", help=f"豁免文件（默认：自当前目录向上最近的 {WAIVER_FILE}）")
    p.add_argument(
        "--server",
        metavar="URL",
        help=f"把文档发给正在运行的审核服务（review-pipeline serve）审核，输出不变；也可设环境变量 {SERVER_ENV}",
    )
    p.set_defaults(run=_run_check)


def _color(choice: str, stream: Any) -> bool:
    """Whether the text report is coloured: `always`/`never`, else what rich decides for a
    terminal (NO_COLOR and FORCE_COLOR honoured, no colour on a dumb terminal or a pipe). Decided
    here, so a report rendered by the service is coloured as this terminal wants."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM", "").lower() not in ("dumb", "unknown") and bool(stream.isatty())


def _waiver_setup(args: argparse.Namespace, policy: Policy) -> tuple[list[FileWaiver], WaiverPolicy, Path]:
    from review_pipeline.waivers import load_waiver_file, waiver_policy

    path = Path(args.waivers) if args.waivers else find_waiver_file()
    return load_waiver_file(path), waiver_policy(policy), path


def _stdin_draft(name: str, title: str | None) -> Draft:
    from review_pipeline.io.raw import read_input_stream
    from review_pipeline.io.readers import draft_from_bytes, format_of

    fmt = format_of(name) if name != "<stdin>" else "txt"
    draft = draft_from_bytes(read_input_stream(sys.stdin.buffer, name), name, fmt)
    if title:
        draft.document = draft.document.model_copy(update={"title": title})
    return draft


def _run_check(args: argparse.Namespace) -> int:
    from review_pipeline.io.raw import read_inputs

    if args.server and args.policy:
        raise UsageError("check: --policy 与 --server 不能同时使用（服务端的策略生效）/ not both")
    # an explicit --policy is reviewed here; $REVIEW_PIPELINE_SERVER serves everything else
    server = args.server or (None if args.policy else os.environ.get(SERVER_ENV))
    names = list(args.files) + (["-"] if args.stdin and "-" not in args.files else [])
    if args.string is None and args.json is None and not names:
        raise UsageError(
            "check: 请给出 FILE…、DIR、--stdin、-、--json 或 --string TEXT / give drafts to check"
        )
    raw, read_errors = read_inputs(names, string=args.string, json_source=args.json, stdin=sys.stdin.buffer,
                                   stdin_name=args.stdin_filename, title=args.title)  # fmt: skip
    for exc in read_errors:
        print(f"review-pipeline: error: {exc}", file=sys.stderr)
    start = raw[0].name if raw and not raw[0].name.startswith("<") else "."
    waivers = Path(args.waivers) if args.waivers else find_waiver_file()
    color = _color(args.color, sys.stdout)
    outcome = _check_remote(server, args, raw, waivers, color, start) if server else None
    if outcome is None:
        outcome = _check_local(args, raw, waivers, color, start)
    for line in outcome.errors:
        print(f"review-pipeline: error: {line}", file=sys.stderr)
    sys.stdout.write(outcome.output)
    global _exit_without_teardown
    _exit_without_teardown = True  # every file is closed; nothing runs in the background
    return EXIT_ERROR if read_errors else outcome.exit_code


def _check_local(args: argparse.Namespace, raw: list[RawInput], waivers: Path, color: bool, start: str) -> CheckOutcome:
    from review_pipeline.io.check_run import exit_code, parse_inputs, render
    from review_pipeline.io.raw import CheckOutcome
    from review_pipeline.waivers import load_waiver_file, review_draft, waiver_policy

    policy = load_policy(args.policy, start)
    entries, wpolicy = load_waiver_file(waivers), waiver_policy(policy)
    drafts, errors = parse_inputs(raw)
    pipeline = _pipeline(policy) if drafts else None
    verdicts = [review_draft(pipeline, draft, entries, wpolicy) for _, draft in drafts]
    output = render(drafts, verdicts, args.format, color)
    return CheckOutcome(output, [str(e) for e in errors], exit_code(verdicts, args.fail_on, bool(errors)))


def _check_remote(
    server: str, args: argparse.Namespace, raw: list[RawInput], waivers: Path, color: bool, start: str
) -> CheckOutcome | None:
    """The check done by the service at `server`; None (check here instead, with a note) when it
    cannot be reached or runs another policy. Imports no pydantic, YAML or checker when the
    policy's digest is remembered (see `discovery.policy_digest`)."""
    from review_pipeline.discovery import policy_digest, resolve_policy
    from review_pipeline.limits import MAX_WAIVER_FILE_BYTES, LimitError, read_regular_file
    from review_pipeline.service.client import ServiceError, check_remote

    digest = policy_digest(resolve_policy(None, start)[0])
    waiver_file = None
    if os.path.lexists(waivers):
        try:
            waiver_file = (str(waivers), read_regular_file(waivers, MAX_WAIVER_FILE_BYTES, "waiver file"))
        except LimitError:
            return None  # the local check names the problem exactly as it always does
    try:
        return check_remote(server, digest, raw, waiver_file, fmt=args.format, fail_on=args.fail_on, color=color)
    except ServiceError as exc:
        print(f"review-pipeline: note: {exc}; reviewing here instead", file=sys.stderr)
        return None


# --- schema, rules ------------------------------------------------------------------------------


def _add_schema(sub: Any) -> None:
    p = sub.add_parser("schema", help="输出 Verdict 的 JSON Schema")
    p.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from review_pipeline.models import Verdict

    return _print_json(Verdict.model_json_schema())


def _print_json(value: Any) -> int:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_PASS


def _add_rules(sub: Any) -> None:
    p = sub.add_parser("rules", help="列出政策可报告的全部规则 / list every rule a policy can report")
    p.add_argument("--format", default="text", choices=["text", "json", "md"], help="md: the catalogue in docs/rules.md")
    _add_policy(p)
    rsub = p.add_subparsers(dest="rules_command")
    explain = rsub.add_parser("explain", help="打印一条规则的说明 / print one rule's documentation")
    explain.add_argument("rule", help="rule id, e.g. ads/commercial_ad")
    _add_policy(explain)
    p.set_defaults(run=_run_rules)


def _run_rules(args: argparse.Namespace) -> int:
    from review_pipeline.rules import RuleBook, load_rules

    pipeline = _pipeline(load_policy(args.policy))
    # what a review can emit, then what a batch scan adds per account (cadence/*)
    scan_rules = RuleBook("scan", load_rules("review_pipeline.scan"))
    rules = [*pipeline.rules(), *scan_rules]
    if getattr(args, "rules_command", None) == "explain":
        rule = pipeline.rule(args.rule) or scan_rules.get(args.rule)
        if rule is None:
            raise UsageError(f"rules explain: no rule {args.rule!r} in policy {pipeline.policy.id}; see `review-pipeline rules`")
        sys.stdout.write(rule.explain())
        return EXIT_PASS
    if args.format == "json":
        return _print_json([r.model_dump() for r in rules])
    if args.format == "md":
        sys.stdout.write(rules_catalogue(rules, pipeline.policy.id))
        return EXIT_PASS
    for r in rules:
        print(f"{r.rule:<36} {r.severity:<8} {r.legal_basis or '':<28} {r.label}")
    return EXIT_PASS


def rules_catalogue(rules: Sequence[Any], policy_id: str) -> str:
    """The rule catalogue (docs/rules.md), generated from the rules files, grouped by family."""
    out = [
        "# 规则目录 / Rule catalogue",
        "",
        f"Generated by `review-pipeline rules --format md` (policy `{policy_id}`) from the checkers'",
        "`rules.yaml` files; do not edit by hand. `review-pipeline rules explain RULE` prints one rule.",
        "",
    ]
    family = None
    for r in rules:
        head = r.rule.split("/", 1)[0]
        if head != family:
            family = head
            out += ["", f"## {family}", "", "| 规则 rule | 级别 | 名称 | 依据 | 说明 |", "|---|---|---|---|---|"]
        text = " ".join((r.description or "").split()).replace("|", "\\|")
        flags = "（个人信息）" if r.personal_data else ""
        out.append(f"| `{r.rule}` | {r.severity} | {r.label}{flags} | {r.legal_basis or ''} | {text} |")
    return "\n".join(out) + "\n"


# --- scan -------------------------------------------------------------------------------------


def _add_scan(sub: Any) -> None:
    p = sub.add_parser(
        "scan",
        help="scan folders, archives and exports; write verdicts and an inspection report",
        description="Exit codes: 0 every input reviewed and no post at --fail-on; 1 a post reached --fail-on; "
        "2 usage, policy or output-folder error (nothing scanned); 3 an input was missing, refused or "
        "unreadable (the others are reviewed and the outputs written).",
    )
    p.add_argument("paths", nargs="+", help="folders, .zip, .tar, .tar.gz, .jsonl or .csv exports")
    p.add_argument("--out", required=True, help="output folder: verdicts.jsonl, report.html, summary.csv/.xlsx, 整改清单/")
    _add_policy(p)
    p.add_argument("--map", help="export columns: id=...,account=...,title=...,text=...,published_at=...")
    p.add_argument("--jobs", default="1", help="worker processes, or 'auto' (default: 1)")
    p.add_argument("--engine", default="local", choices=["local", "dask"])
    p.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    p.add_argument("--timeout", type=float, help="seconds per document before it is blocked (default: the policy's limits.timeout_s, 60; 0: none)")
    p.add_argument("--resume", action="store_true", help="continue the scan in --out, skipping done inputs")
    p.add_argument("--account-from-folder", action="store_true", help="account = first folder inside each input")
    p.add_argument("--period", help="inspection period: a quarter (2025Q1), half year (2025H2), month (2025-03) or year")
    p.add_argument("--since", help="inspection period starts on this date (YYYY-MM-DD)")
    p.add_argument("--until", help="inspection period ends on this date (YYYY-MM-DD, inclusive)")
    p.add_argument("--fail-on", default="block", choices=["never", "review", "block"],
                   help="exit 1 when a post gets this decision or worse (default: block)")  # fmt: skip
    p.add_argument("--db", nargs="?", const="review-history.sqlite", metavar="URL",
                   help="record the scan in a database: a SQLite file (default review-history.sqlite) or "
                        "postgresql://user@host/db")  # fmt: skip
    p.add_argument("--template", metavar="DIR", help="report templates folder (overrides the shipped ones)")
    p.add_argument("--max-total-mb", type=float, help="limit on uncompressed bytes read (default 8192)")
    p.add_argument("--max-file-mb", type=float, help="limit on one file inside a folder or archive (default 20)")
    p.add_argument("--max-files", type=int, help="limit on files read (default 2000000)")
    p.add_argument("--max-depth", type=int, help="limit on archives inside archives (default 3)")
    p.add_argument("--max-ratio", type=float, help="limit on compression ratio (default 200)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(run=_run_scan)


EXIT_INPUTS = 3  # scan: an input was missing, refused or unreadable


def _run_scan(args: argparse.Namespace) -> int:
    from review_pipeline import scan as scanning

    try:
        options = scanning.options_from_args(args, interactive=sys.stderr.isatty())
        result = scanning.scan(args.paths, args.out, load_policy(args.policy), options)
    except scanning.ScanError as exc:
        raise UsageError(str(exc)) from None
    print(scanning.describe(result, args.out))
    if result.input_problems:
        print(f"review-pipeline: {result.input_problems} input(s) missing, refused or unreadable; see {args.out}/report.html",
              file=sys.stderr)  # fmt: skip
        return EXIT_INPUTS
    return EXIT_FAIL if result.failed(args.fail_on) else EXIT_PASS


def _add_report(sub: Any) -> None:
    p = sub.add_parser("report", help="compare two inspection periods from the scan history database")
    p.add_argument("--db", default="review-history.sqlite", metavar="URL",
                   help="history database: SQLite file or postgresql://... (default review-history.sqlite)")  # fmt: skip
    p.add_argument("--compare", nargs=2, required=True, metavar=("BEFORE", "AFTER"),
                   help="two periods recorded with scan --period, e.g. 2025Q1 2025Q2")  # fmt: skip
    p.add_argument("--format", default="text", choices=["text", "json", "html"])
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--template", metavar="DIR", help="report templates folder (overrides the shipped ones)")
    p.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from review_pipeline.io.report import compare_html
    from review_pipeline.scan.db import HistoryError, compare
    from review_pipeline.scan.period import PeriodError, parse_named

    try:
        before, after = (parse_named(p).label for p in args.compare)
        data = compare(args.db, before, after)
    except (PeriodError, HistoryError) as exc:
        raise UsageError(str(exc)) from None
    result = data.as_dict()
    if args.format == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        text = compare_html(result, args.template)
    else:
        lines = [f"{'账号':<16}{before:>22}{after:>22}  变化", ""]
        for row in result["accounts"]:
            cells = []
            for side in (row["before"], row["after"]):
                cells.append(
                    "（无稿件）" if side is None
                    else f"{side['documents']}篇 不得发布{side['block']} 每百篇问题{side['per_100']:.1f}"
                )  # fmt: skip
            lines.append(f"{row['account']:<16}{cells[0]:>22}{cells[1]:>22}  {row['trend']}")
        text = "\n".join(lines) + "\n"
    if args.output:
        from pathlib import Path

        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_PASS


# --- signoff ----------------------------------------------------------------------------------


def _add_signoff(sub: Any) -> None:
    p = sub.add_parser("signoff", help="输出稿件的审核签发单")
    p.add_argument("file", help="稿件文件；'-' 读标准输入")
    p.add_argument("--format", default="md", choices=["md", "html"], help="输出格式（默认 md）")
    p.add_argument("--title", help="稿件文件没有标题时用这个标题")
    p.add_argument("--waivers", help=f"豁免文件（默认：自当前目录向上最近的 {WAIVER_FILE}）")
    _add_policy(p)
    p.set_defaults(run=_run_signoff)


def _run_signoff(args: argparse.Namespace) -> int:
    from review_pipeline.io.readers import read_draft
    from review_pipeline.io.signoff_sheet import render_sheet
    from review_pipeline.waivers import review_draft

    draft = _stdin_draft("<stdin>", args.title) if args.file == "-" else read_draft(args.file)
    if args.title and args.file != "-":
        draft.document = draft.document.model_copy(update={"title": args.title})
    policy = load_policy(args.policy, "." if args.file == "-" else args.file)
    entries, wpolicy, _ = _waiver_setup(args, policy)
    verdict = review_draft(_pipeline(policy), draft, entries, wpolicy)  # the same path and positions as `check`
    title = verdict.redacted.title if verdict.redacted is not None else draft.document.title
    sys.stdout.write(render_sheet(verdict, title, args.format))
    return EXIT_PASS


# --- redact, waive ---------------------------------------------------------------------------


def _add_redact(sub: Any) -> None:
    p = sub.add_parser("redact", help="写出稿件去标识化后的副本（格式不变）")
    p.add_argument("file", help="稿件文件（txt、md、html、docx）")
    p.add_argument("-o", "--output", required=True, help="去标识化副本写到哪里")
    _add_policy(p)
    p.set_defaults(run=_run_redact)


def _run_redact(args: argparse.Namespace) -> int:
    from review_pipeline.io.readers import format_of, read_draft
    from review_pipeline.io.redact import redact_draft

    draft = read_draft(args.file)
    if format_of(args.output) != draft.format:
        raise UsageError(f"redact: {args.output} 的格式须与 {args.file} 相同 / must have the same format")
    verdict = next(_pipeline(load_policy(args.policy, args.file)).pipe([draft.document], batch_size=1))
    failed = [name for name, run in verdict.checkers.items() if run.status != "ok"]
    if failed:  # fail closed: a crashed checker may have missed personal information
        print(
            f"review-pipeline: error: {args.file}: checker {', '.join(failed)} failed; no copy written",
            file=sys.stderr,
        )
        return EXIT_FAIL
    Path(args.output).write_bytes(redact_draft(draft, verdict.redacted))
    spans = sum(1 for f in verdict.findings if f.personal_data)
    print(f"{args.output}: written ({spans} personal-information finding(s) de-identified)", file=sys.stderr)
    return EXIT_PASS


def _add_waive(sub: Any) -> None:
    p = sub.add_parser("waive", help=f"把稿件当前的问题记入豁免文件（{WAIVER_FILE}）")
    p.add_argument("files", nargs="+", help="稿件文件")
    p.add_argument("--reason", required=True, help="为什么可以接受（必填）")
    p.add_argument("--by", help="由谁接受（默认：当前登录名）")
    p.add_argument("--rule", action="append", help="只豁免与此规则号或通配符匹配的问题（可重复）")
    p.add_argument("--expires", help="YYYY-MM-DD，过期后豁免失效")
    p.add_argument("--waivers", help=f"豁免文件（默认：自当前目录向上最近的 {WAIVER_FILE}）")
    _add_policy(p)
    p.set_defaults(run=_run_waive)


def _run_waive(args: argparse.Namespace) -> int:
    import datetime as dt
    import getpass

    from review_pipeline.io.readers import read_draft
    from review_pipeline.waivers import file_entries_for, review_draft, save_waiver_file

    if not args.reason.strip():
        raise UsageError("waive: --reason 不能为空 / must not be empty")
    try:
        expires = dt.date.fromisoformat(args.expires) if args.expires else None
    except ValueError:
        raise UsageError(f"waive: --expires {args.expires!r} 不是 YYYY-MM-DD / is not YYYY-MM-DD") from None
    policy = load_policy(args.policy, args.files[0])
    pipeline = _pipeline(policy)
    entries, wpolicy, path = _waiver_setup(args, policy)
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
    p = sub.add_parser("lexicon", help="词表工具")
    lsub = p.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    lint = lsub.add_parser("lint", help="检查敏感词表中的重复、无法匹配和被遮蔽的词条")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="禁用词表（文件名以 allow 开头的是放行词表）")
    lint.add_argument("--allow", action="append", default=[], metavar="PATH", help="放行词表（可重复）")
    lint.add_argument("--format", default="text", choices=["text", "json"])
    lint.set_defaults(run=_run_lexicon_lint)


def _run_lexicon_lint(args: argparse.Namespace) -> int:
    from review_pipeline.checkers.sensitive import lint_lexicons

    allow = [*args.allow, *(p for p in args.paths if Path(p).name.startswith("allow"))]
    deny = [p for p in args.paths if p not in allow]
    issues = lint_lexicons(deny, allow)
    if args.format == "json":
        _print_json(
            [{"file": i.file, "line": i.line, "level": i.level, "message": i.message} for i in issues]
        )
    else:
        for issue in issues:
            print(issue)
    return EXIT_FAIL if issues else EXIT_PASS


# --- policy show ---------------------------------------------------------------------------------


def _add_policy_command(sub: Any) -> None:
    p = sub.add_parser("policy", help="策略工具")
    psub = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    show = psub.add_parser("show", help="输出实际生效的策略（合并 extends 之后）及其摘要")
    show.add_argument(
        "path", nargs="?", default=".", help=f"从这个稿件或目录向上查找 {CONFIG_FILE}（默认当前目录）"
    )
    _add_policy(show)
    show.add_argument("--format", default="yaml", choices=["yaml", "json"], help="输出格式（默认 yaml）")
    show.set_defaults(run=_run_policy_show)


def _run_policy_show(args: argparse.Namespace) -> int:
    from review_pipeline.policy import load_policy as load

    name, how = resolve_policy(args.policy, args.path)
    policy = load(name)
    data = policy.model_dump(mode="json")
    if args.format == "json":
        return _print_json(
            {"source": str(policy.path), "chosen_by": how, "digest": policy.digest, "policy": data}
        )
    import yaml

    sys.stdout.write(
        f"# 策略文件 policy: {policy.path}\n# 来源 chosen by: {how}\n# 摘要 digest: {policy.digest}\n"
    )
    sys.stdout.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return EXIT_PASS


# --- serve ---------------------------------------------------------------------------------------


def _add_serve(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="启动 HTTP 审核服务（FastAPI + uvicorn；需安装 review-pipeline[service]）"
    )
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--workers", type=int, default=1, help="工作进程数，每个进程各建一次审核流水线（默认 1）")
    _add_policy(p)
    p.add_argument("--openapi", action="store_true", help="只输出 OpenAPI 文档（JSON）后退出")
    p.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    import importlib.util

    missing = [name for name in ("fastapi", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"serve: 缺少 {', '.join(missing)}，请安装 pip install 'review-pipeline[service]' / not installed")
    from review_pipeline.service import serve

    if args.openapi:
        from review_pipeline.service import openapi_document

        return _print_json(openapi_document())
    name, _ = resolve_policy(args.policy)
    return serve(host=args.host, port=args.port, workers=args.workers, policy=name)


# --- entry point ----------------------------------------------------------------------------

COMMANDS: list[Callable[[Any], None]] = [
    _add_check, _add_schema, _add_rules, _add_scan, _add_report, _add_signoff, _add_redact, _add_waive, _add_lexicon,
    _add_policy_command, _add_serve,
]  # fmt: skip


def _version() -> str:
    from review_pipeline import __version__

    return f"review-pipeline {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="review-pipeline", description="审核政务新媒体稿件（发布前）")
    parser.add_argument("--version", action="version", version=_version(), help="显示版本号并退出")
    parser.add_argument("--log-json", action="store_true", help="把 JSON 日志行写到标准错误")
    parser.add_argument("--verbose", "-v", action="store_true", help="与 --log-json 同用：也输出调试事件")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
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
    except ValueError as exc:
        if _reported_error(exc):
            print(f"review-pipeline: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        return _unexpected(exc, args.verbose)
    except UsageError as exc:
        print(f"review-pipeline: usage: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_PASS
    except Exception as exc:
        return _unexpected(exc, args.verbose)


def _unexpected(exc: Exception, verbose: bool) -> int:
    """One line and exit 2 (an error, never "blocked"), not a traceback (unless --verbose)."""
    print(f"review-pipeline: error: {_one_line(exc)}", file=sys.stderr)
    if verbose:
        import traceback

        traceback.print_exc()
    return EXIT_ERROR


def entry() -> NoReturn:
    """The `review-pipeline` command and `python -m review_pipeline`: `main`, then, after a
    `check`, leave without tearing the interpreter down. Freeing a built pipeline's automata and
    tables costs ~0.1 s, a tenth of a short check that a pre-commit hook runs on every commit; by
    then every stream is flushed here and every file the check read or wrote is closed."""
    code = main()
    if not _exit_without_teardown:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        pass
    os._exit(code)


def _reported_error(exc: ValueError) -> bool:
    """A policy or input error, whose message names the file (and line) and is printed as it is.
    The policy module is not imported for this: if nothing imported it, no policy error was raised
    (`check --server` never imports it)."""
    from review_pipeline.io.errors import InputError

    policy = sys.modules.get("review_pipeline.policy")
    return isinstance(exc, InputError) or (policy is not None and isinstance(exc, policy.PolicyError))


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
