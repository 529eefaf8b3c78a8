"""Issue 16, third pass: disease claims by taxonomy, denied claims, money and rate ranges, copula
superlatives, and the learned scorer that promotes a flagged post to a block. Sentences written here
pin behaviour only (real-text figures: tests/test_ads_real.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads.checker import AdsChecker, AdsOptions
from review_pipeline.checkers.ads.learned import BIAS, NgramScorer, ngrams
from review_pipeline.checkers.base import CheckContext
from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline
from review_pipeline.text.fold import fold
from tests.ads_support import ads_only_pipeline, rules

LEARNED = Path(__file__).resolve().parents[1] / "lexicons" / "ads" / "learned_ngrams.tsv"
# the characters of the exported n-grams (and a few that break runs): random text that hits the model
SCORED_CHARACTERS = sorted({c for g in NgramScorer.load(LEARNED).weights for c in g} | set("，。 1a"))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    "text",
    [
        # a treatment verb with any disease of the taxonomy (广告法第十七条), not a fixed phrase
        "本品坚持服用三个月，可彻底告别白内障和青光眼困扰。",
        "这款固体饮料能逆转糖尿病并发症，根除多年的咳嗽问题。",
        # an efficacy noun after a list of diseases (对……有良好的疗效)
        "野生黄花鱼对贫血、头晕、食欲不振有良好的疗效。",
        # rates before their noun, unconditional efficacy, a treatment count as testimony
        "专治鼻炎，百分百有效，93%根治率。",
        "患者王女士颈部不适三年，经一次治疗明显改善！",
    ],
)
def test_disease_claims_of_any_product_are_warnings(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # denied in the clause: an explainer, not a claim
        "目前没有任何所谓的秘方能够彻底根治白癜风，请到正规医院就诊。",
        "真性近视无法治愈，只能通过配镜矫正。",
        # names of operations and clinical terms
        "专家团队为患者实施了腹腔镜胃癌根治术，术后恢复良好。",
        # illness in general, and cases counted, are no disease named
        "她激动地说：我一定打起精神治好病，给企业尽一份力。",
        "他行医数十年，经手治愈的病例数以千计。",
    ],
)
def test_denied_claims_and_clinical_terms_stay_quiet(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" not in rules(pipeline, text)


def test_ten_thousand_of_something_is_not_money(pipeline: Pipeline) -> None:
    # 18万颗 is a count; without an amount 种植牙 is no price word (a news report, not an offer)
    text = "国内种植牙数量由18万颗增长到约312万颗，复合增长率达到49.95%。"
    assert not rules(pipeline, text)
    assert "ads/price_promotion" in rules(pipeline, "种植牙限时特惠，每颗仅需3980元。")


def test_a_rate_range_describes_a_market_a_single_rate_offers(pipeline: Pipeline) -> None:
    explainer = "稳健型产品的预期年化收益率通常在3.0%-4.5%之间，适合中短期资金配置。"
    offer = "本产品预期年化收益率4.8%，起购金额1万元，欢迎到网点购买。"
    assert "ads/investment_promise" not in rules(pipeline, explainer)
    assert "ads/investment_promise" in rules(pipeline, offer)


def test_a_copula_superlative_praises_the_brand_it_names(pipeline: Pipeline) -> None:
    text = "深耕本地教育五十余年，是本市最具实力的教育培训高端品牌。"
    assert "ads/absolute_term" in rules(pipeline, text)
    # a factual ranking with a weak term stays quiet (数量最多的医疗机构)
    assert not rules(pipeline, "该院是国内每年种牙数量最多的医疗机构。")


def test_two_prices_of_the_posts_own_voice_block(pipeline: Pipeline) -> None:
    assert "ads/commercial_ad" in rules(pipeline, "两节试听课加期末高分秘籍，原价430元，现价仅12元。")


def test_a_state_ministry_lending_its_name_is_false_authority(pipeline: Pipeline) -> None:
    assert "ads/false_authority" in rules(pipeline, "科技部成果海洋肽粉，对便秘人群特别管用。")


# --- the learned scorer ------------------------------------------------------------------------


def test_the_learned_weights_file_says_how_it_was_trained() -> None:
    header = [line for line in LEARNED.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "dev split" in text and "blind batches" in text and "ads_scorer_train.py" in text
    scorer = NgramScorer.load(LEARNED)
    assert len(scorer.weights) > 500 and math.isfinite(scorer.bias)


def test_the_scorer_is_deterministic_and_names_what_fired() -> None:
    scorer = NgramScorer({"家人们": 2.0, "下单": 1.5, "记者": -3.0}, bias=-0.5)
    a = scorer.score(fold("家人们赶紧下单"))
    assert a == scorer.score(fold("家人们赶紧下单"))
    assert a.top == ("家人们", "下单") and a.probability > 0.85
    assert scorer.score(fold("记者近日获悉")).probability < 0.1


def test_the_learned_score_only_promotes_a_post_the_rules_flag() -> None:
    # a model that calls everything ad copy: it may turn a warning into a block, never silence into one
    eager = NgramScorer({g: 5.0 for g in ngrams(fold("新鲜荔枝现价一斤欢迎品尝"))}, bias=5.0)
    options = AdsOptions(threshold=0.99, families_to_block=9, learned_promote=0.5)
    checker = AdsChecker(options)
    checker._scorer = eager
    quiet = Document(text="今年荔枝丰收，全县种植面积达到五万亩。")
    flagged = Document(text="新鲜荔枝现价15元一斤，欢迎品尝。")
    assert not [f for f in checker.check(quiet, CheckContext(quiet)) if f.severity != "info"]
    found = {f.rule: f for f in checker.check(flagged, CheckContext(flagged))}
    assert "ads/commercial_ad" in found and "ads/learned_score" in found
    assert found["ads/learned_score"].severity == "info" and "新鲜" in found["ads/learned_score"].message


def test_promotion_can_be_turned_off_by_policy() -> None:
    # round 5: the scorer also flags short quiet posts (learned_flag); both off, no model is loaded
    options = AdsOptions(learned_promote=None, learned_flag=None)
    assert AdsChecker(options)._scorer is None
    with pytest.raises(ValueError):
        AdsOptions(learned_promote=1.5)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(SCORED_CHARACTERS), min_size=0, max_size=120))
def test_scoring_any_text_is_a_probability_and_stable(text: str) -> None:
    scorer = NgramScorer.load(LEARNED)
    a = scorer.score(fold(text))
    assert 0.0 <= a.probability <= 1.0
    assert a == scorer.score(fold(text))
    assert all(g in scorer.weights and scorer.weights[g] > 0 for g in a.top)
    assert BIAS not in a.top
