"""Engagement as structure (issue 20, round 9): who must act, what is withheld, what is counted.

A growth act that earns points which buy a prize is a reward offered for it; a growth act
demanded of a whole body of staff in a text that counts or reports it is a demand with a check;
an account at the end of a list is still the object of 必须关注; a client named without the word
APP is still a client; a practice of 某X (a party other than the account) is reported.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from review_pipeline.models import Document


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


def found(checker: EngagementChecker, text: str) -> list[tuple[str, str, str]]:
    doc = Document(text=text)
    return [(f.rule, f.severity, f.source or "") for f in checker.check(doc, CheckContext(doc))]


def alarms(checker: EngagementChecker, text: str) -> set[str]:
    return {rule for rule, severity, _ in found(checker, text) if severity != "info"}


@pytest.mark.parametrize(
    "text",
    [
        "本次读书活动按积分排名颁发奖品。获取积分的方式包括：签到、读书、阅读分享、发布书评等。",
        "赛制规则：每评论一次积5分，评论被点赞一次，积2分，最终以积分排名进行奖励。",
        "活动期间每日首次分享可获得2个积分，活动结束后根据总积分排序颁发奖品。",
    ],
)
def test_points_earned_by_a_growth_act_that_buy_a_prize_are_a_reward(checker, text):
    # (分享可获得 is also an incentive cue of cues.tsv: either reading reports the reward)
    assert "engagement/follower_incentive" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # points for reading, answering or volunteering: no growth act earns them
        "本次活动按积分排名颁发奖品。每日签到积5分，阅读二十分钟积30分，答对一题积1分。",
        "志愿者参与环境整治每小时积10分，积分可到文明实践站兑换米面油。",
        # a platform's points rules explained: no contest of the account's own
        "学习强国积分规则：每日登录积1分，分享文章积1分，积分可用于兑换。",
        # points named, nothing bought with them
        "本次活动中，读者每分享一本电子书可积2分，积分仅用于展示阅读成就。",
    ],
)
def test_points_without_a_growth_act_or_without_a_prize_stay_quiet(checker, text):
    assert not any("points.tsv" in source for _, _, source in found(checker, text))


@pytest.mark.parametrize(
    "text",
    [
        "请各单位发动全体干部职工关注“市场监管”公众号，并于月底前将推广情况汇总报送办公室。",
        "所有在岗职工下载“工会”APP并实名注册，各支部注册情况纳入年度考核。",
    ],
)
def test_a_growth_act_demanded_of_all_staff_and_checked_is_forced(checker, text):
    assert "engagement/forced_download" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # no check: an appeal
        "倡议全体干部职工关注“清廉某市”公众号，及时了解廉政资讯。",
        # an invitation word before the act
        "鼓励全体职工关注单位公众号，年终工作总结报送办公室。",
        # what was done, told
        "目前已组织全体干部职工关注“平安某县”公众号，相关工作总结已报送县委。",
    ],
)
def test_staff_appeals_invitations_and_reports_stay_quiet(checker, text):
    assert not any("staff.tsv" in source for _, _, source in found(checker, text))


def test_an_account_at_the_end_of_a_list_is_the_object_of_a_demanded_follow(checker):
    text = "各团支部必须关注团省委学校部、团市委、校团委以及学院各级团支部微博。"
    assert "engagement/forced_download" in alarms(checker, text)


def test_a_list_without_an_account_is_no_follow(checker):
    assert not alarms(checker, "各支部必须关注困难党员、留守儿童、空巢老人以及残疾人家庭的实际需求。")


def test_a_client_named_without_app_is_a_client(checker):
    assert "engagement/forced_download" in alarms(
        checker, "参赛方式：下载学习通，实名认证后加入活动小组，发布读书笔记即算参赛。"
    )
    assert not alarms(checker, "读者也可下载学习通阅读电子书，或到馆借阅纸质图书。")


@pytest.mark.parametrize(
    "text",
    [
        "记者了解到，某健身房推出活动，顾客转发朋友圈集满30个赞即可领取体验卡。",
        "某小学要求家长每天转发学校公众号文章并截图发到班级群。",
    ],
)
def test_a_practice_of_a_party_named_with_mou_is_reported(checker, text):
    assert not alarms(checker, text)


EARN_FREE = [
    "每日签到积5分",
    "阅读二十分钟积30分",
    "答对一题积1分",
    "参与志愿服务每小时积10分",
    "欢迎分享本文",
    "点赞支持家乡",
    "活动结束后颁发奖品",
    "积分可兑换礼品",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(EARN_FREE), min_size=1, max_size=6))
def test_the_points_reading_needs_the_act_to_earn_the_points(checker, parts):
    """Acts, points and prizes side by side, but no act earning points (欢迎分享本文 and 积5分 in
    different sentences): the points reading never reports."""
    text = "本次活动规则如下。" + "。".join(parts) + "。"
    assert not any("points.tsv" in source for _, _, source in found(checker, text))


@pytest.mark.parametrize(
    "text",
    [
        # what following gives is information, not a benefit withheld
        "扫描二维码关注公众号，即可获取更多优惠信息。",
        "关注“某某文旅”抖音号，即可第一时间获取景区门票优惠信息。",
    ],
)
def test_information_is_no_benefit_withheld(checker, text):
    assert not alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # a gate word keeps the condition
        "关注公众号后即可领取优惠券。",
        "关注“某某图书馆”公众号后方可预约座位。",
        "关注公众号，回复“资料”即可获取学习资料。",
    ],
)
def test_a_gate_word_still_withholds(checker, text):
    assert "engagement/forced_download" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "请同学们转发此文并截图发给班主任。",
        "转发量最高的前三名作品获“最佳人气奖”。",
        "分享至朋友圈，邀请好友助力，助力值最高者获奖。",
    ],
)
def test_a_checked_repost_or_a_prize_ranked_by_reposts_is_forced(checker, text):
    assert "engagement/forced_share" in alarms(checker, text)
