"""Sign-off tiers: the national taxonomy (classes, stated levels), social-security events, document
kinds and plans (办法第十五条; 《国家突发公共事件总体应急预案》; issue 18)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline
from review_pipeline.checkers.tiers import TiersChecker, TiersOptions
from review_pipeline.checkers.tiers.checker import (
    EVENT_CLASSES,
    LEVELS,
    load_categories,
    load_levels,
    load_triggers,
)
from review_pipeline.lexicon import LexiconError
from review_pipeline.models import SignOffReason, Verdict


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def route(pipeline: Pipeline, text: str, title: str | None = None) -> Verdict:
    return pipeline.review(Document(text=text, title=title))


def reason(verdict: Verdict, rule: str) -> SignOffReason:
    return next(r for r in verdict.sign_off.reasons if r.rule == rule)


# --- social-security events are covered like disasters --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "今日上午，30余名村民因征地补偿问题到镇政府门口聚访，拉横幅堵塞大门，"
        "民警到场劝离无效后将3人强制带离。",
        "昨日，某楼盘上百名业主围堵售楼处讨说法，并与工作人员发生肢体冲突，警方已介入处置。",
        "9月1日，部分家长聚集到县委门口并堵路，造成107国道交通中断，现场处置民警依法带离5人。",
        "警情通报：5月6日19时许，城区某路段发生一起持刀伤人案件，造成2人受伤，犯罪嫌疑人已被控制。",
    ],
)
def test_police_notices_of_crowds_petitions_blockades_are_major(pipeline: Pipeline, text: str) -> None:
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "major"
    majors = [r for r in verdict.sign_off.reasons if r.tier == "major"]
    assert any("社会安全事件" in r.message for r in majors)


def test_single_person_dispute_resolved_is_not_a_mass_incident(pipeline: Pipeline) -> None:
    text = "村民陈某因财产纠纷将私家车停在村路中间，民警到场后对其批评教育，陈某表示愿意协商解决。"
    assert route(pipeline, text).sign_off.tier != "major"


def test_food_poisoning_cluster_is_a_public_health_event(pipeline: Pipeline) -> None:
    text = "某小学多名学生午餐后出现呕吐、腹痛症状，已送往县人民医院救治，疾控部门正在开展流行病学调查。"
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "major"
    assert "公共卫生事件" in reason(verdict, "tiers/major_epidemic").message


# --- stated levels ------------------------------------------------------------------------------


def test_stated_level_raises_the_weight_and_is_named(pipeline: Pipeline) -> None:
    quiet = route(pipeline, "受台风影响，我市出现强降雨。")
    assert quiet.sign_off.tier != "major"
    loud = route(pipeline, "受台风影响，我市出现强降雨，市防指已启动防台风Ⅰ级应急响应。")
    assert loud.sign_off.tier == "major"
    message = reason(loud, "tiers/major_disaster").message
    assert "自然灾害" in message and "特别重大" in message and "Ⅰ级应急响应" in message


def test_negated_level_counts_for_nothing(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "受台风影响，我市出现强降雨，目前未启动Ⅰ级应急响应。")
    assert verdict.sign_off.tier != "major"


def test_forecast_level_iv_response_is_important(pipeline: Pipeline) -> None:
    text = "据气象部门预报，明日我县将有暴雨到大暴雨，县防指决定于27日13时启动防汛Ⅳ级应急响应。"
    assert route(pipeline, text).sign_off.tier == "important"


def test_no_casualties_damps_a_hazard_report(pipeline: Pipeline) -> None:
    text = "今日15时44分，玛多县突发5.5级地震，震源深度14公里，截至目前尚未收到人员伤亡报告。"
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "important"


# --- document kinds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "国务院关于推动内蒙古高质量发展的意见\n国发〔2023〕16号\n各省、自治区、直辖市人民政府：",
        "梁政发【2023】7号关于印发梁山县某某管理办法的通知",
        "《河北省人工影响天气管理规定》已经省政府第76次常务会议通过，现予公布。政府令〔2010〕第15号",
        "县人民政府办公室关于印发县农村人居环境整治实施方案的通知",
    ],
)
def test_official_documents_are_important(pipeline: Pipeline, text: str) -> None:
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "important"
    assert "tiers/important_policy" in {r.rule for r in verdict.sign_off.reasons}


def test_a_cited_document_number_does_not_make_news_important(pipeline: Pipeline) -> None:
    text = "镇里组织干部学习《关于加强基层治理的意见》（中发〔2021〕16号），并开展走访慰问活动。"
    assert route(pipeline, text).sign_off.tier == "ordinary"


PLAN_GROUPS = (
    "1.1 编制目的\n为及时妥善处置聚众冲击党政机关、堵塞交通等群体性事件，最大程度减少人员伤亡，制定本预案。"
)
PLAN_FIRE = "某县森林火灾应急预案\n1.1 编制目的\n最大程度减少森林火灾造成的人员伤亡和财产损失。"
PLAN_CLAUSE = "6.2.3 救治伤员\n组织医护人员在扑救现场待命，如有伤员迅速送医院治疗，必要时疏散受威胁群众。"


@pytest.mark.parametrize(
    ("title", "text", "tier"),
    [
        ("某县大规模群体性事件应急预案", PLAN_GROUPS, "important"),
        (None, PLAN_FIRE, "important"),
        (None, PLAN_CLAUSE, "ordinary"),  # a bare clause: no document named, and no event either
    ],
)
def test_plans_are_important_documents_never_events(
    pipeline: Pipeline, title: str | None, text: str, tier: str
) -> None:
    verdict = route(pipeline, text, title)
    assert verdict.sign_off.tier == tier
    capped = [r for r in verdict.sign_off.reasons if "不按重大敏感信息处理" in r.message]
    assert all(r.tier == "important" for r in capped)


def test_an_event_that_started_its_plan_is_still_an_event(pipeline: Pipeline) -> None:
    text = "今日凌晨，某化工厂发生爆炸，已造成2人死亡、5人受伤，当地立即启动应急预案，救援正在进行。"
    assert route(pipeline, text).sign_off.tier == "major"


def test_a_drill_of_the_plan_is_ordinary(pipeline: Pipeline) -> None:
    text = "北郊镇举行防汛应急预案演练，模拟堤防决口，启动一级响应，转移群众300人。"
    assert route(pipeline, text).sign_off.tier == "ordinary"


# --- rumours ------------------------------------------------------------------------------------


def test_rumour_rebuttal_is_important_but_a_rumour_as_cause_is_not_one(pipeline: Pipeline) -> None:
    rebuttal = route(pipeline, "网传“某中学学生打死同学”，经公安机关核实，该信息系谣言，请勿传播。")
    assert rebuttal.sign_off.tier == "important"
    riot = route(
        pipeline,
        "少数人通过制造谣言，裹胁群众冲击市委大院，打砸办公楼，致多名民警受伤，公安机关依法处置。",
    )
    assert riot.sign_off.tier == "major"


# --- explanations -------------------------------------------------------------------------------


def test_reason_names_trigger_class_level_and_context_with_offsets(pipeline: Pipeline) -> None:
    text = "今天上午，防城区数十名业主聚集在售楼部门前堵路，现场处置民警正在劝离。"
    verdict = route(pipeline, text)
    r = reason(verdict, "tiers/major_mass_incident")
    assert text[r.start : r.end] == r.excerpt
    assert "社会安全事件" in r.message and "未定级" in r.message
    for quoted, start, end in re.findall(r"「([^」]+)」\[(\d+)-(\d+)\]", r.message):
        assert text[int(start) : int(end)] == quoted


# --- data validation ----------------------------------------------------------------------------


def test_bad_class_or_level_names_the_line(tmp_path: Path) -> None:
    categories = load_categories(TiersOptions().categories)
    bad = tmp_path / "t.tsv"
    bad.write_text("聚访\tmass_incident\t1.0\t群体事件\t-\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"t\.tsv:1.*class"):
        load_triggers([str(bad)], categories, {})
    bad.write_text("聚访\tmass_incident\t1.0\t社会安全事件\t超大\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"t\.tsv:1.*level"):
        load_triggers([str(bad)], categories, {})
    levels = tmp_path / "l.tsv"
    levels.write_text("re:(Ⅰ级\t特别重大\t0.5\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="regular expression"):
        load_levels([str(levels)])


def test_every_trigger_has_a_known_class_and_level() -> None:
    categories = load_categories(TiersOptions().categories)
    triggers = load_triggers(TiersOptions().triggers, categories, {})
    assert all(t.event_class in EVENT_CLASSES and t.level in LEVELS for t in triggers)
    social = {t.phrase for t in triggers if t.event_class == "社会安全事件"}
    natural = {t.phrase for t in triggers if t.event_class == "自然灾害"}
    assert len(social) >= len(natural)  # social-security events as well covered as disasters


_PIPELINE = tiers_pipeline()


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet="聚集上访堵路群众预案演练发〔2023〕号死亡受伤Ⅰ级响应未，。\n1.编制目的",
        min_size=1,
        max_size=80,
    )
)
def test_offsets_exact_and_quoted_context_exact(text: str) -> None:
    result = _PIPELINE.review(Document(text=text))
    for r in result.sign_off.reasons:
        if r.field == "text" and r.start is not None:
            assert text[r.start : r.end] == r.excerpt
            for quoted, start, end in re.findall(r"「([^」]+)」\[(\d+)-(\d+)\]", r.message):
                assert text[int(start) : int(end)] == quoted


def test_plan_cap_is_a_post_cap_in_the_shipped_data() -> None:
    checker = TiersChecker(TiersOptions())
    assert checker.options.lead_chars > 0


def test_a_boost_never_overlaps_its_trigger_and_tips_stay_ordinary(pipeline: Pipeline) -> None:
    text = "夏季气温高，食物容易变质。生熟分开、彻底加热，出现呕吐腹泻等症状及时就医。"
    assert route(pipeline, text, title="夏季如何预防食物中毒？这份指南请收好").sign_off.tier == "ordinary"
    assert route(pipeline, text).sign_off.tier != "major"  # the symptom phrase is not its own context


# --- fresh-2 lessons: crowds at works sites and sales offices, qualifiers, self-announcing plans ---


@pytest.mark.parametrize(
    "text",
    [
        "8月3日上午，县公安局接到报警：某镇高速公路施工现场聚集许多村民，强行将挖掘机阻拦。"
        "民警迅速赶赴现场，发现村民情绪十分激动。",
        "当日上午，四五十个业主聚集在售楼处门前，拉出要求退房的横幅。",
        "派出所接群众报警：有人在村口设置路障阻碍交通，引来很多群众围观，对4名不听劝导的人员依法带离。",
    ],
)
def test_crowds_at_sites_roads_and_sales_offices_are_major(pipeline: Pipeline, text: str) -> None:
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "major"
    major = next(r for r in verdict.sign_off.reasons if r.tier == "major")
    assert "社会安全事件" in major.message and "情境" in major.message


def test_one_person_blocking_a_road_is_a_public_order_case(pipeline: Pipeline) -> None:
    verdict = route(
        pipeline, "吴某因不满，用木棍将通村公路阻挡，禁止车辆通行。派出所依法对吴某行政拘留十日。"
    )
    assert verdict.sign_off.tier == "important"
    assert any(r.rule == "tiers/important_public_order" for r in verdict.sign_off.reasons)


def test_qualifiers_alone_do_not_make_a_hazard_an_event(pipeline: Pipeline) -> None:
    text = "近期我镇经历暴雨天气，强降雨持续时间长，防汛形势十分严峻。镇长主持召开防汛调度会，部署排查危房。"
    assert route(pipeline, text).sign_off.tier != "major"
    # the same rain with people moved is an event in progress
    moved = text + "当晚暴雨持续，全镇紧急转移群众120人。"
    assert route(pipeline, moved).sign_off.tier == "major"


def test_a_city_wide_closure_is_a_decision_without_an_event_word(pipeline: Pipeline) -> None:
    verdict = route(pipeline, "为阻断疫情传播，全市范围内暂停KTV、网吧、健身房等密闭场所营业。")
    assert any(r.rule == "tiers/major_city_decision" for r in verdict.sign_off.reasons)


def test_a_plan_announcing_itself_is_a_document_not_an_event(pipeline: Pipeline) -> None:
    text = (
        "为深刻吸取近期化工企业重大爆炸着火事故教训，省政府安委会将在全省开展化工行业安全生产整治提升专项行动，"
        "现制定工作方案如下。一、总体目标。"
    )
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "important"


@pytest.mark.parametrize(
    "text",
    [
        "经警方核查，近期辖区内并未发生命案，上述内容为虚假信息，民警已依法传唤信息发布者。",
        "经核实，网传“学生被杀”信息均系谣言，公安机关已依法处理造谣者。",
    ],
)
def test_police_rebuttals_are_important(pipeline: Pipeline, text: str) -> None:
    verdict = route(pipeline, text)
    assert verdict.sign_off.tier == "important"
    assert any(r.rule == "tiers/important_rumor" for r in verdict.sign_off.reasons)


def test_a_reporters_question_is_not_a_tip(pipeline: Pipeline) -> None:
    text = "记者：昨日，部分职工违法堵塞交通，严重影响了群众的正常生活，对此，公安机关是如何处理的？"
    assert route(pipeline, text).sign_off.tier == "major"
    tip = "暴雨天气如何防范内涝？市民出行要注意避开积水路段，遇到交通中断时听从指挥。"
    assert route(pipeline, tip).sign_off.tier == "ordinary"


def test_an_article_about_forest_fires_is_knowledge(pipeline: Pipeline) -> None:
    text = (
        "森林火灾具有突发性强、危害性大、蔓延快、控制难的特点。笔者分析了森林火灾的规律性及引发较大森林火灾的原因，"
        "分析了初期森林火灾的扑救机制，旨在为今后开展森林火灾扑救工作提供参考。"
    )
    assert route(pipeline, text).sign_off.tier == "ordinary"


def test_national_case_counts_with_measures_for_travellers_are_not_a_local_outbreak(
    pipeline: Pipeline,
) -> None:
    text = (
        "2月24日0-24时，国内新增本土确诊病例和无症状感染者，分布在14个省份。为精准做好外防输入工作，现通告如下："
        "近14日有中高风险区旅居史的人员，请主动报备并配合核酸检测。"
    )
    assert route(pipeline, text).sign_off.tier == "important"
