"""Waivers: inline comments, the waiver file, policy limits, and the decision they change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from review_pipeline.io.readers import draft_from_bytes
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import PolicyError, load_policy
from review_pipeline.waivers import (
    FileWaiver,
    WaiverFileError,
    file_entries_for,
    load_waiver_file,
    review_draft,
    save_waiver_file,
    waiver_policy,
)
from tests.test_io import make_editor_policy


@pytest.fixture
def editor_policy(install_plugin, tmp_path: Path) -> str:
    return make_editor_policy(install_plugin, tmp_path)


POST = """本周在市民广场开展消防安全宣传活动。

<!-- review-pipeline: allow rp_ed_word/hit 理由：引用群众原话 -->
有市民说“大家都在抢购灭火毯”。

现场限时秒杀灭火器。
"""


@pytest.fixture
def pipeline(editor_policy: str) -> Pipeline:
    return Pipeline.from_policy(editor_policy)


def review(pipeline: Pipeline, text: str, name: str = "post.md", **kw):
    return review_draft(pipeline, draft_from_bytes(text.encode(), name), **kw)


def test_inline_waiver_covers_the_next_paragraph_only(pipeline: Pipeline):
    verdict = review(pipeline, POST)
    hits = {f.excerpt: f for f in verdict.findings if f.rule == "rp_ed_word/hit"}
    assert hits["抢购"].waived is not None and hits["抢购"].waived.reason == "引用群众原话"
    assert hits["抢购"].waived.via == "inline"
    assert hits["秒杀"].waived is None
    assert verdict.decision == "block"  # the unwaived 秒杀 still blocks
    fixed = review(pipeline, POST.replace("现场限时秒杀灭火器。", "现场发放灭火器。"))
    assert fixed.decision == "pass" and any(f.waived for f in fixed.findings)


def test_inline_waiver_at_the_end_of_a_line_covers_that_line(pipeline: Pipeline):
    text = "现场限时秒杀灭火器。<!-- review-pipeline: allow rp_ed_word/* 理由: 活动名称 -->\n另有秒杀。\n"
    verdict = review(pipeline, text)
    waived = [f.waived is not None for f in verdict.findings if f.rule == "rp_ed_word/hit"]
    assert waived == [True, False]


def test_waiver_without_reason_is_an_error(pipeline: Pipeline):
    text = "<!-- review-pipeline: allow rp_ed_word/hit -->\n本周开展消防宣传。\n"
    verdict = review(pipeline, text)
    assert verdict.decision == "block"
    problem = next(f for f in verdict.findings if f.rule == "waivers/missing_reason")
    assert problem.severity == "error" and problem.line == 1 and "理由" in problem.message


def test_unknown_directive_and_unused_waiver_are_reported(pipeline: Pipeline):
    text = "<!-- review-pipeline: ignore everything -->\n<!-- review-pipeline: allow rp_ed_word/hit 理由：引用原文 -->\n正文。\n"
    rules = {f.rule for f in review(pipeline, text).findings}
    assert {"waivers/invalid", "waivers/unused"} <= rules


def test_policy_can_forbid_waivers_for_a_rule(editor_policy: str, tmp_path: Path):
    strict = tmp_path / "strict.yaml"
    strict.write_text(f"extends: {editor_policy}\nwaivers:\n  forbid: ['rp_ed_word/*']\n", encoding="utf-8")
    pipeline = Pipeline.from_policy(strict)
    verdict = review(pipeline, POST, policy=waiver_policy(pipeline.policy))
    assert all(f.waived is None for f in verdict.findings)
    assert any(f.rule == "waivers/forbidden" for f in verdict.findings)
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {editor_policy}\nwaivers:\n  forbidd: []\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.yaml:3: waivers\.forbidd"):
        waiver_policy(load_policy(bad))


def test_file_waivers_survive_edits_elsewhere_and_expire(pipeline: Pipeline, tmp_path: Path):
    before = review(pipeline, "现场限时秒杀灭火器。\n")
    entries, refused = file_entries_for([("post.md", before)], "活动名称，已核实", "张编辑")
    assert len(entries) == 1 and not refused
    path = tmp_path / ".review-waivers.yaml"
    save_waiver_file(path, entries)
    loaded = load_waiver_file(path)
    # A paragraph added above moves the finding to another line; the fingerprint still matches.
    edited = "新增一段导语。\n\n现场限时秒杀灭火器。\n"
    verdict = review(pipeline, edited, entries=loaded)
    hit = next(f for f in verdict.findings if f.rule == "rp_ed_word/hit")
    assert hit.line == 3 and hit.waived is not None and hit.waived.by == "张编辑" and hit.waived.via == "file"
    assert verdict.decision == "pass"
    expired = [e.model_copy(update={"expires": dt.date(2020, 1, 1)}) for e in loaded]
    verdict = review(pipeline, edited, entries=expired)
    assert verdict.decision == "block" and any(f.rule == "waivers/expired" for f in verdict.findings)
    # Changing the words themselves invalidates the waiver.
    assert review(pipeline, "现场限时秒杀消防车。\n", entries=loaded).decision == "block"


def test_waiver_file_is_sorted_and_deduplicated(tmp_path: Path):
    path = tmp_path / ".review-waivers.yaml"
    b = FileWaiver(fingerprint="bbbbbbbbbb", rule="ads/b", reason="理由二")
    a = FileWaiver(fingerprint="aaaaaaaaaa", rule="ads/a", reason="理由一", expires=dt.date(2030, 1, 1))
    save_waiver_file(path, [b, a, b])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [w["rule"] for w in data["waivers"]] == ["ads/a", "ads/b"]
    assert data["waivers"][0]["expires"] == "2030-01-01"
    assert load_waiver_file(path) == [a, b]


def test_bad_waiver_file_names_file_and_line(tmp_path: Path):
    path = tmp_path / ".review-waivers.yaml"
    path.write_text("waivers:\n  - fingerprint: abcdefabcdef\n    rule: ads/a\n    reason: ''\n", encoding="utf-8")
    with pytest.raises(WaiverFileError, match=r"\.review-waivers\.yaml:2: waivers\[0\]\.reason"):
        load_waiver_file(path)


def test_waiver_problems_cannot_themselves_be_waived(pipeline: Pipeline):
    text = "<!-- review-pipeline: allow rp_ed_word/hit -->\n本周开展消防宣传。\n"
    verdict = review(pipeline, text)
    entries, refused = file_entries_for([("post.md", verdict)], "想跳过", "某人")
    assert entries == [] and [f.rule for f in refused] == ["waivers/missing_reason"]
    problem = refused[0]
    forced = [FileWaiver(fingerprint=problem.fingerprint or "", rule=problem.rule, reason="想跳过")]
    again = review(pipeline, text, entries=forced)
    assert again.decision == "block" and all(f.waived is None for f in again.findings)
