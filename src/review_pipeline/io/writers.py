"""Render verdicts for people (text) and programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.text import Text

from review_pipeline.models import Verdict

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
DECISION_STYLE = {"block": "bold red", "review": "bold yellow", "pass": "bold green"}
DECISION_LABEL = {"block": "不得发布", "review": "需人工复核", "pass": "可以发布"}

Result = tuple[str, Verdict]


def render_json(results: Sequence[Result], out: TextIO) -> None:
    """One JSON document: a list of {path, verdict}."""
    payload = [{"path": path, "verdict": v.model_dump(mode="json")} for path, v in results]
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_text(results: Sequence[Result], out: TextIO, color: bool | None = None) -> None:
    """A readable report: decision, sign-off, and one line a finding."""
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True)
    for path, verdict in results:
        head = Text(f"{path}: ")
        head.append(f"{verdict.decision} ({DECISION_LABEL[verdict.decision]})", DECISION_STYLE[verdict.decision])
        roles = "、".join(verdict.sign_off.roles)
        head.append(f"  签发层级 {verdict.sign_off.tier}: {roles}")
        console.print(head)
        for reason in verdict.sign_off.reasons:
            console.print(f"  ↑ {reason.tier}: {reason.message}")
        for f in verdict.findings:
            line = Text(f"  {f.field}:{f.line}:{f.column} ")
            line.append(f.severity, SEVERITY_STYLE[f.severity])
            line.append(f" {f.rule} ")
            if f.excerpt:
                line.append(f"「{f.excerpt}」", "underline")
            line.append(f" {f.message}")
            if f.suggestion:
                line.append(f" → {f.suggestion}", "green")
            if f.waived:
                line.append(f" [已豁免：{f.waived.reason}]", "dim")
            console.print(line)
        for name, run in verdict.checkers.items():
            if run.status != "ok":
                console.print(Text(f"  checker {name}: {run.status} {run.error or ''}", "bold red"))
