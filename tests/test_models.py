"""The public contract of DESIGN.md: names, fields, ordering, JSON round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from review_pipeline import Document, Finding, Verdict
from review_pipeline.models import CheckerRun, PolicyRef, Redacted, SignOff, SignOffReason, decide


def _finding(**kw) -> Finding:
    base = dict(checker="ads", rule="ads/absolute_term", category="absolute_term", severity="warning",
                start=3, end=5, message="使用了绝对化用语")
    base.update(kw)
    return Finding(**base)


def test_document_fields_match_the_contract():
    fields = set(Document.model_fields)
    assert {"text", "title", "id", "account", "kind", "source", "original_title", "disclosure",
            "published_at", "meta"} <= fields
    doc = Document(text="正文", kind="repost", source="新华社", disclosure="punishment")
    assert doc.kind == "repost" and doc.meta == {}


def test_finding_and_verdict_fields_match_the_contract():
    assert {"checker", "rule", "category", "severity", "field", "start", "end", "excerpt", "message",
            "suggestion", "score", "source", "legal_basis", "line", "column", "fingerprint",
            "waived"} <= set(Finding.model_fields)
    assert {"decision", "sign_off", "findings", "redacted", "policy", "checkers"} <= set(Verdict.model_fields)
    assert {"tier", "roles", "reasons"} <= set(SignOff.model_fields)


def test_decision_follows_the_worst_unwaived_severity():
    assert decide([]) == "pass"
    assert decide([_finding(severity="info")]) == "pass"
    assert decide([_finding(severity="info"), _finding(severity="warning")]) == "review"
    assert decide([_finding(severity="warning"), _finding(severity="error")]) == "block"
    waived = _finding(severity="error", waived={"reason": "引用处罚通报原文", "by": "编辑甲"})
    assert decide([waived, _finding(severity="warning")]) == "review"


def test_findings_sort_title_first_then_position_then_rule():
    a = _finding(field="text", start=1, end=2, rule="b/x")
    b = _finding(field="title", start=9, end=10)
    c = _finding(field="text", start=1, end=2, rule="a/x")
    assert sorted([a, b, c], key=Finding.sort_key) == [b, c, a]


def test_verdict_round_trips_through_json():
    verdict = Verdict(
        decision="block",
        sign_off=SignOff(tier="major", roles=["审核人", "分管领导", "主要领导"], reasons=[
            SignOffReason(tier="major", rule="tiers/major_disaster", message="灾情", field="text", start=0, end=2,
                          excerpt="台风")]),
        findings=[_finding(severity="error", score=0.9, legal_basis="广告法第九条第三项", fingerprint="abc")],
        redacted=Redacted(title="标题", text="联系电话138****5678"),
        policy=PolicyRef(id="default", version="1", digest="sha256:00"),
        checkers={"ads": CheckerRun(status="ok", ms=1.5, findings=1)},
    )
    assert Verdict.model_validate_json(verdict.model_dump_json()) == verdict


@given(st.lists(st.sampled_from(["info", "warning", "error"]), max_size=6), st.lists(st.booleans(), max_size=6))
def test_waived_findings_never_raise_the_decision(severities, waived_flags):
    findings = [
        _finding(severity=s, waived={"reason": "已核实"} if w else None)
        for s, w in zip(severities, waived_flags, strict=False)
    ]
    unwaived = [f for f in findings if f.waived is None]
    assert decide(findings) == decide(unwaived)
