"""Sign-off tiers, round 8 of issue 18: accuracy on unseen hosts (probe `dev-13`, blind batch
`fresh-11`, the lead's whole-post set, the cross-family probe). Each rule of the round on short posts
written here, with the case that must keep its tier beside it (办法第十五条: a major item is never
routed ordinary), and the invariant on the real major dev posts extended to the round's new signs.
The real posts are in tests/data/tiers_real/ and tests/data/cross_family.jsonl."""

from __future__ import annotations

import pytest
from benchmarks.evalkit import real_cases
from benchmarks.tiers_eval import tiers_pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline import Document, Pipeline
from review_pipeline.models import Tier

PIPELINE = tiers_pipeline()
DEV = real_cases("tiers", "dev")


def route(pipeline: Pipeline, text: str, title: str | None = None) -> Tier:
    return pipeline.review(Document(text=text, title=title)).sign_off.tier


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return PIPELINE


# --- one person's illness is not a public-health event (《国家突发公共事件总体应急预案》§1.3) --------


def test_one_patient_taken_to_hospital_is_ordinary(pipeline: Pipeline) -> None:
    story = "2020年5月，70岁的李阿姨因剧烈腹痛被紧急送往医院就诊，经检查确诊为盲肠癌，目前正在治疗。"
    assert route(pipeline, story) == "ordinary"
    story = "当日下午，一名村民突发腹痛、呕吐，被紧急送往镇卫生院救治，现已脱离危险。"
    assert route(pipeline, story) == "ordinary"


def test_several_pupils_falling_ill_are_a_public_health_event(pipeline: Pipeline) -> None:
    cluster = "6月10日午餐后，某小学23名学生陆续出现腹痛、呕吐症状，被紧急送往医院救治，原因正在调查。"
    assert route(pipeline, cluster) == "major"
    # a cluster of a contagious disease, classes suspended
    cluster = "某县实验小学多名学生感染水痘，疾控中心建议对出现病例的8个班级停课两周，全校累计20多例。"
    assert route(pipeline, cluster) == "major"


def test_the_individual_cap_holds_only_for_public_health_words(pipeline: Pipeline) -> None:
    # one villager missing in a flood is still a disaster
    flood = "7月2日凌晨，山洪冲毁村道，一名村民被洪水冲走失踪，搜救工作正在进行，已转移群众120人。"
    assert route(pipeline, flood) == "major"
    # one confirmed case with contacts traced and controlled is a local epidemic
    case = "我市发现一名新冠肺炎确诊病例，已排查密切接触者56人，全部集中隔离，所在小区实施封控区管理。"
    assert route(pipeline, case) == "major"


def test_the_edge_of_death_is_a_figure_of_speech(pipeline: Pipeline) -> None:
    story = "区人民医院多学科协作，成功将一位车祸外伤患者从死亡线上抢救回来。"
    assert route(pipeline, story) == "ordinary"


def test_a_tourist_who_lost_the_way_and_was_found_is_ordinary(pipeline: Pipeline) -> None:
    search = (
        "8月7日凌晨，县公安局接到求救电话，称一名游客在景区山口迷路被困。"
        "民警连夜搜救，成功营救被困游客并将其安全带回。"
    )
    assert route(pipeline, search) == "ordinary"
    # a search that finds the dead stays an event
    assert route(pipeline, search + "另有2名同行游客遇难。") == "major"


# --- documents: issuer, 印发 and the kind of the document ----------------------------------------


def test_a_provincial_office_issuing_an_action_plan_is_important(pipeline: Pipeline) -> None:
    notice = "近日，省委办公厅、省政府办公厅印发《自然灾害防治能力建设行动方案》，内容如下。"
    assert route(pipeline, notice) == "important"
    decision = "为推进全省经济社会跨越发展，特作出如下决定。\n一、推进跨越发展的重大意义"
    assert route(pipeline, decision) == "important"


def test_a_document_cited_as_the_basis_of_routine_work_stays_ordinary(pipeline: Pipeline) -> None:
    work = "根据省委办公厅印发《防汛工作方案》要求，我镇组织干部对辖区水库开展巡查。"
    assert route(pipeline, work) == "ordinary"
    work = "官桥镇组建巡查专班，严格落实水库防汛预警管理办法，对辖区内八个水库开展排查。"
    assert route(pipeline, work) == "ordinary"


def test_a_reply_to_what_is_said_online_is_important(pipeline: Pipeline) -> None:
    reply = (
        "关于网传市中医院接收疑似患者的情况说明\n近日，微信群中传播相关视频信息，现将真实情况作出以下说明。"
        "经核酸检测结果为阴性，基本排除。"
    )
    assert route(pipeline, reply) == "important"


# --- events that happened without harm --------------------------------------------------------------


def test_a_fire_with_nobody_trapped_is_important_and_with_people_trapped_major(pipeline: Pipeline) -> None:
    fire = (
        "7月6日8时23分，某村一处民房发生火灾，消防救援站出动3部消防车赶赴现场处置。"
        "着火点在三楼，火势正在向二楼蔓延，无人员被困。经过近一小时扑救，明火被扑灭。"
    )
    assert route(pipeline, fire) == "important"
    trapped = fire.replace("无人员被困", "3名居民被困，消防员破拆房门将其救出")
    assert route(pipeline, trapped) == "major"


# --- genres: commentaries, confessions, fact checks --------------------------------------------------


def test_a_commentary_citing_its_news_peg_is_ordinary(pipeline: Pipeline) -> None:
    column = (
        "追尾之后，谁来清除公众心中的阴影？\n27日下午，地铁10号线两列车相撞，271人就诊检查。"
        "(9月28日《中国青年报》)\n事故之后，更要消除公众心中的阴影。"
    )
    assert route(pipeline, column) == "ordinary"


def test_rhetorical_questions_make_a_commentary(pipeline: Pipeline) -> None:
    column = (
        "3月1日，针对无辜平民的恐怖袭击事件遭到一致谴责。为什么说“有一些国家”？"
        "为什么不把这些国家的国名点出来？"
    )
    assert route(pipeline, column) == "ordinary"


def test_a_confession_makes_a_solved_case_and_a_charity_relief_recovery(pipeline: Pipeline) -> None:
    case = "5月26日上午，某村民家中突发大火，房屋被完全焚毁。经勘查系人为纵火，男子赵某如实供述了放火的犯罪事实。"
    assert route(pipeline, case) == "ordinary"
    relief = "2013年10月25日，村民吴某家老房子引发火灾，房屋全部化为灰烬。近日县慈善会看望慰问，送上慈善救助金2000元。"
    assert route(pipeline, relief) != "major"


# --- the invariant, extended: the round's new signs never take a real major post to ordinary ----------

MAJOR = [r for r in DEV if r["label"]["tier"] == "major"]
ROUTED_MAJOR = [r for r in MAJOR if route(PIPELINE, r["text"], r.get("title")) == "major"]
# the round's appendices: a rescue of one patient, a nobody-trapped line, a commentary's peg,
# a charity's relief — each appended after a real major post in a paragraph of its own
ROUND8_SIGNS = [
    "一名村民突发疾病晕倒，民警将其送往医院救治，目前已脱离生命危险。",
    "所幸无人员被困，未造成人员伤亡。",
    "(9月28日《中国青年报》)",
    "县慈善会送上慈善救助金2000元。",
    "为什么会这样？难道不该反思吗？",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(major=st.sampled_from(ROUTED_MAJOR), sign=st.sampled_from(ROUND8_SIGNS))
def test_a_round8_sign_after_a_real_major_post_never_routes_it_ordinary(major: dict, sign: str) -> None:
    assert route(PIPELINE, major["text"] + "\n" + sign, major.get("title")) != "ordinary", major["id"]


def test_the_real_major_dev_posts_of_the_round_keep_their_tier() -> None:
    rows = [r for r in MAJOR if r.get("batch") in ("dev-13", "fresh-11")]
    assert rows
    assert all(route(PIPELINE, r["text"], r.get("title")) != "ordinary" for r in rows)
