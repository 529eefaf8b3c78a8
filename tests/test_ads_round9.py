"""Issue 16, round 9: a user's testimony of a product's health effect is an efficacy claim (广告法第十六条
第一款第四项 and 第十八条第一款第五项 forbid patients and users vouching for a medical or health product;
第十七条 any product's disease claim), a patient's treatment told in hospital or family news is not; and
the host-grouped CV harness (benchmarks/ads_cv.py) deals hosts into folds so that no model scores a host
it was fitted on. Sentences written here pin behaviour only (real-text figures: tests/test_ads_real.py,
benchmarks/ads_real.py `fresh-12`, benchmarks/ads_cv.py)."""

from __future__ import annotations

import pytest
from benchmarks.ads_cv import fold_of
from benchmarks.evalkit import host_of
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
        "我父亲腰腿不好，服用了某某牌氨糖软骨素，关节不痛了，上下楼也利索了。",
        "坚持喝某某黑茶三个月，现在血压平稳，睡眠好，精神头足。",
        "貼了這款遠紅外護膝兩週，膝蓋不疼了，走路輕鬆多了。",
        "用了我们的富氢水杯半年，老病号的降糖药都停了，血糖一直稳定。",
    ],
)
def test_a_users_testimony_of_a_health_effect_is_a_claim(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # a patient treated and discharged: hospital news of care given (rubric round 2)
        "患者服用抗凝药物后，病情稳定，于3日康复出院。",
        # a prescribed medicine in a family story: no product vouched for
        "她吃了三天药，头不痛了，医生嘱咐继续观察一周。",
        # relief told without taking or using anything
        "天气转暖以后，老人的关节不痛了，每天到公园散步。",
    ],
)
def test_treatment_told_as_news_is_no_testimony(pipeline: Pipeline, text: str) -> None:
    assert "ads/efficacy_claim" not in rules(pipeline, text)


@settings(max_examples=50, deadline=None)
@given(
    st.sampled_from(["example.com", "shop.example.com.tw", "www.news.example.cn"]),
    st.text(alphabet="abcdefghij0123456789/", max_size=20),
)
def test_cv_folds_keep_every_host_on_one_side(host: str, path: str) -> None:
    # the fold is a function of the host alone: two pages of one site never sit on both sides of a fit
    url = f"https://{host}/{path}"
    assert fold_of(host_of(url), 5) == fold_of(host_of(f"http://{host}/other"), 5)
    assert 0 <= fold_of(host_of(url), 5) < 5


@pytest.mark.parametrize(
    "text",
    [
        # a booking page's rate card, one cell a line, no currency sign and no selling word
        "溫馨雙人房 |\n2人 |\n3000/間 |\n2400/間 |\n景觀雙人房 |\n2人 |\n3800/間 |",
        "小型會議室\n8人\n400/小时\n晚間時段\n300/小时",
        "標準客房\n一大床\nNT.2000\nNT.1880起",
    ],
)
def test_one_sellers_rate_card_is_a_listing(pipeline: Pipeline, text: str) -> None:
    assert "ads/product_listing" in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # an explainer's price ranges: a market survey, not one seller's card
        "半岭村的民宿房型多样，常见房型的价格区间：标准间300-500元/晚，大床房400-600元/晚。",
        # tickets per person and produce per jin, told in a report
        "景区门票淡季20元/人，旺季50元/人，游客凭新版门票入园。",
        "今日猪肉批发价每斤13元，鸡蛋5元/斤，蔬菜价格总体平稳。",
        # one price alone is no card
        "村里的民宿一晚大约300元/晚，游客络绎不绝。",
    ],
)
def test_price_ranges_and_report_prices_are_no_rate_card(pipeline: Pipeline, text: str) -> None:
    assert "ads/product_listing" not in rules(pipeline, text)
