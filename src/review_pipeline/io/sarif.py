"""SARIF 2.1.0 output: one run, one result per finding, waived findings as suppressions.

Columns count Unicode code points (`columnKind: unicodeCodePoints`), like every other output.
Results carry the masked excerpt in `properties`, never a `snippet` of the raw text.
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING, Any

from review_pipeline.models import Finding

if TYPE_CHECKING:
    from review_pipeline.io.writers import Reviewed

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "reviewPipelineFingerprint/v1"


def _version() -> str:
    try:
        return metadata.version("review-pipeline")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def _uri(path: str) -> str:
    return path.replace("\\", "/")


def _rule(f: Finding) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": f.rule,
        "shortDescription": {"text": f.rule},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
        "properties": {"category": f.category, "checker": f.checker},
    }
    if f.legal_basis:
        rule["properties"]["legal_basis"] = f.legal_basis
    return rule


def _result(r: Reviewed, f: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line or 1, "startColumn": f.column or 1}
    end = r.end_position(f)
    if end and end >= (region["startLine"], region["startColumn"]):
        region["endLine"], region["endColumn"] = end
    props: dict[str, Any] = {"severity": f.severity, "field": f.field, "category": f.category,
                             "start": f.start, "end": f.end}  # fmt: skip
    for key in ("excerpt", "suggestion", "legal_basis", "source", "score"):
        value = getattr(f, key)
        if value not in (None, ""):
            props[key] = value
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message + (f"（建议：{f.suggestion}）" if f.suggestion else "")},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": region}}],
        "properties": props,
    }
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.waived is not None:
        suppression: dict[str, Any] = {
            "kind": "inSource" if f.waived.via == "inline" else "external",
            "status": "accepted",
            "justification": f.waived.reason,
        }
        if f.waived.by or f.waived.expires:
            suppression["properties"] = {k: v for k, v in (("by", f.waived.by), ("expires", f.waived.expires)) if v}
        result["suppressions"] = [suppression]
    return result


def sarif_log(results: list[Reviewed]) -> dict[str, Any]:
    """The SARIF log (a dict ready for `json.dump`) of reviewed drafts."""
    rules: dict[str, int] = {}
    rule_objects: list[dict[str, Any]] = []
    sarif_results = []
    for r in results:
        for f in r.verdict.findings:
            if f.rule not in rules:
                rules[f.rule] = len(rule_objects)
                rule_objects.append(_rule(f))
            sarif_results.append(_result(r, f, rules[f.rule]))
    verdicts = [
        {"uri": _uri(r.path), "decision": r.verdict.decision, "sign_off_tier": r.verdict.sign_off.tier,
         "sign_off_roles": r.verdict.sign_off.roles, "policy": r.verdict.policy.model_dump()}
        for r in results
    ]  # fmt: skip
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "review-pipeline",
                        "version": _version(),
                        "rules": rule_objects,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": _uri(r.path)}} for r in results],
                "invocations": [{"executionSuccessful": True}],
                "results": sarif_results,
                "properties": {"verdicts": verdicts},
            }
        ],
    }
