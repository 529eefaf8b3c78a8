"""Sign-off tiers, round 5 of issue 18: the classes of error found on the probe `dev-10` (posts from
hosts new to the real-text set), each as behaviour on short posts (办法第十五条、第十六条)."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline

from review_pipeline import Document, Pipeline
from review_pipeline.models import Tier


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def route(pipeline: Pipeline, text: str) -> tuple[Tier, list[str]]:
    sign_off = pipeline.review(Document(text=text)).sign_off
    return sign_off.tier, [r.rule for r in sign_off.reasons]


@pytest.mark.parametrize(
    "text",
    [
        "3月28日上午，区一季度重大项目集中开工仪式在产业园举行，区长宣布12个项目开工，总投资58.5亿元。",
        "9月27日，某区举行三季度重大项目集中签约仪式，签约亿元项目15个，总投资额285亿元。",
        "1月14日，某区举行一季度项目签约和开工誓师大会，签约和开工项目23个，总投资184亿元。",
    ],
)
def test_major_projects_a_government_publishes_are_important(pipeline: Pipeline, text: str) -> None:
    tier, rules = route(pipeline, text)
    assert tier == "important" and "tiers/important_project" in rules


def test_a_leader_visiting_one_project_stays_ordinary(pipeline: Pipeline) -> None:
    tier, _ = route(pipeline, "5月5日上午，县长到某镇调研，实地查看乡村振兴示范项目和产业园区建设情况。")
    assert tier == "ordinary"


def test_responders_counted_are_not_victims(pipeline: Pipeline) -> None:
    # the 15 firefighters and 30 police are the response, not people an event affected
    text = "某地一仓库发生火灾，15名消防官兵和30名民警赶赴现场。"
    sign_off = pipeline.review(Document(text=text)).sign_off
    assert sign_off.tier != "ordinary"
    assert not any("「15名」" in r.message or "「30名」" in r.message for r in sign_off.reasons)
    # victims counted are evidence
    sign_off = pipeline.review(Document(text="某地一仓库发生火灾，15名工人被困。")).sign_off
    assert sign_off.tier == "major" and any("「15名」" in r.message for r in sign_off.reasons)


def test_a_mourning_years_on_is_a_commemoration(pipeline: Pipeline) -> None:
    text = "地震五年祭：民众遗址寄哀思\n2008年5月12日，一场8级大地震造成8万余人遇难。昨日，民众来到遗址悼念遇难者。"
    tier, _ = route(pipeline, text)
    assert tier == "ordinary"


def test_a_page_explaining_a_warning_is_knowledge(pipeline: Pipeline) -> None:
    knowledge = (
        "大风蓝色预警信号是大风预警信号中的第一级别。大风蓝色预警标准：24小时内可能受大风影响，"
        "平均风力可达6级以上。防御指南：关好门窗，加固围板。"
    )
    issued = "县气象台2月28日13时58分发布大风蓝色预警信号，预计未来12小时全县阵风7级以上，请注意防范。"
    assert route(pipeline, knowledge)[0] == "ordinary"
    assert route(pipeline, issued)[0] == "important"


def test_works_that_broke_a_main_are_a_facility_accident(pipeline: Pipeline) -> None:
    accident = "6月16日晚，镇区自来水停水，原因是某村施工将供水管道挖断，导致供水中断，6月17日中午抢修结束。"
    planned = "因管网改造施工，6月20日8时至18时某路沿线停水，请用户提前储水。"
    assert route(pipeline, accident)[0] == "important"
    assert route(pipeline, planned)[0] == "ordinary"


def test_land_acquisition_risk_assessment_is_a_government_notice(pipeline: Pipeline) -> None:
    text = "根据《土地管理法》第四十七条，现开展2024年度土地征收社会稳定风险评估工作，涉及征收总面积86公顷，公示期10天。"
    tier, rules = route(pipeline, text)
    assert tier == "important" and "tiers/important_expropriation" in rules


def test_a_statute_quoted_as_legal_basis_is_knowledge(pipeline: Pipeline) -> None:
    text = (
        "法律依据：《中华人民共和国土地管理法实施条例》\n第二十六条 需要征收土地的，县级以上地方人民政府"
        "应当发布征收土地预公告，并开展拟征收土地现状调查和社会稳定风险评估。"
    )
    assert route(pipeline, text)[0] == "ordinary"


def test_complaints_handled_under_a_central_inspection_are_statistics(pipeline: Pipeline) -> None:
    text = (
        "按照中央生态环境保护督察组工作要求，截至7月9日，全市已对交办的224件信访件进行调查处理，"
        "其中已办结97件，相关案件将持续按照边督边改工作要求推进。"
    )
    tier, rules = route(pipeline, text)
    assert tier == "important" and "tiers/important_statistics" in rules
