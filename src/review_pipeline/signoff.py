"""The sign-off gate (办法第十五条: 先审后发): approvals bound to exactly what was reviewed.

A publishing tool asks `missing_approvals(verdict, approvals)` before it publishes: each role the
verdict's tier needs must have an approval whose digest is the verdict's `review_digest` — a
digest of the exact title, text and policy that were reviewed. An approval given for another
version of the text (or under another policy) does not count. `gate(...)` also refuses a verdict
that blocks, or that belongs to a different version than the one about to be published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from review_pipeline.models import Document, Verdict

DIGEST_PREFIX = "sha256:"


def review_digest(document: Document, policy_digest: str) -> str:
    """sha256 over the exact title, text and policy digest (no normalisation: any edit changes it)."""
    payload = json.dumps(
        {"title": document.title or "", "text": document.text, "policy": policy_digest},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    # surrogatepass: a lone surrogate is still text to review, and still changes the digest
    return DIGEST_PREFIX + hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class Approval(BaseModel):
    """One person's sign-off: their role, name, when, and the review digest they approved."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str = Field(min_length=1)
    name: str = Field(min_length=1)
    time: datetime
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")

    @field_validator("role", "name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


def approve(verdict: Verdict, role: str, name: str, time: datetime | None = None) -> Approval:
    """An approval of the version `verdict` reviewed (time defaults to now, UTC)."""
    if not verdict.review_digest:
        raise ValueError("the verdict has no review_digest; review the document with Pipeline.review")
    return Approval(role=role, name=name, time=time or datetime.now(UTC), digest=verdict.review_digest)


def missing_approvals(verdict: Verdict, approvals: Iterable[Approval]) -> list[str]:
    """Roles of `verdict.sign_off` still without a valid approval, in the policy's order.

    Only approvals carrying the verdict's review digest count; without a digest nothing counts.
    """
    digest = verdict.review_digest
    signed = {a.role for a in approvals if digest and a.digest == digest}
    return [role for role in verdict.sign_off.roles if role not in signed]


class GateResult(BaseModel):
    """Whether a document may be published now, and what stands in the way."""

    model_config = ConfigDict(extra="forbid")

    ok: bool
    missing_roles: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


def gate(document: Document, verdict: Verdict, approvals: Iterable[Approval]) -> GateResult:
    """Fail closed: publish only the reviewed version, not blocked, with every role signed."""
    problems = []
    if verdict.review_digest != review_digest(document, verdict.policy.digest):
        problems.append("待发布稿件与审核时的版本不一致，须重新审核")
    if verdict.decision == "block":
        problems.append("审核结论为不得发布")
    missing = missing_approvals(verdict, approvals)
    if missing:
        problems.append("尚缺签发：" + "、".join(missing))
    return GateResult(ok=not problems, missing_roles=missing, problems=problems)
