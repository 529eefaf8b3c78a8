"""Issue 15.16: every field a reader sees is reviewed, mapped to exact places in the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_pipeline.cli import main
from review_pipeline.io.readers import draft_from_bytes, read_draft
from review_pipeline.io.redact import redact_draft
from review_pipeline.pipeline import Pipeline
from review_pipeline.waivers import review_draft
from tests.test_io import MOBILE, make_editor_policy


@pytest.fixture
def pipeline(install_plugin, tmp_path: Path) -> Pipeline:
    return Pipeline.from_policy(make_editor_policy(install_plugin, tmp_path))


def located(pipeline: Pipeline, source: str, name: str) -> dict[str, tuple[int, int]]:
    draft = draft_from_bytes(source.encode(), name)
    verdict = review_draft(pipeline, draft)
    return {f.rule: (f.line or 0, f.column or 0) for f in verdict.findings if f.field == "text"}


def position(source: str, needle: str) -> tuple[int, int]:
    at = source.index(needle)
    return source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1


def _shift(source: str, after: int, needle: str) -> tuple[int, int]:
    """`position` of the first `needle` at or after offset `after`."""
    at = source.index(needle, after)
    return source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1


def test_txt_keeps_ordinary_comments(pipeline: Pipeline) -> None:
    source = f"本周开展消防宣传。\n<!-- 限时秒杀，联系{MOBILE} -->\n欢迎参加。\n"
    found = located(pipeline, source, "post.txt")
    assert found["rp_ed_word/hit"] == position(source, "秒杀")
    assert found["pii/CN_MOBILE"] == position(source, MOBILE)


def test_txt_directives_are_still_not_text(pipeline: Pipeline) -> None:
    draft = draft_from_bytes("<!-- review-pipeline: allow rp_ed_word/hit 理由：活动名称 -->\n限时秒杀。\n".encode(), "a.txt")
    assert "review-pipeline" not in draft.document.text and len(draft.directives) == 1


def test_markdown_comments_stay_invisible(pipeline: Pipeline) -> None:
    assert "秒杀" not in draft_from_bytes("正文。\n<!-- 限时秒杀 -->\n".encode(), "a.md").document.text


HTML = f"""<html><head>
<title>通知</title>
<meta name="description" content="限时秒杀，电话{MOBILE}">
<meta property="og:description" content="限时秒杀，电话{MOBILE}">
<meta property="og:title" content="关于消防宣传的通知">
</head><body>
<p>本周开展消防宣传。<img src="a.png" alt="抢购现场" title="联系{MOBILE}"></p>
<p><a href="#" title="限时秒杀">详情</a></p>
</body></html>
"""


def test_html_description_alt_and_title_are_reviewed(pipeline: Pipeline) -> None:
    draft = draft_from_bytes(HTML.encode(), "a.html")
    verdict = review_draft(pipeline, draft)
    spots = sorted((f.rule, f.line, f.column) for f in verdict.findings if f.field == "text")
    og = HTML.index("og:description")
    expected = sorted([
        ("rp_ed_word/hit", *position(HTML, "秒杀")),  # description
        ("pii/CN_MOBILE", *position(HTML, MOBILE)),
        ("rp_ed_word/hit", *_shift(HTML, og, "秒杀")),  # og:description: published too, reviewed too
        ("pii/CN_MOBILE", *_shift(HTML, og, MOBILE)),
        ("rp_ed_word/hit", *position(HTML, "抢购")),  # img alt
        ("pii/CN_MOBILE", *position(HTML, f"联系{MOBILE}")[:1], position(HTML, f"联系{MOBILE}")[1] + 2),  # img title
        ("rp_ed_word/hit", *position(HTML, "秒杀\">")),  # a title
    ])  # fmt: skip
    assert spots == expected
    assert draft.document.text.startswith(f"限时秒杀，电话{MOBILE}\n\n限时秒杀，电话{MOBILE}\n\n本周开展消防宣传。")


def test_html_entities_in_attributes_map_to_the_whole_value() -> None:
    source = '<meta name="description" content="A &amp; B 秒杀"><p>正文</p>'
    draft = draft_from_bytes(source.encode(), "a.html")
    at = draft.document.text.index("A & B 秒杀")
    start, end = draft.text_map.source_span(at, at + len("A & B 秒杀"))
    assert source[start:end] == "A &amp; B 秒杀"


MARKDOWN = f"""---
title: 关于消防宣传的通知
summary: 限时秒杀，电话{MOBILE}
subtitle: "活动“抢购”须知"
tags: [消防, 宣传]
cover: https://example.cn/a.png
layout: post
weight: 3
---
本周开展消防宣传。
"""


def test_markdown_front_matter_prose_is_reviewed(pipeline: Pipeline) -> None:
    draft = draft_from_bytes(MARKDOWN.encode(), "a.md")
    text = draft.document.text
    assert text.startswith(f"限时秒杀，电话{MOBILE}\n\n活动“抢购”须知\n\n消防\n\n宣传\n\n本周")
    assert "example.cn" not in text and "post" not in text  # links and machine keys are not prose
    assert draft.document.meta["summary"] == f"限时秒杀，电话{MOBILE}"  # still in meta as well
    found = located(pipeline, MARKDOWN, "a.md")
    assert found["pii/CN_MOBILE"] == position(MARKDOWN, MOBILE)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_redact_reaches_the_extra_fields(pipeline: Pipeline, tmp_path: Path, fmt: str) -> None:
    source = MARKDOWN if fmt == "md" else HTML
    path = tmp_path / f"post.{fmt}"
    path.write_text(source, encoding="utf-8")
    draft = read_draft(path)
    verdict = pipeline.review(draft.document)
    redacted = redact_draft(draft, verdict.redacted).decode()
    assert MOBILE not in redacted


def test_check_reports_the_summary_line(install_plugin, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = make_editor_policy(install_plugin, tmp_path)
    path = tmp_path / "post.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert main(["check", "--policy", policy, "--format", "line", str(path)]) == 1
    line, column = position(MARKDOWN, "秒杀")
    assert f"{path}:{line}:{column}: error rp_ed_word/hit" in capsys.readouterr().out
