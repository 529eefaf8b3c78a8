"""The review-and-sign-off sheet (审核签发单) for one verdict, in Markdown or HTML.

It shows the title, the decision, the sign-off tier with its reasons, a summary of the
findings (excerpts as the pipeline made them: personal data already masked), the review digest
the approvals must carry, and one row per role with blanks to sign. No post text beyond the
title and the excerpts is printed.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from review_pipeline.models import Finding, SignOffReason, Verdict

TIER_LABEL = {"ordinary": "一般信息", "important": "重要信息", "major": "重大敏感信息"}
DECISION_LABEL = {"pass": "可以发布", "review": "需人工复核", "block": "不得发布"}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
FIELD_LABEL = {"title": "标题", "text": "正文"}
MAX_FINDINGS = 50  # a sheet is for people; the JSON verdict has every finding


@dataclass(frozen=True)
class Sheet:
    """The sheet's content, independent of the output format."""

    heading: list[tuple[str, str]]
    reasons: list[tuple[str, str, str, str]]  # tier, rule, where, message
    summary: str
    findings: list[tuple[str, str, str, str, str]]  # severity, rule, where, excerpt, message
    omitted: int
    roles: list[str]
    digest: str


def _where(field: str | None, line: int | None, column: int | None, start: int | None) -> str:
    if field is None:
        return "—"
    if line is not None:
        return f"{FIELD_LABEL[field]} {line}:{column}"
    return f"{FIELD_LABEL[field]} 第{(start or 0) + 1}字"


def _reason_row(r: SignOffReason) -> tuple[str, str, str, str]:
    where = _where(r.field, None, None, r.start)
    return TIER_LABEL[r.tier], r.rule, where, r.message


def _finding_row(f: Finding) -> tuple[str, str, str, str, str]:
    return (
        SEVERITY_LABEL[f.severity],
        f.rule,
        _where(f.field, f.line, f.column, f.start),
        f.excerpt,
        f.message,
    )


def build_sheet(verdict: Verdict, title: str | None = None) -> Sheet:
    """Collect what the sheet shows; worst findings first."""
    findings = sorted(
        verdict.findings, key=lambda f: ({"error": 0, "warning": 1, "info": 2}[f.severity], f.sort_key())
    )
    counts = Counter(f.severity for f in verdict.findings)
    waived = sum(1 for f in verdict.findings if f.waived is not None)
    summary = "，".join(f"{SEVERITY_LABEL[s]} {counts[s]} 条" for s in ("error", "warning", "info"))
    if waived:
        summary += f"（其中已豁免 {waived} 条）"
    failed = [name for name, run in verdict.checkers.items() if run.status != "ok"]
    if failed:
        summary += "；未完成的检查：" + "、".join(failed)
    tier = verdict.sign_off.tier
    heading = [
        ("标题", title or "（无标题）"),
        ("稿件编号", verdict.document_id or "—"),
        ("发布账号", verdict.account or "—"),
        ("审核结论", f"{DECISION_LABEL[verdict.decision]}（{verdict.decision}）"),
        ("签发层级", f"{TIER_LABEL[tier]}（{tier}）"),
        ("审核策略", f"{verdict.policy.id} {verdict.policy.version}（{verdict.policy.digest}）"),
    ]
    return Sheet(
        heading=heading,
        reasons=[_reason_row(r) for r in verdict.sign_off.reasons],
        summary=summary,
        findings=[_finding_row(f) for f in findings[:MAX_FINDINGS]],
        omitted=max(0, len(findings) - MAX_FINDINGS),
        roles=list(verdict.sign_off.roles),
        digest=verdict.review_digest or "（无：须经 Pipeline.review 审核）",
    )


# --- Markdown --------------------------------------------------------------------------------


def _md(value: str) -> str:
    """A table cell: pipes escaped, line breaks flattened."""
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_table(head: list[str], rows: Sequence[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return out


def render_markdown(verdict: Verdict, title: str | None = None) -> str:
    """The sheet as GitHub-flavoured Markdown."""
    sheet = build_sheet(verdict, title)
    lines = ["# 政务新媒体信息审核签发单", ""]
    lines += _md_table(["项目", "内容"], sheet.heading)
    lines += ["", "## 定级依据（办法第十五条）", ""]
    if sheet.reasons:
        lines += _md_table(["层级", "规则", "位置", "说明"], sheet.reasons)
    else:
        lines.append("未发现需提高签发层级的内容，按一般信息程序审定签发。")
    lines += ["", "## 审核发现", "", sheet.summary, ""]
    if sheet.findings:
        lines += _md_table(["级别", "规则", "位置", "摘录", "说明"], sheet.findings)
    if sheet.omitted:
        lines += ["", f"另有 {sheet.omitted} 条见完整审核结果。"]
    lines += ["", "## 审定签发", ""]
    lines += _md_table(["角色", "签名", "日期", "意见"], [(role, "", "", "") for role in sheet.roles])
    lines += [
        "",
        f"稿件摘要值：`{sheet.digest}`",
        "",
        "签发仅对上述摘要值对应的标题、正文和审核策略有效；稿件修改后须重新审核、重新签发。",
        "",
    ]
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------------

_STYLE = (
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:960px;margin:2em auto}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "th,td{border:1px solid #888;padding:.35em .6em;text-align:left;vertical-align:top}"
    "td.blank{height:2.2em;min-width:8em}code{word-break:break-all}"
)


def _html_table(head: list[str], rows: Sequence[tuple[str, ...]], blank_from: int | None = None) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = []
    for row in rows:
        tds = []
        for i, value in enumerate(row):
            cls = ' class="blank"' if blank_from is not None and i >= blank_from else ""
            tds.append(f"<td{cls}>{html.escape(value)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(verdict: Verdict, title: str | None = None) -> str:
    """The sheet as a standalone, printable HTML page (every value escaped)."""
    sheet = build_sheet(verdict, title)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8"><title>审核签发单</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>政务新媒体信息审核签发单</h1>",
        _html_table(["项目", "内容"], sheet.heading),
        "<h2>定级依据（办法第十五条）</h2>",
        _html_table(["层级", "规则", "位置", "说明"], sheet.reasons)
        if sheet.reasons
        else "<p>未发现需提高签发层级的内容，按一般信息程序审定签发。</p>",
        "<h2>审核发现</h2>",
        f"<p>{html.escape(sheet.summary)}</p>",
    ]
    if sheet.findings:
        parts.append(_html_table(["级别", "规则", "位置", "摘录", "说明"], sheet.findings))
    if sheet.omitted:
        parts.append(f"<p>另有 {sheet.omitted} 条见完整审核结果。</p>")
    parts += [
        "<h2>审定签发</h2>",
        _html_table(
            ["角色", "签名", "日期", "意见"], [(role, "", "", "") for role in sheet.roles], blank_from=1
        ),
        f"<p>稿件摘要值：<code>{html.escape(sheet.digest)}</code></p>",
        "<p>签发仅对上述摘要值对应的标题、正文和审核策略有效；稿件修改后须重新审核、重新签发。</p>",
        "</body></html>",
        "",
    ]
    return "\n".join(parts)


def render_sheet(verdict: Verdict, title: str | None = None, fmt: str = "md") -> str:
    """`fmt` is `md` or `html`."""
    if fmt == "html":
        return render_html(verdict, title)
    if fmt == "md":
        return render_markdown(verdict, title)
    raise ValueError(f"unknown sign-off sheet format {fmt!r} (md or html)")
