"""Sign-off tiers, round 7 of issue 18: accuracy on unseen hosts (probe `dev-12`, blind batch
`fresh-10`, the cross-family probe). Each rule of the round on short posts written here, with the
case that must keep its tier beside it (办法第十五条: a major item is never routed ordinary). The real
posts are in tests/data/tiers_real/ and tests/data/cross_family.jsonl."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline

from review_pipeline import Document, Pipeline
from review_pipeline.models import Tier


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def route(pipeline: Pipeline, text: str, title: str | None = None) -> Tier:
    return pipeline.review(Document(text=text, title=title)).sign_off.tier


# --- genres that report nothing in progress, each beside the report it is not --------------------


def test_a_commentary_is_ordinary_and_the_accident_it_names_is_major(pipeline: Pipeline) -> None:
    accident = "6月13日，某高速公路槽罐车发生爆炸事故，事故已造成20人死亡，伤者正在医院救治。"
    assert route(pipeline, accident) == "major"
    assert route(pipeline, "人民网评：安全生产重于泰山\n" + accident) == "ordinary"
    assert route(pipeline, "今日谈：警惕“好了伤疤忘了疼”\n" + accident) == "ordinary"


def test_a_commentators_reflection_after_a_report_does_not_undo_it(pipeline: Pipeline) -> None:
    # the reflection in a later paragraph: the event with evidence in its own sentence keeps its tier
    report = "6月3日凌晨，某县一居民楼发生火灾，造成2人死亡、3人受伤，消防救援人员疏散居民40余人。"
    assert route(pipeline, report + "\n悲剧令人扼腕，更发人深省。") == "major"
    # the same reflection heading the piece makes it commentary
    assert route(pipeline, "悲剧令人扼腕，更发人深省。\n" + report) != "major"


def test_memoirs_and_literature_about_an_old_flood_are_ordinary(pipeline: Pipeline) -> None:
    assert (
        route(pipeline, "作品赏析\n1975年那场洪水\n洪水冲垮了河堤，村里一片汪洋，乡亲们爬上屋顶等待救援。")
        == "ordinary"
    )
    assert route(pipeline, "亲历九八抗洪是种怎样的体验？那年洪水漫过大堤，全家连夜转移。") == "ordinary"


def test_a_rescue_from_the_water_told_as_publicity_is_ordinary(pipeline: Pipeline) -> None:
    story = (
        "1月4日下午2时40分，派出所民警接到110指令：某条河中有人落水。民警火速赶到现场，"
        "发现一老人在水中挣扎，几分钟后，老人被成功营救上岸。"
    )
    assert route(pipeline, story) == "ordinary"
    thanks = "“谢谢你们！要不是你们及时救了我的父亲……”近日，落水老人的家属来到派出所致谢。"
    assert route(pipeline, thanks) == "ordinary"


def test_a_rescue_from_the_water_with_a_death_stays_major(pipeline: Pipeline) -> None:
    text = (
        "5月17日15时许，4名学生相约在湖边钓鱼，两名学生不慎落水，一名学生被市民拉上岸，"
        "另一名学生溺亡，消防救援人员打捞至深夜。"
    )
    assert route(pipeline, text) == "major"


def test_a_dispute_settled_by_mediation_is_ordinary(pipeline: Pipeline) -> None:
    text = (
        "近日，村民范某拿到1.7万元赔偿款，对县调委会工作人员连声道谢。此前，范某与邻居因排水沟发生争吵，"
        "继而扭打在一起，民警赶到现场，将头部受伤的范某送往医院救治。"
    )
    assert route(pipeline, text) == "ordinary"


def test_honours_for_rescuers_are_never_major(pipeline: Pipeline) -> None:
    text = (
        "2022年8月26日凌晨，三名村民面对起火随时可能发生爆炸的车辆，合力救出被困车内的3名伤员。"
        "市人民政府决定授予他们“见义勇为先进群体”荣誉称号。"
    )
    assert route(pipeline, text) != "major"


# --- a road cut with nobody hurt is a facility out of service -------------------------------------


def test_a_road_cut_by_a_landslide_with_nobody_hurt_is_important(pipeline: Pipeline) -> None:
    text = "受暴雨天气影响，某县道K17处发生山体塌方，方量约1500立方，交通中断，过往车辆请绕行。"
    assert route(pipeline, text) == "important"


@pytest.mark.parametrize(
    "text",
    [
        # people trapped, moved or dead on the cut road: a disaster
        "受暴雨影响，某国道发生山体塌方，交通中断，一辆客车被困，车上12名乘客被困。",
        "某县道发生泥石流，交通中断，当地紧急转移受威胁群众300余人。",
        "某乡道发生山体滑坡，交通中断，造成2人死亡、1人失联。",
        # a crowd cutting the road is a mass incident, not a landslide
        "9月1日，部分家长聚集到县委门口并堵路，造成107国道交通中断，现场处置民警依法带离5人。",
    ],
)
def test_a_road_cut_with_people_in_danger_or_a_crowd_stays_major(pipeline: Pipeline, text: str) -> None:
    assert route(pipeline, text) == "major"


# --- documents cited and documents published ------------------------------------------------------


def test_a_document_cited_as_the_basis_of_routine_work_is_ordinary(pipeline: Pipeline) -> None:
    text = (
        "根据县专项斗争领导小组关于印发《重点行业领域专项整治工作措施》的通知要求，县应急管理局结合"
        "汛期安全生产大检查，对全县非煤矿山、加油站进行了全面检查。"
    )
    assert route(pipeline, text) == "ordinary"


def test_a_document_published_with_its_number_is_important(pipeline: Pipeline) -> None:
    text = "某县人民政府办公室关于印发《某县促进就业行动实施方案》的通知\n某政办发〔2023〕12号\n各乡镇人民政府，县政府各部门："
    assert route(pipeline, text) == "important"


# --- data releases of departments -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "生态环境部今日通报了2022年8月和1—8月全国环境空气质量状况。",
        "1—2月，全市平均空气质量优良天数比例为81.9%，同比上升1.5个百分点。",
        (
            "近期，州市场监督管理局组织食品安全监督抽检，抽取餐饮食品、粮食加工品、豆制品、食用农产品、"
            "食用油、油脂及其制品、糕点、方便食品13大类食品113批次样品，不合格7批次。"
        ),
    ],
)
def test_data_releases_are_important(pipeline: Pipeline, text: str) -> None:
    assert route(pipeline, text) == "important"


# --- events in the words of their own services --------------------------------------------------


def test_a_gas_flash_explosion_with_workers_burnt_is_major(pipeline: Pipeline) -> None:
    text = "1月13日上午11时，某小区一住户家里发生天然气闪爆，2名安装灶具的工人被烧伤。"
    assert route(pipeline, text) == "major"


def test_a_death_on_duty_is_a_death(pipeline: Pipeline) -> None:
    text = "15日上午7时许，交警大队一名民警和一名协警驾驶警车巡逻时，被一辆卡车撞到，2人殉职。"
    assert route(pipeline, text) == "major"


# --- words of a mass incident in their other senses ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "我家的饭锅近来总是接触不良急着罢工，这个免费的电饭煲如能到手正合我意。",
        "该店铺经常聚集老人上课听讲座，现场宣传保健品的功效，执法人员对其立案查处。",
        "园区以项目聚集人气，以产业聚集资源，打造区域发展新高地。",
    ],
)
def test_figurative_strikes_and_gatherings_are_not_mass_incidents(pipeline: Pipeline, text: str) -> None:
    assert route(pipeline, text) != "major"


def test_a_real_strike_and_a_crowd_stay_major(pipeline: Pipeline) -> None:
    assert route(pipeline, "某公司200余名工人因欠薪罢工，聚集在厂区门口，民警到场维持秩序。") == "major"


def test_a_threat_to_bomb_is_no_explosion(pipeline: Pipeline) -> None:
    text = (
        "网名为“海天之恋”的网友在微信群中扬言要搞爆炸。因肖某的行为构成扬言实施爆炸，"
        "县公安局对其依法处以3日行政拘留处罚。"
    )
    assert route(pipeline, text) != "major"


# --- knowledge in its own forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "任前公示算任命吗？任前公示不算正式任命，而是干部选拔任用程序中的重要环节。",
        "本文仅就人大常委会行使任免权的法定情形及其法律用语，依法加以辨析。",
    ],
)
def test_knowledge_texts_about_personnel_are_ordinary(pipeline: Pipeline, text: str) -> None:
    assert route(pipeline, text) == "ordinary"


def test_an_appointment_itself_stays_important(pipeline: Pipeline) -> None:
    text = "市人大常委会会议接受某某辞去市人民政府市长职务的请求，决定任命某某为市人民政府副市长、代理市长。"
    assert route(pipeline, text) == "important"


# --- a period's figures are after the fact by nature ----------------------------------------------


def test_a_police_half_year_summary_naming_cold_cases_is_a_statistics_release(pipeline: Pipeline) -> None:
    text = (
        "上半年，全市公安机关破获刑事案件同比上升30.3%，破八类严重暴力犯罪案件同比上升16.9%，"
        "攻克8起命案积案，其中案发时间最长达35年。"
    )
    assert route(pipeline, text) == "important"
    # one case solved, told as the police's publicity, stays ordinary
    assert route(pipeline, "近日，县公安局成功破获一起盗窃电动车案件，抓获犯罪嫌疑人2名。") == "ordinary"
