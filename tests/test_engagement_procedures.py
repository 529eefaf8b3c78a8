"""Engagement, sixth round (issue 20): a procedure that opens by following the account leads to the
service in its later steps; a service word on the next heading is not what an invitation to
follow leads to; a guide that lists a counter, a phone line or a chat beside the account offers
several channels."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


def test_a_follow_in_the_first_step_gates_the_service_two_steps_later(checker):
    text = (
        "读者证办理流程\n1、扫码关注市图书馆微信公众号\n2、进入公众号，点击微服务大厅\n"
        "3、选择在线办证，按提示填写信息\n"
    )
    assert loud_rules(checker, text=text) == {"engagement/forced_download"}


def test_the_step_chain_stops_at_a_line_that_is_no_step(checker):
    text = "1、扫码关注市图书馆微信公众号\n活动期间馆内照常开放。\n3、选择在线办证\n"
    assert not loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # an invitation to follow the announcements; the next heading is about booking
        "预约公告提前一天在“某某发布”微信公众号发布，请广大市民关注。\n\n3.预约方式\n",
        # a counter, a chat and a mini-program listed beside the account
        "预约方式：\n◆ 通过微信关注公众号进行预约\n◆ 通过微信客服进行预约\n◆ 医院挂号窗口提供预约服务\n",
        "可拨打电话预约，也可关注医院公众号进行预约。",
    ],
)
def test_invitations_and_several_channels_stay_quiet(checker, text):
    assert not loud_rules(checker, text=text)


def test_a_demanded_rate_of_logins_is_a_forced_download_a_reached_one_is_a_report(checker):
    assert loud_rules(checker, text="各班开展反诈主题班会，要求国家反诈中心APP登陆率达100%。") == {
        "engagement/forced_download"
    }
    assert not loud_rules(checker, text="经检查，全校学生均已安装并激活，做到了100%全覆盖。")
