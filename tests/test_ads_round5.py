"""Issue 16, round 5: claim classes of ads from hosts new to the set, delivery terms as a procedure, and
the learned scorer flagging short quiet copy. Sentences written here pin behaviour only (real-text
figures: tests/test_ads_real.py, benchmarks/ads_real.py `round 5 new hosts`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads.checker import AdsChecker, AdsOptions, rules_data
from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline
from tests.ads_support import ads_only_pipeline, rules


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # 广告法第十八条第一款第四项: a health product compared with drugs
        ("这款黑芝麻丸天天吃，比吃药强多了，无药胜药。", "ads/efficacy_claim"),
        ("吃药十几年，不如吃我们的灵芝孢子粉三十天。", "ads/efficacy_claim"),
        # 广告法第十七条: a shop (not a medical institution) treating named diseases in its own voice
        ("本店专治湿疹、脚气、灰指甲，纯植物配方。", "ads/efficacy_claim"),
        # a result promised within minutes or days
        ("贴上膏药5分钟就能消除肿胀，不再疼痛。", "ads/efficacy_claim"),
        # 广告法第二十四条: admission guaranteed, fees refunded if not admitted; 上岸 promised
        ("签约保证升入重点大学，若未能升入名校，全额退还学费。", "ads/exam_guarantee"),
        ("公考冲刺班助你一次上岸，名额有限。", "ads/exam_guarantee"),
        # a group-buy channel and a lodging's booking line (办法第十八条)
        ("土鸡蛋30枚装，有需要的朋友欢迎接龙团购。", "ads/call_to_buy"),
        ("海景双人房特价每晚680元，订房电话13800000000。", "ads/contact_to_buy"),
    ],
)
def test_round5_claim_classes_are_warnings(pipeline: Pipeline, text: str, rule: str) -> None:
    assert rule in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # a web shop's delivery terms: amounts and 免运 words, yet a procedure (rubric round 5)
        "單筆訂單消費金額滿 NT$1,200 以上，即享免運費優惠；未滿 NT$1,200，需收取 NT$100 運費。",
        "凡購物滿HK$500，即可免費享用送貨服務。惠顧低於指定金額，送貨服務費為HK$80。",
        # a comparison with drugs denied in an expert's warning, and quoted in a regulator's notice
        "专家提醒，保健食品不能代替药物，没有哪种食品比吃药更管用。",
        "市场监管局提示：商家宣称“比吃药强”属于违法广告。",
        # "不过" the conjunction is no refund promise
        "活动很受欢迎，不过，退休老人报名时需携带身份证。",
    ],
)
def test_procedures_and_explainers_stay_below_warning(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text) == set()


def test_a_members_store_credit_is_an_offer_beside_the_delivery_terms(pipeline: Pipeline) -> None:
    text = "【一般會員】\n• 運費折扣：消費滿 NT$3000 即享免運優惠\n• 生日禮金：NT$50 生日禮金\n• 購物回饋：全館消費享 0.5% 回饋"
    assert "ads/price_promotion" in rules(pipeline, text)


def test_learned_copy_never_scores_long_official_or_exempted_posts(pipeline: Pipeline) -> None:
    limit = int(rules_data()["learned_flag_max_chars"])
    copy = "纯中药配方，调理颈椎病，每盒仅售98元。"  # a cue (disease, money) in short copy
    long_text = "本报讯 县卫健委近日召开会议。" + "会议强调要做好群众健康服务工作。" * (limit // 10)
    assert len(long_text) > limit
    assert "ads/learned_copy" not in rules(pipeline, long_text)
    # exempted government usage (消费券) is not second-guessed by the score
    assert "ads/learned_copy" not in rules(pipeline, "第二批消费券将于12月1日发放，大家赶紧关注，优惠多多！")
    # the flag can be turned off by policy; then a quiet post stays quiet whatever its score
    checker = AdsChecker(AdsOptions(learned_flag=None))
    assert checker.options.learned_flag is None
    assert checker._scorer is not None  # still loaded for the promotion of flagged posts
    assert len(copy) <= limit


_PIPELINE: list[Pipeline] = []


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("元斤盒病治疗本店价格优惠，。的了是在有"), min_size=0, max_size=60))
def test_learned_copy_is_a_whole_field_warning_inside_the_text(text: str) -> None:
    if not _PIPELINE:
        _PIPELINE.append(ads_only_pipeline())
    for finding in _PIPELINE[0].review(Document(text=text)).findings:
        if finding.rule == "ads/learned_copy":
            assert finding.severity == "warning"
            assert 0 == finding.start <= finding.end <= len(text)
