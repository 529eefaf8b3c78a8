"""Engagement, seventh round (issue 20): a condition gates the reader's taking part on following,
sharing, liking or installing; another route offered in the same sentence (也可, 或拨打) or another
channel named in the text (营业厅, 网银, 以……为例) makes it one choice; registering in a service's
own system is its procedure; a likes ranking counts only beside the prize or selection it decides."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from tests.checker_support import findings, loud_rules


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


@pytest.mark.parametrize(
    "text",
    [
        # another route in the same sentence
        "群众关注“平安XX”公众号后即可在线预约，也可拨打电话预约。",
        "需下载“XX社保”APP办理，或携带身份证到服务大厅办理。",
        # other channels named in the text: a table of payment routes, a walk-through of one of them
        "缴费方式：燃气公司APP（需下载APP或关注公众号）；支付宝；手机银行；营业厅现场缴费。",
        "预约平台有网站、APP和小程序。以“移民局”APP为例：1.下载“移民局”APP；2.注册登录后点击“预约办证”。",
        # registering in a service's own system
        "首次使用需注册，注册成功后方可登录系统填报。",
        "申请人须登录“XX市政务服务网”注册账号后方可在线申报。",
        # an app's own function after installing it
        "下载“国家反诈中心”APP，注册后即可开启来电预警功能。",
        # a count told as news, not a prize
        "网友留言“支持”获得了168个赞，成为昨日获点赞最多的评论。",
        # a guide for whoever launches a vote
        "在使用微信公众号投票系统之前，首先需要注册一个账号，以便发起投票活动。",
        # an inspection finding about some units
        "一是信息转载不及时。部分单位重要信息转载不及时，需要多次反复提醒才能完成转载任务。",
    ],
)
def test_one_route_among_others_or_a_service_procedure_stays_quiet(checker, text):
    assert not loud_rules(checker, text=text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("关注本公众号后回复“报名”即可参加活动。", "engagement/forced_download"),
        ("需先关注“XX图书馆”微信公众号，点击菜单即可办理读者证。", "engagement/forced_download"),
        # 或 joining two ways of following is no other route
        ("长按识别下方二维码，或关注“XX发布”公众号，在菜单点击“投票”即可参与投票。", "engagement/forced_download"),
        # likes ranking beside its prize or selection
        ("活动结束时，朋友圈集赞数量最多的用户获得家电大礼。", "engagement/forced_share"),
        ("主办方将根据投稿量、播放量、点赞量综合计算作者的排名，根据排名进行奖励。", "engagement/forced_share"),
    ],
)
def test_real_gates_and_likes_rankings_stay_errors(checker, text, rule):
    assert rule in loud_rules(checker, text=text)


def test_a_mirror_page_s_pinyin_does_not_hide_a_likes_ranking(checker):
    """Mirror pages print pinyin after characters (點(diǎn)贊): the condition is read without it and
    reported at the original offsets."""
    text = "具體評(píng)審規(guī)則為:在當(dāng)天點(diǎn)贊量最多的前10名中評(píng)選。"
    found = [f for f in findings(checker, text=text) if f.severity != "info"]
    assert found and all(text[f.start : f.end].startswith("點(diǎn)贊") for f in found)
