"""Sign-off tiers, round 3 of issue 18: caps that need their own evidence (an event in progress is
not routed below major by a word that belongs to another part of the post), and the kinds of post a
county or city account publishes every day (办法第十五条; 《国家突发公共事件总体应急预案》)."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline

from review_pipeline import Document, Pipeline
from review_pipeline.models import Tier


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def tier(pipeline: Pipeline, text: str) -> Tier:
    return pipeline.review(Document(text=text)).sign_off.tier


# --- an event in progress keeps its tier whatever the post appends ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a tip closing an accident notice is an appendix, not the post's genre
        "3月8日14时许，G60高速某路段发生一起多车相撞事故，造成3人死亡、6人受伤，交警部门已实施"
        "交通管制。温馨提示：请过往车辆减速慢行，注意安全。",
        "警情通报：6月2日晚，某烧烤店内两伙人发生斗殴，致2人受伤。民警到场后将8名涉事人员带离。"
        "安全提示：遇到纠纷请理性处理，及时报警。",
        # a drill named after the event as past practice
        "今天上午，县第一中学宿舍楼突发火灾，3名学生被困，消防救援人员紧急疏散师生800余人，被困学生"
        "已全部救出送医。得益于平时的消防演练，疏散有序。",
        # a violent crime solved the next day still has its victim
        "3月15日晚，城关派出所接到报警，某小区发生一起持刀伤人案件，1名男子被砍伤送医。3月16日，"
        "案件告破，犯罪嫌疑人王某落网。",
        # a rebuttal of a detail, the official count of the event itself
        "针对网传“某化工厂爆炸死亡30人”一事，经核实，该厂11日发生爆炸事故，截至目前已造成3人死亡、"
        "5人受伤，网传死亡人数不实。",
        # a crowd dispersed and order restored: a mass incident however it ends
        "昨日，200余名村民聚集在镇政府门口并堵路，拉横幅讨说法，民警到场处置，依法带离3人，目前现场"
        "已恢复正常秩序。",
        # some patients discharged is the course of an outbreak, not its end
        "县第二人民医院报告：昨日起陆续有23名学生出现腹痛、呕吐症状，已送往医院救治，其中5人已出院，"
        "事件原因正在调查。",
        # an initial notice urging lessons still counts today's victims
        "关于一起较大道路交通事故的情况通报：5月3日，某县道发生一起面包车侧翻事故，造成4人死亡。"
        "各地要深刻吸取教训，立即开展隐患排查。",
        # a warning whose defence guide sits in the lead, with deaths reported
        "县气象台发布暴雨红色预警信号。受强降雨影响，目前已造成2人死亡、1人失踪，转移群众1200人。"
        "防御指南：转移危险地带人员，停课停业。",
    ],
)
def test_an_event_in_progress_is_not_capped_by_words_that_are_not_about_it(
    pipeline: Pipeline, text: str
) -> None:
    assert tier(pipeline, text) == "major"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the genre declared at the head still caps what follows
        ("温馨提示：近日多地发生溺水事故，暑假将至，请家长看管好孩子，不到陌生水域游泳。", "ordinary"),
        (
            "县应急管理局组织开展防汛应急演练，模拟山洪暴发、群众被困等场景，转移“受困群众”200余人。",
            "ordinary",
        ),
        (
            "县公安局成功侦破一起23年前的命案积案，1999年某村村民被杀害，嫌疑人潜逃多年，近日终于落网。",
            "ordinary",
        ),
        ("县公安局专项行动战果丰硕：今年以来共破获电信诈骗案件120起，抓获犯罪嫌疑人86名。", "ordinary"),
        # a drill that names itself at the end of its scenario is still the whole post
        (
            "10时许，某化工厂储罐区突发泄漏，2名员工中毒倒地，厂区立即疏散员工300余人，消防、医疗救援力量"
            "迅速赶到现场处置。这是县应急管理局组织开展的危化品泄漏事故应急演练。",
            "ordinary",
        ),
        (
            "凌晨2时，某小区3号楼发生火灾，5名居民被困，消防救援人员架设拉梯救出被困人员。此次演练检验了"
            "社区应急队伍的实战能力。",
            "ordinary",
        ),
        # a rebuttal of the event itself
        (
            "近日，网传“某化工厂爆炸死亡30人”，经核实，该厂运行正常，未发生爆炸事故，网传信息系谣言。",
            "important",
        ),
    ],
)
def test_caps_still_hold_where_they_are_the_post(pipeline: Pipeline, text: str, expected: Tier) -> None:
    assert tier(pipeline, text) == expected


# --- what a county or city account posts ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # casualties named by how they happened
        ("昨晚，县城一辆货车失控冲向路边，将2名行人撞死，另有3人被撞伤，事故原因正在调查。", "major"),
        # a local positive and static management of the county
        ("县疫情防控指挥部通报：在重点人群筛查中检出核酸阳性1例，自今日起对全县实行临时静态管理。", "major"),
        # an animal epidemic under control measures
        (
            "某镇一养殖场发生非洲猪瘟疫情，发病生猪20头、死亡18头，当地已划定疫点疫区，对疫点内生猪全部扑杀，"
            "实施封锁。",
            "major",
        ),
        # a storm's power failure; the utility's own response level is not a government's
        (
            "受大风天气影响，10千伏线路发生倒杆断线，造成3个村1200余户居民停电，供电公司立即启动Ⅱ级应急响应，"
            "抢修复电。",
            "important",
        ),
        # a warning with its defence guide
        (
            "县气象台发布暴雨橙色预警信号：预计未来3小时降雨量将达50毫米以上。防御指南：1.政府及相关部门做好"
            "防暴雨应急工作；2.切断危险室外电源，转移危险地带人员；3.交通管理部门实行交通管制。",
            "important",
        ),
        # a discipline circular naming sanctions
        (
            "县纪委监委通报3起违反中央八项规定精神典型问题：某局副局长违规公款吃喝，受到党内警告处分。",
            "important",
        ),
        # a land-acquisition notice of the county government
        (
            "县人民政府征收土地预公告：因公共利益需要，拟征收某村集体土地12公顷，用于道路建设。自公告之日起，"
            "任何单位和个人不得抢栽抢建。",
            "important",
        ),
        # a safety committee's meeting citing accidents elsewhere is routine work
        (
            "县安委会全体（扩大）会议召开。会议通报了上半年全国多起生产安全事故，其中某地化工厂爆炸造成13人"
            "死亡，要求各乡镇深刻汲取教训，开展隐患排查。",
            "ordinary",
        ),
        # a circular on the results of inspecting routine work
        (
            "关于2025年一季度政府网站检查情况的通报\n各乡镇人民政府，县直各部门：现将一季度全县政府网站和政策"
            "解读工作检查情况通报如下。",
            "ordinary",
        ),
    ],
)
def test_county_account_posts(pipeline: Pipeline, text: str, expected: Tier) -> None:
    assert tier(pipeline, text) == expected


def test_reasons_name_the_new_categories(pipeline: Pipeline) -> None:
    verdict = pipeline.review(
        Document(text="县纪委监委通报3起违反中央八项规定精神典型问题：某局副局长受到党内警告处分。")
    )
    rules = {r.rule for r in verdict.sign_off.reasons}
    assert "tiers/important_discipline" in rules
    message = next(r.message for r in verdict.sign_off.reasons if r.rule == "tiers/important_discipline")
    assert "纪律审查和问责通报" in message and "办法第十五条" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the new categories and boosts do not reach ordinary work news
        ("县委理论学习中心组专题学习《中国共产党纪律处分条例》，要求党员干部严守纪律规矩。", "ordinary"),
        (
            "县财政局召开专题会议，部署开展违反中央八项规定精神问题专项整治，要求对照检查、立行立改。",
            "ordinary",
        ),
        ("镇村干部深入农户家中，宣传土地征收补偿政策，耐心解答群众疑问。", "ordinary"),
        ("因线路检修，5月6日8时至17时城东片区计划停电，检修结束后恢复供电，请用户提前做好准备。", "ordinary"),
        ("抗原检测阳性怎么办？专家提醒：居家休息，多饮水，出现高热及时就医。", "ordinary"),
        ("截至目前，全县已累计发放惠民补贴资金1200万元，惠及群众3.5万人。", "ordinary"),
        (
            "县消防救援大队走进社区开展消防安全宣传，讲解火灾逃生自救知识，发放宣传资料500余份。温馨提示："
            "家中不要私拉乱接电线。",
            "ordinary",
        ),
        # a rebuttal with the rumoured toll only inside the quotation
        (
            "经核实，网传“某镇发生山体滑坡致5人遇难”系谣言，该镇未发生山体滑坡，请广大网民不信谣、不传谣。",
            "important",
        ),
    ],
)
def test_round_three_rules_do_not_reach_ordinary_news(pipeline: Pipeline, text: str, expected: Tier) -> None:
    assert tier(pipeline, text) == expected
