"""Engagement as conditions, fourth round (issue 20): an action, a frame and a benefit in one
sentence (lexicons/engagement/conditions.tsv); options, other channels, reports and how-to
explanations stay quiet."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from tests.checker_support import loud_rules


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("点赞本条视频并截图发送至后台，即可兑换门票一张。", "engagement/forced_share"),
        ("转发本条微博并@三位好友，就有机会获得签名书。", "engagement/forced_share"),
        ("转发本文至朋友圈集满30个赞，凭截图到服务台领取纪念品。", "engagement/forced_share"),
        ("下载“文明XX”APP并注册后，方可在线预约挂号。", "engagement/forced_download"),
        ("在评论区留言，点赞数前三名将获得精美礼品。", "engagement/forced_share"),
        ("中签人员须先下载“数字人民币APP”，注册登录并开通个人数字钱包，领取红包。", "engagement/forced_download"),
    ],
)
def test_conditions_are_reported(checker, text, rule):
    assert rule in loud_rules(checker, text=text)


@pytest.mark.parametrize(
    "text",
    [
        # invitations and options
        "欢迎关注“XX发布”公众号，及时获取最新资讯。",
        "可以通过转发活动链接、邀请好友等方式增加自己的抽奖机会。",
        # another channel named in the text
        "投票可通过公众号进行，也可到活动现场投票，线下投票与网络投票同等有效。",
        # a method taught, not a condition set
        "志愿者还现场教居民如何关注使用“分好啦”微信公众号、积分兑换商品等。",
        # a prohibition
        "不得强制要求群众下载注册APP后方可办理业务。",
        # a benefit for something that is not a follow, share, like or download
        "只需回答几个关于洛阳的问题，即可轻松领取纪念品。",
    ],
)
def test_lookalikes_stay_quiet(checker, text):
    assert loud_rules(checker, text=text) == set()


def test_a_guide_for_campaign_organisers_describes_campaigns(checker):
    guide = (
        "运营公众号活动的目标大多是拉新。让已关注的用户拥有专属推广二维码,"
        "当老用户分享成功推广一次,即可获得相对应的奖励。"
    )
    assert loud_rules(checker, text=guide) == set()
    # one such word alone does not make a notice a guide
    notice = "为扩大活动影响、吸引新用户,关注本公众号并分享本文至朋友圈,即可获得纪念品一份。"
    assert "engagement/forced_download" in loud_rules(checker, text=notice)
