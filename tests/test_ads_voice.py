"""The ads signals added for issue 16: the selling voice of a whole sentence, a product listed with
its spec, yield guarantees for farm inputs (广告法第二十七条), and efficacy phrased as a result.

Sentences are ours (unit tests only); the real-text figures are in tests/test_ads_real.py.
"""

from __future__ import annotations

import pytest

from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline, build_checker
from review_pipeline.policy import load_policy


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    policy = load_policy("default")
    return Pipeline(policy, [build_checker(policy, "ads", policy.checkers["ads"])])


def rules(pipeline: Pipeline, text: str, level: str = "warning") -> set[str]:
    order = ["info", "warning", "error"]
    return {
        f.rule
        for f in pipeline.review(Document(text=text)).findings
        if order.index(str(getattr(f.severity, "value", f.severity))) >= order.index(level)
    }


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("朋友们，这批土蜂蜜今天特价，赶紧带回家，错过就没有了！", "ads/selling_voice"),
        ("你还犹豫什么，立即入手这款空气炸锅，超值！", "ads/selling_voice"),
        ("纪满堂山东高纯度阿拉伯糖粉食品级代糖500克", "ads/product_listing"),
        ("巴黎水 纯天然气泡水 330ml*4瓶/件", "ads/product_listing"),
        ("本品配方合理，亩产多收上千元，一般增产25%-35%。", "ads/agri_promise"),
        ("喝我们的草本茶，不用节食也能轻松瘦，一喝就见效。", "ads/efficacy_claim"),
        ("坚持用这款贴膏，告别失眠，中老年便秘问题也能解决。", "ads/efficacy_claim"),
    ],
)
def test_new_signals_warn(pipeline: Pipeline, text: str, rule: str) -> None:
    assert rule in rules(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # government voice: coupons, vaccination, price monitoring, farm news, reports of yields
        "各位市民，第二批消费券将于12月1日发放，大家赶紧关注，优惠多多！",
        "请大家抓紧时间接种疫苗，保护你和家人的健康！",
        "据市价格监测中心数据，本周猪肉均价每斤15元，鸡蛋每500克4.5元。",
        "今年全县推广测土配方施肥，小麦每亩增产100公斤左右，农民增收明显。",
        "第一书记带领村民发展特色种植，村集体收入大幅增加。",
        "市场监管局提醒：对“不用节食也能瘦”“一喷就灵”等宣传，消费者要提高警惕，谨防上当。",
    ],
)
def test_government_uses_stay_quiet(pipeline: Pipeline, text: str) -> None:
    assert not rules(pipeline, text)


def test_root_citation_no_longer_exempts_absolute_terms(pipeline: Pipeline) -> None:
    """根据 is not a cited ranking (据统计 is): the absolute term in a product claim still counts."""
    assert "ads/absolute_term" in rules(pipeline, "根据作物需肥特点合理配比，是提高产量的最佳产品")
    assert "ads/absolute_term" not in rules(pipeline, "据统计，该县茶叶产量全省第一。")
