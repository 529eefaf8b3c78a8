"""Issue 15.11: an inline waiver covers one line at most, `*` waives nothing, and a waiver
needs a reason that says something, inline and in the waiver file alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_pipeline.io.readers import draft_from_bytes
from review_pipeline.pipeline import Pipeline
from review_pipeline.waivers import (
    FileWaiver,
    WaiverFileError,
    file_entries_for,
    load_waiver_file,
    reason_length,
    review_draft,
    waiver_policy,
)
from tests.test_io import MOBILE, make_editor_policy


@pytest.fixture
def pipeline(install_plugin, tmp_path: Path) -> Pipeline:
    return Pipeline.from_policy(make_editor_policy(install_plugin, tmp_path))


def review(pipeline: Pipeline, text: str, name: str = "post.txt", **kw):
    return review_draft(pipeline, draft_from_bytes(text.encode(), name), **kw)


# Chinese drafts: paragraphs one line each, separated by a single line break.
ATTACK = f"""<!-- review-pipeline: allow * 理由：引用群众原话 -->
有市民说“大家都在抢购灭火毯”。
现场限时秒杀灭火器，联系电话{MOBILE}。
欢迎市民参加。
"""


def waived(verdict, rule_prefix: str = "") -> list[bool]:
    return [f.waived is not None for f in verdict.findings if f.rule.startswith(rule_prefix) and f.checker != "waivers"]


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_star_waives_nothing(pipeline: Pipeline, fmt: str) -> None:
    verdict = review(pipeline, ATTACK, f"post.{fmt}")
    assert verdict.decision == "block"
    assert not any(waived(verdict))
    problem = next(f for f in verdict.findings if f.rule == "waivers/invalid")
    assert problem.severity == "error" and "*" in problem.message


@pytest.mark.parametrize("rule", ["*", "*/*", "**", "rp_ed_*/hit", "rp_ed_word", "?/hit"])
def test_waiver_rules_must_name_a_checker(pipeline: Pipeline, rule: str) -> None:
    verdict = review(pipeline, f"<!-- review-pipeline: allow {rule} 理由：引用群众原话 -->\n限时秒杀。\n")
    assert verdict.decision == "block" and "waivers/invalid" in {f.rule for f in verdict.findings}


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_own_line_waiver_covers_the_next_line_only(pipeline: Pipeline, fmt: str) -> None:
    text = ATTACK.replace("allow *", "allow rp_ed_word/*")
    verdict = review(pipeline, text, f"post.{fmt}")
    hits = {f.excerpt: f.waived is not None for f in verdict.findings if f.rule == "rp_ed_word/hit"}
    assert hits == {"抢购": True, "秒杀": False}
    assert verdict.decision == "block"


def test_waiver_before_a_blank_line_still_reaches_the_next_text(pipeline: Pipeline) -> None:
    text = "<!-- review-pipeline: allow rp_ed_word/hit 理由：活动名称 -->\n\n限时秒杀活动。\n另有秒杀。\n"
    assert waived(review(pipeline, text), "rp_ed_word") == [True, False]


@pytest.mark.parametrize("reason", ["", " ", "无", "ok", "。。。。", "aaaa", "1 1 1", "同意"])
def test_short_or_empty_inline_reasons_are_refused(pipeline: Pipeline, reason: str) -> None:
    verdict = review(pipeline, f"<!-- review-pipeline: allow rp_ed_word/hit 理由：{reason} -->\n限时秒杀。\n")
    assert verdict.decision == "block" and not any(waived(verdict))
    assert "waivers/missing_reason" in {f.rule for f in verdict.findings}


@pytest.mark.parametrize("reason", ["已核实", "活动名称", "quoting a resident"])
def test_reasons_that_say_something_are_accepted(pipeline: Pipeline, reason: str) -> None:
    verdict = review(pipeline, f"<!-- review-pipeline: allow rp_ed_word/hit 理由：{reason} -->\n限时秒杀。\n")
    assert verdict.decision == "pass"


def test_reason_length_counts_letters_not_punctuation() -> None:
    assert reason_length("理由：已核实。") == 5 and reason_length("……") == 0 and reason_length("哈哈哈") == 0


@pytest.mark.parametrize(("reason", "rule"), [("ok", "ads/a"), ("   ", "ads/a"), ("已核实，是活动名称", "*"), ("已核实", "ads/*")])
def test_waiver_file_refuses_short_reasons_and_globs(tmp_path: Path, reason: str, rule: str) -> None:
    path = tmp_path / ".review-waivers.yaml"
    path.write_text(f"waivers:\n  - fingerprint: abcdefabcdef\n    rule: '{rule}'\n    reason: '{reason}'\n", encoding="utf-8")
    with pytest.raises(WaiverFileError, match=r"\.review-waivers\.yaml:2: waivers\[0\]\.(reason|rule)"):
        load_waiver_file(path)


def test_waive_command_refuses_a_short_reason(pipeline: Pipeline) -> None:
    verdict = review(pipeline, "限时秒杀。\n")
    with pytest.raises(ValueError, match="reason"):
        file_entries_for([("post.txt", verdict)], "ok", "张编辑")


def test_policy_can_ask_for_longer_reasons(pipeline: Pipeline, tmp_path: Path) -> None:
    strict_path = tmp_path / "strict.yaml"
    strict_path.write_text(f"extends: {pipeline.policy.path}\nwaivers: {{min_reason_chars: 8}}\n", encoding="utf-8")
    strict = Pipeline.from_policy(strict_path)
    policy = waiver_policy(strict.policy)
    text = "<!-- review-pipeline: allow rp_ed_word/hit 理由：活动名称 -->\n限时秒杀。\n"
    assert review(strict, text, policy=policy).decision == "block"
    entry = FileWaiver(fingerprint=review(strict, "限时秒杀。\n").findings[0].fingerprint or "", rule="rp_ed_word/hit",
                       reason="活动名称")  # fmt: skip
    verdict = review(strict, "限时秒杀。\n", entries=[entry], policy=policy)
    assert verdict.decision == "block" and "waivers/missing_reason" in {f.rule for f in verdict.findings}
    assert review(strict, text.replace("活动名称", "活动名称，经主任核实同意"), policy=policy).decision == "pass"
