"""Issue 16, round 4: who speaks. A sentence that narrates a third party's offer, policy or event
(contexts.txt group `narration`) reports rather than sells; a negation may end inside the claim it
denies; claim families from real penalty quotes; government-service wording met on other families'
posts. Sentences written here pin behaviour only (real-text figures: tests/test_ads_real.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.pipeline import Pipeline
from tests.ads_support import ads_only_pipeline, rules


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    "text",
    [
        # a government's tourism concession, its slogan quoted (the 你 is the slogan's, not the post's)
        "全省4A级以上景区实行“门票买一送一”的优惠政策，多地开展“一元游，万张门票等你抢”活动。",
        "国庆期间，县文旅局联合景区推出惠民措施，部分景区门票五折优惠。",
        # a market described, not a product sold
        "近年来本地医美市场呈现蓬勃发展趋势，微创注射项目凭借恢复快、效果显著成为主流选择之一。",
        # a sentence about an ad, not the ad
        "小曾在短视频平台看到一则介绍祛痘的广告，随后添加了对方微信。",
    ],
)
def test_narrated_offers_and_claims_stay_below_warning(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # the seller speaks (本店) or addresses the reader (您): the same words sell
        "本店实行会员优惠政策，全场商品一律8折，欢迎您到店选购！",
        # a price with a way to buy sells whoever narrates it
        "镇里开展助农活动，土鸡蛋每盒30元，订购电话13812345678。",
    ],
)
def test_the_sellers_voice_or_an_order_channel_still_sells(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "专家表示，洗发水并非药品，不可能解决脱发问题。",
        "目前医学上近视不能治愈，家长不要轻信宣传。",
    ],
)
def test_a_negation_that_overlaps_the_claim_denies_it(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" not in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "艾灸针对阴阳气血经络问题引起的所有疾病，一次见效。",
        "本品能从根本上改善脱发、白发、头屑等问题。",
        "该净化器可高效灭杀流感病毒，抑制率高达99.5%。",
        "喝了我们的茶，1个月瘦了16斤，没有任何反弹！",
        "科学轻体21天，纯植物提取。",
        "常喝此酒，有助于改善高血压、失眠等症状。",
        "坚持服用，一辈子不会得血栓和中风。",
        "大部分疾病经过10次治疗就可见效，治愈率大都达到了90%。",
    ],
)
def test_claim_families_from_real_penalty_quotes_are_warnings(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" in rules(pipeline, text)


def test_a_shops_address_and_lure_make_a_selling_voice(pipeline: Pipeline) -> None:
    assert "ads/selling_voice" in rules(pipeline, "姐姐，我们店里有活动，免费赠送品牌护肤品，快来领一套！")


def test_a_rate_card_and_pack_counts_are_listings(pipeline: Pipeline) -> None:
    assert "ads/product_listing" in rules(pipeline, "双人房 平日：2,800元／假日：3,600元")
    assert "ads/product_listing" in rules(pipeline, "黑豆茶 促进代谢 10包入/盒")


@pytest.mark.parametrize(
    "text",
    [
        "为确保本次停水维护工作顺利开展，请市民提前储水。",
        "这个是关于你买东西的权利的，以后会用得着。",
        "办事居民可提前1个工作日拨打本中心预约热线电话进行预约登记。",
        "参与答题可抽取文旅优惠券，赢取阅读好礼。",
        "本条微博转发超过20，我们将公开本博形象代言人玉照一张。",
    ],
)
def test_government_service_wording_is_not_an_ad(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text) == set()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["实行", "开展", "举办", "优惠政策", "惠民措施"]), st.integers(5, 9))
def test_narration_never_hides_a_price_with_an_order_channel(pipeline: Pipeline, verb: str, discount: int) -> None:
    """Whatever narrates it, a price offered with a way to buy stays at least a warning (rubric:
    an order channel and a price, whoever speaks)."""
    text = f"合作社{verb}，大米{discount}折，每袋50元，订购电话13900001111。"
    assert rules(pipeline, text)
