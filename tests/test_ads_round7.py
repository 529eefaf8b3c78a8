"""Issue 16, round 7: what decides on hosts new to the set. A source hedge (据了解) no longer reports a
health claim the text asserts itself; a block by the rules needs the sale itself among its kinds of
evidence; a text that tells around quoted slogans reports them. Sentences written here pin behaviour
only (real-text figures: tests/test_ads_real.py, benchmarks/ads_real.py `round 7 new hosts`, `fresh-10`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.ads.checker import AdsOptions
from review_pipeline.checkers.ads.signals import FieldScan, load_contexts, load_exemptions
from review_pipeline.pipeline import Pipeline
from review_pipeline.text.analysis import FieldAnalysis
from tests.ads_support import ads_only_pipeline, rules

BLOCK = "ads/commercial_ad"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return ads_only_pipeline()


@pytest.mark.parametrize(
    "text",
    [
        # a press release or soft article that asserts a health claim after 据了解 (广告法第十六、十七、十九条)
        "据了解，该磁疗腰带是结合传统中医经络理论的理疗器械，对颈椎病、腰椎病有显著的治疗效果。",
        "據了解，這款黑苦蕎茶對高血壓、糖尿病有著特殊的療效，是中老年人的養生佳品。",
    ],
)
def test_a_hedge_does_not_report_a_health_claim_the_text_asserts(pipeline: Pipeline, text: str) -> None:
    found = rules(pipeline, text)
    assert "ads/efficacy_claim" in found
    assert BLOCK not in found  # the text still speaks as a reporter: blocked only by a price with a way to buy


@pytest.mark.parametrize(
    "text",
    [
        # the claim given to someone (承诺, 宣称, 表示) or quoted stays reported
        "据了解，该店宣称这款黑苦荞茶能治疗高血压，市场监管部门已介入调查。",
        "据了解，店员表示这种床垫可以治疗失眠，但记者查询发现其仅为普通床垫。",
        "据了解，“喝了能降血糖”是推销人员的说辞。",
        # a hedged account of fees or returns reports a market (only health claims pierce a hedge)
        "据了解，协议班收费22800元，根据承诺，未进复试可退费。",
        "据悉，该景区门票今年起下调为60元，学生半价。",
    ],
)
def test_a_hedge_still_reports_what_it_attributes(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # a newspaper naming quoted class names and slogans, selling nothing
        "考研辅导机构的招生网页五花八门，班名有“魔鬼训练营”“无敌训练营”“超级保过班”等，令考生心动。",
        "“三个月狂瘦20斤！”“减脂神器！”……网店的宣传语让王女士动了心，她一口气买了三个疗程。",
    ],
)
def test_quoted_slogans_in_an_account_are_reported(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # slogans strung together are the ad copy itself (taken out of a decision)
        "全网销量第一”“三天见效，无效退款”“专治各种失眠",
        # a seller's own quoted slogan with its shop and way to buy
        "本店“全网最低价”，欢迎进店选购，订购电话13800000000。",
    ],
)
def test_quoted_slogans_that_sell_stay_claims(pipeline: Pipeline, text: str) -> None:
    assert rules(pipeline, text)


def test_praise_and_a_claim_without_the_sale_are_warnings_not_a_block(pipeline: Pipeline) -> None:
    text = "在本市买房，沿着地铁新线布局绝对是明智之选，沿线物业升值潜力巨大。"
    found = rules(pipeline, text)
    assert found & {"ads/realestate_promise", "ads/absolute_term"}
    # the rules block only with an offer, a channel, a seller or the seller's register among the kinds
    checker = pipeline.checkers[0]
    assert not checker._blocks({"praise", "claim"}, 0.9, official=False)  # type: ignore[attr-defined]
    assert checker._blocks({"claim", "channel"}, 0.9, official=False)  # type: ignore[attr-defined]


def _scan(text: str) -> FieldScan:
    options = AdsOptions()
    return FieldScan(FieldAnalysis(text), load_contexts(options.contexts), load_exemptions(options.exemptions))


@settings(max_examples=60, deadline=None)
@given(
    outside=st.text(alphabet="记者说他们的网店宣传语很多", min_size=1, max_size=30),
    inside=st.text(alphabet="最好专治三天见效", min_size=1, max_size=30),
)
def test_quoted_share_counts_what_lies_between_the_marks(outside: str, inside: str) -> None:
    text = f"{outside}“{inside}”{outside}"
    share = _scan(text).quoted_share
    assert share == pytest.approx(len(inside) / len(text))
    # a line cut inside a quotation: its start up to the first closing mark counts as quoted
    cut = f"{inside}”{outside}"
    assert _scan(cut).quoted_share == pytest.approx(len(inside) / len(cut))
