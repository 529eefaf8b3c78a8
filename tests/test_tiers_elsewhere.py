"""An emergency in another country, named by the country, is news from elsewhere (as 境外 already
is), not an emergency of the account's jurisdiction: it never routes major; a local event whose
victims include foreign nationals (美国籍游客) still does (办法第十五条)."""

from __future__ import annotations

import pytest
from benchmarks.tiers_eval import tiers_pipeline

from review_pipeline import Document, Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return tiers_pipeline()


def tier(pipeline: Pipeline, text: str) -> str:
    return pipeline.review(Document(text=text)).sign_off.tier


@pytest.mark.parametrize(
    "text",
    [
        "北韩今年9月进行第6次核试，并引发出6.3级人工地震，有日本媒体指出，核试场坑道崩塌，造成约200多人死亡。",
        "当地时间6日，土耳其南部发生7.8级地震，目前已造成数千人死亡。",
    ],
)
def test_an_emergency_abroad_is_not_major(pipeline: Pipeline, text: str) -> None:
    assert tier(pipeline, text) != "major"


def test_foreign_victims_of_a_local_accident_keep_it_major(pipeline: Pipeline) -> None:
    text = "今日上午，我县境内发生一起较大道路交通事故，造成3人死亡、5人受伤，其中1名美国籍游客受伤，目前伤者正在医院救治。"
    assert tier(pipeline, text) == "major"
