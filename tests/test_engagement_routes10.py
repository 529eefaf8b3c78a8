"""Engagement, tenth round (issue 20, the dev-12 new-host probe): a follow's route of several
navigation steps, a gate word over an option word, a channel joined as a follow, a ranking whose
basis is likes, an activity held on one app only, targets and fan-only draws; asked-whether
reports, invitations and statutory clients stay as they were."""

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


def found(checker: EngagementChecker, text: str) -> dict[str, str]:
    doc = Document(text=text)
    return {f.rule: f.severity for f in checker.check(doc, CheckContext(doc))}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # a route of navigation steps between the follow and the taking part
        (
            "群众可以扫描下方二维码关注微信公众号，进入“法治XX”公众号，在每期推送的普法消息中找到知识测试的文章，"
            "点击文末的“阅读全文”即可进入测试系统，参与答题后即有机会参与红包抽取。",
            "engagement/forced_download",
        ),
        # joining an account's channel is following it
        ("活动期间，加入“XX文旅”官方频道并完成指定任务，可获得抽奖资格。", "engagement/forced_download"),
        # a ranking whose basis is likes, the measure in quotation marks
        ("人气奖以作品发布后获得的“点赞+收藏”之和为人气排序依据。", "engagement/forced_share"),
        ("点赞数排名前十的作品将获得优秀奖。", "engagement/forced_share"),
        # an activity on one app only, its platform on a line of its own
        (
            "参与“创文随手拍”，一经采用即可获现金奖励。\n上线平台:“掌上XX”APP\n活动时间:即日起至12月31日",
            "engagement/forced_download",
        ),
        ("本次活动仅限“XX发布”粉丝参与。", "engagement/forced_download"),
        ("各学校要确保学生家长“XX”APP注册率达到95%以上。", "engagement/forced_download"),
        (
            "请全体教职工下载安装“学习强国”APP，各支部于周五前统计安装情况报党办。",
            "engagement/forced_download",
        ),
        # quotas set as tasks, screenshots sent to whoever checks, a follow's screenshot, a gift
        ("请各村于3月5日前完成不少于200人的关注任务。", "engagement/forced_download"),
        ("关注“XX发布”并置顶，截图发给网格员即视为完成。", "engagement/forced_download"),
        ("凭关注截图到现场领取奖品。", "engagement/forced_download"),
        ("首次下载APP并注册的用户可获赠10元话费。", "engagement/forced_download"),
        ("活动结束后，根据点赞数评选出一等奖1名。", "engagement/forced_share"),
    ],
)
def test_the_tenth_round_kinds_are_found(checker, text, rule):
    got = found(checker, text)
    assert rule in got and got[rule] != "info", got


@pytest.mark.parametrize(
    "text",
    [
        # asked whether it was done: a check told in a report
        "随后，支部成员上门宣传，落实是否下载且完成个人认证，并协助社区进行信息统计。",
        # an invitation: the option word stands and no gate ties the follow to a benefit
        "市民可以扫码关注“XX发布”公众号，进入公众号了解活动详情。",
        # information is no benefit, even at the end of a route
        "可关注“XX发布”微信公众号，进入菜单栏，点击“资讯”，即可获取更多活动信息。",
        # a team, not an account's channel
        "欢迎广大青年加入志愿服务队伍，参与社区治理。",
        # a rate told as reached
        "截至目前，全镇国家反诈中心APP注册率达到85%。",
    ],
)
def test_reports_and_invitations_stay_quiet(checker, text):
    got = found(checker, text)
    assert all(severity == "info" for severity in got.values()), got


def test_a_statutory_client_keeps_its_note_beside_a_complaints_service(checker):
    text = "企业和群众通过下载安装办事通，获取查询、预约、办理、缴费等办事服务和咨询投诉等应用服务。"
    assert found(checker, text) == {"engagement/statutory_app": "info"}


_STEPS = ["进入公众号", "点击菜单栏", "找到活动页面", "选择“活动”栏目", "打开文章"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_STEPS), min_size=1, max_size=3))
def test_a_route_never_runs_past_a_sentence_end(checker, steps):
    """However many navigation steps follow, a sentence end between the follow and the taking
    part breaks the route: the follow and the draw are two statements."""
    text = "市民关注“XX发布”微信公众号。" + "，".join(steps) + "，参与抽奖活动。"
    got = found(checker, text)
    assert "engagement/forced_download" not in got, got
