"""Issue 16, round 3: a block needs converging evidence of a selling voice, an official or news voice
caps a post at warning unless it offers a price with a way to buy, and shop pages written outside
the mainland (NT$, HK$, 95 折, rate tables) are read as offers. Sentences written here pin behaviour
only (real-text figures: tests/test_ads_real.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads.checker import AdsChecker, AdsOptions, rules_data
from review_pipeline.checkers.base import CheckContext
from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline
from tests.ads_support import ads_only_pipeline, rules

BLOCK = "ads/commercial_ad"
KINDS = {"praise", "claim", "offer", "channel", "register"}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.fixture(scope="module")
def rules_only() -> AdsChecker:
    """The checker without the learned scorer: what the rules alone decide."""
    return AdsChecker(AdsOptions(learned_promote=None))


def verdict(checker: AdsChecker, text: str) -> set[str]:
    doc = Document(text=text)
    return {f.rule for f in checker.check(doc, CheckContext(doc)) if f.severity in ("warning", "error")}


def test_every_signal_names_its_kind_of_evidence() -> None:
    signals = rules_data()["signals"]
    assert {spec["evidence"] for spec in signals.values()} <= KINDS
    assert set(rules_data()["official_voice_blocks_with"]) <= KINDS
    assert int(rules_data()["converging_kinds"]) >= 2


def test_a_lone_claim_is_a_warning_not_a_block(rules_only: AdsChecker) -> None:
    # 广告法第十七条: a disease claim, but nobody sells anything in the sentence
    found = verdict(rules_only, "坚持饮用可有效降血压、降血脂，根治多年失眠。")
    assert "ads/efficacy_claim" in found and BLOCK not in found


@pytest.mark.parametrize(
    "text",
    [
        # the claim and a merchant speaking (本店)
        "本店秘制药膳汤，坚持饮用可有效降血压、降血脂。",
        # the claim and an offer
        "这款降压茶坚持饮用可有效降血压，原价198元，现价仅需98元。",
        # the claim said to the reader
        "您的失眠困扰，坚持饮用可有效改善，根治多年失眠。",
    ],
)
def test_a_claim_with_a_seller_offer_or_reader_blocks(rules_only: AdsChecker, text: str) -> None:
    assert BLOCK in verdict(rules_only, text)


def test_a_news_voice_caps_a_claim_with_a_seller_at_warning(rules_only: AdsChecker) -> None:
    claim = "该院中医科采用特色疗法，我院坚持饮用药膳可有效降血压、降血脂。"
    assert BLOCK in verdict(rules_only, claim)
    found = verdict(rules_only, "本报讯 县卫健委近日组织专家下乡义诊。\n" + claim)
    assert "ads/efficacy_claim" in found and BLOCK not in found


def test_an_official_voice_offering_a_price_with_a_channel_still_blocks(rules_only: AdsChecker) -> None:
    text = "县农业农村局消息：\n我县红富士苹果上市，特价每斤5元，欢迎大家订购，订购热线：0931-8765432。"
    assert BLOCK in verdict(rules_only, text)


def test_an_authority_charging_for_a_public_service_is_not_blocked(rules_only: AdsChecker) -> None:
    text = "县人民医院体检中心即日起推出老年人体检套餐，特价198元，欢迎预约，预约电话：0931-1234567。"
    found = verdict(rules_only, text)
    assert "ads/price_promotion" in found and BLOCK not in found


def test_the_learned_scorer_never_promotes_an_official_voice() -> None:
    checker = AdsChecker(AdsOptions(threshold=0.99, families_to_block=9, learned_promote=0.0))
    news = Document(text="本报讯 记者从县卫健委获悉。\n坚持饮用可有效降血压、降血脂，根治多年失眠。")
    found = {f.rule for f in checker.check(news, CheckContext(news))}
    assert "ads/efficacy_claim" in found and BLOCK not in found and "ads/learned_score" not in found


@pytest.mark.parametrize(
    "text",
    [
        "早鳥優惠價 NT$9,800，名額有限，額滿為止。",
        "會員登入後於本店消費滿 HKD 400.00，即享全單 95 折優惠。",
        "消費滿$600即可換領HK$25咖啡禮券。",
        "二房包棟 | 6,000 | 9,000 | 12,000 |\n三房包棟 | 7,500 | 10,500 | 13,500 |",
    ],
)
def test_offers_written_outside_the_mainland_are_offers(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text) & {"ads/price_promotion", "ads/product_listing"}


@pytest.mark.parametrize(
    "text",
    [
        # a discount range describes a market (团购价约为行情的1~2折), as a price range does
        "有些診所平均每堂不到三百元，大約是正規醫療院所行情的1~2折。",
        # a comparison of many sellers lists one price a row
        "臺大醫院 | 基礎套裝 + 胃腸鏡 | 36700 |\n臺北榮總 | 無痛胃腸鏡 | 33000 |",
    ],
)
def test_market_descriptions_are_not_offers(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text) & {"ads/price_promotion", "ads/product_listing"}


FRAGMENTS = [
    "坚持饮用可有效降血压、降血脂。",
    "本店秘制药膳汤，欢迎品尝。",
    "原价198元，现价仅需98元。",
    "订购热线：0931-8765432。",
    "家人们赶紧下单！",
    "全县今年种植苹果五万亩。",
    "我院专家全程坐诊。",
    "\n",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6))
def test_speaking_as_a_newsroom_never_turns_a_post_into_a_block(parts: list[str]) -> None:
    checker = AdsChecker(AdsOptions(learned_promote=None))
    text = "".join(parts)
    as_news = "本报讯 记者近日在县城走访。\n" + text
    assert BLOCK not in verdict(checker, as_news) or BLOCK in verdict(checker, text)
