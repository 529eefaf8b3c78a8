"""Attribution behaviour added in round 6 (办法第二十条): credits and source lines in more of the forms editors
and copying sites write them (a periodical in 《》 before 记者, `<unit>综合报道`, a unit's programme reporting, a
date before the name, an empty field followed by the next one, one phrase a line), a place's broadcaster
signing as `X台`, and the news brands of provincial party-media groups. Sentences here are written for the
tests; the real pages are in tests/data/repost_real/ (batch round-6)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.statements import read_marks, regions
from review_pipeline.text.fold import fold
from tests.checker_support import findings, module_checker

BODY = (
    "11月20日，全市秋冬季森林防火工作推进会召开，会议通报了前一阶段隐患排查情况。\n"
    "会议要求各地加强巡山护林，严格野外火源管理，确保不发生重大森林火灾。\n"
)

checker = module_checker("attribution")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


def _names(text: str) -> list[str]:
    folded = fold(text)
    marks = read_marks(folded, regions(folded, 6, 8, 500, 120))
    return [folded[s.start : s.end] for s in marks.statements]


# --- credits and bylines ------------------------------------------------------------------------


def test_periodical_in_book_title_marks_before_reporter(checker: AttributionChecker) -> None:
    text = "《瞭望东方周刊》记者王某 特约撰稿李某\n" + BODY
    assert "瞭望东方周刊" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_unit_compiled_report_credit(checker: AttributionChecker) -> None:
    text = BODY + "泰州台综合报道\n编辑:张某\n"
    assert "泰州台" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_reporter_report_credit_is_not_a_unit() -> None:
    # 记者 X 报道 names people: nothing is read as a unit from it
    assert _names(BODY + "记者 张某 李某 报道\n") == []


def test_unit_programme_reporting(checker: AttributionChecker) -> None:
    text = "央视《新闻直播间》报道我市:暴雨过后 消防转移被困群众\n" + BODY
    assert loud(checker, text=text, kind="repost") == []


def test_programme_of_an_unknown_name_is_not_a_source(checker: AttributionChecker) -> None:
    # counts only when the name before the programme is a known unit or organ
    text = "某某传媒《城市夜话》报道:夜市烟火气回来了\n" + BODY
    assert loud(checker, text=text) == []


# --- source lines ---------------------------------------------------------------------------------


def test_date_before_the_name(checker: AttributionChecker) -> None:
    text = "来源:9月30日《新华每日电讯》\n作者:新华每日电讯记者某某\n" + BODY
    assert "新华每日电讯" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


@pytest.mark.parametrize(
    "line",
    [
        "信息来源: 关键词:",  # the field left empty, the next one follows
        "来源: 主题分类: 发布机构:",
        "来源:   栏目:工作动态",
    ],
)
def test_empty_field_before_the_next_field(checker: AttributionChecker, line: str) -> None:
    text = "县人民政府关于做好森林防火工作的通知\n" + line + "\n" + BODY
    assert _names(text) == []
    assert loud(checker, text=text) == []


def test_platform_word_with_colon_is_not_a_field() -> None:
    assert "广西发布" in "".join(_names("来源:微信公众号:广西发布\n" + BODY))


def test_short_lines_layout_reaches_the_source_line(checker: AttributionChecker) -> None:
    lines = ["秋粮收获", "9月22日", "农历秋分", "迎来丰收节", "今年的主题是", "礼赞丰收", "据农业农村部消息"]
    text = "\n".join(lines + ["目前大部分秋粮作物", "进入成熟收获期", "西南地区收获过六成"] * 2 + BODY.split("\n"))
    assert "农业农村部" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["四川观察", "北疆新闻", "第1眼新闻", "新晚报", "西海都市报", "南国早报"])
def test_provincial_party_media_brands(checker: AttributionChecker, name: str) -> None:
    assert loud(checker, text=BODY + f"来源:{name}\n", kind="repost") == []


def test_place_broadcaster_signing_as_tai(checker: AttributionChecker) -> None:
    assert loud(checker, text=BODY + "来源:扬州台\n", kind="repost") == []


def test_commercial_name_still_unapproved(checker: AttributionChecker) -> None:
    assert "attribution/unapproved_source" in loud(checker, text=BODY + "来源:某某文化传播有限公司\n", kind="repost")


# --- invariants ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="秋粮收获据农业农村部消息来源新华社记者报道。,\n ", max_size=30), max_size=40),
    st.integers(min_value=0, max_value=300),
)
def test_regions_are_ordered_and_inside_the_text(lines: list[str], min_chars: int) -> None:
    text = "\n".join(lines)
    spans = regions(text, 6, 8, 500, min_chars)
    assert all(0 <= s <= e <= len(text) for s, e in spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=200))
def test_growing_the_regions_only_adds_text(min_chars: int) -> None:
    text = "\n".join(["一行", "两个字", "三行字"] * 30)
    base = regions(text, 6, 8, 500, 0)
    grown = regions(text, 6, 8, 500, min_chars)
    covered = {i for s, e in grown for i in range(s, e)}
    assert all(i in covered for s, e in base for i in range(s, e))


# --- forms met on the dev side of the fresh-9 batch, after its blind figure was recorded ------------


def test_dateline_running_into_the_text_after_a_news_unit(checker: AttributionChecker) -> None:
    text = "中国天气网讯今年首次寒潮过程来势汹汹，中央气象台今天6时发布寒潮蓝色预警。\n" + BODY
    assert "中国天气网" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


@pytest.mark.parametrize("line", ["移动通讯业务办理指南", "行业资讯汇总", "据悉讯息"])
def test_words_ending_in_xun_are_not_datelines(line: str) -> None:
    assert _names(line + "\n" + BODY) == []


def test_bracketed_unit_closing_a_brief(checker: AttributionChecker) -> None:
    text = BODY.rstrip("\n") + "(市场监管总局网站)\n"
    assert loud(checker, text=text, kind="repost") == []


@pytest.mark.parametrize("closing", ["(完)", "(资料图)", "(张某)"])
def test_bracketed_words_that_name_no_unit(checker: AttributionChecker, closing: str) -> None:
    # an original that closes with (完) or a writer's name stays quiet
    assert loud(checker, text=BODY.rstrip("\n") + closing + "\n") == []


def test_agency_photo_credit_with_bracket(checker: AttributionChecker) -> None:
    text = "来源:时间:2024-09-12\n" + BODY + "新华社发(刘某摄)\n"
    assert loud(checker, text=text, kind="repost") == []


def test_unit_reporter_going_to_the_scene(checker: AttributionChecker) -> None:
    text = "春节刚过，市人社局举办大型现场招聘会。济源晨报记者当天上午前往招聘会现场，看到求职者排起长队。\n" + BODY
    assert loud(checker, text=text, kind="repost") == []


def test_self_word_after_a_space_ends_the_name() -> None:
    names = _names(BODY + "(出处:中国社会科学报 本报记者 王某/摄 张某/文)\n")
    assert names == ["中国社会科学报"]


# --- the title half: a 原标题 the post states ---------------------------------------------------------

REPOST = "来源:新华社\n" + BODY


def _title_rules(checker: AttributionChecker, **fields: object) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in findings(checker, **fields) if f.field == "title"]


def test_stated_original_title_is_compared_when_no_field_declares_it(checker: AttributionChecker) -> None:
    text = "原标题:市气象台发布寒潮蓝色预警\n" + REPOST
    rules = _title_rules(checker, text=text, title="紧急扩散!寒潮来了", kind="repost")
    assert rules == [("attribution/title_altered", "warning")]


@pytest.mark.parametrize(
    "line",
    ["(原标题:《市气象台发布寒潮蓝色预警》)", "原标题:“市气象台发布寒潮蓝色预警”", "【原标题:市气象台发布寒潮蓝色预警】"],
)
def test_stated_original_title_without_brackets_and_quotes(checker: AttributionChecker, line: str) -> None:
    text = REPOST + line + "\n"
    assert _title_rules(checker, text=text, title="市气象台发布寒潮蓝色预警", kind="repost") == []


def test_declared_original_title_wins_over_the_stated_one(checker: AttributionChecker) -> None:
    text = "原标题:完全不同的一句话\n" + REPOST
    rules = _title_rules(
        checker, text=text, title="市气象台发布寒潮蓝色预警", original_title="市气象台发布寒潮蓝色预警", kind="repost"
    )
    assert rules == []


def test_reworded_title_is_an_info_note(checker: AttributionChecker) -> None:
    text = "原标题:一男子因制作、散布不实视频被警方拘留\n" + REPOST
    rules = _title_rules(checker, text=text, title="男子制作散布不实视频 扰乱公共秩序被拘留", kind="repost")
    assert rules == [("attribution/title_reworded", "info")]
