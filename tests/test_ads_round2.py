"""Issue 16, round 2: a claim stated in order to be refuted, and a newspaper quoting a shop's staff,
are another voice, not the post's. Sentences written here pin behaviour only (real-text figures:
tests/test_ads_real.py)."""

from __future__ import annotations

import pytest

from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline, build_checker
from review_pipeline.policy import load_policy
from review_pipeline.text.phrases import PhraseBank, collecting


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    policy = load_policy("default")
    with collecting() as indexes:
        checker = build_checker(policy, "ads", policy.checkers["ads"])
    return Pipeline(policy, [checker], PhraseBank(indexes))


def rules(pipeline: Pipeline, text: str, level: tuple[str, ...] = ("warning", "error")) -> set[str]:
    return {f.rule for f in pipeline.review(Document(text=text)).findings if f.severity in level}


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
