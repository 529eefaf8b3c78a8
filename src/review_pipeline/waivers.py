"""Waivers: an editor accepts a finding, with a reason, and it stops counting for the decision.

Two forms:

* inline, in the draft: ``<!-- review-pipeline: allow RULE 理由：… -->`` at the end of a line
  (covers that line) or on its own line (covers the next line of text: the next paragraph or
  line, whichever is shorter, because Chinese drafts often separate paragraphs by one line
  break). RULE is a rule id or a glob inside one checker (``ads/*``); ``*`` alone is not.
  A waiver without a reason, or with one shorter than ``min_reason_chars``, is itself an error.
* a waiver file, ``.review-waivers.yaml``: entries keyed by the finding's fingerprint (rule +
  matched words + nearby words, no line numbers), with reason, by and an optional expiry date.

The policy's ``waivers:`` section may forbid waivers for some rules
(``waivers: {forbid: ["sensitive/*"]}``) or switch inline waivers off (``inline: false``).
A waived finding stays in the verdict, marked ``waived``; `models.decide` ignores it.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from review_pipeline.findings import fingerprint
from review_pipeline.limits import MAX_WAIVER_FILE_BYTES, LimitError, read_regular_file, safe_yaml
from review_pipeline.models import Document, Finding, Verdict, Waiver, decide
from review_pipeline.policy import Policy, PolicyError

UNWAIVABLE = ("pipeline/*", "waivers/*")  # a crashed checker or a bad waiver is never waived
MIN_REASON_CHARS = 3  # letters, digits or characters of a reason, punctuation and spaces aside
# `checker/rule`, the rule part optionally a glob; the checker part is always spelled out
RULE_PATTERN = re.compile(r"^[a-z0-9_]+/[A-Za-z0-9_.\-*?]+$")
RULE_ID = re.compile(r"^[a-z0-9_]+/[A-Za-z0-9_.\-]+$")
_ALLOW = re.compile(r"^allow\s+(?P<rule>\S+)\s*(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)
_REASON = re.compile(r"(?:理由|原因|reason)\s*[:：=]\s*(?P<reason>.+)$", re.DOTALL | re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_NON_SPACE = re.compile(r"\S")


class WaiverPolicy(BaseModel):
    """The policy's `waivers:` section."""

    model_config = ConfigDict(extra="forbid")

    forbid: list[str] = Field(default_factory=list, description="rule ids or globs that cannot be waived")
    inline: bool = Field(default=True, description="whether inline waivers in drafts are honoured")
    min_reason_chars: int = Field(
        default=MIN_REASON_CHARS, ge=MIN_REASON_CHARS, le=200, description="shortest reason accepted (letters and digits)"
    )

    def forbids(self, rule: str) -> bool:
        return _matches(rule, self.forbid)


@dataclass(frozen=True)
class Waivers:
    """What `Pipeline.pipe` applies to every verdict: waiver-file entries and the policy's rules."""

    entries: Sequence[FileWaiver] = ()
    policy: WaiverPolicy = field(default_factory=lambda: WaiverPolicy())

    @classmethod
    def for_policy(cls, policy: Policy, entries: Sequence[FileWaiver] = ()) -> Waivers:
        return cls(tuple(entries), waiver_policy(policy))

    def apply(self, verdict: Verdict, document: Document, directives: Sequence[Any]) -> Verdict:
        """`verdict` with a draft's inline waivers (`directives`) and the file entries applied."""
        if not directives and not self.entries:
            return verdict
        inline, problems = parse_inline(directives, document.text)
        return apply_waivers(verdict, document, inline, self.entries, self.policy, problems)


def waiver_policy(policy: Policy) -> WaiverPolicy:
    """The validated `waivers:` section of `policy` (errors name the policy file and line)."""
    try:
        return WaiverPolicy.model_validate(policy.waivers or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ("waivers", *map(str, err["loc"]))
        raise policy.error(f"{'.'.join(loc)}: {err['msg']}", *loc) from None


def _matches(rule: str, patterns: Iterable[str]) -> bool:
    return any(rule == p or fnmatch.fnmatchcase(rule, p) for p in patterns)


def reason_length(reason: str) -> int:
    """How much a reason says: its letters, digits and CJK characters (0 when one character
    repeated, such as "。。。" or "aaaa")."""
    meaningful = [ch for ch in reason if ch.isalnum()]
    return len(meaningful) if len(set(meaningful)) > 1 else 0


def reason_problem(reason: str, minimum: int = MIN_REASON_CHARS) -> str | None:
    """Why a waiver reason is refused, or None when it is acceptable."""
    if not reason.strip():
        return "缺少理由"
    if reason_length(reason) < minimum:
        return f"理由过短（至少 {minimum} 个字）"
    return None


# --- inline waivers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InlineWaiver:
    """`allow RULE 理由：REASON` covering `text[start:end]`; `offset` is where the comment was."""

    rule: str
    reason: str
    offset: int
    start: int
    end: int
    line: int


def _scope(text: str, offset: int) -> tuple[int, int]:
    """The line the comment sits on when it has text, else the next paragraph or line,
    whichever is shorter: a single line break often separates paragraphs in Chinese drafts,
    and a waiver must never run on to the end of the file (issue 15.11)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start:line_end].strip():
        return line_start, line_end
    m = _NON_SPACE.search(text, offset)
    if m is None:
        return offset, offset
    next_start = text.rfind("\n", 0, m.start()) + 1
    next_end = text.find("\n", m.start())
    line = len(text) if next_end == -1 else next_end
    blank = _BLANK_LINE.search(text, m.start())
    paragraph = blank.start() if blank else len(text)
    return next_start, min(line, paragraph)


def parse_inline(
    directives: Sequence[Any], text: str, min_reason_chars: int = MIN_REASON_CHARS
) -> tuple[list[InlineWaiver], list[Finding]]:
    """Waivers from a draft's `review-pipeline:` comments, and findings for the malformed ones.

    `directives` are `io.draft.Directive`s (offset into `text`, source line, comment body).
    """
    waivers: list[InlineWaiver] = []
    problems: list[Finding] = []
    for d in directives:
        m = _ALLOW.match(d.body)
        if not m:
            problems.append(_problem("waivers/invalid", "error", d.offset, text,
                                     "无法识别的 review-pipeline 注释：应为 allow 规则 理由：……",
                                     f"inline:line {d.line}"))  # fmt: skip
            continue
        if not RULE_PATTERN.match(m.group("rule")):
            problems.append(_problem("waivers/invalid", "error", d.offset, text,
                                     "豁免须写明具体规则（如 ads/absolute_term）或一个检查器内的规则（如 ads/*），"
                                     "不能用 * 豁免全部问题。", f"inline:line {d.line}"))  # fmt: skip
            continue
        reason_m = _REASON.search(m.group("rest"))
        reason = reason_m.group("reason").strip() if reason_m else ""
        refused = reason_problem(reason, min_reason_chars)
        if refused:
            problems.append(_problem("waivers/missing_reason", "error", d.offset, text,
                                     f"豁免 {m.group('rule')} {refused}，请写明“理由：……”。",
                                     f"inline:line {d.line}"))  # fmt: skip
            continue
        start, end = _scope(text, d.offset)
        waivers.append(InlineWaiver(m.group("rule"), reason, d.offset, start, end, d.line))
    return waivers, problems


def _problem(rule: str, severity: str, offset: int, text: str, message: str, source: str) -> Finding:
    return Finding(
        checker="waivers",
        rule=rule,
        category="waiver",
        severity=severity,  # type: ignore[arg-type]
        start=offset,
        end=offset,
        message=message,
        source=source,
        fingerprint=fingerprint(rule, text, offset, offset),
    )


# --- the waiver file ----------------------------------------------------------------------------


class FileWaiver(BaseModel):
    """One entry of `.review-waivers.yaml`."""

    model_config = ConfigDict(extra="forbid")

    fingerprint: str = Field(min_length=8)
    rule: str = Field(pattern=RULE_ID.pattern, description="one rule id (a file entry waives one finding)")
    reason: str = Field(min_length=1)
    by: str | None = None
    expires: dt.date | None = None
    file: str | None = None  # where it was first waived; informational only

    @field_validator("reason")
    @classmethod
    def _reason_says_something(cls, reason: str) -> str:
        refused = reason_problem(reason)
        if refused:
            raise ValueError(f"reason refused: {refused}")
        return reason

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


class WaiverFileError(PolicyError):
    """A waiver file that cannot be used (`file:line: message`)."""


def load_waiver_file(path: str | Path) -> list[FileWaiver]:
    """The entries of a waiver file (an absent file has none)."""
    p = Path(path)
    if not os.path.lexists(p):
        return []
    try:
        raw = read_regular_file(p, MAX_WAIVER_FILE_BYTES, "waiver file")
    except LimitError as exc:
        raise WaiverFileError(str(exc), p) from None
    return parse_waiver_file(raw, p)


def parse_waiver_file(raw: bytes, path: str | Path) -> list[FileWaiver]:
    """The entries of a waiver file's bytes; errors name `path` (and the line)."""
    p = Path(path)
    try:
        if len(raw) > MAX_WAIVER_FILE_BYTES:
            raise LimitError(f"waiver file is {len(raw)} bytes, over the {MAX_WAIVER_FILE_BYTES}-byte limit")
        text = raw.decode("utf-8-sig")
        data, node = safe_yaml(text)
        data = data or {}
    except LimitError as exc:
        raise WaiverFileError(str(exc), p) from None
    except UnicodeDecodeError:
        raise WaiverFileError("waiver file is not UTF-8 text", p) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise WaiverFileError(f"invalid YAML: {exc.problem}", p, line) from None
    except yaml.YAMLError as exc:
        raise WaiverFileError(f"invalid YAML: {exc}".splitlines()[0], p) from None
    entries = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise WaiverFileError("a waiver file is a mapping with a `waivers:` list", p, 1)
    out = []
    for i, entry in enumerate(entries):
        try:
            out.append(FileWaiver.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise WaiverFileError(f"waivers[{i}].{'.'.join(map(str, err['loc']))}: {err['msg']}", p,
                                  _entry_line(node, i)) from None  # fmt: skip
    return out


def _entry_line(node: yaml.Node | None, index: int) -> int | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "waivers" and isinstance(value, yaml.SequenceNode) and index < len(value.value):
            return int(value.value[index].start_mark.line) + 1
    return None


def save_waiver_file(path: str | Path, entries: Iterable[FileWaiver]) -> None:
    """Write entries sorted by rule and fingerprint (one per key), so merges stay clean."""
    unique = {(e.rule, e.fingerprint): e for e in entries}
    rows = [unique[k].model_dump(mode="json", exclude_none=True) for k in sorted(unique)]
    header = (
        "# review-pipeline waivers: findings accepted by an editor, keyed by content fingerprint.\n"
        "# Add entries with `review-pipeline waive FILE --reason …`; keep the list sorted.\n"
    )
    body = yaml.safe_dump({"waivers": rows}, allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(header + body, encoding="utf-8")


# --- applying waivers to a verdict --------------------------------------------------------------


def apply_waivers(
    verdict: Verdict,
    document: Document,
    inline: Sequence[InlineWaiver] = (),
    entries: Sequence[FileWaiver] = (),
    policy: WaiverPolicy | None = None,
    problems: Sequence[Finding] = (),
    today: dt.date | None = None,
) -> Verdict:
    """`verdict` with matching findings marked waived, waiver problems added, decision recomputed."""
    policy = policy or WaiverPolicy()
    today = today or dt.date.today()
    by_fp: dict[tuple[str, str], FileWaiver] = {(e.rule, e.fingerprint): e for e in entries}
    out: list[Finding] = list(problems)
    used: set[InlineWaiver] = set()
    for f in verdict.findings:
        out.append(f)
        if f.waived is not None or _matches(f.rule, UNWAIVABLE):
            continue
        waiver, note = _waiver_for(f, inline, by_fp, policy, today, used)
        if waiver is not None:
            out[-1] = f.model_copy(update={"waived": waiver})
        if note is not None:
            out.append(_note(f, note, document))
    if inline and not policy.inline:
        out.append(_problem("waivers/inline_disabled", "warning", inline[0].offset, document.text,
                            "本政策不接受稿件内的豁免注释，请改用豁免文件。", "policy:waivers.inline"))  # fmt: skip
    for w in inline:
        if w not in used and policy.inline:
            out.append(_problem("waivers/unused", "info", w.offset, document.text,
                                f"豁免 {w.rule} 没有对应的问题，可以删除。", f"inline:line {w.line}"))  # fmt: skip
    out.sort(key=Finding.sort_key)
    return verdict.model_copy(update={"findings": out, "decision": decide(out)})


def _waiver_for(
    f: Finding,
    inline: Sequence[InlineWaiver],
    by_fp: dict[tuple[str, str], FileWaiver],
    policy: WaiverPolicy,
    today: dt.date,
    used: set[InlineWaiver],
) -> tuple[Waiver | None, tuple[str, str] | None]:
    """The waiver that applies to `f`, and a (rule, message) note when one was refused."""
    candidates: list[Waiver] = []
    short = f"对 {f.rule} 的豁免理由过短（本政策要求至少 {policy.min_reason_chars} 个字），该问题仍须处理。"
    if policy.inline and f.field == "text":
        for w in inline:
            if w.start <= f.start <= w.end and _matches(f.rule, [w.rule]):
                used.add(w)
                if reason_length(w.reason) < policy.min_reason_chars:
                    return None, ("waivers/missing_reason", short)
                candidates.append(Waiver(reason=w.reason, via="inline"))
    entry = by_fp.get((f.rule, f.fingerprint or ""))
    expired = entry is not None and entry.expired(today)
    if entry is not None and reason_length(entry.reason) < policy.min_reason_chars:
        return None, ("waivers/missing_reason", short)
    if entry is not None and not expired:
        expires = entry.expires.isoformat() if entry.expires else None
        candidates.append(Waiver(reason=entry.reason, by=entry.by, via="file", expires=expires))
    if candidates and policy.forbids(f.rule):
        return None, ("waivers/forbidden", f"本政策不允许豁免 {f.rule}，该问题仍须处理。")
    if not candidates and expired and entry is not None:
        return None, ("waivers/expired", f"对 {f.rule} 的豁免已于 {entry.expires} 过期，请重新确认。")
    return (candidates[0] if candidates else None), None


def _note(f: Finding, note: tuple[str, str], document: Document) -> Finding:
    rule, message = note
    return Finding(
        checker="waivers",
        rule=rule,
        category="waiver",
        severity="warning",
        field=f.field,
        start=f.start,
        end=f.end,
        excerpt=f.excerpt,
        message=message,
        source=f"waiver:{f.rule}",
        fingerprint=fingerprint(rule, document.field_text(f.field), f.start, f.end),
    )


def file_entries_for(
    verdicts: Iterable[tuple[str, Verdict]],
    reason: str,
    by: str | None,
    rules: Sequence[str] = ("*",),
    expires: dt.date | None = None,
    policy: WaiverPolicy | None = None,
) -> tuple[list[FileWaiver], list[Finding]]:
    """New waiver-file entries for the unwaived findings of `verdicts` matching `rules`.

    Returns (entries, refused): findings of forbidden or unwaivable rules are refused.
    """
    policy = policy or WaiverPolicy()
    refused_reason = reason_problem(reason, policy.min_reason_chars)
    if refused_reason:
        raise ValueError(f"waiver reason refused: {refused_reason}")
    entries, refused = [], []
    for path, verdict in verdicts:
        for f in verdict.findings:
            if f.waived is not None or f.severity == "info" or not _matches(f.rule, rules):
                continue
            if policy.forbids(f.rule) or _matches(f.rule, UNWAIVABLE) or not f.fingerprint:
                refused.append(f)
                continue
            entries.append(FileWaiver(fingerprint=f.fingerprint, rule=f.rule, reason=reason, by=by,
                                      expires=expires, file=path))  # fmt: skip
    return entries, refused


def review_draft(
    pipeline: Any,
    draft: Any,
    entries: Sequence[FileWaiver] = (),
    policy: WaiverPolicy | None = None,
) -> Verdict:
    """Review an `io.draft.Draft` through `pipeline.pipe`, with its inline and file waivers, and
    give every finding its line and column in the draft's source file."""
    waivers = Waivers(tuple(entries), policy or waiver_policy(pipeline.policy))
    verdict = next(pipeline.pipe([draft], batch_size=1, waivers=waivers))
    located: Verdict = draft.locate(verdict)
    return located
