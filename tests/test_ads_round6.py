"""Issue 16, round 6: classes of ad copy missing on hosts new to the set (a merchant's welcome, a rank
claimed for a brand), coupon and prize terms as a procedure, hedged effects as no claim, and the learned
scorer's structural marks. Sentences written here pin behaviour only (real-text figures:
tests/test_ads_real.py, benchmarks/ads_real.py `round 6 new hosts` and `fresh-9`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads.learned import STRUCTURE, NgramScorer, features, ngrams
from review_pipeline.pipeline import Pipeline
from review_pipeline.text.fold import fold
from tests.ads_support import ads_only_pipeline, rules


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the merchant's welcome (办法第十八条): a shop, hotel or restaurant inviting buyers
        ("本酒楼菜品丰富，环境优雅，竭诚欢迎社会各界宾客光临。", "ads/selling_register"),
        ("新店开张，欢迎新老顾客惠顾，我们竭诚为您服务。", "ads/selling_register"),
        ("農場直送有機蔬菜，歡迎各界朋友前來選購。", "ads/selling_register"),
        # a rank claimed over a territory or trade for a brand or firm (广告法第九条第三项)
        ("我们是全国领先的口腔连锁品牌，服务超十万家庭。", "ads/absolute_term"),
        ("打造中国养生茶饮第一品牌。", "ads/absolute_term"),
    ],
)
def test_round6_classes_are_warnings(pipeline: Pipeline, text: str, rule: str) -> None:
    assert rule in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # a government site's welcome, an official visit and a registration call are no merchant's welcome
        "欢迎光临本网站，本站提供政务公开、办事指南等信息。",
        "热烈欢迎省委调研组莅临指导工作。",
        "欢迎广大市民踊跃报名参加志愿服务活动。",
        # a rank in the government voice about output, not a brand on sale
        "我县生猪出栏量连续三年位居全省第一。",
        # prize and coupon terms: amounts in a rule, not an offer (rubric round 5 and 6: procedures)
        "奖品二为满30减6元券，有效期7天，过期自动作废，不兑换现金、不找零。",
        "中奖者须在兑奖时间内填写收件地址，奖品价值100元，逾期视为自愿放弃。",
        # an explainer weighing an effect as uncertain (no claim asserted)
        "决明子茶对降压的作用有限，长期饮用的安全性尚不明确，高血压患者应遵医嘱服药。",
    ],
)
def test_government_usage_terms_and_hedges_stay_below_warning(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text) == set()


def test_a_claim_next_to_a_disclaimer_ads_must_carry_is_still_a_claim(pipeline: Pipeline) -> None:
    """本品不能代替药物 is the notice a health-food ad must show; it does not excuse the claim."""
    text = "本品能降血压、降血糖，三个月见效。本品不能代替药物。"
    assert "ads/efficacy_claim" in rules(pipeline, text)


def test_structural_marks_are_features_of_the_scorer() -> None:
    folded = fold("限時特價NT$299！訂購電話13800138000【新品】500ml 年化4.5% 詳見 www.example.com")
    marks = {name for name, _pattern in STRUCTURE}
    assert marks <= features(folded)
    assert not marks & features(fold("今天召开全县农业工作会议，部署春耕生产。"))
    # the marks carry weight only when the exported model has learned one
    scorer = NgramScorer({"__money__": 3.0}, bias=-1.0)
    assert scorer.score(fold("每斤30元")).probability > scorer.score(fold("每斤都很甜")).probability


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="价格元电话折扣一二三四五0123456789!？【】。，ml%", max_size=60))
def test_features_hold_the_ngrams_and_only_named_marks(text: str) -> None:
    folded = fold(text)
    found = features(folded)
    assert ngrams(folded) <= found
    assert all(not f.startswith("__") or f in {name for name, _p in STRUCTURE} for f in found)
