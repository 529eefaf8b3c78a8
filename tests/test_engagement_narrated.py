"""Engagement, fifth round (issue 20): a practice narrated is not the account's demand — fraud
retold, inquiry findings, a named party's practice — an option opens a chain of steps, and a
provincial government-service app is a statutory channel (info), while real gates stay errors."""

from __future__ import annotations

import pytest

from review_pipeline.checkers.base import CheckContext
from review_pipeline.checkers.engagement import EngagementChecker, EngagementOptions
from review_pipeline.models import Document


@pytest.fixture(scope="module")
def checker() -> EngagementChecker:
    return EngagementChecker(EngagementOptions())


def rules(checker: EngagementChecker, text: str) -> dict[str, str]:
    doc = Document(text=text)
    return {f.rule: f.severity for f in checker.check(doc, CheckContext(doc))}


@pytest.mark.parametrize(
    "text",
    [
        # an anti-fraud post retells the scammers' script
        "入群后，骗子让受害人完成关注公众号、为短视频点赞等任务，并发放小额佣金获取信任。",
        "第二步：群主要求受害人下载一款刷单APP，完成任务后才能提现。",
        # an inquiry's finding about a school
        "经查，该小学要求家长下载使用的手机APP均为上级部门推广的应用。",
        "我校本年度内不存在强制要求教师、家长安装各类APP的行为。",
        # a penalty decision narrates the offender's practice
        "当事人在店内张贴海报，规定消费者只有将广告转发朋友圈才能领取红包。",
        # an option opens a chain of steps
        "用户可以下载对应的APP，注册登录后，在“医保缴费”栏目中进行操作。",
    ],
)
def test_narrated_practice_and_chained_options_stay_quiet(checker, text):
    assert not {r for r, s in rules(checker, text).items() if s != "info"}


def test_a_provincial_government_service_app_is_a_statutory_channel(checker):
    found = rules(checker, "请下载“皖事通”APP，登录后即可办理社保卡申领业务。")
    assert found == {"engagement/statutory_app": "info"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("关注本公众号后回复“报名”，方可参加本次活动。", "engagement/forced_download"),
        # an option that governs no action does not open a chain: the gate still decides
        ("市民可到现场扫码，关注公众号后方可领取门票。", "engagement/forced_download"),
        # a step on its own line is not governed by an option word of an earlier step
        ("第一步：老人或者家属准备好身份证\n第二步：下载APP，选择高龄补贴申报", "engagement/forced_download"),
        # the account's own demand on its staff is no report
        ("各单位要组织干部职工全员关注本公众号，并于周五前报送关注人数。", "engagement/forced_download"),
    ],
)
def test_gates_and_demands_are_still_reported(checker, text, rule):
    assert rules(checker, text).get(rule) == "error"


@pytest.mark.parametrize(
    "text",
    [
        "观众须使用实名注册手机号码进行预约，每个账号每个参观日可至多预约5人。",
        "观众可在官网和微信公众号、小程序及官方APP预约，每日分三个时段入馆。",
    ],
)
def test_real_name_registration_and_a_website_beside_the_account_stay_quiet(checker, text):
    assert not {r for r, s in rules(checker, text).items() if s != "info"}


@pytest.mark.parametrize(
    "text",
    [
        # an organisation referred back to with 该 is a named party: the sentence is its practice
        "经查，该小吃店委托某科技公司制作红包，消费者只有将广告转发朋友圈才能领取红包。",
        "执法人员发现，该培训机构要求学员关注其公众号后才能预约课程。",
        # round 9: 某 points at a party other than the account (an account never calls itself 某)
        "有市民反映，某水果店的微信活动称，分享广告并让朋友点赞满50个就可以享受半价优惠。",
        "某县要求全体干部职工关注公众号，并将关注情况纳入考核。",
    ],
)
def test_a_party_referred_back_to_with_gai_narrates_its_practice(checker, text):
    assert not {r for r, s in rules(checker, text).items() if s != "info"}


@pytest.mark.parametrize(
    "text",
    [
        # the account's own demand: no determiner (该, 某) before the organisation noun, or a
        # clause between them (round 9: a sponsor written 某公司 became a party; an own notice
        # names its sponsor)
        "本次活动由本地一家公司赞助，转发朋友圈才能领取红包。",
        "该活动由多家商户参与，市民须转发本文至朋友圈才能领取消费券。",
    ],
)
def test_an_organisation_noun_without_gai_is_no_party(checker, text):
    assert rules(checker, text).get("engagement/forced_share") == "error"
