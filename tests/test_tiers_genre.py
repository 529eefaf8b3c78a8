"""Sign-off tiers: what the post is, decided by its lead and genre (办法第十五条 routes the post's
subject, not a passing mention). Sentences written for the test; the real-text figures live in
tests/test_tiers_real.py."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline

from review_pipeline import Document, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def tier(pipeline: Pipeline, text: str, title: str | None = None) -> str:
    return pipeline.review(Document(text=text, title=title)).sign_off.tier


def test_a_taught_taxonomy_is_knowledge(pipeline: Pipeline) -> None:
    text = (
        "安全生产知识。生产安全事故主要分为四个级别，从低到高依次为一般、较大、重大、特别重大。"
        "特别重大事故是指造成30人以上死亡，或者100人以上重伤的事故。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_the_same_taxonomy_inside_a_plan_stays_an_important_document(pipeline: Pipeline) -> None:
    text = (
        "1.1 编制目的\n为规范突发事件应对，制定本预案。\n1.3 事件分级\n"
        "突发事件分为四级：特别重大、重大、较大和一般。特别重大事件是指造成30人以上死亡的事件。"
    )
    assert tier(pipeline, text) == "important"


def test_a_township_work_meeting_naming_an_outbreak_elsewhere_is_routine(pipeline: Pipeline) -> None:
    text = (
        "鉴于近期邻省发生聚集性疫情，3月5日，我镇召开疫情防控工作会议，部署外来人员排查和宣传工作。"
        "会议要求各村落实值班值守。"
    )
    assert tier(pipeline, text) == "ordinary"


def test_a_county_notice_of_local_cases_with_control_zones_is_major(pipeline: Pipeline) -> None:
    text = (
        "县疫情防控指挥部通告：今日在核酸检测中发现2例阳性感染者，即日起划定封控区，"
        "区内居民足不出户，城区中小学停课，开展全员核酸检测。"
    )
    assert tier(pipeline, text) == "major"


def test_a_definition_as_the_lead_is_knowledge(pipeline: Pipeline) -> None:
    text = "地震是地壳快速释放能量过程中造成的振动现象。强烈地震会造成房屋倒塌和人员伤亡，应及早撤离。"
    assert tier(pipeline, text) == "ordinary"


def test_a_crowd_counted_in_the_street_is_a_mass_incident(pipeline: Pipeline) -> None:
    text = (
        "8月10日上午，因劳资纠纷，60余名工人上街聚集，拉起横幅向市政府方向行走，交通一度瘫痪，民警到场处置。"
    )
    assert tier(pipeline, text) == "major"


def test_a_statement_that_a_message_is_a_rumour_is_a_rebuttal(pipeline: Pipeline) -> None:
    text = "近日微信群流传“有人上门分发迷药口罩入户抢劫”。经公安机关核实，未接到相关警情，以上信息为谣言。"
    assert tier(pipeline, text) == "important"


def test_lifting_temporary_controls_is_recovery_not_an_outbreak(pipeline: Pipeline) -> None:
    text = "关于解除部分临时管控区域的通告：以上区域已开展四轮核酸检测，结果均为阴性，自即日起解除临时管控。"
    assert tier(pipeline, text) == "important"


def test_an_emergency_meeting_in_a_township_during_an_event_stays_major(pipeline: Pipeline) -> None:
    text = (
        "7月9日凌晨，某镇突发山洪，造成2人死亡、3人失踪，镇党委立即召开紧急会议部署搜救，已转移群众300余人。"
    )
    assert tier(pipeline, text) == "major"


def test_a_disaster_report_at_a_heritage_site_is_not_history(pipeline: Pipeline) -> None:
    text = "今天上午，某古城遗址景区一处围墙发生坍塌，造成3名游客死亡、5人受伤，救援正在进行。"
    assert tier(pipeline, text) == "major"
