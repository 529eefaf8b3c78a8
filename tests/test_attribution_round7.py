"""Attribution behaviour added in round 7 (办法第二十条): source statements in more of the layouts copying sites and
micro-blogs use (a topic tag and a bracketed headline before the dateline, `来源:单位:作者`, a label whose value is
printed on the next line, a unit closing a date-and-authors line, a site's own name in brackets), and more names
read as approved (the 2016 edition of the national list, brands of listed papers, central organs' journals, a
county's news group, a place's people's armed forces department and its field papers). Sentences here are
written for the tests; the real pages are in tests/data/repost_real/ (batches round-7 and fresh-10)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.sources import SourceTable
from review_pipeline.checkers.attribution.statements import read_marks, regions
from review_pipeline.text.fold import fold
from tests.checker_support import findings, module_checker

BODY = (
    "6月19日，全市进入梅雨期，气象部门预计未来三天有大到暴雨，局部大暴雨。\n"
    "各地要加强巡查，提前转移危险区群众，确保人民群众生命安全。\n"
)

checker = module_checker("attribution")


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


def named(checker: AttributionChecker, **fields: object) -> list[str]:
    text = str(fields["text"])
    return [text[f.start : f.end] for f in findings(checker, **fields) if f.field == "text" and f.end > f.start]


def _names(text: str, name_lines: bool = False) -> list[str]:
    folded = fold(text)
    marks = read_marks(folded, regions(folded, 6, 8, 500, 120), name_lines=name_lines)
    return [folded[s.start : s.end] for s in marks.statements]


# --- layouts ------------------------------------------------------------------------------------


def test_dateline_after_a_micro_blog_headline(checker: AttributionChecker) -> None:
    text = "#身边事#【全市查处酒驾45人】嘉兴交警讯 昨天晚上，全市开展夜查行动。\n" + BODY
    assert "嘉兴交警" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_account_message_after_a_bracketed_headline(checker: AttributionChecker) -> None:
    text = "【省防汛抗旱指挥部启动Ⅳ级应急响应】安徽省应急管理厅微信公众号消息,6月19日全省进入梅雨期。\n" + BODY
    assert loud(checker, text=text, kind="repost") == []


def test_reported_source_right_after_a_bracketed_headline() -> None:
    assert "新华社" in _names("【重要通知】据新华社消息,国务院常务会议部署防汛工作。\n" + BODY)


def test_bracketed_headline_is_not_a_site_name(checker: AttributionChecker) -> None:
    # a headline in brackets is not the publisher's own name: the unlisted source still draws a warning
    text = "【一晚上查处45人】\n" + BODY + "来源:某某资讯网\n"
    assert "attribution/unapproved_source" in loud(checker, text=text)


def test_unit_then_author_after_a_colon(checker: AttributionChecker) -> None:
    text = BODY + "来源:二酉乡党政办:张某\n编辑:李某\n"
    assert loud(checker, text=text, kind="repost") == []
    assert "二酉乡党政办" in named(checker, text=text, kind="repost")


def test_label_value_on_the_next_line(checker: AttributionChecker) -> None:
    text = "网传路面塌陷系旧视频\n稿件来源:\n兰州晨报\n发布时间:\n2016-08-25\n" + BODY
    assert "兰州晨报" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_empty_label_above_the_title_line_is_a_template(checker: AttributionChecker) -> None:
    # a news page repeats its title under an empty 来源 field: the title is no source (repost-257's layout)
    text = "首页 > 工作动态\n台组织“记者走基层岁末大行动”\n2014-12-01    作者:    来源:\n台组织“记者走基层岁末大行动”\n" + BODY
    assert loud(checker, text=text) == []


def test_label_followed_by_another_field_stays_empty() -> None:
    # the next line is itself a field: the label names nothing
    assert _names("标题\n来源:\n发布时间:2016-08-25\n" + BODY) == []


def test_unit_closing_a_date_and_authors_line(checker: AttributionChecker) -> None:
    text = "湖南省建成医联体194个\n\n2017-08-31 易某某 红网\n\n" + BODY
    assert "红网" in _names(text, name_lines=True)
    assert loud(checker, text=text, kind="repost") == []


def test_date_and_authors_line_ending_in_a_person_adds_nothing(checker: AttributionChecker) -> None:
    # the line is read, but a name there counts only as a listed unit (as a name alone on a line does)
    text = "2017-08-31 易某某 李某\n" + BODY + "来源:新华社\n"
    assert loud(checker, text=text, kind="repost") == []


def test_site_bracketed_own_name_and_its_paper_are_the_publisher(checker: AttributionChecker) -> None:
    # 【电脑报在线】 opens the item: 来源:电脑报 names the site's own paper, so the item is an original
    text = "【电脑报在线】3月17日，某学院西门，一位父亲蹲在地上。\n" + BODY + "来源:电脑报\n"
    assert loud(checker, text=text) == []


def test_same_lines_declared_a_repost_still_need_an_approved_source(checker: AttributionChecker) -> None:
    text = "【电脑报在线】3月17日，某学院西门，一位父亲蹲在地上。\n" + BODY + "来源:电脑报\n"
    assert "attribution/unapproved_source" in loud(checker, text=text, kind="repost")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要", min_size=2, max_size=30))
def test_any_headline_before_a_dateline_keeps_the_dateline(headline: str) -> None:
    assert "人民网" in _names(f"【{headline}】人民网讯 正文一段话。\n" + BODY)


# --- names read as approved -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "时间视频",  # 新京报's video brand
        "贝壳财经",
        "中国审判",  # 最高人民法院's journal
        "中国高等教育",
        "中国食品安全报",
        "中国报道",  # keeps 报道: a magazine, not 中国 + 报道
        "参考消息",  # keeps 消息
        "安吉新闻集团",  # a county's news group
        "长沙县人武部",
        "江苏工人报",  # a province's trade-union paper
        "陕西科技报",
        "四川农村日报",
        "宣讲家网",  # 2016 edition of the national list
        "新蓝网",
    ],
)
def test_approved_by_name(checker: AttributionChecker, source: str) -> None:
    assert loud(checker, text=BODY + f"来源:{source}\n", kind="repost") == []


@pytest.mark.parametrize("source", ["某某新闻集团有限公司", "某某资讯网", "网络整理"])
def test_still_not_approved(checker: AttributionChecker, source: str) -> None:
    assert loud(checker, text=BODY + f"来源:{source}\n", kind="repost")


def test_brand_counts_as_its_paper_unit(checker: AttributionChecker) -> None:
    # a brand and its paper are one unit: a declared 新京报 and a stated 时间视频 do not mismatch
    text = BODY + "来源:时间视频\n"
    assert loud(checker, text=text, kind="repost", source="新京报") == []


def test_2016_edition_rows_say_their_edition() -> None:
    table = SourceTable.load(["lexicons/sources/approved.tsv", "lexicons/sources/national_list.tsv"])
    entry = table.resolve("宣讲家网")
    assert entry is not None and entry.edition == "2016" and entry.category == "地方新闻网站"
    merged = table.resolve("太原电视台")  # merged broadcaster: the old name is an alias of the station
    assert merged is not None and merged.name == "太原广播电视台"
