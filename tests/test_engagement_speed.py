"""Engagement on long fields (issue 20, round 3): the finders share one index of the field's hits
(text.spans.SpanIndex), so the work grows with the text, not with actions x cues x routes x
negators; a long field gives, copy for copy, the findings of its paragraph."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from review_pipeline.models import Document
from review_pipeline.text.analysis import FieldAnalysis
from review_pipeline.text.spans import SpanIndex

# Paragraphs in the style of real notices: gates, incentives, prohibitions, routes, options,
# reported demands and statutory clients, each closed by a line break so copies do not touch.
PARAGRAPHS = [
    "请各位家长务必关注“平安校园”公众号，点击菜单栏进入报名页面，否则不能参加。"
    "欢迎关注本号，转发点赞有礼。不得强制要求群众下载政务APP。"
    "下载APP后可办理高龄补贴申报，也可通过线下窗口办理。"
    "市民需先关注公众号并回复“预约”即可报名，关注后方可参与抽奖。\n",
    "关注本公众号后回复姓名即可报名参加活动。下载“皖事通”APP后进入高龄补贴申报页面。"
    "凭关注截图到现场领取纪念品。点赞量前200名可获得奖品。学校要求家长下载某APP。\n",
    "1.关注“某某发布”公众号\n2.点击菜单进入投票页面\n"
    "刷粉兼职都是诈骗，切勿下载不明APP。转发集满30个赞可领取礼品，必须转发。\n",
    "退税请下载“个人所得税”APP办理。用户可以下载对应的APP，注册登录后，在“医保缴费”栏目中进行操作。\n",
]


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    checker = EngagementChecker(EngagementOptions())
    # load jieba's tables now: the timing below is the checker's, not a one-time load
    assert isinstance(3 in FieldAnalysis("关注公众号后回复即可报名").words, bool)
    return checker


def found(checker: EngagementChecker, text: str) -> list[tuple[str, int, int, str]]:
    doc = Document(text=text)
    return sorted((f.rule, f.start, f.end, f.source or "") for f in checker.check(doc, CheckContext(doc)))


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_a_long_field_gives_each_copy_of_its_paragraph_the_paragraph_s_findings(checker, paragraph):
    one = found(checker, paragraph)
    assert one, "each paragraph has something to find"
    copies = 144_000 // len(paragraph) + 1
    started = time.perf_counter()
    many = found(checker, paragraph * copies)
    elapsed = time.perf_counter() - started
    expected = sorted(
        (rule, start + k * len(paragraph), end + k * len(paragraph), source)
        for k in range(copies)
        for rule, start, end, source in one
    )
    assert many == expected
    # a scan per action took over a minute here; the shared index takes about a second
    assert elapsed < 30, elapsed


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=40
)


@given(spans, st.integers(-10, 240), st.integers(0, 60))
def test_span_index_finds_what_a_scan_finds(items, lo, width):
    hits = [(s, e, k) for k, (s, e) in enumerate(sorted(items, key=lambda span: span[1]))]
    index = SpanIndex(hits)
    hi = lo + width
    assert index.starting(lo, hi) == [h for h in hits if lo <= h[0] < hi]
    assert index.covers(lo, hi) == any(s <= lo and hi <= e for s, e, _ in hits)


def test_span_index_keeps_the_given_order_among_equal_ends():
    # a PhraseIndex gives hits ending together in its own order; the first that fits must win
    index = SpanIndex([(3, 8, "long"), (6, 8, "short"), (1, 4, "early")])
    assert [p for _, _, p in index.spans] == ["early", "long", "short"]
    assert [p for _, _, p in index.starting(0, 10)] == ["early", "long", "short"]


# Round 8: one line without a sentence stop, a clause break or any punctuation (a scraped page
# flattened into one run) — every finder asked "what stands in this sentence" of the whole field,
# and the word limits walked back to the run's start per query: 48,000 characters took over five
# minutes, 1.8 MB timed out (fail-closed). Now the ranges asked are bounded and the run's limits
# are found by bisection.
ONE_LINE_UNITS = [
    "关注公众号后方可报名参加",
    "学校要求家长下载某APP不得强制转发点赞，",
    "1.欢迎关注本公众号可以了解更多活动信息并下载APP报名参与抽奖也可以到现场办理或拨打电话",
]


@pytest.mark.parametrize("unit", ONE_LINE_UNITS)
def test_a_one_line_field_without_stops_is_read_in_time_with_each_copy_s_findings(checker, unit):
    one = found(checker, unit)
    copies = 48_000 // len(unit) + 1
    started = time.perf_counter()
    many = found(checker, unit * copies)
    elapsed = time.perf_counter() - started
    assert len(many) == len(one) * copies
    assert elapsed < 60, elapsed


long_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 120)).map(lambda p: (p[0], p[0] + p[1])), max_size=40
)


@given(long_spans, st.integers(-10, 240), st.integers(0, 60))
def test_span_index_with_long_spans_finds_what_a_scan_finds(items, lo, width):
    """Spans longer than a word (a reported passage to its sentence end) take the index's
    other path: same answers as a scan, in the same order."""
    hits = [(s, e, k) for k, (s, e) in enumerate(sorted(items, key=lambda span: span[1]))]
    index = SpanIndex(hits)
    hi = lo + width
    expected = [h for h in hits if lo <= h[0] < hi]
    assert index.starting(lo, hi) == expected
    assert sorted(index.iter_starting(lo, hi), key=lambda h: (h[0], hits.index(h))) == sorted(
        expected, key=lambda h: (h[0], hits.index(h))
    )
    assert [h[0] for h in index.iter_starting(lo, hi)] == sorted(h[0] for h in expected)
    assert index.any_starting(lo, hi) == bool(expected)
    assert index.covers(lo, hi) == any(s <= lo and hi <= e for s, e, _ in hits)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["1.关注“某某发布”公众号", "2.点击菜单进入投票页面", "\n", "\n\n", "x"]), max_size=10))
def test_numbered_steps_ending_with_a_line_break_are_read_to_the_end(pieces):
    """A procedure whose last line break ends the text (1.关注……\\n2.点击……\\n) is read to its end
    (the step finder once looked for a line after that break forever)."""
    text = "".join(pieces)
    checker = EngagementChecker(EngagementOptions())
    doc = Document(text=text)
    list(checker.check(doc, CheckContext(doc)))
