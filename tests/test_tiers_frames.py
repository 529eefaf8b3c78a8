"""Sign-off tiers: an event needs evidence that it is happening, not a hazard named as the topic of
work (办法第十五条). Work frames (排查, 部署, 培训, 宣传, 做好 … context.tsv), counted evacuations,
period statistics, recovery and service notices. Sentences written for the test; the real-text
figures live in tests/test_tiers_real.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline
from review_pipeline.checkers.tiers import TiersOptions
from review_pipeline.checkers.tiers.checker import load_context


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def review(pipeline: Pipeline, text: str, title: str | None = None):  # type: ignore[no-untyped-def]
    return pipeline.review(Document(text=text, title=title)).sign_off


def tier(pipeline: Pipeline, text: str, title: str | None = None) -> str:
    return review(pipeline, text, title).tier


# --- work frames -----------------------------------------------------------------------------


def test_a_township_flood_deployment_that_names_hazards_is_routine(pipeline: Pipeline) -> None:
    text = (
        "6月10日，某某镇召开防汛工作部署会。会议要求，各村要对山洪、泥石流、山体滑坡等地质灾害"
        "隐患点开展拉网式排查，确保汛情、险情第一时间上报；各村成立抢险队伍，备足救援物资，"
        "做好危险区域群众转移避险准备。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_training_that_cites_fire_cases_is_routine(pipeline: Pipeline) -> None:
    text = (
        "为提高员工消防安全意识，公司邀请消防救援大队教官开展消防安全培训。教官结合近年来发生的"
        "火灾案例，讲解了火灾造成人员伤亡的原因和疏散逃生的方法。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_work_report_that_counts_people_moved_is_major(pipeline: Pipeline) -> None:
    text = (
        "受台风影响，我镇召开防汛紧急会议，部署防范应对工作。会后，镇村干部深入一线排查隐患，"
        "第一时间对危险区域群众进行了转移。截至目前，我镇共转移安置群众92户175人。"
    )
    signoff = review(pipeline, text)
    assert signoff.tier == "major"
    reason = next(r for r in signoff.reasons if r.tier == "major")
    assert "自然灾害" in reason.message and "转移安置群众" in text[reason.start : reason.end]


def test_a_list_of_people_who_would_move_is_not_an_evacuation(pipeline: Pipeline) -> None:
    text = (
        "某某镇全力做好防台风工作。对20个山洪村的78名需转移安置人员均明确专人包保联络，"
        "各村成立抢险队伍，各预备1辆挖掘机备险。"
    )
    assert tier(pipeline, text) != "major"


def test_a_frame_in_another_phrase_does_not_hide_an_event(pipeline: Pipeline) -> None:
    text = (
        "6月18日凌晨，某某镇突降暴雨，山洪冲毁房屋12间，已紧急转移群众300余人，2人失联。"
        "镇党委要求各村做好排查工作。"
    )
    assert tier(pipeline, text) == "major"


def test_an_issued_warning_inside_a_work_phrase_stays_emergency_information(pipeline: Pipeline) -> None:
    text = "5月5日，市应急管理局发出暴雨预警提醒，要求各部门加强值守、做好防范。"
    assert tier(pipeline, text) == "important"


# Reports longer than the lead (policy lead_chars): what follows them is body text, where only
# frames — not the lead's genre caps — can act.
BASES = [
    "6月18日凌晨，某某镇突降暴雨，山洪冲毁房屋12间，已紧急转移群众300余人，2人失联。"
    "镇党委书记连夜赶到现场指挥，搜救工作正在进行。",
    "11月3日14时许，某某路一居民楼起火，消防救援人员疏散居民50余人，1人受伤送医。"
    "起火原因正在调查，受损住户已由街道临时安置。",
    "县疫情防控指挥部通告：今日发现2例阳性感染者，即日起划定封控区，开展全员核酸检测。"
    "封控区内居民足不出户，生活物资由社区配送上门。",
]
WORK = ["各部门要做好排查工作。", "会议要求加强宣传培训。", "镇村干部开展隐患排查整治。"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(BASES), st.lists(st.sampled_from(WORK), min_size=1, max_size=3))
def test_work_phrases_added_after_an_event_report_do_not_change_its_tier(
    pipeline: Pipeline, base: str, work: list[str]
) -> None:
    # A frame reaches its own phrase only: routine sentences after a report leave the report's
    # evidence where it was.
    assert tier(pipeline, base + "".join(work)) == tier(pipeline, base)


# --- statistics, recovery, notices -------------------------------------------------------------


def test_a_monthly_police_report_is_statistics(pipeline: Pipeline) -> None:
    text = (
        "2024年3月110警情通报。本月110报警服务台共接警219209起，较上月有所下降。"
        "其中刑事报警中盗窃类、诈骗类报警同比下降12.5%。"
    )
    assert tier(pipeline, text) == "important"


def test_a_national_year_of_accidents_is_statistics_not_an_event(pipeline: Pipeline) -> None:
    text = (
        "全国应急管理工作会议召开。2022年全国生产安全事故起数和死亡人数同比分别下降27.0%、23.6%，"
        "因灾死亡失踪人数与近5年均值相比下降30.8%。"
    )
    assert tier(pipeline, text) == "important"


def test_moving_into_rebuilt_homes_is_recovery(pipeline: Pipeline) -> None:
    text = (
        "元旦佳节，某某县灾后重建集中安置点处处洋溢着过节氛围。虽已过半年有余，村民想起去年的"
        "山洪灾害依然心有余悸。山洪导致400多户受灾，如今受灾群众全部搬进了新家。"
    )
    assert tier(pipeline, text) == "important"


def test_a_planned_works_notice_from_an_issuer_is_a_service_notice(pipeline: Pipeline) -> None:
    text = "某某县人民政府关于城区停水的公告\n因管网改造施工，12月5日8时至18时城区部分区域停水，请提前储水。"
    assert tier(pipeline, text) == "ordinary"


def test_a_recruitment_notice_is_ordinary(pipeline: Pipeline) -> None:
    text = "某某县人力资源和社会保障局关于2024年公开招聘中小学教师的公告\n现面向社会公开招聘中小学教师50名。"
    assert tier(pipeline, text) == "ordinary"


def test_a_document_cited_in_a_meeting_is_read_not_published(pipeline: Pipeline) -> None:
    text = (
        "近日，某某镇召开会议，传达省指挥部《关于印发春节期间疫情防控工作方案的通知》，"
        "并对下一阶段工作作出安排。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_poisoning_tip_is_ordinary(pipeline: Pipeline) -> None:
    text = (
        "进入夏季以来，各地因食用野生蘑菇引发的中毒事件时有发生，严重的甚至导致死亡。"
        "预防中毒最好的办法就是不采、不买、不吃野生蘑菇。"
    )
    assert tier(pipeline, text) == "ordinary"


# --- data --------------------------------------------------------------------------------------


def test_frames_load_with_their_exempt_kinds() -> None:
    frames = [r for r in load_context(TiersOptions().context) if r.effect == "frame"]
    assert len(frames) >= 30
    assert all(r.exempt_kinds == {"victims", "issued"} for r in frames), [r.term for r in frames]


def test_a_frame_with_a_bad_effect_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "context.tsv"
    bad.write_text("排查\tframes\twork\t-\tvictims\n", encoding="utf-8")
    with pytest.raises(ValueError, match="effect must be"):
        load_context([str(bad)])


# --- caps lifted by evidence, public-facility failures ------------------------------------------


def test_a_fire_put_out_with_nobody_hurt_is_past_news(pipeline: Pipeline) -> None:
    text = (
        "昨日下午某县突发森林火灾，截止到目前大火已经被扑灭，所幸没有造成人员伤亡。"
        "18时许，森林消防中队到达火场组织扑救，19日10时许火场实现无火无烟。"
        "据报告，此次火灾过火面积约3.3公顷。目前扑救人员已安全撤离，起火原因正在调查中。"
    )
    assert tier(pipeline, text) == "important"


def test_a_fire_put_out_after_it_killed_people_stays_major(pipeline: Pipeline) -> None:
    text = (
        "11月21日16时许，某市一厂房发生火灾，明火已被扑灭，火灾造成38人死亡、2人受伤。"
        "事故发生后，工作组赶赴现场指导处置。"
    )
    assert tier(pipeline, text) == "major"


def test_a_burst_main_with_water_cut_is_emergency_information(pipeline: Pipeline) -> None:
    text = (
        "昨天晚上22点左右，东三街红专路自来水突发爆管，积水一度淹没整个路口。受此影响，周边用户停水，"
        "预计今天22点左右抢修完毕恢复供水。"
    )
    assert tier(pipeline, text) == "important"


def test_an_academic_case_study_of_an_old_fire_is_research(pipeline: Pipeline) -> None:
    text = (
        "张三,李四\n(1.某省森林防火指挥部办公室,湖南 长沙 410007)\n"
        "2011年5月18日下午5时许，某村村民在山边烧油菜渣引发森林火灾，大火迅速蔓延，县委书记立即赶赴现场"
        "组织扑火救援，民兵120人及群众1000余人参战。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_sixth_cell_only_on_a_cap(tmp_path: Path) -> None:
    bad = tmp_path / "context.tsv"
    bad.write_text("正在\tboost\tongoing\t0.5\twindow\tvictims\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sixth cell"):
        load_context([str(bad)])


# --- citations, case numbers, addressees, the epidemic as a backdrop ----------------------------


def test_a_regulation_cited_by_title_in_news_is_not_a_published_document(pipeline: Pipeline) -> None:
    text = (
        "《互联网广告管理暂行办法》实施两周时间，作为夸大、虚假广告重灾区的民营医院依然深陷其中。"
        "记者走访发现，多家医院仍在搜索页面投放广告。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_document_that_names_its_addressees_is_published(pipeline: Pipeline) -> None:
    text = (
        "各乡镇人民政府,县政府各部门,县属驻县各单位:\n县人大会议审议通过的《政府工作报告》安排部署了"
        "今年的目标任务。现将《政府工作报告》中的目标任务分解下达，请认真抓好落实。"
    )
    assert tier(pipeline, text) == "important"


def test_a_penalty_decision_number_is_a_case_number(pipeline: Pipeline) -> None:
    text = (
        "某县市场监督管理局\n行政处罚决定书\n某市监罚〔2023〕195号\n当事人:某健康管理中心\n"
        "当事人在店内发布宣称治疗功效的广告，违反了《中华人民共和国广告法》第十七条的规定。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_the_epidemic_as_a_backdrop_is_not_epidemic_information(pipeline: Pipeline) -> None:
    text = (
        "爱心单位为活动提供了大力支持，礼物中除了慰问信外，还有来自疫情期间贫困村贫困户的滞销农产品。"
        "志愿者们把礼物送到了社区老人手中。"
    )
    assert tier(pipeline, text) == "ordinary"


# --- meetings by what they are ------------------------------------------------------------------


def test_the_congress_standing_committee_named_as_an_organ_is_not_a_meeting(pipeline: Pipeline) -> None:
    text = (
        "7月26日下午，县人大常委会副主任带领人大代表视察人大代表建议办理工作。"
        "一行先后到汽车站人防工程工地、县第二实验小学实地察看，并听取建议办理情况。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_standing_committee_meeting_is_important(pipeline: Pipeline) -> None:
    text = "7月29日，市委常委会召开会议，研究部署下半年经济工作和重点项目建设。"
    assert tier(pipeline, text) == "important"
    text = "县人大常委会第十四次会议表决通过了有关决议，会议听取了县政府关于民生实事办理情况的报告。"
    assert tier(pipeline, text) == "important"


# --- court outcomes, one piece of statistical evidence -------------------------------------------


def test_a_murder_verdict_is_an_after_the_fact_report(pipeline: Pipeline) -> None:
    text = (
        "备受关注的杀害学生案件10日上午在市中级人民法院一审公开审理。被告人赵某犯故意杀人罪被判处死刑。"
        "法院经审理查明，被告人持刀行凶，致九人死亡、四人重伤。"
    )
    signoff = review(pipeline, text)
    assert signoff.tier == "important"
    assert any(r.rule == "tiers/important_verdict" for r in signoff.reasons)


def test_one_percentage_read_twice_is_one_piece_of_evidence(pipeline: Pipeline) -> None:
    text = (
        "县交警大队近期开展酒驾整治行动，半个月抓获酒后驾驶49人。据了解，整治行动效果明显，"
        "交通事故发案率同比下降70%以上。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_gang_broken_up_abroad_is_crime_fighting_publicity(pipeline: Pipeline) -> None:
    text = (
        "12月19日凌晨，特警押送犯罪嫌疑人抵达机场。今年10月，警方接到受害人报案称被骗走2000余万元。"
        "专案组成功捣毁这个电信诈骗窝点，当场抓获犯罪嫌疑人21名。目前，此案正在进一步追查之中。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_forest_fire_danger_level_in_a_forecast_is_a_reminder(pipeline: Pipeline) -> None:
    text = "本周后期降温较明显。近期多晴朗干燥天气，城市和森林火险气象等级升高，请注意用火安全。"
    assert tier(pipeline, text) == "ordinary"
    assert tier(pipeline, "市森林防火指挥部发布森林火险橙色预警，请各地加强野外火源管控。") == "important"
