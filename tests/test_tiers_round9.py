"""Sign-off tiers, round 9 of issue 18: the taxonomy's missing sub-types (《国家突发公共事件总体应急预案》
§1.3 and the national special plans), every document kind of 《党政机关公文处理工作条例》第八条, one
named person acting alone, knowledge questions. Each rule on short posts written here, with the case
that must keep its tier beside it (办法第十五条: a major item is never routed ordinary), and the
invariant on the real major dev posts extended to the round's new signs. The real posts (the blind
batch `fresh-12`) are in tests/data/tiers_real/."""

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


def reasons(pipeline: Pipeline, text: str) -> list[str]:
    return [r.rule for r in pipeline.review(Document(text=text)).sign_off.reasons]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return PIPELINE


# --- sub-types the taxonomy names and the lists lacked ------------------------------------------------


def test_a_stampede_with_pupils_hurt_is_a_major_accident(pipeline: Pipeline) -> None:
    news = "课间操时，学生从楼上涌下，前面的学生摔倒后引起踩踏，造成多名学生挤伤、摔伤，已被送往医院。"
    assert route(pipeline, news) == "major"
    assert "tiers/major_accident" in reasons(pipeline, news)


def test_stampede_prevention_taught_at_school_is_not_major(pipeline: Pipeline) -> None:
    lesson = "为预防校园拥挤踩踏事故，学校组织开展防踩踏安全教育，讲解上下楼梯靠右行走、不推搡等要领。"
    assert route(pipeline, lesson) != "major"


def test_an_animal_epidemic_reported_with_cases_is_major(pipeline: Pipeline) -> None:
    notice = (
        "农业农村部今日发布，某县一养殖场发生口蹄疫疫情，存栏牛120头，发病15头，死亡3头，当地已启动应急响应。"
    )
    assert route(pipeline, notice) == "major"


def test_a_ship_capsized_with_crew_missing_is_major(pipeline: Pipeline) -> None:
    news = "10月30日凌晨，一艘渔船在黄海海域与货船碰撞后沉没，5人获救，6人失踪，搜救工作正在进行中。"
    assert route(pipeline, news) == "major"


def test_a_gas_explosion_in_a_mine_with_miners_killed_is_major(pipeline: Pipeline) -> None:
    news = "昨日14时许，某煤矿井下发生瓦斯爆炸，造成3人死亡、2人受伤，事故原因正在调查中。"
    assert route(pipeline, news) == "major"


def test_a_mine_safety_inspection_naming_gas_is_not_major(pipeline: Pipeline) -> None:
    work = (
        "县应急管理局对辖区煤矿开展安全检查，重点检查瓦斯抽采、防治冒顶片帮等措施落实情况，督促企业整改隐患。"
    )
    assert route(pipeline, work) != "major"


# --- one named person acting alone: a dispute, not a crowd (RUBRIC fresh-2) ----------------------------


def test_one_villager_obstructing_works_is_important(pipeline: Pipeline) -> None:
    case = (
        "4月8日上午，派出所接警称某小区工地有村民阻扰施工。经了解，村民周某某以施工影响其居住为由阻扰施工，"
        "民警劝说无效后将其带离现场，并对其阻扰施工行为依法处理。"
    )
    assert route(pipeline, case) == "important"


def test_a_crowd_obstructing_works_stays_major(pipeline: Pipeline) -> None:
    crowd = "7月31日，30余名村民聚集在高速公路施工现场阻挠施工，情绪激动，民警赶赴现场处置，将为首人员带离。"
    assert route(pipeline, crowd) == "major"


def test_a_lone_attacker_who_hurts_someone_stays_major(pipeline: Pipeline) -> None:
    attack = (
        "12月9日19时许，男子刘某在地铁车厢内与人发生口角，持随身携带的小刀将张某刺伤，张某被送往医院救治。"
    )
    assert route(pipeline, attack) == "major"


# --- knowledge questions and document kinds -------------------------------------------------------------


def test_a_page_asking_what_a_warning_means_is_ordinary(pipeline: Pipeline) -> None:
    page = "黄色暴雨预警意味着什么呢？它意味着三小时内降雨量将达50毫米以上，可能引发山洪、山体滑坡和泥石流。"
    assert route(pipeline, page) == "ordinary"


@pytest.mark.parametrize("kind", ["函", "纪要", "报告", "请示", "议案", "通报", "决议"])
def test_every_document_kind_from_a_government_issuer_is_important(pipeline: Pipeline, kind: str) -> None:
    title = f"某县人民政府关于调整城区公共停车收费标准的{kind}"
    assert route(pipeline, "现将有关事项说明如下。", title) == "important"


# --- the invariant, extended: the round's new signs never take a real major post to ordinary ----------

MAJOR = [r for r in DEV if r["label"]["tier"] == "major"]
ROUTED_MAJOR = [r for r in MAJOR if route(PIPELINE, r["text"], r.get("title")) == "major"]
# the round's signs appended after a real major post in a paragraph of its own: a lone named villager,
# a knowledge question, a document kind's title
ROUND9_SIGNS = [
    "村民王某某对补偿标准有异议。",
    "暴雨预警意味着什么？",
    "县人民政府关于做好防汛工作的函",
]


@settings(max_examples=90, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(major=st.sampled_from(ROUTED_MAJOR), sign=st.sampled_from(ROUND9_SIGNS))
def test_a_round9_sign_after_a_real_major_post_never_routes_it_ordinary(major: dict, sign: str) -> None:
    assert route(PIPELINE, major["text"] + "\n" + sign, major.get("title")) != "ordinary", major["id"]


def test_the_real_major_dev_posts_of_the_blind_batch_are_not_routed_ordinary() -> None:
    rows = [r for r in MAJOR if r.get("batch") == "fresh-12"]
    assert rows
    assert all(route(PIPELINE, r["text"], r.get("title")) != "ordinary" for r in rows)
