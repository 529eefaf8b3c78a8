"""Render verdicts: `text` (people), `line` (editors, pre-commit), `json`, `sarif`, `github`.

No writer prints raw post text beyond the line around a finding, and that line is shown with
every span of personal information masked (PII findings and de-identified spans), so a PII
finding never reveals the line holding it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.text import Text

from review_pipeline.models import Document, Finding, Verdict

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
DECISION_STYLE = {"block": "bold red", "review": "bold yellow", "pass": "bold green"}
DECISION_LABEL = {"block": "不得发布", "review": "需人工复核", "pass": "可以发布"}
CONTEXT = 30  # characters of the line shown each side of a finding
MASK = "＊"

EndLocator = Callable[[str, int, int], tuple[int, int]]


@dataclass
class Reviewed:
    """One reviewed draft: where it came from, its verdict, its document, and where spans end."""

    path: str
    verdict: Verdict
    document: Document | None = None
    end_locator: EndLocator | None = None  # (field, start, end) -> source (line, column) after the span

    def end_position(self, f: Finding) -> tuple[int, int] | None:
        return self.end_locator(f.field, f.start, f.end) if self.end_locator else None


Result = tuple[str, Verdict]


def _reviewed(results: Sequence[Reviewed | Result]) -> list[Reviewed]:
    return [r if isinstance(r, Reviewed) else Reviewed(r[0], r[1]) for r in results]


def is_pii(f: Finding) -> bool:
    """Whether a finding's match is personal data (the pipeline sets the flag from its rule)."""
    return f.personal_data


def masked_field(reviewed: Reviewed, field: str) -> str | None:
    """The field's text, same length, with PII spans and de-identified spans masked."""
    if reviewed.document is None:
        return None
    text = reviewed.document.field_text(field)  # type: ignore[arg-type]
    chars = list(text)
    spans = [(f.start, f.end) for f in reviewed.verdict.findings if f.field == field and is_pii(f)]
    redacted = reviewed.verdict.redacted
    if redacted is not None:
        other = redacted.text if field == "text" else (redacted.title or "")
        if other != text:
            matcher = difflib.SequenceMatcher(None, text, other, autojunk=False)
            spans += [(i1, i2) for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"]
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def _context(text: str, f: Finding) -> tuple[str, int, int]:
    """(the finding's line clipped around it, start and end of the finding within it)."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.start)
    line_end = len(text) if line_end == -1 else line_end
    lo, hi = max(line_start, f.start - CONTEXT), min(line_end, max(f.end, f.start) + CONTEXT)
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    end = min(f.end, hi)
    return prefix + text[lo:hi] + suffix, len(prefix) + f.start - lo, len(prefix) + end - lo


def _where(r: Reviewed, f: Finding) -> str:
    field = "" if f.field == "text" else "title:"
    return f"{r.path}:{field}{f.line or 1}:{f.column or 1}"


# --- text --------------------------------------------------------------------------------------


def render_text(results: Sequence[Reviewed | Result], out: TextIO, color: bool | None = None) -> None:
    """A readable report: decision and sign-off, then each finding with its line underlined."""
    # Lines are never wrapped or cropped: editors' tools parse `path:line:col` at line start.
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True, emoji=False, width=100_000 if not out.isatty() else None)  # fmt: skip
    for r in _reviewed(results):
        verdict = r.verdict
        head = Text(f"{r.path}: ", "bold")
        head.append(f"{verdict.decision}（{DECISION_LABEL[verdict.decision]}）", DECISION_STYLE[verdict.decision])
        head.append(f"  签发：{verdict.sign_off.tier}（{'、'.join(verdict.sign_off.roles)}）")
        console.print(head)
        for reason in verdict.sign_off.reasons:
            console.print(Text(f"  ↑ {reason.tier}：{reason.message}（{reason.rule}）", "magenta"))
        masked = {name: masked_field(r, name) for name in ("text", "title")}
        for f in verdict.findings:
            _print_finding(console, r, f, masked[f.field])
        for name, run in verdict.checkers.items():
            if run.status != "ok":
                console.print(Text(f"  检查器 {name}：{run.status} {run.error or ''}", "bold red"))
        waived = sum(f.waived is not None for f in verdict.findings)
        counts = {s: sum(f.severity == s and f.waived is None for f in verdict.findings) for s in SEVERITY_LABEL}
        summary = "，".join(f"{SEVERITY_LABEL[s]} {n}" for s, n in counts.items() if n)
        console.print(Text(f"  共 {summary or '无问题'}" + (f"，已豁免 {waived}" if waived else ""), "dim"))
        console.print()


def _print_finding(console: Console, r: Reviewed, f: Finding, masked: str | None) -> None:
    dim = f.waived is not None
    line = Text(f"{_where(r, f)}  ")
    line.append(SEVERITY_LABEL[f.severity], "dim" if dim else SEVERITY_STYLE[f.severity])
    line.append(f"  {f.rule}  ", "dim" if dim else "bold")
    line.append(f.message)
    if is_pii(f) and f.excerpt:
        line.append(f"「{f.excerpt}」")
    if f.waived:
        line.append(f"  [已豁免：{f.waived.reason}{'，' + f.waived.by if f.waived.by else ''}]", "dim")
    console.print(line)
    if masked is not None and f.end > f.start:
        snippet, a, b = _context(masked, f)
        ctx = Text("    │ ", "dim")
        ctx.append(snippet[:a])
        ctx.append(snippet[a:b], "underline bold" if not dim else "underline")
        ctx.append(snippet[b:])
        console.print(ctx)
        # A caret line for terminals without underline: full-width characters take two columns.
        pad = sum(2 if ord(c) > 0x2E7F else 1 for c in snippet[:a])
        width = max(1, sum(2 if ord(c) > 0x2E7F else 1 for c in snippet[a:b]))
        console.print(Text("    │ " + " " * pad + "^" * width, SEVERITY_STYLE[f.severity] if not dim else "dim"))
    elif f.excerpt:
        console.print(Text(f"    │ 「{f.excerpt}」", "dim"))
    extra = []
    if f.suggestion:
        extra.append(f"建议：{f.suggestion}")
    if f.legal_basis:
        extra.append(f"依据：{f.legal_basis}")
    if extra:
        console.print(Text("    → " + "；".join(extra), "green" if not dim else "dim"))


# --- line, github ------------------------------------------------------------------------------


def render_line(results: Sequence[Reviewed | Result], out: TextIO) -> None:
    """`path:line:col: severity rule message`, one unwaived finding a line (editors parse it)."""
    for r in _reviewed(results):
        for f in r.verdict.findings:
            if f.waived is None:
                message = f.message.replace("\n", " ")
                out.write(f"{_where(r, f)}: {f.severity} {f.rule} {message}\n")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(results: Sequence[Reviewed | Result], out: TextIO) -> None:
    """GitHub Actions workflow commands (`::error file=…,line=…::message`), unwaived findings."""
    for r in _reviewed(results):
        for f in r.verdict.findings:
            if f.waived is not None:
                continue
            props = [f"file={_gh_escape(r.path, True)}", f"line={f.line or 1}", f"col={f.column or 1}"]
            end = r.end_position(f)
            if end:
                props += [f"endLine={end[0]}", f"endColumn={end[1]}"]
            props.append(f"title={_gh_escape(f.rule, True)}")
            message = f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")
            out.write(f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_escape(message)}\n")


# --- json --------------------------------------------------------------------------------------


def render_json(results: Sequence[Reviewed | Result], out: TextIO) -> None:
    """One JSON document: a list of {path, verdict}."""
    payload = [{"path": r.path, "verdict": r.verdict.model_dump(mode="json")} for r in _reviewed(results)]
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_sarif(results: Sequence[Reviewed | Result], out: TextIO) -> None:
    """SARIF 2.1.0 (see `io.sarif`)."""
    from review_pipeline.io.sarif import sarif_log

    json.dump(sarif_log(_reviewed(results)), out, ensure_ascii=False, indent=2)
    out.write("\n")


RENDERERS: dict[str, Callable[[Sequence[Reviewed | Result], TextIO], None]] = {
    "text": render_text,
    "line": render_line,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
