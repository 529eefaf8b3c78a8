"""Sign-off tiers, round 4 of issue 18: the tense of an event (in progress or concluded, read from
the dates a post writes), after-the-fact outcomes (accountability under 《中国共产党问责条例》第八条,
investigation-report headings, compiled warning cases), and the 气象灾害 of the national taxonomy
(办法第十五条; 《国家突发公共事件总体应急预案》§1.3)."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline
from review_pipeline.checkers.tiers.checker import TiersChecker, TiersOptions, _date_key
from review_pipeline.models import Tier


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def tier(pipeline: Pipeline, text: str, title: str | None = None) -> Tier:
    return pipeline.review(Document(text=text, title=title)).sign_off.tier


def reasons(pipeline: Pipeline, text: str) -> list[str]:
    return [r.message for r in pipeline.review(Document(text=text)).sign_off.reasons]


# --- the tense of the event ---------------------------------------------------------------------


ACCOUNTABILITY = (
    "10月12日，省纪委发布通报，对某煤矿瓦斯爆炸事故中有关领导干部进行问责，给予该县县长党内警告处分，"
    "对分管副县长诫勉谈话。今年9月13日，该煤矿发生瓦斯爆炸事故，造成10人遇难、8人受伤。"
)


def test_an_accountability_circular_a_month_after_the_accident_is_important(pipeline: Pipeline) -> None:
    assert tier(pipeline, ACCOUNTABILITY, title="省纪委对煤矿10人遇难事故进行问责") == "important"


def test_the_reason_names_the_date_that_made_the_event_past(pipeline: Pipeline) -> None:
    messages = " ".join(reasons(pipeline, ACCOUNTABILITY))
    assert "「9月13日」" in messages and "事后报道" in messages


@pytest.mark.parametrize(
    "text",
    [
        # the accident and the report on the same day: an initial notice
        "9月13日，某煤矿发生瓦斯爆炸事故，造成10人遇难、8人受伤。9月13日晚，省应急管理厅派出工作组。",
        # a week on, the victims still being counted: within `concluded_days`
        "6月1日，某县突发山洪，造成5人死亡、3人失踪。6月7日，搜救工作仍在进行，已转移群众1200人。",
        # a date that closes a range (延长至…) is not when the post speaks
        "4月7日12时至4月8日12时，本市新增本土阳性感染者5例，主城区停止一切非必要流动，延长至4月30日零时。",
    ],
)
def test_an_event_dated_near_the_post_stays_major(pipeline: Pipeline, text: str) -> None:
    assert tier(pipeline, text) == "major"


def test_rescue_still_under_way_keeps_an_older_event_current(pipeline: Pipeline) -> None:
    text = (
        "11月2日，救援指挥部通报最新进展。10月10日，某矿发生透水事故，造成3人死亡，目前仍有2人被困，"
        "搜救正在进行。"
    )
    assert tier(pipeline, text) == "major"


@pytest.mark.parametrize(
    ("phrase", "key"),
    [("2021年6月10日", (2021, 6, 10)), ("9月13日", (None, 9, 13)), ("10月2日", (None, 10, 2))],
)
def test_date_phrases_read_as_year_month_day(phrase: str, key: tuple[int | None, int, int]) -> None:
    assert _date_key(phrase) == key


@settings(max_examples=25, deadline=None)
@given(gap=st.integers(min_value=0, max_value=12))
def test_an_event_reported_within_the_window_is_never_concluded(gap: int) -> None:
    """Invariant: whatever the gap below `concluded_days`, the dated accident stays major."""
    checker_pipeline = tiers_pipeline()
    assert TiersOptions().concluded_days > 12
    text = (
        f"5月{1 + gap}日，应急管理局通报：5月1日，某化工厂发生爆炸事故，造成3人死亡、5人受伤，"
        "事故原因正在调查。"
    )
    assert checker_pipeline.review(Document(text=text)).sign_off.tier == "major"


def test_the_window_is_a_policy_option() -> None:
    checker = TiersChecker(TiersOptions(concluded_days=60))
    assert checker.options.concluded_days == 60


# --- outcomes after the fact ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # 《中国共产党问责条例》第八条: 通报, 诫勉, 检查
        "市效能办对安全监管履职不到位问题严肃问责追责，对16名干部进行诫勉谈话，通报批评4个责任单位，"
        "责令5个单位作出书面检查。",
        # the headings of an investigation report
        "某矿业公司“12·17”重大火灾事故\n事故概况\n2015年12月17日12时许，该公司井下发生重大火灾事故，"
        "造成17人死亡、17人受伤。\n事故经过\n当日8时，副矿长带领6名工人从事焊接作业。\n直接原因\n"
        "焊渣引燃木背板。",
        # warning cases compiled by a government body
        "省政府安委办发布近年5月份我省事故典型警示案例。国道某线“5·4”较大道路交通事故：2021年5月4日，"
        "一辆电动三轮车与重型半挂牵引车相撞，造成3人死亡。",
    ],
)
def test_official_outcomes_after_an_accident_are_important(pipeline: Pipeline, text: str) -> None:
    assert tier(pipeline, text) == "important"


def test_symptoms_investigated_and_ruled_out_are_important(pipeline: Pipeline) -> None:
    text = (
        "针对网友反映某中学9名学生呕吐腹泻一事，县疾控中心经流行病学调查，初步排除因食源性引起的呕吐"
        "腹泻症状，目前8名学生身体均无异常。"
    )
    assert tier(pipeline, text) == "important"


def test_period_counts_in_person_times_are_statistics(pipeline: Pipeline) -> None:
    text = (
        "一季度全国自然灾害呈现以下特点：以地震、地质灾害为主，风雹、洪涝也有不同程度发生。"
        "各种自然灾害共造成120.4万人次不同程度受灾，死亡失踪160人，紧急转移安置14.9万人次。"
    )
    assert tier(pipeline, text) == "important"


# --- 气象灾害 of the national taxonomy -------------------------------------------------------------


def test_a_hailstorm_with_people_affected_and_houses_damaged_is_major(pipeline: Pipeline) -> None:
    text = (
        "5月20日下午，我县遭受冰雹袭击，冰雹最大直径3厘米。截至21日10时统计，此次灾害造成6个乡镇"
        "受灾人口7467人，损坏房屋10间。"
    )
    assert tier(pipeline, text) == "major"


def test_a_hail_forecast_is_not_an_event(pipeline: Pipeline) -> None:
    text = "县气象台预计，明天午后我县北部有雷阵雨，局地伴有冰雹和短时大风，请注意防范。"
    assert tier(pipeline, text) != "major"


def test_an_earthquake_that_damaged_houses_is_major(pipeline: Pipeline) -> None:
    text = "某县发生4.9级地震致部分房屋门窗损坏，暂未收到人员伤亡报告，省地震局启动地震应急Ⅳ级响应。"
    assert tier(pipeline, text) == "major"


# --- routine work and rebuttals ---------------------------------------------------------------


def test_a_township_urgent_flood_meeting_without_damage_is_routine(pipeline: Pipeline) -> None:
    text = (
        "5月31日晚，李家镇召开防汛抗洪紧急会议，部署防汛工作。会议要求加强隐患排查，做好转移准备，"
        "做到有汛情报汛情，没汛情报平安。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_township_meeting_that_counts_people_moved_is_major(pipeline: Pipeline) -> None:
    text = "7月28日，我镇召开防汛工作紧急会议，安排部署台风防范应对工作。截至目前，共转移安置群众92户175人。"
    assert tier(pipeline, text) == "major"


def test_a_spaced_rebuttal_heading_is_a_rebuttal(pipeline: Pipeline) -> None:
    text = "辟 谣\n近日，有微信群传播一则打架视频，谣传发生在本市。经向公安部门核实，此事并非如网络所传发生在本市。"
    assert tier(pipeline, text) == "important"


# --- pages printed with pinyin after their characters (mirror sites) -----------------------------


def test_a_glossed_page_is_read_without_its_pinyin_and_reasons_point_at_the_original(
    pipeline: Pipeline,
) -> None:
    text = "5月6日,縣政府第三次常務(wù)會(huì)議召開,縣長(zhǎng)主持會(huì)議,研究城市建設(shè)、安全生產(chǎn)等問題。"
    result = pipeline.review(Document(text=text))
    assert result.sign_off.tier == "important"
    meeting = next(r for r in result.sign_off.reasons if r.rule == "tiers/important_meeting")
    assert meeting.start is not None and meeting.end is not None
    assert text[meeting.start : meeting.end] == meeting.excerpt
    assert "(wù)" in meeting.excerpt  # the original words, glosses and all
