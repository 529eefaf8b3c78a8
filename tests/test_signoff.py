"""The sign-off gate (approvals bound to the reviewed version) and the 审核签发单."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from review_pipeline import Document, Pipeline
from review_pipeline.cli import main
from review_pipeline.io.signoff_sheet import render_html, render_markdown, render_sheet
from review_pipeline.signoff import Approval, approve, gate, missing_approvals, review_digest

MAJOR_TITLE = "上思县突发山洪 全力开展抢险救援"
MAJOR_TEXT = (
    "6月10日凌晨，上思县南屏瑶族乡遭遇特大暴雨引发山洪。截至目前，已紧急转移群众3200余人，2名村民失联。"
)
PLAIN_TEXT = "寒假期间，市图书馆将举办绘本共读、手工制作等少儿阅读活动，欢迎家长带孩子报名参加。"
WHEN = datetime(2026, 6, 10, 9, 30, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


@pytest.fixture(scope="module")
def major(pipeline: Pipeline) -> tuple[Document, object]:
    doc = Document(text=MAJOR_TEXT, title=MAJOR_TITLE, id="2026-0610-01", account="防城港发布")
    return doc, pipeline.review(doc)


# --- digest -----------------------------------------------------------------------------------


def test_digest_is_in_the_verdict_and_binds_title_text_and_policy(pipeline: Pipeline) -> None:
    doc = Document(text=MAJOR_TEXT, title=MAJOR_TITLE)
    verdict = pipeline.review(doc)
    assert verdict.review_digest == review_digest(doc, verdict.policy.digest)
    assert verdict.review_digest.startswith("sha256:") and len(verdict.review_digest) == 71
    assert (
        review_digest(doc.model_copy(update={"title": MAJOR_TITLE + " "}), verdict.policy.digest)
        != verdict.review_digest
    )
    assert review_digest(doc, "sha256:other-policy") != verdict.review_digest
    # title and text cannot trade characters and keep the digest
    moved = Document(text=MAJOR_TITLE[-2:] + MAJOR_TEXT, title=MAJOR_TITLE[:-2])
    assert review_digest(moved, verdict.policy.digest) != verdict.review_digest


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(min_size=1, max_size=3))
def test_any_edit_changes_the_digest(text: str, insert: str) -> None:
    a = Document(text=text)
    b = Document(text=text + insert)
    assert review_digest(a, "sha256:p") == review_digest(Document(text=text), "sha256:p")
    assert review_digest(a, "sha256:p") != review_digest(b, "sha256:p")


# --- approvals --------------------------------------------------------------------------------


def test_major_item_needs_three_roles(major) -> None:
    doc, verdict = major
    assert verdict.sign_off.tier == "major"
    assert missing_approvals(verdict, []) == ["审核人", "分管领导", "主要领导"]
    approvals = [approve(verdict, "审核人", "李编辑", WHEN), approve(verdict, "分管领导", "王副局长", WHEN)]
    assert missing_approvals(verdict, approvals) == ["主要领导"]
    approvals.append(approve(verdict, "主要领导", "陈局长", WHEN))
    assert missing_approvals(verdict, approvals) == []
    result = gate(doc, verdict, approvals)
    assert result.ok and result.problems == []


def test_approvals_for_another_version_do_not_count(pipeline: Pipeline, major) -> None:
    doc, verdict = major
    edited = doc.model_copy(update={"text": doc.text.replace("3200", "3500")})
    edited_verdict = pipeline.review(edited)
    old = [approve(verdict, role, "某人", WHEN) for role in verdict.sign_off.roles]
    assert missing_approvals(edited_verdict, old) == edited_verdict.sign_off.roles
    # and the old verdict cannot be used to publish the edited text
    result = gate(edited, verdict, old)
    assert not result.ok and any("版本不一致" in p for p in result.problems)


def test_ordinary_item_needs_the_reviewer_only(pipeline: Pipeline) -> None:
    doc = Document(text=PLAIN_TEXT)
    verdict = pipeline.review(doc)
    assert missing_approvals(verdict, []) == ["审核人"]
    irrelevant = [approve(verdict, "主要领导", "陈局长", WHEN)]
    assert missing_approvals(verdict, irrelevant) == ["审核人"]
    assert gate(doc, verdict, [*irrelevant, approve(verdict, "审核人", "李编辑", WHEN)]).ok


def test_a_verdict_without_digest_accepts_nothing(major) -> None:
    _doc, verdict = major
    approvals = [approve(verdict, role, "某人", WHEN) for role in verdict.sign_off.roles]
    stripped = verdict.model_copy(update={"review_digest": None})
    assert missing_approvals(stripped, approvals) == verdict.sign_off.roles
    with pytest.raises(ValueError, match="review_digest"):
        approve(stripped, "审核人", "李编辑")


def test_blocked_verdict_never_passes_the_gate(major) -> None:
    doc, verdict = major
    blocked = verdict.model_copy(update={"decision": "block"})
    approvals = [approve(blocked, role, "某人", WHEN) for role in blocked.sign_off.roles]
    result = gate(doc, blocked, approvals)
    assert not result.ok and result.missing_roles == []


def test_approval_validation(major) -> None:
    _doc, verdict = major
    with pytest.raises(ValidationError):
        Approval(role="审核人", name="  ", time=WHEN, digest=verdict.review_digest)
    with pytest.raises(ValidationError):
        Approval(role="审核人", name="李编辑", time=WHEN, digest="md5:abc")
    again = Approval.model_validate_json(approve(verdict, "审核人", "李编辑", WHEN).model_dump_json())
    assert missing_approvals(verdict, [again]) == ["分管领导", "主要领导"]


# --- the sheet ----------------------------------------------------------------------------------


def test_markdown_sheet(major) -> None:
    _doc, verdict = major
    sheet = render_markdown(verdict, MAJOR_TITLE)
    assert sheet.startswith("# 政务新媒体信息审核签发单")
    assert MAJOR_TITLE in sheet and "重大敏感信息（major）" in sheet
    assert "tiers/major_disaster" in sheet and "「山洪」" in sheet
    for role in ("审核人", "分管领导", "主要领导"):
        assert f"| {role} |  |  |  |" in sheet
    assert verdict.review_digest in sheet
    assert "2名村民失联" not in sheet  # body text beyond excerpts stays off the sheet


def test_html_sheet_escapes_everything(pipeline: Pipeline) -> None:
    title = '<script>alert("x")</script> 台风预警 | 紧急'
    verdict = pipeline.review(Document(text="市气象台发布台风蓝色预警。", title=title))
    page = render_html(verdict, title)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('class="blank"') == 3 * len(verdict.sign_off.roles)
    md = render_sheet(verdict, title, "md")
    assert "\\| 紧急" in md  # a pipe in the title cannot break the table


def test_sheet_without_reasons_says_ordinary(pipeline: Pipeline) -> None:
    verdict = pipeline.review(Document(text=PLAIN_TEXT))
    assert "按一般信息程序审定签发" in render_markdown(verdict)
    assert "（无标题）" in render_markdown(verdict)
    with pytest.raises(ValueError):
        render_sheet(verdict, None, "pdf")


# --- CLI --------------------------------------------------------------------------------------


def test_cli_signoff_markdown_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(MAJOR_TEXT, encoding="utf-8")
    assert main(["signoff", str(draft), "--title", MAJOR_TITLE]) == 0
    out = capsys.readouterr().out
    assert "# 政务新媒体信息审核签发单" in out and MAJOR_TITLE in out and "| 主要领导 |" in out
    assert main(["signoff", str(draft), "--format", "html"]) == 0
    assert "<h1>政务新媒体信息审核签发单</h1>" in capsys.readouterr().out


def test_cli_signoff_stdin_and_missing_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAIN_TEXT.encode("utf-8"))))
    assert main(["signoff", "-"]) == 0
    assert "| 审核人 |" in capsys.readouterr().out
    assert main(["signoff", "/nonexistent/draft.txt"]) == 2
    assert "no such file" in capsys.readouterr().err
