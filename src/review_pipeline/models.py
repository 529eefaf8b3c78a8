"""The public data contract: Document in, Verdict out (see DESIGN.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["info", "warning", "error"]
Decision = Literal["pass", "review", "block"]
Tier = Literal["ordinary", "important", "major"]
FieldName = Literal["text", "title"]
CheckerStatus = Literal["ok", "error", "timeout", "skipped"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
TIER_RANK: dict[str, int] = {"ordinary": 0, "important": 1, "major": 2}


class Document(BaseModel):
    """One post to review. Offsets in findings index `text` and `title` as given here."""

    model_config = ConfigDict(extra="forbid")

    text: str
    title: str | None = None
    id: str | None = None
    account: str | None = None
    kind: Literal["original", "repost"] = "original"
    source: str | None = None
    original_title: str | None = None
    disclosure: Literal["punishment", "mandatory"] | None = None
    published_at: datetime | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    def field_text(self, field: FieldName) -> str:
        """The text of `field` ('' for a missing title)."""
        return self.text if field == "text" else (self.title or "")


class Waiver(BaseModel):
    """Who accepted a finding, and why."""

    model_config = ConfigDict(extra="forbid")

    reason: str
    by: str | None = None
    via: str = "inline"  # inline | file | api
    expires: str | None = None


class Finding(BaseModel):
    """One problem at one place: a rule, where it is, why, and what to do."""

    model_config = ConfigDict(extra="forbid")

    checker: str
    rule: str
    category: str
    severity: Severity
    field: FieldName = "text"
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    excerpt: str = ""
    message: str
    suggestion: str | None = None
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    source: str | None = None
    legal_basis: str | None = None
    line: int | None = None
    column: int | None = None
    fingerprint: str | None = None
    waived: Waiver | None = None
    # set by the pipeline from the rule's `personal_data` flag: its match is personal data, shown
    # masked in every output (writers decide by this flag, never by the checker's name)
    personal_data: bool = False

    def sort_key(self) -> tuple[int, int, int, str, str]:
        """Deterministic order: field (title first), start, end, rule, excerpt."""
        return (0 if self.field == "title" else 1, self.start, self.end, self.rule, self.excerpt)


class SignOffReason(BaseModel):
    """Why an item needs a tier: the rule and the words that triggered it."""

    model_config = ConfigDict(extra="forbid")

    tier: Tier
    rule: str
    message: str
    field: FieldName | None = None
    start: int | None = None
    end: int | None = None
    excerpt: str | None = None


class SignOff(BaseModel):
    """Who must approve before publishing (article 15)."""

    model_config = ConfigDict(extra="forbid")

    tier: Tier = "ordinary"
    roles: list[str] = Field(default_factory=list)
    reasons: list[SignOffReason] = Field(default_factory=list)


class Redacted(BaseModel):
    """The de-identified title and text."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    text: str


class PolicyRef(BaseModel):
    """Which policy produced a verdict; `digest` covers the policy and every lexicon it uses."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    digest: str


class CheckerRun(BaseModel):
    """How one checker ran on one document."""

    model_config = ConfigDict(extra="forbid")

    status: CheckerStatus
    ms: float = 0.0
    findings: int = 0
    error: str | None = None


class Verdict(BaseModel):
    """The structured answer for one document."""

    model_config = ConfigDict(extra="forbid")

    decision: Decision
    sign_off: SignOff = Field(default_factory=SignOff)
    findings: list[Finding] = Field(default_factory=list)
    redacted: Redacted | None = None
    policy: PolicyRef
    checkers: dict[str, CheckerRun] = Field(default_factory=dict)
    document_id: str | None = None
    account: str | None = None
    # sha256 of the exact title + text + policy digest reviewed; sign-off approvals bind to it
    review_digest: str | None = None


def decide(findings: list[Finding]) -> Decision:
    """Any unwaived error blocks; any unwaived warning asks for human review."""
    worst = max((SEVERITY_RANK[f.severity] for f in findings if f.waived is None), default=0)
    return "block" if worst == 2 else "review" if worst == 1 else "pass"
