"""Sign-off tiers, round 6 of issue 18: what separates important from ordinary on hosts the rules
were not written from (probe `dev-11`), each kind of evidence an explicit rule, on short posts
(办法第十五条 重要信息; 第十六条 公开重大决策; 第二十一条 回应关切). Sentences written here; the
real posts are in tests/data/tiers_real/."""

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


# One row per kind of evidence: (what the post says, the rule that must decide it important).
IMPORTANT = [
    # issuer + counted projects signed or started together (第十六条 重大事项)
    ("县举行重点项目集中签约活动，集中签约的12个项目计划总投资56亿元。", "tiers/important_project"),
    ("11月2日，某区举行招商引资重点项目集中开工、签约仪式，23个项目集中开工。", "tiers/important_project"),
    # the government work report in its own formula
    ("各位代表：现在，我代表县人民政府，向大会报告政府工作，请予审议。", "tiers/important_meeting"),
    # a response to an online claim: two signs of checking and denial
    (
        "针对网传视频，县教育局经调查核实，该视频并非我县学生，已对造谣者依法查处。",
        "tiers/important_rumor",
    ),
    (
        "网传某小学学生被打视频，经初步核查情况属实，县里已成立联合调查组，涉事学校负责人已被停职。",
        "tiers/important_rumor",
    ),
    # appointments in their legal formula
    ("县人大常委会会议决定任命李某为县人民政府副县长、代理县长。", "tiers/important_personnel"),
    ("会议表决决定，免去王某某的县卫生健康局局长职务。", "tiers/important_personnel"),
    # a statistics release in the bureau's words
    ("初步核算，前三季度全县生产总值118亿元，按可比价格计算，同比增长5.6%。", "tiers/important_statistics"),
    # a numbered announcement promulgating a regulation
    ("某市人民代表大会常务委员会公告 第十二号 《某市物业管理条例》现予公布。", "tiers/important_policy"),
    # a public-service price set by government
    ("市发展和改革委员会将于下月召开出租汽车运价调整听证会。", "tiers/important_price"),
    ("县发改局组织召开公交票价调整方案听证会，广泛征求社会各界意见。", "tiers/important_price"),
    # a report to the people's congress standing committee in its formula
    (
        "主任、各位副主任、各位委员：我受区人民政府的委托，向区人大常委会报告2022年度区本级预算执行和其他财政收支审计情况，请予审议。",
        "tiers/important_meeting",
    ),
    # food-safety sampling results in batches
    (
        "市市场监督管理局开展食品安全监督抽检，现公示抽检食品376批次，合格357批次，不合格19批次。",
        "tiers/important_statistics",
    ),
]


@pytest.mark.parametrize(("text", "rule"), IMPORTANT)
def test_each_kind_of_evidence_makes_a_post_important(pipeline: Pipeline, text: str, rule: str) -> None:
    tier, rules = route(pipeline, text)
    assert tier == "important" and rule in rules, (tier, rules)


@pytest.mark.parametrize(
    "text",
    [
        # one sign of checking alone is ordinary wording (a hotline reply)
        "经核查，您反映的该路段路灯已于昨日修复，感谢您的监督。",
        # a bare appointment word outside the legal formula
        "社区为志愿服务队颁发了任命书，王大爷被推选为楼栋长。",
        # a template with placeholder numbers (范文)
        "各乡镇：为贯彻落实《关于开展乡村医生签约服务的指导意见》(卫办农卫发〔20xx〕28号)精神，现将实施方案印发给你们。",
        # what a warning level means
        "暴雨蓝色预警是暴雨预警中的最低级别，表示12小时内降雨量将达50毫米以上。",
        # a dictionary page
        "新闻发布会的意思解释 【意思解释】政府机关、社会团体向新闻界发布新闻或介绍情况的一种方式。",
    ],
)
def test_look_alikes_stay_ordinary(pipeline: Pipeline, text: str) -> None:
    tier, rules = route(pipeline, text)
    assert tier == "ordinary", rules


def test_a_masked_document_with_real_figures_is_still_the_document(pipeline: Pipeline) -> None:
    # only missing numbers make a template: a real report with its year masked is the report
    tier, _ = route(
        pipeline, "各位代表：现在，我代表某县人民政府，向大会报告政府工作，请予审议。20XX年工作回顾。"
    )
    assert tier == "important"


def test_counted_people_moved_in_the_next_sentence_make_the_earthquake_major(pipeline: Pipeline) -> None:
    lead = "某县19日19时32分发生5.1级地震，震源深度10公里。截至20日凌晨2时，暂无人员伤亡和住房倒塌的情况报告"
    tier, rules = route(pipeline, lead + "，当地已妥善转移安置群众31户86人。")
    assert tier == "major" and "tiers/major_disaster" in rules
    # without the count the same report is emergency information
    tier, _ = route(pipeline, lead + "。")
    assert tier == "important"


def test_a_published_investigation_result_is_important_not_major(pipeline: Pipeline) -> None:
    tier, _ = route(
        pipeline, "11月9日，市公安局交警支队公布了高速“817”致5死3伤较大道路交通事故深度调查结果。"
    )
    assert tier == "important"


def test_schools_closed_across_a_city_for_a_typhoon_are_a_city_wide_decision(pipeline: Pipeline) -> None:
    text = "经市防汛抗旱指挥部会商同意，从9月4日17:00起至9月5日全天，全市中小学校、中职学校、幼儿园停课。"
    tier, rules = route(pipeline, text)
    assert tier == "major" and "tiers/major_city_decision" in rules
    # one school's closure stays important
    tier, _ = route(pipeline, "因教学楼维修，某小学9月5日停课一天。")
    assert tier != "major"


def test_a_commemoration_appended_under_a_one_sentence_report_does_not_route_it_ordinary(
    pipeline: Pipeline,
) -> None:
    # the lead reaches past a bare headline; a whole first sentence reporting deaths keeps its tier
    report = "某高速公路致11人死亡交通事故原因初步查明，肇事货车司机已被控制。"
    appendix = "5月12日是防灾减灾日，区民政局在广场开展防灾减灾宣传，发放宣传资料。"
    tier, _ = route(pipeline, report + "\n" + appendix)
    assert tier == "major"
    # a bare headline followed by the commemoration is still read as the commemoration's post
    tier, _ = route(pipeline, "防灾减灾日\n" + appendix)
    assert tier == "ordinary"
