"""Engagement, round 12 (issue 20, the dev-14 new-host probe and the blind batch fresh-12): growth
acts counted in an appraisal, lists whose lead-in prohibits, the outcome of a vote that is no second
channel, and the frames and gated goods the brief names.

An appraisal is read as three parts (lexicons/engagement/appraisals.tsv): a metric (注册率, 下载注册
使用全覆盖, 参与度, 得2分, 点赞分) just after a growth act or a client in its sentence, a word saying
the text rates, ranks or rewards (评比, 考核, 排名, 通报), and no word telling a result (已, 累计).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checker_support import findings, loud_rules, module_checker

checker = module_checker("engagement")  # built as the default policy builds it


def alarms(checker: object, text: str) -> set[str]:
    return loud_rules(checker, text=text)


def sources(checker: object, text: str) -> list[str]:
    return [f.source or "" for f in findings(checker, text=text)]


@pytest.mark.parametrize(
    "text",
    [
        "先进学习组织评选条件:学习组织设置规范,实现党员下载注册使用全覆盖,人均日均分排名前五。",
        "各党支部“学习强国”学习参与度每月排名通报,每位党员每日积分不低于30分。",
        "评分标准:作品浏览量、评论数和点赞分三项相加,总分最高的前十名获奖。",
        "各村(社区)反诈APP注册率纳入年度考核,每周通报排名。",
    ],
)
def test_a_growth_act_counted_in_an_appraisal_is_forced(checker, text):
    assert alarms(checker, text) & {"engagement/forced_download", "engagement/forced_share"}


@pytest.mark.parametrize(
    "text",
    [
        # a result told, not demanded
        "目前,全系统党员干部注册使用“学习强国”已经实现全覆盖,并安排专人负责指导。",
        "截至6月底,全县反诈APP注册率达到92%,考核工作稳步推进。",
        # a rate told with nobody rated
        "据统计,该款APP的安装率在老年群体中偏低。",
        # a prohibition listed under its lead-in
        "主办单位不得出现以下情况:(一)强制推广下载使用政务应用程序,考核通报用户安装使用率;",
        "《办法》要求,主办单位不得出现五类情况:\n(三)考核通报用户安装使用率,强制要求定期登录;",
    ],
)
def test_results_told_rates_unrated_and_prohibited_lists_stay_quiet(checker, text):
    assert not any("appraisals.tsv" in source for source in sources(checker, text))


def test_an_unrelated_negator_before_a_rule_list_does_not_hide_the_rule(checker):
    text = "为杜绝刷票现象,本次活动规则如下:转发本文集满38个赞即可领取纪念品。"
    assert "engagement/forced_share" in alarms(checker, text)


def test_the_result_of_an_online_vote_is_no_second_channel(checker):
    text = (
        "投票很简单!您只要关注本报官方微信,在推送的文章中进入投票界面,就可为心仪的作品投票。"
        "根据网络投票情况和专家评审意见,最终评选出年度十佳作品。"
    )
    assert "engagement/forced_download" in alarms(checker, text)


def test_an_online_vote_as_another_channel_still_lifts_the_condition(checker):
    text = "关注本报官方微信即可参与投票,也可通过网络投票专题页面直接投票。"
    assert "engagement/forced_download" not in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "活动期间,须先关注“XX发布”公众号才可领取红包。",
        "关注“XX发布”公众号后回复关键词,方为有效报名资格。",
        "只有关注本公众号的读者才有机会获得纪念门票。",
    ],
)
def test_frames_and_gated_goods_of_the_brief(checker, text):
    assert "engagement/forced_download" in alarms(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "欢迎关注“XX发布”公众号,了解更多惠民红包发放信息。",
        "可关注“XX发布”公众号,获取最新活动资讯和福利详情。",
    ],
)
def test_invitations_with_goods_named_stay_quiet(checker, text):
    assert not alarms(checker, text)


@settings(max_examples=40, deadline=None)
@given(
    metric=st.sampled_from(["注册率", "全覆盖", "参与度", "下载率"]),
    told=st.sampled_from(["已", "累计", "截至目前"]),
)
def test_a_metric_told_as_a_result_is_never_an_appraisal(checker, metric, told):
    """Whatever the metric, a sentence telling a result (已, 累计) before it is a report."""
    text = f"全镇党员干部下载“学习强国”{told}{metric}情况良好,考核评比工作有序开展。"
    assert not any("appraisals.tsv" in source for source in sources(checker, text))
