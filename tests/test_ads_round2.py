"""Issue 16, round 2: a claim stated in order to be refuted, and a newspaper quoting a shop's staff,
are another voice, not the post's. Sentences written here pin behaviour only (real-text figures:
tests/test_ads_real.py)."""

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
        "有人说这种保健品能够根治糖尿病，这是完全错误的观点，保健食品没有治疗作用，身体不适请及时就医。",
        "误区二：喝某种茶能治愈高血压。专家提醒，高血压患者应遵医嘱服药。",
    ],
)
def test_a_refuted_claim_is_quoted_not_made(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text)
    assert "ads/efficacy_claim" in rules(pipeline, text, ("info",))  # still shown to the editor


def test_the_same_claim_made_by_a_seller_still_blocks(pipeline: Pipeline) -> None:
    text = "本店灵芝茶能够根治糖尿病，原价398元现价198元，订购热线：0731-88886666。"
    assert "ads/commercial_ad" in rules(pipeline, text)


def test_staff_quoted_by_a_newspaper_report_past_prices(pipeline: Pipeline) -> None:
    text = "“前年推出过会员套餐，每张980元，没什么人买，后来就不再推了。”一家健身房的工作人员说。"
    assert not rules(pipeline, text)


THERAPIES = ["溶栓治疗", "静脉溶栓", "抗病毒治疗", "降压治疗", "降糖治疗", "降脂治疗", "抗肿瘤治疗"]


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(THERAPIES),
    st.integers(min_value=18, max_value=99),
    st.sampled_from(["先生", "女士", "阿姨"]),
)
def test_a_hospital_case_report_naming_the_therapy_given_is_not_a_claim(
    pipeline: Pipeline, therapy: str, age: int, address: str
) -> None:
    text = (
        f"{age}岁的李{address}因突发胸闷入院，经检查确诊后，医生为其实施{therapy}，"
        f"经过两周的精心治疗和护理，病情稳定出院，医生将定期随访。"
    )
    assert not rules(pipeline, text)


def test_the_same_efficacy_words_as_a_product_claim_still_block(pipeline: Pipeline) -> None:
    assert "ads/commercial_ad" in rules(pipeline, "本品纯天然提取，长期服用可溶栓、降血压，告别三高。")


def test_a_clinic_consultation_channel_is_a_contact_to_buy(pipeline: Pipeline) -> None:
    found = rules(pipeline, "如有男科疾病困扰，点击在线咨询，专家免费为您解答。")
    assert "ads/contact_to_buy" in found
    # a public hospital's consultation service is not a sale (contexts.txt group public)
    assert not rules(pipeline, "市人民医院男科开通在线咨询服务，方便群众就医。")


def test_a_superlative_praising_produce_is_an_ad(pipeline: Pipeline) -> None:
    assert "ads/absolute_term" in rules(pipeline, "全球最好的榴莲，这个冬天最好吃的奶油枣，没有之一！")


def test_a_lease_back_for_years_is_a_real_estate_return_promise(pipeline: Pipeline) -> None:
    assert "ads/realestate_promise" in rules(pipeline, "临街旺铺火热认购，5年返租，每年8%的回报率。")
    assert not rules(pipeline, "住建部门提醒：警惕“售后返租”“5年返租”等销售陷阱，谨防上当受骗。")


def test_a_youth_league_volunteer_sign_up_is_a_public_service(pipeline: Pipeline) -> None:
    text = (
        "凡18至30周岁、能够参加志愿者培训的青年，均可关注团市委公众号（微信号abc123），"
        "点击“志愿者报名”进行线上报名。"
    )
    assert not rules(pipeline, text)
    # the same channel next to a course on sale is a contact to buy
    assert "ads/contact_to_buy" in rules(pipeline, "暑期钢琴培训班火热招生，咨询请加微信号abc123。")
