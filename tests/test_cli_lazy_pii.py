"""The fast start-up's PII shortcut: a text that can hold only names is searched by NameFinder
alone (no presidio); it must find exactly what the full presidio path finds."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.pii import PiiChecker
from review_pipeline.pipeline import build_checker
from review_pipeline.policy import load_policy
from review_pipeline.text.fold import fold

FRAGMENTS = [
    "当事人", "被处罚人", "患者", "村民", "市民", "经营者", "法定代表人", "记者", "先生", "女士", "同志",
    "王建国", "张秀英", "李", "欧阳娜娜", "刘德", "陈", "某某", "张某", "，", "。", "：", "、", "和",
    "反映", "表示", "于近日", "在社区", "开展志愿服务", "据了解", "负责人", "申请人", "群众",
]  # fmt: skip


@pytest.fixture(scope="module")
def engines() -> tuple:
    policy = load_policy("default")
    checker = build_checker(policy, "pii", dict(policy.checkers["pii"]))
    assert isinstance(checker, PiiChecker)
    fast = checker.engine
    full = copy.copy(fast)
    full._names = None  # the presidio path for every text
    return fast, full


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map("".join))
def test_person_only_path_finds_what_presidio_finds(engines: tuple, text: str):
    fast, full = engines
    folded = fold(text)
    assert fast.analyze(folded) == full.analyze(folded)


@pytest.mark.parametrize(
    "text",
    [
        "当事人王建国于2026年11月在某超市销售过期食品。",
        "患者张秀英女士已康复出院，感谢医护人员。",
        "村民李某某反映，村道路灯损坏。",
        "据记者欧阳娜娜了解，活动吸引市民三百余人参加。",
    ],
)
def test_realistic_posts_agree(engines: tuple, text: str):
    fast, full = engines
    assert fast.analyze(fold(text)) == full.analyze(fold(text))
