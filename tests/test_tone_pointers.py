"""Tone words that ordinary government posts use innocently, found on the other families' real
posts (benchmarks/cross_family.py): arrows pointing at what follows, and 弱智/智障 describing a
person's disability in relief stories, are quiet; the same words as clickbait or name-calling warn
(办法第十八条)."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.tone import ToneChecker, ToneOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    return ToneChecker(ToneOptions())


@pytest.mark.parametrize(
    "text",
    [
        "为防范取暖用火不慎引发火灾，这些家中常备的取暖“神器”你真的都用对了吗？\n↓↓↓\n安全取暖，警惕这6个雷区。",
        "湖北“新春第一会”这样回答↓↓",
        "乡镇民政办看望慰问五保对象赵奶奶，她与弱智儿子相依为命。",
        "耿合信因自身聋哑，妻子弱智，儿子就读小学六年级，家境贫寒。",
        "大哥先天智障，还有严重的心脏病，为改善家里条件，他四处打工。",
    ],
)
def test_pointers_and_descriptions_are_quiet(checker: ToneChecker, text: str) -> None:
    assert loud_rules(checker, text=text) == set()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("很多人觉得野生蘑菇味道鲜美\n都想采摘食用\n但!是!\n并不是所有的野生蘑菇都是安全的", "tone/sensational"),
        ("只要不是智障，谁都知道这是在推卸责任。", "tone/derision"),
        ("你是弱智吗？连通知都看不懂。", "tone/derision"),
    ],
)
def test_clickbait_beats_and_name_calling_warn(checker: ToneChecker, text: str, rule: str) -> None:
    assert rule in loud_rules(checker, text=text)
