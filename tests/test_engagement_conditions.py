"""Engagement as conditions (issue 20, second round): gates, counts and single channels written in
the ways government notices write them; several channels and reports stay quiet."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from review_pipeline.models import Document


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


def rules(checker: EngagementChecker, text: str) -> set[str]:
    doc = Document(text=text)
    return {f.rule for f in checker.check(doc, CheckContext(doc))}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("只需关注“文明XX”官方微信，点击菜单栏“投票”就可以进入点赞页面。", "engagement/forced_download"),
        ("需先关注本公众号，完成注册后方可领取消费券。", "engagement/forced_download"),
        ("复赛采取专家评审与网络人气相结合的方式，点赞成绩占30%。", "engagement/forced_share"),
        ("本次评选在“XX融媒”APP单一平台进行投票。", "engagement/forced_download"),
        ("订阅目标：各单位在岗职工全员关注订阅。", "engagement/forced_download"),
        ("各单位订阅人数请于月底前报送宣传部备案。", "engagement/forced_download"),
        ("对转发情况进行抽查，并列入年度考核。", "engagement/forced_share"),
        ("单位对外发布的信息，每人均有义务分享到朋友圈。", "engagement/forced_share"),
    ],
)
def test_conditions_are_forced(checker, text, rule):
    assert rule in rules(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "社会投票采取微信、手机客户端两种投票方式，每个注册ID每天限投1次。",
        "投票通道：1.关注“文明XX”公众号投票；2.扫描下方二维码，直接进行投票。",
        "通过初赛者方可参加决赛。",
        "红旗区政务服务中心统一对外预约渠道为微信预约小程序。",
        "学校不得强制家长注册账号，不得在家长群通报未完成学习人员名单。",
    ],
)
def test_several_channels_plain_conditions_and_prohibitions_pass(checker, text):
    assert rules(checker, text) == set()


def test_the_statutory_tax_client_named_before_its_download_is_noted(checker):
    doc = Document(text="首先，您需要在应用商店中搜索“个人所得税”并下载官方应用。")
    found = list(checker.check(doc, CheckContext(doc)))
    assert [(f.rule, f.severity) for f in found] == [("engagement/statutory_app", "info")]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("大家看到这里，可以去公众号回复“大会”两字，就可以获得原版白皮书的下载链接。", "engagement/forced_download"),
        ("本次抽奖仅限粉丝参与，中奖名单将在次日公布。", "engagement/forced_download"),
        ("活动设置「最暖心奖」「点赞最多奖」等奖项。", "engagement/forced_share"),
        ("三、投票方式\n1. 长按识别下方二维码，或关注本公众号\n2. 在公众号下方菜单，点击“投票”进入投票页", "engagement/forced_download"),
    ],
)
def test_third_round_conditions_are_reported(checker, text, rule):
    assert rule in rules(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "1. 通过微信公众号了解活动详情；\n2. 进入活动平台线上答题页面；",
        "获奖名单将在本馆微信公众号公布，请获奖者持身份证领取奖品。",
        "1. 扫描下方二维码参与活动\n2. 答题完毕点击交卷即可",
    ],
)
def test_third_round_invitations_and_plain_steps_stay_quiet(checker, text):
    assert not {r for r in rules(checker, text) if r != "engagement/statutory_app"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("每个微信号每天只能投10票，若投票过后取消关注平台，有效票数统计将自动减去该投票。", "engagement/forced_download"),
        ("每人仅有1次作答机会，分享朋友圈可额外获得1次机会。", "engagement/follower_incentive"),
    ],
)
def test_a_condition_that_contains_a_negator_word_is_still_a_condition(checker, text, rule):
    # 取消 in 取消关注 belongs to the condition; only a negator standing before the hit cancels it
    assert rule in rules(checker, text)


def test_a_negator_before_the_condition_still_cancels_it(checker):
    assert not rules(checker, "各单位不得以取消关注视为放弃等方式变相强制群众关注。") - {"engagement/statutory_app"}
