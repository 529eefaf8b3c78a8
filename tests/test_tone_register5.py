"""Tone, fifth round (issue 20): scorn idioms, mock-praise, dares and likening people to a child
or a clown in the account's own voice are warnings; the same words quoted, in self-deprecation
of an essay or as facts stay quiet."""

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
        "编这种段子的人纯粹是吃饱了撑的，唯恐天下不乱。",
        "关于景区收费的说法一派胡言，我们早已公示了价格。",
        "有本事你自己来管管这条街的占道经营。",
        "啧啧，这位网友的想象力真丰富。",
        "对方被问到数据来源时支支吾吾，活像个小学生被老师点名。",
    ],
)
def test_round_five_register_signals_warn(checker, text):
    assert loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "该网民在微博发布“一派胡言”等侮辱性言论，已被依法行政拘留。",
        "同学们像小学生一样认真听讲，积极发言。",
        "经查，网传“景区塌方”系无中生有的谣言，请广大网民不信谣、不传谣。",
    ],
)
def test_quoted_or_neutral_uses_stay_quiet(checker, text):
    assert loud_rules(checker, text=text) == set()


def test_a_why_rebuke_aimed_at_a_group_of_officials_warns(checker):
    text = "为什么那么多的官员就不肯走出办公室，相反却宁愿坐在屋里听汇报呢？"
    assert loud_rules(checker, text=text)


def test_a_why_question_that_asks_for_a_reason_stays_quiet(checker):
    assert loud_rules(checker, text="为什么冬季要接种流感疫苗呢？专家解释如下。") == set()
