"""Attribution behaviour added in round 5 (办法第二十条): more legitimate provincial and local sources read
as what they are (department accounts, party-media apps and groups, zones, people's organisations, central
organs' papers), source lines as real pages write them, and template notices that are not about the item.
Sentences here are written for the tests; the real pages are in tests/data/repost_real/."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.attribution import AttributionChecker
from review_pipeline.checkers.attribution.organs import OrganReader
from review_pipeline.checkers.attribution.statements import _REPORTING, read_marks, regions
from review_pipeline.text.fold import fold
from tests.checker_support import findings, module_checker

SOURCES = Path(__file__).resolve().parents[1] / "lexicons" / "sources"

BODY = (
    "9月15日，全县2024年中青年干部培训班在县委党校开班，县委常委、组织部部长出席开班式并讲话。\n"
    "本次培训为期一周，学员将围绕基层治理、乡村振兴等内容开展专题学习，并赴先进地区现场教学。\n"
)

checker = module_checker("attribution")


@functools.cache
def _reader() -> OrganReader:
    return OrganReader(SOURCES / "places.tsv", SOURCES / "organs.tsv")


@pytest.fixture(scope="module")
def reader() -> OrganReader:
    return _reader()


def loud(checker: AttributionChecker, **fields: object) -> list[str]:
    return [f.rule for f in findings(checker, **fields) if f.severity != "info"]


# --- organs and party media by form -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "驻马店网",  # 店 inside the place's name is not a shop
        "温州宣传网",  # the publicity department's site
        "白城城市管理",  # a department's account: place + department
        "长沙住建",
        "秀山教育",
        "掌上长沙",  # a city party paper's app
        "无线苏州",
        "健康上海12320",  # prefix + place + service hotline
        "长沙经开区",  # a zone alone: its management committee
        "两江新区",
        "郑州航空港",
        "澧县县委党校",
        "青岛海关",
        "南京市疾控中心",
        "长沙市12345热线",
        "长沙市红十字会",
        "湖南卫视",
        "长沙晚报报业集团",  # 集团 after a party paper is not a company
        "成都传媒集团",
    ],
)
def test_local_organs_and_party_media_read_by_form(reader: OrganReader, name: str) -> None:
    assert reader.read(fold(name)) is not None, name


@pytest.mark.parametrize(
    "name",
    ["长沙银行", "深圳科技", "驻马店商场", "长沙经开区某某有限公司", "湖南省作家协会", "北京体育"],
)
def test_companies_and_trades_stay_unread(reader: OrganReader, name: str) -> None:
    assert reader.read(fold(name)) is None, name


def test_a_platform_is_not_a_county_news_site(checker: AttributionChecker) -> None:
    # 凤凰网 would read as 凤凰县 + 网; it is a commercial portal
    rules = loud(checker, text=BODY + "来源：凤凰网", kind="repost")
    assert "attribution/unapproved_source" in rules


@pytest.mark.parametrize(
    "source",
    [
        "中国法学网",  # a national people's organisation's site
        "人民司法",  # the Supreme People's Court's journal
        "紫金山新闻",  # a city party paper's app
        "台海网",
        "侠客岛",  # a central paper's column
        "中华人民共和国中央人民政府",  # a central organ under the state's full name
        "中国人民银行长沙中心支行",  # a branch of a central organ
    ],
)
def test_listed_and_central_sources_pass(checker: AttributionChecker, source: str) -> None:
    assert loud(checker, text=BODY + f"来源：{source}", kind="repost") == []


# --- source lines as pages write them ------------------------------------------------------------


def _names(text: str) -> list[str]:
    folded = fold(text)
    marks = read_marks(folded, regions(folded, 6, 8, 500), name_lines=True)
    return [folded[s.start : s.end] for s in marks.statements]


def test_bracketed_label_and_periodical_issue() -> None:
    assert "人民司法" in _names("【作者简介】某省高级人民法院\n【文章来源】《人民司法》2015年第13期\n" + BODY)


def test_address_field_and_url_end_the_name() -> None:
    names = _names(BODY + "转载来源:中华人民共和国中央人民政府 来源地址:http://www.gov.cn/xinwen/a.htm")
    assert names == ["中华人民共和国中央人民政府"]


def test_reporter_credit_run_into_the_unit_is_cut_but_not_a_bureau() -> None:
    assert "紫金山新闻" in _names(BODY + "内容来源:南京日报/紫金山新闻记者杨凡")
    assert any(
        n.startswith("中国日报河南记者站") for n in _names(BODY + "来源:中国日报河南记者站(记者 向明超)")
    )


def test_dated_wire_dateline_running_into_the_text(checker: AttributionChecker) -> None:
    text = "中新网8月2日电据中国之声报道,某地今日启用新的政务服务平台。\n" + BODY
    assert any(name.startswith("中新网") for name in _names(text))
    assert loud(checker, text=text, kind="repost") == []


def test_credit_mid_line_with_a_following_field(checker: AttributionChecker) -> None:
    text = BODY + "大家一起守护家园!图文:来自白城城市管理排版:市城管局宣传教育科"
    assert "白城城市管理" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_notice_about_part_of_a_site_is_a_template(checker: AttributionChecker) -> None:
    text = BODY + "声明:本媒体部分图片、文章来源于网络,版权归原作者所有,如有侵权,请联系删除。"
    assert loud(checker, text=text) == []


def test_a_statement_about_this_item_still_counts(checker: AttributionChecker) -> None:
    text = BODY + "文章来源于网络,如有侵权请联系删除。"
    assert "attribution/untraceable" in loud(checker, text=text)


def test_readings_are_memoised_per_name(checker: AttributionChecker) -> None:
    first = loud(checker, text=BODY + "来源：温州宣传网", kind="repost")
    again = loud(checker, text=BODY + "来源：温州宣传网", kind="repost")
    assert first == again == []


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["住建", "城管", "宣传网", "财政", "统计", "12345", "卫视"]),
    st.sampled_from(["长沙", "驻马店", "温州", "白城", "锡林郭勒", "黔东南", "延边"]),
)
def test_place_plus_department_reads_as_that_place(place_word: str, place: str) -> None:
    """Invariant: place + department word reads as an organ of that place, whatever the place."""
    organ = _reader().read(fold(place + place_word))
    assert organ is not None and organ.place.startswith(place)


def test_prose_in_which_another_units_reporter_reports(checker: AttributionChecker) -> None:
    text = "24日0时10分左右,顶端新闻记者联系到当地派出所,一工作人员表示警方已经介入。\n" + BODY
    assert "顶端新闻" in _names(text)
    assert loud(checker, text=text, kind="repost") == []


def test_prose_that_only_mentions_a_reporter_is_not_a_credit(checker: AttributionChecker) -> None:
    text = "一车间一位女工告诉财新记者,当时她正在车间上班,听到有人喊快跑。\n" + BODY
    assert _REPORTING.search(fold(text)) is None
    assert loud(checker, text=text) == []


@pytest.mark.parametrize("source", ["市说新语", "工信微报", "中国普法", "指尖白城"])
def test_ministry_accounts_and_city_apps(checker: AttributionChecker, source: str) -> None:
    assert loud(checker, text=BODY + f"来源：{source}", kind="repost") == []


def test_a_channel_notice_naming_what_it_reposts(checker: AttributionChecker) -> None:
    text = BODY + "内容均转载广东电视台,转载目的在于传递更多信息,并不代表本频道赞同其观点。"
    assert loud(checker, text=text, kind="repost") == []
